package io.trimtab.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.TrimtabBuilder;
import io.trimtab.mbeans.optimizer.JournalEntry;
import io.trimtab.mbeans.optimizer.RuleMode;
import io.trimtab.mbeans.optimizer.RuleSpec;
import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.testing.JolokiaHttp;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optimizer inside a running Trimtab: configuration, MBeans over Jolokia, the journal across restarts. */
class OptimizerRuntimeTest {

    @TempDir
    Path dataDir;

    private TrimtabBuilder builder(String name) {
        return Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dataDir).jolokiaPort(0);
    }

    private static int status(Map<String, Object> answer) {
        return ((Number) answer.get("status")).intValue();
    }

    @Test
    void theOptimizerStartsInRecommendModeAndAnswersOverJolokia() {
        try (Trimtab trimtab = builder("opt").start()) {
            String mbean = "test.opt:type=Optimizer,name=opt";
            JolokiaHttp jolokia = new JolokiaHttp(trimtab.jolokiaUrl().orElseThrow());
            assertEquals(RuleMode.RECOMMEND, trimtab.optimizer().mode());
            assertEquals("recommend", jolokia.read(mbean, "Mode"));

            Map<String, Object> sampled = jolokia.post("{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"sample\"}");
            assertTrue(((Number) sampled.get("value")).intValue() >= 5, sampled.toString());
            Map<String, Object> cycle = jolokia.post("{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"runCycle\"}");
            assertEquals(200, status(cycle), cycle.toString());
            assertEquals(1L, ((Number) jolokia.read(mbean, "Cycles")).longValue());
            int health = ((Number) jolokia.read(mbean, "HealthScore")).intValue();
            assertTrue(health >= 0 && health <= 100);
            assertTrue(((String) jolokia.read("test.opt:type=Rule,name=cache.undersized", "Signal")).equals("cache.*.hitRatio"));

            Map<String, Object> badMode = jolokia.post("{\"type\":\"write\",\"mbean\":\"" + mbean
                    + "\",\"attribute\":\"Mode\",\"value\":\"sometimes\"}");
            assertTrue(status(badMode) >= 400, badMode.toString());
            assertTrue(String.valueOf(badMode.get("error")).contains("mode must be one of [off, recommend, auto] but was 'sometimes'"),
                    badMode.toString());
            Map<String, Object> badThreshold = jolokia.post("{\"type\":\"write\",\"mbean\":\"test.opt:type=Rule,name=jvm.heapPressure\","
                    + "\"attribute\":\"Threshold\",\"value\":1.5}");
            assertTrue(status(badThreshold) >= 400, badThreshold.toString());
            assertEquals(0.85, ((Number) jolokia.read("test.opt:type=Rule,name=jvm.heapPressure", "Threshold")).doubleValue());
            assertEquals("recommend", jolokia.read(mbean, "Mode"));
        }
    }

    @Test
    void theJournalSurvivesARestartOfTheRuntime() throws Exception {
        try (Trimtab trimtab = builder("journal").start()) {
            trimtab.optimizer().signals().publish(new Signal("app.orders.backlog", "count", () -> 500));
            trimtab.optimizer().addRule(RuleSpec.builder("app.backlog").above("app.orders.backlog", 100, 50).sustain(1).build());
            trimtab.optimizer().sample();
            trimtab.optimizer().runCycle();
            assertEquals("app.backlog", trimtab.optimizer().journal(1).get(0).rule());
        }
        assertTrue(Files.exists(dataDir.resolve("trimtab-journal.db")));

        try (Trimtab reopened = builder("journal").start()) {
            List<JournalEntry> entries = reopened.optimizer().journal(10);
            assertEquals(1, entries.size());
            assertEquals("alert", entries.get(0).kind());
            assertEquals("app.orders.backlog", entries.get(0).target());
            JolokiaHttp jolokia = new JolokiaHttp(reopened.jolokiaUrl().orElseThrow());
            Map<String, Object> answer = jolokia.post("{\"type\":\"exec\",\"mbean\":\"test.journal:type=Optimizer,name=journal\","
                    + "\"operation\":\"journal\",\"arguments\":[5]}");
            assertTrue(answer.toString().contains("app.orders.backlog"), answer.toString());
        }
        assertTrue(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("test.journal:*"), null).isEmpty());
    }

    @Test
    void optimizerSettingsComeFromTheConfigFileAndBadOnesFailTheStart() throws Exception {
        Path file = dataDir.resolve("trimtab.properties");
        Files.writeString(file, "optimizer.mode=auto\noptimizer.memoryBudgetFraction=0.25\n");
        try (Trimtab trimtab = builder("optconf").config(file).start()) {
            assertEquals(RuleMode.AUTO, trimtab.optimizer().mode());
            assertEquals(0.25, trimtab.optimizer().config().memoryBudgetFraction());
        }
        Files.writeString(file, "optimizer.mode=sometimes\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder("optbad").config(file).start());
        assertEquals("config optimizer.mode=sometimes (from config file " + file + ") must be off, recommend or auto", e.getMessage());
    }
}
