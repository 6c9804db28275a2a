package io.trimtab.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    private static final Duration MAX = Duration.ofMinutes(10);

    @Test
    void parsesEveryUnit() {
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms", Duration.ZERO, MAX));
        assertEquals(Duration.ofSeconds(10), Durations.parse("10s", Duration.ZERO, MAX));
        assertEquals(Duration.ofMinutes(10), Durations.parse("10M", Duration.ZERO, MAX));
        assertEquals(Duration.ZERO, Durations.parse("0ms", Duration.ZERO, MAX));
        assertEquals(Duration.ofDays(2), Durations.parse("2d", Duration.ZERO, Duration.ofDays(2)));
        assertEquals(Duration.ofHours(1), Durations.parse("1h", Duration.ZERO, Duration.ofDays(2)));
    }

    @Test
    void refusesWhatIsNoDurationOrOutOfRange() {
        assertEquals("must be between 0ms and 10m but was 11m",
                assertThrows(IllegalArgumentException.class, () -> Durations.parse("11m", Duration.ZERO, MAX)).getMessage());
        for (String bad : new String[] {"-1s", "1.5s", "10", "s", "10 sec", "99999999999999s"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Durations.parse(bad, Duration.ZERO, MAX), bad);
            assertEquals("must be a whole number followed by ms, s, m, h or d (such as 250ms, 10s, 5m or 1h) but was '"
                    + bad + "'", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(null, Duration.ZERO, MAX));
    }

    @Test
    void formatsInTheLargestWholeUnit() {
        assertEquals("0ms", Durations.format(Duration.ZERO));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("2h", Durations.format(Duration.ofMinutes(120)));
        assertEquals("1d", Durations.format(Duration.ofHours(24)));
    }
}
