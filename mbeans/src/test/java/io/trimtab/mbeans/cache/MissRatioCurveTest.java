package io.trimtab.mbeans.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import io.trimtab.mbeans.testing.ManualClock;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.IntSupplier;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The miss-ratio curve's predictions against real Ehcache caches of three sizes fed the same key stream side by side:
 * within 3 points of each on a Zipf workload and on a looping scan.
 */
class MissRatioCurveTest {

    private static final int[] SIZES = {500, 2_000, 6_000};

    @TempDir
    Path dataDir;
    private Caches caches;

    @BeforeEach
    void start() {
        caches = new Caches(new ManagementContext("test.mrc", new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer()),
                new MetricRegistry(), dataDir, new ManualClock()));
    }

    @AfterEach
    void stop() {
        caches.close();
    }

    @Test
    void predictsAZipfWorkloadWithinThreePoints() {
        assertPredictions("zipf", zipf(10_000, 0.9, new Random(1)), 300_000);
    }

    @Test
    void predictsALoopingScanWithinThreePoints() {
        int[] next = {0};
        assertPredictions("loop", () -> next[0]++ % 4_000, 120_000);
    }

    @Test
    void aSizeOutsideTheBoundsIsRefusedByNameAndTheMBeanServesTheCurve() throws Exception {
        ManagedCache<Integer, Integer> cache = caches.create("bounded", Integer.class, Integer.class,
                CacheSpec.builder().heapEntries(100).entryBounds(50, 1_000).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.predictHitRatio(2_000));
        assertEquals("entries must be within the cache's entry bounds [50, 1000] but was 2000", e.getMessage());

        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            cache.getOrLoad(random.nextInt(200), key -> key);
            if (i % 5_000 == 0) {
                cache.stats(); // as the sampler reads it, which drains the curve's ring
            }
        }
        ObjectName name = new ObjectName("test.mrc:type=Cache,name=bounded");
        javax.management.openmbean.CompositeData curve = (javax.management.openmbean.CompositeData)
                ManagementFactory.getPlatformMBeanServer().getAttribute(name, "MissRatioCurve");
        long[] entries = (long[]) curve.get("entries");
        double[] hitRatios = (double[]) curve.get("hitRatios");
        assertEquals(50, entries[0]);
        assertEquals(1_000, entries[entries.length - 1]);
        assertTrue(hitRatios[hitRatios.length - 1] > 0.95, "all 200 keys fit in 1000 entries: " + hitRatios[hitRatios.length - 1]);
        double at100 = (double) ManagementFactory.getPlatformMBeanServer().invoke(name, "predictHitRatio",
                new Object[] {100L}, new String[] {"long"});
        assertEquals(0.5, at100, 0.05, "100 of 200 uniformly used keys");
    }

    private void assertPredictions(String workload, IntSupplier keys, int lookups) {
        ManagedCache<Integer, Integer> ghostOwner = caches.create(workload + "-ghost", Integer.class, Integer.class,
                CacheSpec.builder().heapEntries(100).entryBounds(100, 8_000).build());
        @SuppressWarnings("unchecked")
        ManagedCache<Integer, Integer>[] real = new ManagedCache[SIZES.length];
        for (int i = 0; i < SIZES.length; i++) {
            real[i] = caches.create(workload + "-" + SIZES[i], Integer.class, Integer.class,
                    CacheSpec.builder().heapEntries(SIZES[i]).entryBounds(SIZES[i], SIZES[i]).build());
        }
        long[] hits = new long[SIZES.length];
        long counted = 0;
        for (int n = 0; n < lookups; n++) {
            int key = keys.getAsInt();
            ghostOwner.get(key);
            boolean measure = true; // over the same references the curve has seen
            for (int i = 0; i < SIZES.length; i++) {
                if (real[i].get(key) != null) {
                    hits[i] += measure ? 1 : 0;
                } else {
                    real[i].put(key, key);
                }
            }
            counted += measure ? 1 : 0;
            if (n % 8_000 == 0) {
                ghostOwner.sample(); // the sampler's drain, as every sampling interval does
            }
        }
        for (int i = 0; i < SIZES.length; i++) {
            double observed = (double) hits[i] / counted;
            double predicted = ghostOwner.predictHitRatio(SIZES[i]).orElseThrow();
            assertEquals(observed, predicted, 0.03, workload + " at " + SIZES[i] + " entries: predicted " + predicted
                    + ", a real cache hit " + observed);
        }
    }

    /** Keys 0..n-1 drawn with probability proportional to 1 / (rank + 1)^skew. */
    private static IntSupplier zipf(int n, double skew, Random random) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, skew);
            cumulative[i] = sum;
        }
        double total = sum;
        return () -> {
            int index = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * total);
            return index >= 0 ? index : -index - 1;
        };
    }
}
