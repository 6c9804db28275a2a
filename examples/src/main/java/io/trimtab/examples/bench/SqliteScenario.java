package io.trimtab.examples.bench;

import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.sqlite.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code sqlite-tuned-vs-default}: one writer of small transactions and two readers by key (the
 * {@link SqliteWorkload}), Trimtab's default profile through a managed database (its measured pool and
 * {@code inWriteTransaction}) beside the driver's defaults, plain WAL + NORMAL and WAL + OFF (the unsafe ceiling),
 * rounds rotated, medians. Then the same comparison of safe-wal and plain WAL + NORMAL with readers paced to a
 * fixed rate, which leaves the writer a core of its own, so that the writer's tail shows what the checkpoint does:
 * at one row a transaction SQLite's automatic checkpoint runs on about one commit in 1,000, the p99.9, which is
 * where the writer goal is set. With readers that never pause, the p99 is the scheduler's time slice on two cores
 * and is reported for information. The full run also attributes the writer's slowest writes (waiting for a CPU,
 * blocked, during a checkpoint) in one diagnosed round of each kind. A driver-default reader that meets
 * {@code SQLITE_BUSY} counts a failed read and goes on.
 */
final class SqliteScenario implements Scenario {

    private static final String DEFAULT = "driver default (DELETE, FULL)";
    private static final String WAL_NORMAL = "plain WAL + NORMAL";
    private static final String WAL_OFF = "plain WAL + OFF (unsafe ceiling)";
    private static final String SAFE_WAL = "trimtab safe-wal";
    private static final int READERS = 2;
    /** Paced readers: together well under a core, so the writer never waits for one because of them. */
    private static final int PACED_READS_PER_SECOND_EACH = 20_000;
    /** The warm-up of the rounds after the first comparison, by when the JIT has compiled the workload. */
    private static final long LATER_WARMUP_NANOS = 500_000_000L;
    /** A diagnosed round only attributes the slow writes, so it can be shorter than a measured one. */
    private static final long DIAGNOSED_NANOS = 2_000_000_000L;

    @Override
    public String name() {
        return "sqlite-tuned-vs-default";
    }

    @Override
    public String description() {
        return "one writer, two readers: safe-wal through a managed pool vs driver defaults, WAL + NORMAL, WAL + OFF";
    }

    @Override
    public void run(RunLength length, Report report) throws Exception {
        Path dir = Files.createTempDirectory("trimtab-bench-sqlite");
        try {
            ManagementContext context = SqliteWorkload.context(dir);
            Map<String, SqliteWorkload.Variant> variants = new LinkedHashMap<>();
            variants.put(DEFAULT, SqliteWorkload.plain(Map.of()));
            variants.put(WAL_NORMAL, SqliteWorkload.plainWal("NORMAL"));
            variants.put(WAL_OFF, SqliteWorkload.plainWal("OFF"));
            variants.put(SAFE_WAL, SqliteWorkload.managed(context, Profile.SAFE_WAL, true, true));
            long warmup = length.pick(300, 1_000) * 1_000_000L;
            long measure = length.pick(1_000, 3_000) * 1_000_000L;

            Map<String, SqliteWorkload.Result> saturated = rounds(new SqliteWorkload(dir, READERS, 0, false), variants,
                    length.pick(1, 3), warmup, measure, report, "readers never pausing");
            SqliteWorkload.Result base = saturated.get(DEFAULT);
            SqliteWorkload.Result walNormal = saturated.get(WAL_NORMAL);
            SqliteWorkload.Result safe = saturated.get(SAFE_WAL);
            report.result("sqlite-tuned-vs-default", safe.writesPerSecond() / base.writesPerSecond(), "x",
                    Report.Goal.atLeast(8));
            report.result("sqlite-reads-tuned-vs-default", safe.readsPerSecond() / Math.max(1, base.readsPerSecond()),
                    "x", Report.Goal.atLeast(1_000));
            report.result("sqlite-vs-unsafe-ceiling", safe.writesPerSecond() / saturated.get(WAL_OFF).writesPerSecond(),
                    "fraction", Report.Goal.atLeast(0.95));
            report.result("sqlite-writer-p99-vs-wal", safe.p99Micros() / (double) walNormal.p99Micros(), "ratio");
            report.result("sqlite-default-failed-reads", base.readErrors(), "reads");

            Map<String, SqliteWorkload.Variant> walPair = new LinkedHashMap<>();
            walPair.put(WAL_NORMAL, variants.get(WAL_NORMAL));
            walPair.put(SAFE_WAL, variants.get(SAFE_WAL));
            Map<String, SqliteWorkload.Result> paced = rounds(
                    new SqliteWorkload(dir, READERS, PACED_READS_PER_SECOND_EACH, false), walPair, length.pick(1, 3),
                    LATER_WARMUP_NANOS, measure, report,
                    "readers paced to " + PACED_READS_PER_SECOND_EACH + " reads/s each");
            report.result("sqlite-writer-p99-vs-wal-paced-readers",
                    paced.get(SAFE_WAL).p99Micros() / (double) paced.get(WAL_NORMAL).p99Micros(), "ratio");
            report.result("sqlite-writer-p999-vs-wal-paced-readers",
                    paced.get(SAFE_WAL).p999Micros() / (double) paced.get(WAL_NORMAL).p999Micros(), "ratio",
                    Report.Goal.atMost(0.33));
            if (length == RunLength.QUICK) {
                return;
            }
            if (!SqliteWorkload.canDiagnose()) {
                report.detail("the slowest writes are attributed only where /proc/thread-self/schedstat exists (Linux)");
                return;
            }
            rounds(new SqliteWorkload(dir, READERS, 0, true), walPair, 1, LATER_WARMUP_NANOS, DIAGNOSED_NANOS,
                    report, "diagnosed, readers never pausing");
            rounds(new SqliteWorkload(dir, READERS, PACED_READS_PER_SECOND_EACH, true), walPair, 1,
                    LATER_WARMUP_NANOS, DIAGNOSED_NANOS, report,
                    "diagnosed, readers paced to " + PACED_READS_PER_SECOND_EACH + " reads/s each");
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** The medians of the rounds, each as a detail line. */
    private static Map<String, SqliteWorkload.Result> rounds(SqliteWorkload workload,
                                                             Map<String, SqliteWorkload.Variant> variants, int rounds,
                                                             long warmupNanos, long measureNanos, Report report,
                                                             String label) throws Exception {
        Map<String, SqliteWorkload.Result> medians = workload.rounds(variants, rounds, warmupNanos, measureNanos,
                (round, name, result) -> { });
        report.detail("%s, median of %d round(s) of %.1f s:", label, rounds, measureNanos / 1e9);
        medians.forEach((name, median) -> report.detail("  %-34s %s", name, SqliteProfilesBenchmark.describe(median)));
        return medians;
    }
}
