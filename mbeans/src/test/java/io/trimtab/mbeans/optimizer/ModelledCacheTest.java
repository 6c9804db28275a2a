package io.trimtab.mbeans.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.cache.CacheSignals;
import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.Caches;
import io.trimtab.mbeans.cache.ManagedCache;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cache.undersized on a real Ehcache cache whose miniature-cache curve predicts before the rule acts. */
class ModelledCacheTest {

    @TempDir
    Path dataDir;

    private static void serve(ManagedCache<Integer, Integer> cache, IntSupplier keys, OptimizerHarness harness, int steps) {
        for (int step = 0; step < steps; step++) {
            for (int i = 0; i < 5_000; i++) {
                cache.getOrLoad(keys.getAsInt(), key -> key);
            }
            cache.sample();
            harness.step();
        }
    }

    @Test
    void aCacheUnderAScanLargerThanAnyAllowedSizeIsNotGrown() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c);
             Caches caches = new Caches(harness.context)) {
            ManagedCache<Integer, Integer> cache = caches.create("scan", Integer.class, Integer.class,
                    CacheSpec.builder().heapEntries(100).entryBounds(50, 400).build());
            CacheSignals.bind(cache, harness.signals());
            harness.optimizer.updateRule("cache.undersized", b -> b.cooldownMillis(0));
            int[] next = {0};

            serve(cache, () -> next[0]++ % 50_000, harness, 10); // a looping scan over 50,000 keys

            assertEquals(100, cache.maxEntries(), harness.journal().toString());
            List<JournalEntry> refused = harness.journal("recommended");
            assertTrue(!refused.isEmpty() && refused.get(0).outcome().startsWith("the model predicts no gain worth the memory:"
                    + " cache.scan.hitRatio"), harness.journal().toString());
        }
    }

    @Test
    void aGrowthGoesStraightToTheCurvesKneeAndIsJudgedAgainstItsPredictionAtTheOldSize() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c);
             Caches caches = new Caches(harness.context)) {
            ManagedCache<Integer, Integer> cache = caches.create("hot", Integer.class, Integer.class,
                    CacheSpec.builder().heapEntries(100).entryBounds(50, 1_000).build());
            CacheSignals.bind(cache, harness.signals());
            harness.optimizer.updateRule("cache.undersized", b -> b.cooldownMillis(0));
            Random random = new Random(5);

            serve(cache, () -> random.nextInt(300), harness, 10); // 300 keys used alike: 100 entries hit a third

            // straight to the curve's knee, just above the 300 keys, in one change rather than x 1.5 steps
            assertTrue(cache.maxEntries() >= 300 && cache.maxEntries() <= 400, harness.journal().toString());
            assertEquals(1, harness.journal("applied").size(), harness.journal().toString());
            JournalEntry applied = harness.journal("applied").get(0);
            assertTrue(applied.signals().contains("; predicted cache.hot.hitRatio 0.9"), applied.signals());
            JournalEntry verified = harness.journal("verified").get(0);
            assertEquals("improved", verified.outcome(), verified.signals());
            assertTrue(verified.signals().contains("without the change (model at the old value)"), verified.signals());
        }
    }
}
