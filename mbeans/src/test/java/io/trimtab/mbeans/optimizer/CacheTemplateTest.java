package io.trimtab.mbeans.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache templates bound to a small LRU cache publishing the documented signal and knob names. */
class CacheTemplateTest {

    @TempDir
    Path dataDir;

    private static double run(OptimizerHarness harness, LruCacheModel cache, int steps) {
        for (int i = 0; i < steps; i++) {
            cache.serve(4000);
            harness.step();
        }
        return harness.signals().window("cache.users.hitRatio").orElseThrow().meanOfLast(3);
    }

    @Test
    void anUndersizedCacheGrowsAndItsHitRatioRises() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            LruCacheModel cache = new LruCacheModel("users", 100, 400);
            cache.publish(harness.signals(), 10, 1000, 100);
            harness.optimizer.updateRule("cache.undersized", b -> b.cooldownMillis(0));

            double before = run(harness, cache, 3);
            double after = run(harness, cache, 40);

            assertTrue(before < 0.35, "hit ratio before " + before);
            assertTrue(after > 0.7, "hit ratio after " + after);
            assertTrue(cache.maxEntries() > 250 && cache.maxEntries() <= 1000, "maxEntries " + cache.maxEntries());
            List<JournalEntry> applied = harness.journal("applied");
            assertEquals(100.0, applied.get(0).before());
            assertEquals(150.0, applied.get(0).after());
            assertEquals("cache.users.maxEntries", applied.get(0).target());
            assertEquals("cache.undersized", applied.get(0).rule());
            assertTrue(harness.journal("verified").stream().allMatch(e -> e.outcome().equals("improved")));
            assertEquals(List.of(), harness.journal("rolledBack"));
            assertEquals(applied.size(), harness.optimizer.rule("cache.undersized").orElseThrow().getFirings());
        }
    }

    @Test
    void growthStopsAtTheKnobsBound() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            LruCacheModel cache = new LruCacheModel("users", 100, 400);
            cache.publish(harness.signals(), 10, 200, 100);
            harness.optimizer.updateRule("cache.undersized", b -> b.cooldownMillis(0));

            run(harness, cache, 30);

            assertEquals(200, cache.maxEntries());
            assertTrue(harness.optimizer.rule("cache.undersized").orElseThrow().getLastOutcome().startsWith("at bound"));
        }
    }

    @Test
    void theRulesOwnBoundsApplyToo() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            LruCacheModel cache = new LruCacheModel("users", 100, 400);
            cache.publish(harness.signals(), 10, 1000, 100);
            harness.optimizer.updateRule("cache.undersized", b -> b.cooldownMillis(0).bounds(0, 120));

            run(harness, cache, 20);

            assertEquals(120, cache.maxEntries());
        }
    }

    @Test
    void recommendChangesNothing() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c.withMode(RuleMode.RECOMMEND))) {
            LruCacheModel cache = new LruCacheModel("users", 100, 400);
            cache.publish(harness.signals(), 10, 1000, 100);

            run(harness, cache, 10);

            assertEquals(100, cache.maxEntries());
            List<JournalEntry> recommended = harness.journal("recommended");
            assertEquals(1, recommended.size(), recommended.toString());
            assertEquals("mode recommend", recommended.get(0).outcome());
            assertEquals(150.0, recommended.get(0).after());
            assertEquals(List.of(), harness.journal("applied"));
        }
    }

    @Test
    void aRuleInRecommendModeChangesNothingUnderGlobalAuto() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            LruCacheModel cache = new LruCacheModel("users", 100, 400);
            cache.publish(harness.signals(), 10, 1000, 100);
            harness.optimizer.rule("cache.undersized").orElseThrow().setMode("recommend");

            run(harness, cache, 10);

            assertEquals(100, cache.maxEntries());
            assertEquals(1, harness.journal("recommended").size());
        }
    }

    @Test
    void globalOffIsAKillSwitch() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c.withMode(RuleMode.OFF))) {
            LruCacheModel cache = new LruCacheModel("users", 100, 400);
            cache.publish(harness.signals(), 10, 1000, 100);

            run(harness, cache, 10);

            assertEquals(100, cache.maxEntries());
            assertEquals(List.of(), harness.journal());
            assertFalse(harness.optimizer.rule("cache.undersized").orElseThrow().getFirings() > 0);
        }
    }

    @Test
    void aPinnedKnobIsLeftToTheOperatorUntilUnpinned() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            LruCacheModel cache = new LruCacheModel("users", 100, 400);
            cache.publish(harness.signals(), 10, 1000, 100);
            harness.optimizer.updateRule("cache.undersized", b -> b.cooldownMillis(0));
            Knob knob = harness.signals().knob("cache.users.maxEntries").orElseThrow();
            knob.setByOperator(80);

            run(harness, cache, 6);

            assertEquals(80, cache.maxEntries());
            assertTrue(harness.journal("recommended").stream().allMatch(e -> e.outcome().equals("pinned by operator")));
            assertFalse(harness.journal("recommended").isEmpty());

            knob.unpin();
            run(harness, cache, 1);

            assertEquals(120, cache.maxEntries());
        }
    }

    @Test
    void anOversizedCacheShrinksAndGrowsBackWhenItsHitRatioFalls() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            LruCacheModel cache = new LruCacheModel("users", 1000, 400);
            cache.publish(harness.signals(), 10, 1000, 100);
            cache.serve(20_000);
            // working set 400 in 1000 entries: fill 0.4, hit ratio near 1 until the cache shrinks below 400
            run(harness, cache, 60);
            assertEquals(750, cache.maxEntries());
            run(harness, cache, 3);
            assertEquals("improved", harness.journal("verified").get(0).outcome());

            // at 420 entries the cache is nearly full; a rule that still calls that oversized must be rolled back
            harness.signals().knob("cache.users.maxEntries").orElseThrow().set(420);
            harness.optimizer.updateRule("cache.oversized", b -> b.cooldownMillis(0).sustain(1).minSamples(1).threshold(0.99)
                    .clearThreshold(0.995));
            run(harness, cache, 1);
            assertEquals(315, cache.maxEntries());
            run(harness, cache, 3);
            JournalEntry rollback = harness.journal("rolledBack").get(0);
            assertEquals("cache.users.hitRatio got worse", rollback.outcome());
            assertEquals(420, cache.maxEntries());
        }
    }

    @Test
    void heapPressureShrinksTheLargestUnpinnedCacheAndAlerts() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            Settable heap = new Settable(0.9);
            harness.signals().publish(new Signal("jvm.heap.usedAfterGcRatio", "ratio", heap));
            LruCacheModel small = new LruCacheModel("small", 1000, 400);
            LruCacheModel large = new LruCacheModel("large", 3000, 400);
            LruCacheModel pinned = new LruCacheModel("pinned", 9000, 400);
            small.publish(harness.signals(), 10, 10_000, 100);
            large.publish(harness.signals(), 10, 10_000, 100);
            pinned.publish(harness.signals(), 10, 10_000, 100);
            harness.signals().knob("cache.pinned.maxEntries").orElseThrow().pin();

            harness.steps(3);

            assertEquals(2250, large.maxEntries());
            assertEquals(1000, small.maxEntries());
            assertEquals(9000, pinned.maxEntries());
            Alert alert = harness.optimizer.alerts().get(0);
            assertEquals("jvm.heapPressure", alert.rule());
            assertEquals("CRITICAL", alert.severity());
        }
    }
}
