package io.trimtab.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.testing.JolokiaHttp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's view: a user's job found, read and steered over real HTTP to the runtime's Jolokia agent. */
class JobsOverJolokiaTest {

    private static final String MBEAN = "test.jhttp:type=Job,name=report";

    @TempDir
    Path dataDir;

    @Test
    void aUserJobIsReadAndOperatedOverJolokia() throws Exception {
        try (Trimtab trimtab = Trimtab.builder().name("jhttp").jmxDomain("test.jhttp").dataDir(dataDir).jolokiaPort(0).start()) {
            AtomicInteger runs = new AtomicInteger();
            trimtab.jobs().register("report", JobSchedule.parse("1h"), context -> runs.incrementAndGet());
            JolokiaHttp jolokia = new JolokiaHttp(trimtab.jolokiaUrl().orElseThrow());

            assertTrue(((List<?>) jolokia.get("search/test.jhttp:type=Job,*").get("value")).contains(MBEAN));
            assertEquals("1h", jolokia.read(MBEAN, "Schedule"));
            assertEquals(200, status(exec(jolokia, "triggerNow")));
            JobsTest.await(() -> ((Number) jolokia.read(MBEAN, "Runs")).longValue() == 1, "Runs reads 1");
            assertEquals(1, runs.get());
            assertEquals(0L, ((Number) jolokia.read(MBEAN, "Failures")).longValue());
            assertTrue(!((String) jolokia.read(MBEAN, "LastRunTime")).isEmpty());

            Map<String, Object> refused = exec(jolokia, "reschedule", "\"cron:0 0 25 * * ?\"");
            assertTrue(status(refused) >= 400, refused.toString());
            assertTrue(String.valueOf(refused.get("error")).contains("schedule 'cron:0 0 25 * * ?' is not a valid Quartz cron"),
                    refused.toString());
            Map<String, Object> tooShort = exec(jolokia, "reschedule", "\"10ms\"");
            assertTrue(status(tooShort) >= 400, tooShort.toString());
            assertTrue(String.valueOf(tooShort.get("error")).contains("must be between 100ms and 365d but was 10ms"),
                    tooShort.toString());
            assertEquals("1h", jolokia.read(MBEAN, "Schedule"));

            assertEquals(200, status(exec(jolokia, "pause")));
            assertEquals(true, jolokia.read(MBEAN, "Paused"));
            assertEquals(200, status(exec(jolokia, "reschedule", "\"5m\"")));
            assertEquals("5m", jolokia.read(MBEAN, "Schedule"));
            assertEquals(true, jolokia.read(MBEAN, "Paused"));
            assertEquals("", jolokia.read(MBEAN, "NextFireTime"));
            assertEquals(200, status(exec(jolokia, "resume")));
            assertEquals(false, jolokia.read(MBEAN, "Paused"));
            assertTrue(!((String) jolokia.read(MBEAN, "NextFireTime")).isEmpty());
        }
    }

    private static Map<String, Object> exec(JolokiaHttp jolokia, String operation, String... jsonArguments) {
        return jolokia.post("{\"type\":\"exec\",\"mbean\":\"" + MBEAN + "\",\"operation\":\"" + operation
                + "\",\"arguments\":[" + String.join(",", jsonArguments) + "]}");
    }

    private static int status(Map<String, Object> answer) {
        return ((Number) answer.get("status")).intValue();
    }
}
