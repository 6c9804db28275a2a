package io.trimtab.mbeans.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.JMX;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every bad value is refused with a message naming it and its limit, and changes nothing. */
class BadInputTest {

    @TempDir
    Path dataDir;

    private static void refused(String message, Executable executable) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }

    @Test
    void ruleSettingsOverJmx() throws Exception {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            RuleMXBean rule = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                    new ObjectName(harness.domain + ":type=Rule,name=jvm.heapPressure"), RuleMXBean.class);
            RuleSpec before = harness.optimizer.rules().stream().filter(r -> r.name().equals("jvm.heapPressure")).findFirst().orElseThrow();

            refused("mode must be one of [off, recommend, auto] but was 'sometimes'", () -> rule.setMode("sometimes"));
            refused("threshold must be between 0 and 1 but was -0.5", () -> rule.setThreshold(-0.5));
            refused("threshold must be between 0 and 1 but was 1.5", () -> rule.setThreshold(1.5));
            refused("clearThreshold must be at or below threshold 0.85 (the rule fires above it) but was 0.9",
                    () -> rule.setClearThreshold(0.9));
            refused("clearThreshold must be at or below threshold 0.6 (the rule fires above it) but was 0.75",
                    () -> rule.setThreshold(0.6));
            refused("cooldownMillis must be at least 0 but was -5", () -> rule.setCooldownMillis(-5));
            refused("bounds: minValue must not be above maxValue but minValue was 10 and maxValue 5", () -> rule.setBounds(10, 5));
            refused("sustain must be at least 1 sample but was 0", () -> rule.setSustain(0));
            refused("minSamples must be at least 3 (the sustain) but was 2", () -> rule.setMinSamples(2));

            RuleSpec after = harness.optimizer.rules().stream().filter(r -> r.name().equals("jvm.heapPressure")).findFirst().orElseThrow();
            assertEquals(before, after);
            assertEquals("auto", rule.getMode());

            rule.setThresholds(0.9, 0.8);
            assertEquals(0.9, rule.getThreshold());
            assertEquals(0.8, rule.getClearThreshold());
        }
    }

    @Test
    void belowRulesWantTheirClearThresholdAbove() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            RuleMXBean rule = harness.optimizer.rule("cache.undersized").orElseThrow();
            refused("clearThreshold must be at or above threshold 0.9 (the rule fires below it) but was 0.5",
                    () -> rule.setClearThreshold(0.5));
            assertEquals(0.95, rule.getClearThreshold());
        }
    }

    @Test
    void optimizerModeKnobsAndJournalOverJmx() throws Exception {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, false, c -> c)) {
            OptimizerMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                    new ObjectName(harness.domain + ":type=Optimizer,name=opt"), OptimizerMXBean.class);
            Settable size = new Settable(10);
            harness.signals().publish(Settable.knob("res.a.size", size, 1, 100));

            refused("mode must be one of [off, recommend, auto] but was 'fast'", () -> bean.setMode("fast"));
            assertEquals("auto", bean.getMode());
            refused("n must be between 1 and 1000 but was 0", () -> bean.journal(0));
            refused("knob 'res.b.size' is not published", () -> bean.setKnob("res.b.size", 5));
            refused("res.a.size must be between 1 and 100 but was 500", () -> bean.setKnob("res.a.size", 500));
            assertEquals(10, size.getAsDouble());
            assertFalse(harness.signals().knob("res.a.size").orElseThrow().isPinned());

            assertEquals(20.0, bean.setKnob("res.a.size", 20));
            bean.setMode("OFF");
            assertEquals("off", bean.getMode());
        }
    }

    @Test
    void specsAndModelNamesAreChecked() {
        refused("rule name 'bad name' is not legal: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
                () -> RuleSpec.builder("bad name").above("x.y.z", 1, 0).build());
        refused("signal name 'heap' is not legal: use <kind>.<resource>.<figure>, dot-separated words of letters, digits, '_' or '-'",
                () -> new Signal("heap", "ratio", () -> 0));
        refused("res.a.size bounds: min must not be above max but min was 5 and max 1",
                () -> Knob.builder("res.a.size").bounds(5, 1));
        refused("minSamples must be at least 3 for a trend but was 2",
                () -> RuleSpec.builder("trend").rising("x.y.z", 0.9, 0.5).sustain(1).minSamples(2).build());
        refused("shrink factor must be between 0 and 1 (exclusive) but was 1.5", () -> RuleAction.shrinkLargest("t", 1.5));
        refused("memoryBudgetFraction must be between 0 and 0.9 but was 1.2",
                () -> OptimizerConfig.defaults().withMemoryBudget(1.2, 1000));
    }

    @Test
    void aRuleNameIsTakenOnce() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            RuleSpec duplicate = RuleSpec.builder("cache.undersized").above("x.y.z", 1, 0).build();
            assertEquals("a rule named cache.undersized is already added",
                    assertThrows(IllegalStateException.class, () -> harness.optimizer.addRule(duplicate)).getMessage());
        }
    }
}
