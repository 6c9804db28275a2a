package io.trimtab.mbeans.sqlite;

import static io.trimtab.mbeans.sqlite.SqliteTesting.count;
import static io.trimtab.mbeans.sqlite.SqliteTesting.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStarvationTest {

    /** A clock that moves a second forward each time it is read, so that starvation shows in a few rounds. */
    static final class SteppingClock extends Clock {
        private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        @Override
        public long millis() {
            return millis.addAndGet(1_000);
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @TempDir
    Path dataDir;

    @Test
    void aReaderThatPinsTheWalIsReportedAndTheWalIsRewoundOnceItLetsGo() throws Exception {
        MetricRegistry metrics = new MetricRegistry();
        ManagementContext context = new ManagementContext("test.sqlite.starved",
                new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer()), metrics, dataDir, new SteppingClock());
        try (Databases databases = new Databases(context, DatabaseDefaults.STANDARD)) {
            ManagedDatabase db = databases.open("pinned", Path.of("pinned.db"), Profile.SAFE_WAL);
            execute(db.dataSource(), "CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)");
            int rows = 0;
            try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + db.path());
                 Statement read = reader.createStatement()) {
                reader.setAutoCommit(false);
                try (ResultSet rs = read.executeQuery("SELECT count(*) FROM t")) {
                    rs.next(); // the reader's snapshot now pins the WAL
                }
                for (int tx = 0; tx < 250; tx++) {
                    rows += db.inWriteTransaction(c -> {
                        try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (payload) VALUES (?)")) {
                            for (int i = 0; i < 20; i++) {
                                insert.setString(1, "x".repeat(3000));
                                insert.executeUpdate();
                            }
                        }
                        return 20;
                    });
                }
                assertTrue(await(() -> db.management().isCheckpointStarved()), "starvation was not detected");
                assertEquals(1L, metrics.getGauges().get("trimtab.database.pinned.checkpointStarvations").getValue());
                reader.commit();
            }
            assertTrue(await(() -> !db.management().isCheckpointStarved()), "starvation did not end");
            CheckpointResult last = db.management().getLastCheckpoint();
            assertTrue(last.completed(), last.toString());
            assertEquals(rows, count(db.dataSource(), "t"));
            assertFalse(db.management().isCheckpointStarved());
        }
    }

    @Test
    void aContinuousWriterDoesNotGrowTheWalWithoutBound() throws Exception {
        try (Databases databases = new Databases(SqliteTesting.context(dataDir), DatabaseDefaults.STANDARD)) {
            ManagedDatabase db = databases.open("bounded", Path.of("bounded.db"), Profile.SAFE_WAL);
            execute(db.dataSource(), "CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)");
            Path wal = Path.of(db.path() + "-wal");
            String payload = "y".repeat(3000);
            long largestWal = 0;
            long written = 0;
            boolean rewound = false;
            while (written < 120L << 20) { // 120 MiB of rows, far beyond the log's bound
                written += db.inWriteTransaction(c -> insertTen(c, payload)) * 3_000L;
                largestWal = Math.max(largestWal, java.nio.file.Files.size(wal));
                CheckpointResult last = db.management().getLastCheckpoint();
                rewound |= last != null && last.mode().equals("RESTART") && last.completed();
            }
            // How long the log gets depends on how fast the disk takes the copies; that it is rewound does not.
            assertTrue(rewound, "no RESTART checkpoint completed");
            assertTrue(largestWal < written, "the WAL grew to " + largestWal + " bytes for " + written + " written");
            assertEquals(written / 3_000, count(db.dataSource(), "t"));
        }
    }

    /**
     * A writer that commits transaction after transaction on a pooled connection of its own, not through the write
     * helper, so nothing holds it back for the RESTART, and that holds the write lock for all but a few
     * microseconds between its transactions: the checkpoint still finds one of those gaps.
     */
    @Test
    void aContinuousWriterOutsideTheWriteHelperDoesNotKeepTheWalFromBeingRewound() throws Exception {
        try (Databases databases = new Databases(SqliteTesting.context(dataDir), DatabaseDefaults.STANDARD)) {
            ManagedDatabase db = databases.open("around", Path.of("around.db"), Profile.SAFE_WAL);
            execute(db.dataSource(), "CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)");
            String payload = "z".repeat(3000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long rows = 0;
            boolean rewound = false;
            try (Connection c = db.pool().getConnection()) {
                c.setAutoCommit(false);
                while (!rewound && System.nanoTime() < deadline) {
                    for (int i = 0; i < 10; i++) {
                        rows += insertTen(c, payload);
                    }
                    c.commit();
                    CheckpointResult last = db.management().getLastCheckpoint();
                    rewound = last != null && last.mode().equals("RESTART") && last.completed();
                }
            }
            assertTrue(rewound, "no RESTART checkpoint completed in 30 s");
            assertEquals(rows, count(db.dataSource(), "t"));
        }
    }

    /** Inserts ten rows of {@code payload}; returns ten. */
    private static int insertTen(Connection c, String payload) throws java.sql.SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (payload) VALUES (?)")) {
            for (int i = 0; i < 10; i++) {
                insert.setString(1, payload);
                insert.executeUpdate();
            }
        }
        return 10;
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return false;
    }
}
