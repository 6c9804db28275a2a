package io.trimtab.mbeans.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule's whole life on the built-in templates: episodes that end and start again, alerts that go with their rule,
 * verifications that end, relief that stays, and changes judged against what would have happened without them.
 */
class RuleLifeTest {

    @TempDir
    Path dataDir;

    @Test
    void aRuleAboveZeroClearsAfterSamplesAtZeroAndItsSecondEpisodeIsJournaled() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c.withMode(RuleMode.RECOMMEND))) {
            Settable waiters = new Settable(3);
            harness.signals().publish(new Signal("pool.main.waiters", "count", waiters));
            harness.signals().publish(Settable.knob("pool.main.maxTotal", new Settable(8), 1, 64));

            harness.steps(3);
            waiters.set(0);
            harness.steps(3);
            waiters.set(3);
            harness.steps(12); // the rule's cooldown of a minute runs from its last firing

            List<JournalEntry> episodes = harness.journal("episode").stream()
                    .filter(e -> e.rule().equals("pool.starved.waiters")).toList();
            assertEquals(List.of("started", "ended", "started"), episodes.stream().map(JournalEntry::outcome).toList());
            assertEquals(2, harness.journal("recommended").stream().filter(e -> e.rule().equals("pool.starved.waiters")).count(),
                    harness.journal().toString());
            assertEquals(2, harness.optimizer.rule("pool.starved.waiters").orElseThrow().getEpisodes());
        }
    }

    @Test
    void turningARuleOrTheOptimizerOffClearsItsAlertsAndWhatTheyHoldBack() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            harness.signals().publish(new Signal("jvm.cpu.process", "ratio", () -> 0.95));
            harness.steps(3);
            assertTrue(harness.optimizer.maintenanceShouldWait());

            harness.optimizer.updateRule("jvm.cpuProcessHigh", b -> b.mode(RuleMode.OFF));
            harness.step();
            assertFalse(harness.optimizer.maintenanceShouldWait());
            assertEquals(List.of(), harness.optimizer.alerts());
            assertEquals("rule off", harness.journal("cleared").get(0).signals());

            harness.optimizer.updateRule("jvm.cpuProcessHigh", b -> b.mode(RuleMode.AUTO));
            harness.steps(3);
            assertTrue(harness.optimizer.maintenanceShouldWait());
            harness.optimizer.mode(RuleMode.OFF);
            harness.step();
            assertFalse(harness.optimizer.maintenanceShouldWait());
            List<JournalEntry> cleared = harness.journal("cleared");
            assertEquals("optimizer off", cleared.get(cleared.size() - 1).signals());
        }
    }

    @Test
    void aVerificationThatGetsNoSamplesEndsAtItsDeadlineAndTheChangeGoesBack() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c.withVerifyDeadlineMillis(60_000))) {
            Settable size = new Settable(100);
            Settable hitRatio = new Settable(0.5);
            harness.signals().publish(new Signal("cache.users.hitRatio", "ratio", hitRatio));
            harness.signals().publish(new Signal("cache.users.evictions", "count", () -> 50));
            harness.signals().publish(Settable.knob("cache.users.maxEntries", size, 10, 1000));
            harness.optimizer.updateRule("cache.undersized", b -> b.cooldownMillis(0));

            harness.steps(4);
            assertEquals(150, size.getAsDouble());
            hitRatio.set(Double.NaN); // the gets stop: no more samples
            harness.steps(12);

            assertEquals(100, size.getAsDouble());
            JournalEntry rollback = harness.journal("rolledBack").get(0);
            assertEquals("not proven: inconclusive, deadline passed with 0 sample(s)", rollback.outcome());
        }
    }

    @Test
    void heapReliefIsNotUndoneAndNothingGrowsWhileThePressureLasts() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            Settable heap = new Settable(0.9);
            Settable size = new Settable(1000);
            harness.signals().publish(new Signal("jvm.heap.usedAfterGcRatio", "ratio", heap));
            harness.signals().publish(new Signal("cache.users.hitRatio", "ratio", () -> size.getAsDouble() / 1000 * 0.8));
            harness.signals().publish(new Signal("cache.users.evictions", "count", () -> 50));
            harness.signals().publish(Knob.builder("cache.users.maxEntries").bounds(10, 2000).integral()
                    .tag(Knob.SHRINKABLE).reader(size).setter(size::set).build());
            harness.optimizer.updateRule("cache.undersized", b -> b.cooldownMillis(0));

            harness.steps(12);

            assertEquals(750, size.getAsDouble(), "shrunk once (cooldown 1 min) and never grown back: " + harness.journal());
            JournalEntry kept = harness.journal("verified").stream()
                    .filter(e -> e.rule().equals("jvm.heapPressure.shrinkCaches")).findFirst().orElseThrow();
            assertTrue(kept.outcome().endsWith("relief is not undone while the pressure lasts"), kept.outcome());
            assertTrue(harness.journal("recommended").stream().anyMatch(e -> e.rule().equals("cache.undersized")
                    && e.outcome().equals("heap relief in force: nothing grows while the pressure lasts")), harness.journal().toString());
            assertEquals(List.of(), harness.journal("rolledBack"));
        }
    }

    @Test
    void aGrowthDuringWarmUpIsNotCreditedWithTheRiseThatWasComingAnyway() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            Random random = new Random(7);
            int[] sample = {0};
            Settable size = new Settable(100);
            // the hit ratio climbs 2 points a sample while the cache warms up, whatever its size
            harness.signals().publish(new Signal("cache.users.hitRatio", "ratio",
                    () -> 0.30 + 0.02 * sample[0]++ + random.nextGaussian() * 0.003));
            harness.signals().publish(new Signal("cache.users.evictions", "count", () -> 50));
            harness.signals().publish(Settable.knob("cache.users.maxEntries", size, 10, 1000));

            harness.steps(12);

            JournalEntry rollback = harness.journal("rolledBack").get(0);
            assertEquals("cache.users.maxEntries", rollback.target());
            assertTrue(rollback.signals().contains("(line and step over "), rollback.signals());
            assertEquals(List.of(), harness.journal("verified"), "the raw before mean would have called it improved");
        }
    }

    @Test
    void aGrowthThatRaisesTheHitRatioBeyondItsTrendIsImproved() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            Random random = new Random(8);
            Settable size = new Settable(100);
            harness.signals().publish(new Signal("cache.users.hitRatio", "ratio",
                    () -> Math.min(0.95, size.getAsDouble() / 400) + random.nextGaussian() * 0.01));
            harness.signals().publish(new Signal("cache.users.evictions", "count", () -> 50));
            harness.signals().publish(Settable.knob("cache.users.maxEntries", size, 10, 1000));

            harness.steps(8);

            JournalEntry verified = harness.journal("verified").get(0);
            assertEquals("improved", verified.outcome(), verified.signals());
            assertTrue(verified.signals().startsWith("cache.users.hitRatio 0.38"), verified.signals());
        }
    }
}
