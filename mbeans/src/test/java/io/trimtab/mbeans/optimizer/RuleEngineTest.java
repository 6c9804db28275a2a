package io.trimtab.mbeans.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Firing, hysteresis, sustain, minimum samples, cooldown, one change per resource, budget, rollback. */
class RuleEngineTest {

    @TempDir
    Path dataDir;

    /** A resource whose load falls as its size grows: load = max(0, demand - size). */
    private static Settable resource(OptimizerHarness harness, String name, double demand, double size, long bytesPerUnit) {
        Settable field = new Settable(size);
        harness.signals().publish(new Signal("res." + name + ".load", "count", () -> Math.max(0, demand - field.getAsDouble())));
        harness.signals().publish(Knob.builder("res." + name + ".size").bounds(1, 1000).integral().bytesPerUnit(bytesPerUnit)
                .reader(field).setter(field::set).build());
        return field;
    }

    private static RuleSpec.Builder grow(String name) {
        return RuleSpec.builder(name).above("res.*.load", 10, 5).sustain(1).action(RuleAction.add("res.*.size", 10))
                .cooldownMillis(0);
    }

    private static RuleSpec alertAbove(String signal, double threshold, double clear) {
        return RuleSpec.builder("watch").above(signal, threshold, clear).sustain(1).build();
    }

    @Test
    void hysteresisRaisesOneAlertUntilTheClearThresholdIsPassed() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, false, c -> c)) {
            Settable value = new Settable(0);
            harness.signals().publish(new Signal("x.y.ratio", "ratio", value));
            harness.optimizer.addRule(alertAbove("x.y.ratio", 0.85, 0.75));

            for (double v : new double[] {0.9, 0.8, 0.86, 0.8, 0.86}) {
                value.set(v);
                harness.step();
            }
            assertEquals(1, harness.journal("alert").size());
            assertEquals(1, harness.optimizer.alerts().size());

            value.set(0.7);
            harness.step();
            assertEquals(1, harness.journal("cleared").size());
            assertEquals(List.of(), harness.optimizer.alerts());

            value.set(0.9);
            harness.step();
            assertEquals(2, harness.journal("alert").size());
        }
    }

    @Test
    void aRemovedResourceTakesItsAlertsAndStateAlong() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, false, c -> c)) {
            harness.signals().publish(new Signal("res.a.load", "count", () -> 50));
            harness.optimizer.addRule(RuleSpec.builder("watch").above("res.*.load", 10, 5).sustain(1).build());
            harness.step();
            assertEquals("res.a.load", harness.optimizer.alerts().get(0).target());

            harness.signals().removeResource("res.a");
            harness.step();

            assertEquals(List.of(), harness.optimizer.alerts());
            JournalEntry cleared = harness.journal("cleared").get(0);
            assertEquals("res.a.load", cleared.target());
            assertEquals("resource removed", cleared.signals());
            assertTrue(harness.signals().window("res.a.load").isEmpty());
        }
    }

    @Test
    void aConditionMustBeSustainedAndHaveEnoughSamples() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, false, c -> c)) {
            Settable value = new Settable(20);
            harness.signals().publish(new Signal("x.y.v", "count", value));
            harness.optimizer.addRule(RuleSpec.builder("watch").above("x.y.v", 10, 5).sustain(3).minSamples(5).build());

            harness.steps(4);
            assertEquals(0, harness.journal("alert").size(), "fewer than minSamples");
            harness.step();
            assertEquals(1, harness.journal("alert").size());

            value.set(0);
            harness.step();
            value.set(20);
            harness.steps(2);
            assertEquals(1, harness.journal("alert").size(), "two in a row do not make three");
            harness.step();
            assertEquals(2, harness.journal("alert").size());
        }
    }

    @Test
    void cooldownSpacesFiringsForOneResource() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, false, c -> c)) {
            Settable size = resource(harness, "a", 200, 10, 0);
            harness.optimizer.addRule(grow("grow").cooldownMillis(Duration.ofMinutes(1).toMillis()).build());

            harness.steps(4); // a change waits for 4 samples to be judged against
            assertEquals(20, size.getAsDouble());
            harness.steps(11);
            assertEquals(20, size.getAsDouble());
            harness.step();
            assertEquals(30, size.getAsDouble());
            assertEquals(2, harness.journal("applied").size());
        }
    }

    @Test
    void oneChangePerResourcePerCycleGoesToTheHighestPriority() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, false, c -> c)) {
            Settable size = resource(harness, "a", 200, 10, 0);
            harness.optimizer.addRule(grow("low").priority(1).build());
            harness.optimizer.addRule(grow("high").priority(9).action(RuleAction.add("res.*.size", 100)).build());

            harness.steps(4);

            assertEquals(110, size.getAsDouble());
            List<JournalEntry> applied = harness.journal("applied");
            assertEquals(1, applied.size());
            assertEquals("high", applied.get(0).rule());
        }
    }

    @Test
    void minimumHoldTimeSpacesChangesToOneResourceAcrossRules() {
        long hold = Duration.ofMinutes(2).toMillis();
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, false, c -> c.withMinHoldMillis(hold))) {
            Settable size = resource(harness, "a", 200, 10, 0);
            harness.optimizer.addRule(grow("grow").build());

            harness.steps(27); // first change at the fourth sample, the next 2 minutes later
            assertEquals(20, size.getAsDouble());
            harness.step();
            assertEquals(30, size.getAsDouble());
        }
    }

    @Test
    void growthStopsAtTheSharedMemoryBudget() {
        // 100 KiB budget, 1 KiB per unit: 100 units of growth for all resources together.
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, false, c -> c.withMemoryBudget(0.1, 1_024_000))) {
            Settable a = resource(harness, "a", 200, 10, 1024);
            Settable b = resource(harness, "b", 200, 10, 1024);
            harness.optimizer.addRule(grow("grow").action(RuleAction.add("res.*.size", 30)).build());

            harness.steps(30);

            assertEquals(100, a.getAsDouble() - 10 + b.getAsDouble() - 10, harness.journal().toString());
            assertEquals(102_400, harness.optimizer.memoryBudgetUsedBytes());
            assertTrue(harness.journal("recommended").stream().anyMatch(e -> e.outcome().startsWith("over budget")),
                    harness.journal().toString());
        }
    }

    @Test
    void aChangeThatDidNotHelpIsRolledBack() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, false, c -> c)) {
            Settable size = new Settable(10);
            harness.signals().publish(new Signal("res.a.load", "count", () -> 50));
            harness.signals().publish(Settable.knob("res.a.size", size, 1, 100));
            harness.optimizer.addRule(grow("grow").build());

            harness.steps(4);
            assertEquals(20, size.getAsDouble());
            harness.steps(3);

            assertEquals(10, size.getAsDouble());
            JournalEntry rollback = harness.journal("rolledBack").get(0);
            assertEquals("res.a.size", rollback.target());
            assertEquals(20.0, rollback.before());
            assertEquals(10.0, rollback.after());
            assertEquals("no effect", rollback.outcome());
            assertTrue(rollback.signals().startsWith("res.a.load 50 vs 50 without the change (line and step over 4 + 3 samples): effect +0"),
                    rollback.signals());
            assertTrue(harness.optimizer.rule("grow").orElseThrow().getLastOutcome().startsWith("rolled back"));
        }
    }

    @Test
    void aRuleWhoseActionThrowsIsJournaledAsFailedAndTheCycleGoesOn() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, false, c -> c)) {
            harness.signals().publish(new Signal("res.a.load", "count", () -> 50));
            harness.signals().publish(Knob.builder("res.a.size").bounds(1, 100).reader(() -> 10)
                    .setter(v -> { throw new IllegalStateException("resource closed"); }).build());
            Settable b = resource(harness, "b", 200, 10, 0);
            harness.optimizer.addRule(grow("grow").build());

            harness.steps(4);

            JournalEntry failed = harness.journal("failed").get(0);
            assertEquals("res.a.size", failed.target());
            assertEquals("java.lang.IllegalStateException: resource closed", failed.outcome());
            assertEquals(20, b.getAsDouble());
        }
    }
}
