package io.trimtab.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobScheduleTest {

    @ParameterizedTest
    @CsvSource({"250ms, 250ms, 250", "10s, 10s, 10000", "5m, 5m, 300000", "1h, 1h, 3600000", "60s, 1m, 60000",
            "1000ms, 1s, 1000", "' 2D ', 2d, 172800000", "100ms, 100ms, 100", "365d, 365d, 31536000000"})
    void intervalsParseToTheirCanonicalText(String text, String canonical, long millis) {
        JobSchedule schedule = JobSchedule.parse(text);
        assertEquals(canonical, schedule.toString());
        assertEquals(Optional.of(Duration.ofMillis(millis)), schedule.interval());
        assertEquals(Optional.empty(), schedule.cronExpression());
        assertEquals(schedule, JobSchedule.parse(schedule.toString()));
    }

    @Test
    void cronWithOrWithoutPrefix() {
        JobSchedule prefixed = JobSchedule.parse("cron:0 0 3 * * ?");
        JobSchedule bare = JobSchedule.parse("  0  0 3 * * ? ");
        assertEquals("cron:0 0 3 * * ?", prefixed.toString());
        assertEquals(prefixed, bare);
        assertEquals(prefixed.hashCode(), bare.hashCode());
        assertEquals(Optional.of("0 0 3 * * ?"), prefixed.cronExpression());
        assertEquals(Optional.empty(), prefixed.interval());
        assertNotEquals(prefixed, JobSchedule.parse("1h"));
    }

    @Test
    void intervalsOutsideTheLimitsNameValueAndLimits() {
        assertEquals("schedule interval must be between 100ms and 365d but was 50ms",
                assertThrows(IllegalArgumentException.class, () -> JobSchedule.parse("50ms")).getMessage());
        assertEquals("schedule interval must be between 100ms and 365d but was 366d",
                assertThrows(IllegalArgumentException.class, () -> JobSchedule.parse("366d")).getMessage());
        assertEquals("schedule interval must be between 100ms and 365d but was 99ms",
                assertThrows(IllegalArgumentException.class, () -> JobSchedule.every(Duration.ofMillis(99))).getMessage());
        assertEquals("schedule interval must be between 100ms and 365d but was 0s",
                assertThrows(IllegalArgumentException.class, () -> JobSchedule.parse("0s")).getMessage());
    }

    @Test
    void malformedSchedulesNameTheValue() {
        assertEquals("schedule interval must be a whole number followed by ms, s, m, h or d (such as 250ms, 10s, 5m"
                        + " or 1h) but was '10x'",
                assertThrows(IllegalArgumentException.class, () -> JobSchedule.parse("10x")).getMessage());
        assertEquals("schedule must be a cron expression such as 'cron:0 0 3 * * ?' or an interval such as 250ms, 10s,"
                        + " 5m or 1h but was 'often'",
                assertThrows(IllegalArgumentException.class, () -> JobSchedule.parse("often")).getMessage());
        assertEquals("schedule must be a cron expression such as 'cron:0 0 3 * * ?' or an interval such as 250ms, 10s,"
                        + " 5m or 1h but was ' '",
                assertThrows(IllegalArgumentException.class, () -> JobSchedule.parse(" ")).getMessage());
        String cron = assertThrows(IllegalArgumentException.class, () -> JobSchedule.parse("cron:0 0 25 * * ?")).getMessage();
        assertEquals(true, cron.startsWith("schedule 'cron:0 0 25 * * ?' is not a valid Quartz cron expression"), cron);
        String fields = assertThrows(IllegalArgumentException.class, () -> JobSchedule.parse("not a cron")).getMessage();
        assertEquals(true, fields.startsWith("schedule 'cron:not a cron' is not a valid Quartz cron expression"), fields);
    }

    @Test
    void aCronThatNeverFiresAgainIsRefused() {
        assertEquals("schedule 'cron:0 0 0 1 1 ? 2001' never fires again",
                assertThrows(IllegalArgumentException.class, () -> JobSchedule.parse("cron:0 0 0 1 1 ? 2001")).getMessage());
    }
}
