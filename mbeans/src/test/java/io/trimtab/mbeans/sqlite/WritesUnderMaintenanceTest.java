package io.trimtab.mbeans.sqlite;

import static io.trimtab.mbeans.sqlite.SqliteTesting.count;
import static io.trimtab.mbeans.sqlite.SqliteTesting.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WritesUnderMaintenanceTest {

    @TempDir
    Path dataDir;

    @Test
    void maintenanceWhileThreeWritersCommitLosesNoRow() throws Exception {
        try (Databases databases = new Databases(SqliteTesting.context(dataDir), DatabaseDefaults.STANDARD)) {
            ManagedDatabase db = databases.open("busy", Path.of("busy.db"), Profile.SAFE_WAL);
            execute(db.dataSource(), "CREATE TABLE t (id INTEGER PRIMARY KEY, writer INTEGER, payload TEXT)");
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(3);
            List<Future<Integer>> written = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                written.add(writers.submit(() -> {
                    int rows = 0;
                    while (!stop.get() || rows < 100) {
                        db.inWriteTransaction(c -> {
                            try (PreparedStatement insert =
                                         c.prepareStatement("INSERT INTO t (writer, payload) VALUES (?, ?)")) {
                                insert.setInt(1, writer);
                                insert.setString(2, "x".repeat(200));
                                return insert.executeUpdate();
                            }
                        });
                        rows++;
                    }
                    return rows;
                }));
            }
            DatabaseMXBean bean = db.management();
            for (String mode : List.of("PASSIVE", "FULL", "RESTART", "TRUNCATE")) {
                CheckpointResult result = bean.checkpoint(mode);
                assertEquals(mode, result.mode());
                assertTrue(result.attempts() >= 1);
            }
            List<MaintenanceResult> results = new ArrayList<>(List.of(bean.optimize(), bean.analyze(), bean.vacuum(),
                    bean.incrementalVacuum(100)));
            assertEquals(List.of("ok"), bean.integrityCheck());
            assertEquals(List.of("ok"), bean.quickCheck());
            stop.set(true);
            int total = 0;
            for (Future<Integer> rows : written) {
                total += rows.get(60, TimeUnit.SECONDS);
            }
            writers.shutdown();
            for (MaintenanceResult result : results) {
                assertTrue(result.outcome().equals("ok") || result.outcome().equals("busy"), result.toString());
            }
            assertEquals(total, count(db.dataSource(), "t"));
            assertTrue(total >= 300);
        }
    }

    @Test
    void aWriteThatMeetsALockedDatabaseIsRetriedUntilItCommits() throws Exception {
        try (Databases databases = new Databases(SqliteTesting.context(dataDir), DatabaseDefaults.STANDARD)) {
            ManagedDatabase db = databases.open("locked", Path.of("locked.db"), Profile.SAFE_WAL);
            execute(db.dataSource(), "CREATE TABLE t (id INTEGER PRIMARY KEY)");
            db.management().setPragma("busy_timeout", "0"); // answer SQLITE_BUSY at once instead of waiting
            CountDownLatch locked = new CountDownLatch(1);
            Thread holder = new Thread(() -> {
                try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db.path());
                     Statement statement = other.createStatement()) {
                    statement.execute("BEGIN IMMEDIATE");
                    statement.execute("INSERT INTO t DEFAULT VALUES");
                    locked.countDown();
                    Thread.sleep(150);
                    statement.execute("COMMIT");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            holder.start();
            assertTrue(locked.await(10, TimeUnit.SECONDS));
            db.inWriteTransaction(c -> c.createStatement().executeUpdate("INSERT INTO t DEFAULT VALUES"));
            holder.join();
            assertTrue(db.management().getWriteRetries() > 0);
            assertEquals(2, count(db.dataSource(), "t"));
        }
    }

    @Test
    void aFailedUnitOfWorkIsRolledBack() throws Exception {
        try (Databases databases = new Databases(SqliteTesting.context(dataDir), DatabaseDefaults.STANDARD)) {
            ManagedDatabase db = databases.open("rollback", Path.of("rollback.db"), Profile.SAFE_WAL);
            execute(db.dataSource(), "CREATE TABLE t (id INTEGER PRIMARY KEY)");
            IllegalStateException thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> db.inWriteTransaction(c -> {
                        c.createStatement().executeUpdate("INSERT INTO t DEFAULT VALUES");
                        throw new IllegalStateException("application failure");
                    }));
            assertEquals("application failure", thrown.getMessage());
            assertEquals(0, count(db.dataSource(), "t"));
            assertEquals(0, db.management().getWriteRetries());
        }
    }
}
