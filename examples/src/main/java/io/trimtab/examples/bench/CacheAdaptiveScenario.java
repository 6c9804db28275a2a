package io.trimtab.examples.bench;

import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.cache.CacheSignals;
import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.Caches;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code cache-adaptive}: a managed Ehcache cache of {@value #START_ENTRIES} entries serves a Zipf workload
 * (exponent {@value #ZIPF_EXPONENT}, as YCSB's) over {@value #KEYS_BEFORE} keys, which it holds whole; then the
 * key space steps up to {@value #KEYS_AFTER} keys and the working set outgrows it. The hit ratio with the optimizer
 * in auto mode (the built-in rules, the runtime's default schedule on a {@link SteppingClock}) against the best
 * static size the same memory budget allows: the budget lets the cache grow to {@value #BUDGET_ENTRIES} entries,
 * and the sweep tries eight sizes spaced evenly on a log scale up to that cap, then the size the optimizer settled on.
 * The cycles are those after the step until the hit ratio came within {@value #GOAL_POINTS} point of the best (the
 * steady state, the mean of the last two cycles, says whether it stayed there). The detail shows the optimizer's verdicts with their figures, the entries the cache actually held
 * beside its maxEntries, and its miss-ratio curve's predictions beside the sweep's measurements.
 *
 * <p>Every get that misses loads the value and puts it (cache-aside). The workload is one thread driven by a
 * seeded random source, so hit ratios do not depend on the machine's speed, only on what the cache holds.
 */
final class CacheAdaptiveScenario implements Scenario {

    private static final double ZIPF_EXPONENT = 0.99;
    private static final int KEYS_BEFORE = 400;
    private static final int KEYS_AFTER = 100_000;
    private static final int START_ENTRIES = 500;
    private static final int BUDGET_ENTRIES = 8_000;
    private static final long[] STATIC_SIZES = {500, 750, 1_125, 1_688, 2_531, 3_797, 5_695, 8_000};
    private static final double GOAL_POINTS = 1;
    private static final int GOAL_CYCLES = 3;

    @Override
    public String name() {
        return "cache-adaptive";
    }

    @Override
    public String description() {
        return "Zipf working set outgrows a cache: hit ratio with the optimizer vs the best static size in the same budget";
    }

    @Override
    public void run(RunLength length, Report report) throws Exception {
        int getsPerSample = length.pick(300, 2_000);
        int cycles = length.pick(10, 12);
        int steadyCycles = 2;
        long getsPerCycle = (long) getsPerSample * CompressedOptimizer.SAMPLES_PER_CYCLE;
        Zipf before = new Zipf(KEYS_BEFORE, ZIPF_EXPONENT);
        Zipf after = new Zipf(KEYS_AFTER, ZIPF_EXPONENT);
        Path dir = Files.createTempDirectory("trimtab-bench-cache");
        MBeanRegistrar registrar = new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer());
        ManagementContext context = new ManagementContext("bench.cacheadaptive", registrar, new MetricRegistry(), dir,
                Clock.systemUTC());
        try (Caches caches = new Caches(context)) {
            double best = 0;
            long bestSize = 0;
            StringBuilder sweep = new StringBuilder();
            double[] measured = new double[STATIC_SIZES.length];
            for (int s = 0; s < STATIC_SIZES.length; s++) {
                long size = STATIC_SIZES[s];
                double hitRatio = staticHitRatio(context, after, size, getsPerCycle, steadyCycles);
                measured[s] = hitRatio;
                sweep.append(String.format(Locale.ROOT, " %d:%.3f", size, hitRatio));
                if (hitRatio > best) {
                    best = hitRatio;
                    bestSize = size;
                }
            }
            report.detail("static sweep, hit ratio by maxEntries after the step:%s", sweep);

            double[] hitRatios = new double[cycles];
            long[] sizes = new long[cycles];
            long[] held = new long[cycles];
            List<String> changes;
            List<String> verdicts;
            StringBuilder curve = new StringBuilder();
            long budgetBytes = (BUDGET_ENTRIES - START_ENTRIES) * CacheSignals.ESTIMATED_BYTES_PER_ENTRY;
            try (CompressedOptimizer optimizer = new CompressedOptimizer("bench.cacheadaptive.optimizer", budgetBytes)) {
                caches.addListener(CacheSignals.listener(optimizer.optimizer.signals()));
                ManagedCache<Integer, String> cache = caches.create("adaptive", Integer.class, String.class, spec(START_ENTRIES));
                Workload workload = new Workload(cache, before, new SplittableRandom(1));
                double light = runCycle(optimizer, workload, getsPerSample);
                report.detail("before the step, %d keys in %d entries: hit ratio %.3f", KEYS_BEFORE, cache.maxEntries(), light);
                workload = new Workload(cache, after, new SplittableRandom(2));
                for (int i = 0; i < cycles; i++) {
                    sizes[i] = cache.maxEntries();
                    hitRatios[i] = runCycle(optimizer, workload, getsPerSample);
                    held[i] = cache.size();
                }
                changes = optimizer.changes();
                verdicts = optimizer.verdicts();
                for (int s = 0; s < STATIC_SIZES.length; s++) {
                    curve.append(String.format(Locale.ROOT, " %d:%s/%.3f", STATIC_SIZES[s], cache.predictHitRatio(STATIC_SIZES[s])
                            .stream().mapToObj(p -> String.format(Locale.ROOT, "%.3f", p)).findFirst().orElse("-"), measured[s]));
                }
            }
            int reached = -1;
            int stayed = -1;
            StringBuilder trace = new StringBuilder();
            for (int i = 0; i < cycles; i++) {
                trace.append(String.format(Locale.ROOT, " %d:%d/%d/%.3f", i, sizes[i], held[i], hitRatios[i]));
                if (reached < 0 && (best - hitRatios[i]) * 100 <= GOAL_POINTS) {
                    reached = i;
                }
            }
            for (int i = cycles - 1; i >= 0 && (best - hitRatios[i]) * 100 <= GOAL_POINTS; i--) {
                stayed = i;
            }
            long settled = sizes[cycles - 1];
            double steady = 0;
            for (int i = cycles - steadyCycles; i < cycles; i++) {
                steady += hitRatios[i] / steadyCycles;
            }
            report.detail("after the step, by cycles run: maxEntries at the start/entries held at the end/hit ratio:%s", trace);
            report.detail("optimizer: %s", changes.isEmpty() ? "no change" : String.join("; ", changes));
            verdicts.forEach(v -> report.detail("verdict: %s", v));
            report.detail("miss-ratio curve at the end, predicted/measured hit ratio by maxEntries:%s", curve);
            if (held[cycles - 1] > settled) {
                report.detail("the cache holds %d entries at maxEntries %d: its heap store did not shrink", held[cycles - 1],
                        settled);
            }
            if (Arrays.stream(STATIC_SIZES).noneMatch(size -> size == settled)) {
                report.detail("static %d entries, the size the optimizer settled on: hit ratio %.3f", settled,
                        staticHitRatio(context, after, settled, getsPerCycle, steadyCycles));
            }
            report.detail("best static %d entries: hit ratio %.3f; optimizer steady state %.3f (last %d periods); first"
                    + " cycle within %s point: %s, within it from then on: %s", bestSize, best, steady, steadyCycles,
                    Report.format(GOAL_POINTS), reached < 0 ? "none" : reached, stayed < 0 ? "none" : stayed);
            // Below zero when the optimizer's cache hit more than the best static one (the static sizes are measured
            // on a fresh cache, the optimizer's has held the hot keys longer).
            report.result("cache-adaptive", (best - steady) * 100, "points", Report.Goal.atMost(GOAL_POINTS));
            report.result("cache-adaptive-cycles", reached < 0 ? Double.POSITIVE_INFINITY : reached, "cycles",
                    Report.Goal.atMost(GOAL_CYCLES));
        } finally {
            registrar.close();
            Files.deleteIfExists(dir);
        }
    }

    /** The hit ratio of a fresh cache of {@code size} entries on the workload after the step, once it has settled. */
    private static double staticHitRatio(ManagementContext context, Zipf keys, long size, long getsPerCycle,
                                         int steadyCycles) {
        try (Caches statics = new Caches(context)) {
            ManagedCache<Integer, String> cache = statics.create("static", Integer.class, String.class, spec(size));
            Workload workload = new Workload(cache, keys, new SplittableRandom(size));
            workload.run(3 * getsPerCycle + 4 * size); // warm: the cache holds what this size settles on
            return workload.run(steadyCycles * getsPerCycle);
        }
    }

    private static CacheSpec spec(long entries) {
        // Bounds wider than the budget: the shared memory budget is what stops growth.
        return CacheSpec.builder().heapEntries(entries).entryBounds(100, 4L * BUDGET_ENTRIES).build();
    }

    /** One cycle's worth of samples, each after {@code getsPerSample} gets, then the cycle; returns the period's hit ratio. */
    private static double runCycle(CompressedOptimizer optimizer, Workload workload, int getsPerSample) {
        long hits = 0;
        for (int s = 0; s < CompressedOptimizer.SAMPLES_PER_CYCLE; s++) {
            hits += Math.round(workload.run(getsPerSample) * getsPerSample);
            optimizer.sample();
        }
        optimizer.runCycle();
        return hits / (double) (getsPerSample * CompressedOptimizer.SAMPLES_PER_CYCLE);
    }

    /** Cache-aside gets of Zipf-distributed keys. */
    private record Workload(ManagedCache<Integer, String> cache, Zipf keys, SplittableRandom random) {

        /** Runs {@code gets} gets; returns their hit ratio. */
        double run(long gets) {
            long hits = 0;
            for (long i = 0; i < gets; i++) {
                Integer key = keys.next(random);
                if (cache.get(key) != null) {
                    hits++;
                } else {
                    cache.put(key, "value of " + key);
                }
            }
            return hits / (double) gets;
        }
    }

    /** Keys 0 to n - 1, key k drawn with probability proportional to 1 / (k + 1)^exponent. */
    private static final class Zipf {
        private final double[] cumulative;

        Zipf(int n, double exponent) {
            cumulative = new double[n];
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += 1 / Math.pow(k + 1, exponent);
                cumulative[k] = sum;
            }
            for (int k = 0; k < n; k++) {
                cumulative[k] /= sum;
            }
        }

        int next(SplittableRandom random) {
            int index = Arrays.binarySearch(cumulative, random.nextDouble());
            return Math.min(cumulative.length - 1, index >= 0 ? index : -index - 1);
        }
    }
}
