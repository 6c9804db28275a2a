package io.trimtab.examples.bench;

import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.sqlite.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link SqliteWorkload} over every variant: the driver's defaults, plain WAL setups, and each of Trimtab's
 * profiles side by side in one run. A workload driver rather than JMH, because the figures that matter are
 * throughput under contention and the writer's tail latency. {@code --paced N} paces each reader to N reads/s;
 * {@code --diagnose} attributes the writes at or above the p99.
 *
 * <pre>{@code java -cp examples/target/trimtab-bench.jar io.trimtab.examples.bench.SqliteProfilesBenchmark --seconds 3}</pre>
 */
public final class SqliteProfilesBenchmark {

    private SqliteProfilesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 3;
        int rounds = 1;
        int readers = 2;
        int paced = 0;
        boolean diagnose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--readers" -> readers = Integer.parseInt(args[++i]);
                case "--paced" -> paced = Integer.parseInt(args[++i]);
                case "--diagnose" -> diagnose = true;
                default -> throw new IllegalArgumentException("usage: SqliteProfilesBenchmark [--seconds N] [--rounds N]"
                        + " [--readers N] [--paced READS_PER_SECOND_EACH] [--diagnose]");
            }
        }
        Path dir = Files.createTempDirectory("sqlite-profiles");
        try {
            ManagementContext context = SqliteWorkload.context(dir);
            Map<String, SqliteWorkload.Variant> variants = new LinkedHashMap<>();
            variants.put("driver default (DELETE, FULL)", SqliteWorkload.plain(Map.of()));
            variants.put("plain WAL + NORMAL", SqliteWorkload.plainWal("NORMAL"));
            variants.put("plain WAL + OFF (unsafe ceiling)", SqliteWorkload.plainWal("OFF"));
            for (Profile profile : Profile.values()) {
                variants.put("trimtab " + profile.id(), SqliteWorkload.managed(context, profile, true, true));
            }
            variants.put("trimtab safe-wal, dataSource() measured",
                    SqliteWorkload.managed(context, Profile.SAFE_WAL, true, false));
            variants.put("trimtab safe-wal, pool() unmeasured",
                    SqliteWorkload.managed(context, Profile.SAFE_WAL, false, false));
            Map<String, SqliteWorkload.Result> medians = new SqliteWorkload(dir, readers, paced, diagnose).rounds(
                    variants, rounds, 1_000_000_000L, seconds * 1_000_000_000L, (round, name, result) ->
                            System.out.printf(Locale.ROOT, "round %d  %-40s %s%n", round, name, describe(result)));
            System.out.printf(Locale.ROOT, "%n%d round(s) of %d s, medians; one writer (BEGIN IMMEDIATE + 1 insert),"
                    + " %d reader(s) by key%s%n", rounds, seconds, readers,
                    paced > 0 ? ", each paced to " + paced + " reads/s" : ", never pausing");
            table(medians);
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** Writes/s, reads/s, the writer's percentiles, CPU per write and the WAL's size; the slow writes if diagnosed. */
    static String describe(SqliteWorkload.Result r) {
        return String.format(Locale.ROOT, "%9.0f writes/s %12.0f reads/s  p50 %5d us  p99 %6d us  p99.9 %6d us"
                        + "  writer CPU %.1f us/write  WAL %,d bytes%s%s", r.writesPerSecond(), r.readsPerSecond(),
                r.p50Micros(), r.p99Micros(), r.p999Micros(), r.writerCpuMicrosPerWrite(), r.walBytes(),
                r.readErrors() > 0 ? "  (" + r.readErrors() + " reads failed busy)" : "",
                r.slowWrites() == null ? "" : "; " + r.slowWrites().describe());
    }

    private static void table(Map<String, SqliteWorkload.Result> medians) {
        SqliteWorkload.Result base = medians.get("driver default (DELETE, FULL)");
        SqliteWorkload.Result walNormal = medians.get("plain WAL + NORMAL");
        SqliteWorkload.Result ceiling = medians.get("plain WAL + OFF (unsafe ceiling)");
        System.out.printf(Locale.ROOT, "| variant | writes/s | reads/s | writer p50/p99/p99.9 us | writes vs default"
                + " | reads vs default | writes vs WAL+OFF | p99 vs WAL+NORMAL |%n|---|---|---|---|---|---|---|---|%n");
        medians.forEach((name, r) -> System.out.printf(Locale.ROOT,
                "| %s | %,.0f | %,.0f | %d / %d / %d | %.1fx | %,.0fx | %.2f | %.2f |%n", name, r.writesPerSecond(),
                r.readsPerSecond(), r.p50Micros(), r.p99Micros(), r.p999Micros(),
                r.writesPerSecond() / base.writesPerSecond(), r.readsPerSecond() / Math.max(1, base.readsPerSecond()),
                r.writesPerSecond() / ceiling.writesPerSecond(), r.p99Micros() / (double) walNormal.p99Micros()));
    }
}
