package io.trimtab.examples.bench;

import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import io.trimtab.mbeans.sqlite.DatabaseDefaults;
import io.trimtab.mbeans.sqlite.DatabaseMXBean;
import io.trimtab.mbeans.sqlite.Databases;
import io.trimtab.mbeans.sqlite.IndexSuggestion;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import io.trimtab.mbeans.sqlite.advisor.Plan;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code advisor-vs-expert}: the {@link ShopWorkload}'s fourteen queries run through a managed database, its index
 * advisor asked and every suggestion applied (each proved on the live file, kept or rolled back), beside a copy of
 * the same file with the indexes SQLite's own advisor, the sqlite3 shell's {@code .expert}, recommends for each
 * query, and a copy with none. Each query is timed on the three files in rotated rounds, every row stepped; the
 * headline is the geometric mean over the queries of Trimtab's median time over {@code .expert}'s. The
 * {@code .expert} copy is analyzed in full, as {@code .expert} assumes; Trimtab's is as its proofs left it. All
 * three are in WAL mode and read through plain connections with the driver's defaults.
 */
final class AdvisorVsExpertScenario implements Scenario {

    private static final String NONE = "no index";
    private static final String EXPERT = ".expert";
    private static final String TRIMTAB = "trimtab";
    /** At most this many rounds of asking for suggestions and applying them. */
    private static final int ADVICE_PASSES = 3;
    /** A timed sample repeats a query for about this long. */
    private static final long SAMPLE_NANOS = 1_000_000;
    private static final int MAX_REPEAT = 200;

    @Override
    public String name() {
        return "advisor-vs-expert";
    }

    @Override
    public String description() {
        return "14 query shapes over 4 tables: each query's time with Trimtab's applied indexes over .expert's";
    }

    @Override
    public void run(RunLength length, Report report) throws Exception {
        Path shell = shell();
        if (shell == null) {
            report.detail("skipped: no sqlite3 shell on the PATH (Debian package sqlite3) to ask .expert");
            return;
        }
        Path dir = Files.createTempDirectory("trimtab-bench-advisor");
        try {
            Map<String, Path> files = new LinkedHashMap<>();
            files.put(NONE, dir.resolve("none.db"));
            files.put(EXPERT, dir.resolve("expert.db"));
            files.put(TRIMTAB, dir.resolve("trimtab.db"));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + files.get(NONE))) {
                ShopWorkload.create(c, length.pick(40, 1)); // the quick smoke check on a 40th of the rows
                execute(c, "VACUUM INTO '" + files.get(EXPERT) + "'");
                execute(c, "VACUUM INTO '" + files.get(TRIMTAB) + "'");
            }
            Set<String> recommended = expert(shell, files.get(NONE));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + files.get(EXPERT))) {
                for (String create : recommended) {
                    execute(c, create);
                }
                execute(c, "ANALYZE");
            }
            List<IndexSuggestion> kept = applyTrimtabs(dir, files.get(TRIMTAB), report);
            for (Path file : files.values()) { // in WAL as the managed file is, every page in the file: reads alike
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                    execute(c, "PRAGMA journal_mode=WAL");
                    execute(c, "PRAGMA wal_checkpoint(TRUNCATE)");
                }
            }
            report.detail(".expert recommends %d index(es), Trimtab kept %d", recommended.size(), kept.size());

            Map<String, long[]> medians = timed(files, length.pick(5, 31), report);
            double logSum = 0;
            int unhelped = 0;
            int slowed = 0;
            for (int q = 0; q < ShopWorkload.QUERIES.size(); q++) {
                double ratio = (double) medians.get(TRIMTAB)[q] / medians.get(EXPERT)[q];
                logSum += Math.log(ratio);
                double expertSpeedup = (double) medians.get(NONE)[q] / medians.get(EXPERT)[q];
                double trimtabSpeedup = (double) medians.get(NONE)[q] / medians.get(TRIMTAB)[q];
                unhelped += expertSpeedup >= 2 && trimtabSpeedup < 2 ? 1 : 0;
                slowed += trimtabSpeedup < 1 / 1.1 ? 1 : 0;
                report.detail("  %-34s none %9.1f µs, .expert %8.1f µs, trimtab %8.1f µs: x%.2f", ShopWorkload.QUERIES
                        .get(q).shape(), medians.get(NONE)[q] / 1e3, medians.get(EXPERT)[q] / 1e3,
                        medians.get(TRIMTAB)[q] / 1e3, ratio);
            }
            report.result("advisor-vs-expert", Math.exp(logSum / ShopWorkload.QUERIES.size()), "ratio",
                    Report.Goal.atMost(1.0));
            report.result("advisor-vs-expert-unhelped", unhelped, "queries", Report.Goal.atMost(0));
            report.result("advisor-vs-expert-slowed", slowed, "queries", Report.Goal.atMost(0));
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** The indexes .expert recommends for each query, asked one query at a time as it works. */
    private static Set<String> expert(Path shell, Path file) throws IOException, InterruptedException {
        Set<String> creates = new LinkedHashSet<>();
        for (ShopWorkload.Query query : ShopWorkload.QUERIES) {
            Process process = new ProcessBuilder(shell.toString(), file.toString()).redirectErrorStream(true).start();
            process.getOutputStream().write((".expert\n" + query.literal() + ";\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(".expert failed on " + query.literal() + ": " + output);
            }
            output.lines().map(String::strip).filter(line -> line.startsWith("CREATE INDEX")).forEach(creates::add);
        }
        return creates;
    }

    /** Runs the workload through a managed database, then applies every suggestion; returns those kept. */
    private static List<IndexSuggestion> applyTrimtabs(Path dir, Path file, Report report) throws SQLException {
        ManagementContext context = new ManagementContext("bench.advisor", new MBeanRegistrar(
                ManagementFactory.getPlatformMBeanServer()), new MetricRegistry(), dir, Clock.systemUTC());
        try (Databases databases = new Databases(context, new DatabaseDefaults(16_000, true))) {
            ManagedDatabase shop = databases.open("shop", file, Profile.SAFE_WAL);
            for (int run = 0; run < 3; run++) {
                try (Connection c = shop.dataSource().getConnection()) {
                    for (ShopWorkload.Query query : ShopWorkload.QUERIES) {
                        query.run(c);
                    }
                }
            }
            DatabaseMXBean bean = shop.management();
            long started = System.nanoTime();
            for (int pass = 0; pass < ADVICE_PASSES; pass++) {
                List<IndexSuggestion> proposed = bean.indexSuggestions().stream()
                        .filter(s -> s.status().equals("proposed")).toList();
                if (proposed.isEmpty()) {
                    break;
                }
                for (IndexSuggestion suggestion : proposed) {
                    IndexSuggestion outcome = bean.applySuggestion(suggestion.id());
                    report.detail("  %-11s %s: %s", outcome.status(), outcome.createSql(), outcome.detail());
                }
            }
            report.detail("advice and proofs took %.1f s", (System.nanoTime() - started) / 1e9);
            return bean.getKnownIndexSuggestions().stream().filter(s -> s.status().equals("kept")).toList();
        }
    }

    /**
     * Each query's median time per execution (ns) on each file, over rotated rounds. A sample runs the prepared
     * query as many times as take about a millisecond on that file (at least once), so that the clock's and the
     * machine's noise do not swamp a lookup of tens of microseconds.
     */
    private static Map<String, long[]> timed(Map<String, Path> files, int rounds, Report report) throws SQLException {
        List<ShopWorkload.Query> queries = ShopWorkload.QUERIES;
        Map<String, Connection> connections = new LinkedHashMap<>();
        Map<String, PreparedStatement[]> prepared = new LinkedHashMap<>();
        Map<String, int[]> repeats = new LinkedHashMap<>();
        Map<String, long[][]> runs = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Path> file : files.entrySet()) {
                Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.getValue());
                connections.put(file.getKey(), c);
                PreparedStatement[] statements = new PreparedStatement[queries.size()];
                int[] repeat = new int[queries.size()];
                for (int q = 0; q < queries.size(); q++) {
                    statements[q] = queries.get(q).prepare(c);
                    ShopWorkload.Query.run(statements[q]);
                    long started = System.nanoTime();
                    ShopWorkload.Query.run(statements[q]);
                    repeat[q] = (int) Math.max(1, Math.min(MAX_REPEAT, SAMPLE_NANOS / (System.nanoTime() - started)));
                }
                prepared.put(file.getKey(), statements);
                repeats.put(file.getKey(), repeat);
                runs.put(file.getKey(), new long[queries.size()][rounds]);
            }
            List<String> order = new ArrayList<>(files.keySet());
            for (int round = 0; round < rounds; round++) {
                for (String variant : order) {
                    for (int q = 0; q < queries.size(); q++) {
                        PreparedStatement statement = prepared.get(variant)[q];
                        int repeat = repeats.get(variant)[q];
                        long started = System.nanoTime();
                        for (int i = 0; i < repeat; i++) {
                            ShopWorkload.Query.run(statement);
                        }
                        runs.get(variant)[q][round] = (System.nanoTime() - started) / repeat;
                    }
                }
                order.add(order.remove(0));
            }
            for (int q = 0; q < queries.size(); q++) {
                ShopWorkload.Query query = queries.get(q);
                report.detail("  %-34s .expert: %s | trimtab: %s", query.shape(),
                        Plan.of(connections.get(EXPERT), query.sql(), query.parameters()),
                        Plan.of(connections.get(TRIMTAB), query.sql(), query.parameters()));
            }
        } finally {
            for (PreparedStatement[] statements : prepared.values()) {
                for (PreparedStatement statement : statements) {
                    statement.close();
                }
            }
            for (Connection c : connections.values()) {
                c.close();
            }
        }
        report.detail("medians of %d rounds, each query about 1 ms (at least one run) per file per round, the files'"
                + " order rotated; time per execution:", rounds);
        Map<String, long[]> medians = new LinkedHashMap<>();
        runs.forEach((variant, times) -> medians.put(variant, Arrays.stream(times).mapToLong(t -> {
            long[] sorted = t.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }).toArray()));
        return medians;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The sqlite3 shell on the PATH, or null. */
    private static Path shell() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "sqlite3");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
