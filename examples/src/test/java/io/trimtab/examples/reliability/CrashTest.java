package io.trimtab.examples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safe-wal profile promises that an application crash loses no committed transaction. A child JVM writes
 * through a managed database while the sampling, optimization and maintenance jobs fire; it is killed with
 * SIGKILL at a random moment, 20 times on the same file, and after each kill the file must pass
 * {@code PRAGMA integrity_check} and hold every transaction the child reported committed.
 */
@Tag("reliability")
class CrashTest {

    private static final int ROUNDS = 20;
    private static final Pattern COMMITTED = Pattern.compile("committed (\\d+) \\.");
    private static final Pattern RUNS = Pattern.compile("runs (\\d+) (\\d+) (\\d+) \\.");

    /** Completed runs of the sampling, optimization-cycle and database-maintenance jobs, over all rounds. */
    private final long[] jobRuns = new long[3];

    @TempDir
    Path dir;

    @Test
    void killedWritersLoseNoCommittedTransaction() throws Exception {
        long seed = Long.getLong("reliability.crash.seed", System.nanoTime()); // -Dreliability.crash.seed repeats a run
        Random random = new Random(seed);
        Set<Long> reported = new HashSet<>();
        for (int round = 1; round <= ROUNDS; round++) {
            // Whichever comes first; long enough in many rounds for the 500 ms maintenance job to fire.
            int killAfterCommits = 1 + random.nextInt(20_000);
            long killAfterMillis = 200 + random.nextInt(1_300);
            List<Long> committed = runAndKill(killAfterCommits, killAfterMillis, round);
            reported.addAll(committed);
            try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("crash.db"));
                 Statement statement = plain.createStatement()) {
                try (ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
                    check.next();
                    assertEquals("ok", check.getString(1), "integrity after kill " + round + " (seed " + seed + ")");
                }
                Set<Long> present = ids(statement);
                Set<Long> missing = new HashSet<>(reported);
                missing.removeAll(present);
                assertTrue(missing.isEmpty(), "after kill " + round + " (seed " + seed + ") committed ids missing: " + missing);
            }
        }
        assertTrue(reported.size() >= ROUNDS, "the child committed " + reported.size() + " transactions in all");
        assertTrue(jobRuns[0] > 0 && jobRuns[1] > 0 && jobRuns[2] > 0, "jobs ran while the child wrote: sampling "
                + jobRuns[0] + ", optimization-cycle " + jobRuns[1] + ", database-maintenance " + jobRuns[2]);
    }

    /** Starts the child, kills it after the given commits or time of writing, and returns what it reported. */
    private List<Long> runAndKill(int killAfterCommits, long killAfterMillis, int round) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), dir.toString());
        builder.redirectError(dir.resolve("child-" + round + ".log").toFile());
        Process child = builder.start();
        List<Long> committed = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if (!CrashWriter.READY.equals(line)) {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("child of round " + round + " did not start: " + line + "\n"
                        + Files.readString(dir.resolve("child-" + round + ".log")));
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(killAfterMillis);
            long[] runs = new long[3];
            while ((line = out.readLine()) != null) {
                record(line, committed, runs);
                if (committed.size() >= killAfterCommits || System.nanoTime() >= deadline) {
                    break;
                }
            }
            // SIGKILL through the handle: Process.destroyForcibly would also close the pipe we still drain.
            child.toHandle().destroyForcibly();
            // Whatever the child printed before it died was committed too.
            while ((line = out.readLine()) != null) {
                record(line, committed, runs);
            }
            for (int i = 0; i < runs.length; i++) {
                jobRuns[i] += runs[i];
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child of round " + round + " did not die");
        }
        return committed;
    }

    /** Takes a complete line the child printed: a commit, or the jobs' run counts so far in this round. */
    private static void record(String line, List<Long> committed, long[] runs) {
        Matcher m = COMMITTED.matcher(line);
        if (m.matches()) {
            committed.add(Long.parseLong(m.group(1)));
            return;
        }
        m = RUNS.matcher(line);
        if (m.matches()) {
            for (int i = 0; i < runs.length; i++) {
                runs[i] = Math.max(runs[i], Long.parseLong(m.group(i + 1)));
            }
        }
    }

    private static Set<Long> ids(Statement statement) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (ResultSet rows = statement.executeQuery("SELECT id FROM commits")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }
}
