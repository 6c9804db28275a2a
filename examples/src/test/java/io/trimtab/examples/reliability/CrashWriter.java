package io.trimtab.examples.reliability;

import io.trimtab.Trimtab;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The child process of {@link CrashTest}: a runtime whose sampling, optimization and maintenance jobs fire
 * every few hundred milliseconds, and a writer of small transactions that prints {@code committed <id> .}
 * on stdout only after each commit returned, and {@code runs <sampling> <cycle> <maintenance> .} with the jobs'
 * completed runs every 100 ms. It writes until it is killed.
 */
public final class CrashWriter {

    static final String READY = "ready";

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Trimtab trimtab = Trimtab.builder().name("crash").jmxDomain("crash").dataDir(dataDir)
                .jolokiaEnabled(false)
                .setting("optimizer.mode", "auto")
                .setting("jobs.sampling", "100ms")
                .setting("jobs.optimizationCycle", "200ms")
                .setting("jobs.databaseMaintenance", "500ms")
                .start();
        ManagedDatabase database = trimtab.databases().open("crash", Path.of("crash.db"), Profile.SAFE_WAL);
        long last = database.inWriteTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS commits (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
                try (ResultSet max = statement.executeQuery("SELECT coalesce(max(id), 0) FROM commits")) {
                    max.next();
                    return max.getLong(1);
                }
            }
        });
        out.println(READY);
        out.flush();
        reportJobRuns(trimtab, out);
        String payload = "x".repeat(200);
        for (long id = last + 1; ; id++) {
            long next = id;
            database.inWriteTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO commits (id, payload) VALUES (?, ?)")) {
                    insert.setLong(1, next);
                    insert.setString(2, payload + next);
                    return insert.executeUpdate();
                }
            });
            out.println("committed " + id + " .");
            out.flush();
        }
    }

    /** Prints {@code runs <sampling> <optimization-cycle> <database-maintenance> .} every 100 ms. */
    private static void reportJobRuns(Trimtab trimtab, PrintStream out) {
        Thread reporter = new Thread(() -> {
            while (true) {
                out.println("runs " + runs(trimtab, Trimtab.SAMPLING_JOB) + " " + runs(trimtab, Trimtab.OPTIMIZATION_CYCLE_JOB)
                        + " " + runs(trimtab, Trimtab.DATABASE_MAINTENANCE_JOB) + " .");
                out.flush();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "job-runs");
        reporter.setDaemon(true);
        reporter.start();
    }

    private static long runs(Trimtab trimtab, String job) {
        return trimtab.jobs().get(job).status().runCount();
    }
}
