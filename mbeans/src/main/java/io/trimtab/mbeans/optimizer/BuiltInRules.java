package io.trimtab.mbeans.optimizer;

import static io.trimtab.mbeans.optimizer.RuleAction.alert;
import static io.trimtab.mbeans.optimizer.RuleAction.multiply;
import static io.trimtab.mbeans.optimizer.RuleAction.operations;

import io.trimtab.mbeans.optimizer.RuleSpec.Comparison;
import io.trimtab.mbeans.optimizer.RuleSpec.Guard;
import io.trimtab.mbeans.optimizer.RuleSpec.Severity;
import java.time.Duration;
import java.util.List;

/**
 * The rules every optimizer starts with. JVM rules watch {@code io.trimtab.mbeans.jvm.JvmSignals}; the
 * others are templates that bind to every resource publishing the signal, knob and operation names
 * documented on {@link Signal}, {@link Knob} and {@link Operation}. Every value is a default: each rule's MBean
 * (or {@link Optimizer#updateRule}) changes it.
 *
 * <table>
 * <caption>Defaults (sustain and minimum samples in samples, cooldown per resource)</caption>
 * <tr><th>rule</th><th>condition</th><th>action</th><th>cooldown</th><th>judged on</th></tr>
 * <tr><td>jvm.heapPressure</td><td>heap after GC above 0.85 for 3, clear 0.75</td><td>critical alert</td><td></td></tr>
 * <tr><td>jvm.heapPressure.shrinkCaches</td><td>same</td><td>largest shrinkable knob x 0.75</td><td>1 min</td><td>heap after GC; relief, never undone while the pressure lasts</td></tr>
 * <tr><td>jvm.cpuProcessHigh / jvm.cpuSystemHigh</td><td>above 0.80 / 0.90 for 3, clear 0.60 / 0.70</td><td>alert; maintenance waits</td><td></td><td></td></tr>
 * <tr><td>jvm.gcTimeHigh</td><td>GC time ratio above 0.10 for 3, clear 0.05</td><td>alert</td><td></td></tr>
 * <tr><td>jvm.diskLow</td><td>data directory's disk above 0.90 used, clear 0.85</td><td>critical alert</td><td></td></tr>
 * <tr><td>jvm.heapLeakSuspect / jvm.threadLeakSuspect</td><td>rising, R² above 0.90 over at least 60 samples and by at least 0.05 of the heap / 20 threads over the window, clear 0.50</td><td>alert</td><td></td></tr>
 * <tr><td>cache.undersized</td><td>hitRatio below 0.90 for 3 (clear 0.95) with evictions</td><td>maxEntries x 1.5 within budget</td><td>5 min</td><td>hitRatio must improve</td></tr>
 * <tr><td>cache.oversized</td><td>fill below 0.50 for 60 (clear 0.60) with hitRatio above 0.90</td><td>maxEntries x 0.75; hitRatio must not fall</td><td>30 min</td><td>hitRatio: no harm</td></tr>
 * <tr><td>cache.clusterLost</td><td>clusterConnected 0 (below 0.5) for 1, clear at 1</td><td>critical alert</td><td></td><td></td></tr>
 * <tr><td>pool.starved.waiters / .timeouts / .acquireP99</td><td>waiters above 0 for 3 / timeouts above 0 / p99 above 100 ms for 3 (clear 50)</td><td>maxTotal x 2, not while any db.*.queryP99Millis rises</td><td>1 min</td><td>waiters must fall</td></tr>
 * <tr><td>pool.idle</td><td>utilization below 0.20 for 60, clear 0.30</td><td>maxTotal x 0.75; acquireWaitMillis must not rise</td><td>30 min</td><td>waiters: no harm</td></tr>
 * <tr><td>db.walGrowth</td><td>walBytes above 64 MiB, clear 16 MiB</td><td>checkpointPassive, escalating to checkpointRestart, checkpointTruncate</td><td>1 min</td><td>walBytes</td></tr>
 * <tr><td>db.staleStatistics.writes / .age</td><td>writesSinceOptimize above 10,000 / secondsSinceOptimize above 86,400</td><td>optimize</td><td>10 min</td><td>queryMillis</td></tr>
 * <tr><td>db.fragmentation</td><td>freelistRatio above 0.20 for 3, clear 0.10</td><td>incrementalVacuum (a recommendation where not published)</td><td>1 h</td><td>freelistRatio</td></tr>
 * <tr><td>db.slowFullScan</td><td>fullScanQueries above 0</td><td>applyIndexSuggestion, mode recommend (auto only when set)</td><td>1 h</td><td>queryMillis</td></tr>
 * </table>
 */
public final class BuiltInRules {

    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    private BuiltInRules() {
    }

    public static List<RuleSpec> all() {
        return List.of(
                RuleSpec.builder("jvm.heapPressure").description("Heap still full after GC: the JVM is near an OutOfMemoryError.")
                        .above("jvm.heap.usedAfterGcRatio", 0.85, 0.75).ratio().severity(Severity.CRITICAL).priority(100).build(),
                RuleSpec.builder("jvm.heapPressure.shrinkCaches").description("Heap still full after GC: give back memory from the largest cache.")
                        .above("jvm.heap.usedAfterGcRatio", 0.85, 0.75).ratio().priority(100).cooldownMillis(MINUTE)
                        .action(RuleAction.shrinkLargest(Knob.SHRINKABLE, 0.75))
                        .outcome(Outcome.relieves("jvm.heap.usedAfterGcRatio", false)).build(),
                RuleSpec.builder("jvm.cpuProcessHigh").description("This process uses most of the CPU; maintenance waits.")
                        .above("jvm.cpu.process", 0.80, 0.60).ratio().priority(90).build(),
                RuleSpec.builder("jvm.cpuSystemHigh").description("The host's CPU is nearly saturated; maintenance waits.")
                        .above("jvm.cpu.system", 0.90, 0.70).ratio().priority(90).build(),
                RuleSpec.builder("jvm.gcTimeHigh").description("The JVM spends much of its time collecting garbage.")
                        .above("jvm.gc.timeRatio", 0.10, 0.05).ratio().priority(90).build(),
                RuleSpec.builder("jvm.diskLow").description("The disk holding the data directory is nearly full.")
                        .above("jvm.disk.usedRatio", 0.90, 0.85).ratio().sustain(1).severity(Severity.CRITICAL).priority(90).build(),
                RuleSpec.builder("jvm.heapLeakSuspect").description("Heap after GC rises steadily: a leak suspect.")
                        .rising("jvm.heap.usedAfterGcRatio", 0.90, 0.50).minRise(0.05).sustain(1).minSamples(60).priority(80).build(),
                RuleSpec.builder("jvm.threadLeakSuspect").description("The thread count rises steadily: a leak suspect.")
                        .rising("jvm.threads.count", 0.90, 0.50).minRise(20).sustain(1).minSamples(60).priority(80).build(),
                RuleSpec.builder("cache.undersized").description("A cache evicts and misses: it is too small for its working set.")
                        .below("cache.*.hitRatio", 0.90, 0.95).ratio().requires("cache.*.evictions", Comparison.ABOVE, 0)
                        .action(multiply("cache.*.maxEntries", 1.5)).outcome(Outcome.improves("cache.*.hitRatio", true)).priority(40).cooldownMillis(5 * MINUTE).build(),
                RuleSpec.builder("cache.oversized").description("A cache stays mostly empty while hitting: it holds memory it does not use.")
                        .below("cache.*.fill", 0.50, 0.60).ratio().sustain(60).requires("cache.*.hitRatio", Comparison.ABOVE, 0.90)
                        .action(multiply("cache.*.maxEntries", 0.75)).guard(Guard.mustNotFall("cache.*.hitRatio"))
                        .outcome(Outcome.doesNoHarm("cache.*.hitRatio", true))
                        .priority(20).cooldownMillis(30 * MINUTE).build(),
                // A 0/1 signal: below 0.5 is 0, and the first 1 clears (a clear threshold of 1 would need 1 to pass it).
                RuleSpec.builder("cache.clusterLost").description("A clustered cache lost its Terracotta server: its clustered"
                                + " tier answers by Ehcache's resilience strategy until the server is back.")
                        .below("cache.*.clusterConnected", 0.5, 0.5).ratio().sustain(1).severity(Severity.CRITICAL)
                        .priority(95).build(),
                poolStarved("pool.starved.waiters", "Threads wait for connections.", "pool.*.waiters", 0, 0, 3),
                poolStarved("pool.starved.timeouts", "Connection requests time out.", "pool.*.timeouts", 0, 0, 1),
                poolStarved("pool.starved.acquireP99", "Acquiring a connection is slow at p99.", "pool.*.acquireP99Millis", 100, 50, 3),
                RuleSpec.builder("pool.idle").description("A pool's connections sit idle: it is larger than its load.")
                        .below("pool.*.utilization", 0.20, 0.30).ratio().sustain(60).action(multiply("pool.*.maxTotal", 0.75))
                        .guard(Guard.mustNotRise("pool.*.acquireWaitMillis")).outcome(Outcome.doesNoHarm("pool.*.waiters", false))
                        .priority(10).cooldownMillis(30 * MINUTE).build(),
                RuleSpec.builder("db.walGrowth").description("The WAL grows past its limit: checkpoint, harder each time readers starve it.")
                        .above("db.*.walBytes", 64L << 20, 16L << 20).sustain(1)
                        .action(operations("db.*.checkpointPassive", "db.*.checkpointRestart", "db.*.checkpointTruncate"))
                        .priority(30).cooldownMillis(MINUTE).build(),
                RuleSpec.builder("db.staleStatistics.writes").description("Many writes since the last PRAGMA optimize: plans may be stale.")
                        .above("db.*.writesSinceOptimize", 10_000, 1_000).sustain(1).action(operations("db.*.optimize"))
                        .outcome(Outcome.improves("db.*.queryMillis", false))
                        .priority(15).cooldownMillis(10 * MINUTE).build(),
                RuleSpec.builder("db.staleStatistics.age").description("Long since the last PRAGMA optimize.")
                        .above("db.*.secondsSinceOptimize", 86_400, 3_600).sustain(1).action(operations("db.*.optimize"))
                        .outcome(Outcome.improves("db.*.queryMillis", false))
                        .priority(15).cooldownMillis(10 * MINUTE).build(),
                RuleSpec.builder("db.fragmentation").description("Many free pages: the file holds space it does not use.")
                        .above("db.*.freelistRatio", 0.20, 0.10).ratio().action(operations("db.*.incrementalVacuum"))
                        .priority(5).cooldownMillis(60 * MINUTE).build(),
                RuleSpec.builder("db.slowFullScan").description("Slow queries scan whole tables: the index advisor has a suggestion.")
                        .above("db.*.fullScanQueries", 0, 0).sustain(1).action(operations("db.*.applyIndexSuggestion"))
                        .outcome(Outcome.improves("db.*.queryMillis", false))
                        .mode(RuleMode.RECOMMEND).severity(Severity.INFO).priority(1).cooldownMillis(60 * MINUTE).build());
    }

    private static RuleSpec poolStarved(String name, String description, String signal, double threshold, double clear,
                                        int sustain) {
        return RuleSpec.builder(name).description(description + " Grow the pool, but not while a database slows down.")
                .above(signal, threshold, clear).sustain(sustain).action(multiply("pool.*.maxTotal", 2))
                .guard(Guard.noneRising("db.*.queryP99Millis")).outcome(Outcome.improves("pool.*.waiters", false))
                .priority(50).cooldownMillis(MINUTE).build();
    }
}
