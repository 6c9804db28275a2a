package io.trimtab.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.TrimtabBuilder;
import io.trimtab.mbeans.optimizer.JournalEntry;
import io.trimtab.mbeans.optimizer.RuleMode;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.mbeans.sqlite.DatabaseListener;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import io.trimtab.testing.Orders;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Databases opened through the runtime publish their signals and operations to the optimizer. */
class DatabaseSignalsTest {

    private static final List<String> SIGNALS = List.of("freelistRatio", "fullScanQueries", "queryP99Millis",
            "secondsSinceOptimize", "walBytes", "writesSinceOptimize");

    @TempDir
    Path dataDir;

    private TrimtabBuilder builder(String name) {
        return Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dataDir).jolokiaPort(0)
                .setting("jobs.sampling", "1h").setting("jobs.optimizationCycle", "1h");
    }

    @Test
    void aFileInIncrementalAutoVacuumModeIsOfferedIncrementalVacuum() throws Exception {
        Path file = dataDir.resolve("incremental.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("PRAGMA auto_vacuum=INCREMENTAL");
            s.executeUpdate("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, note TEXT)");
        }
        try (Trimtab trimtab = builder("dbvac").start()) {
            ManagedDatabase db = trimtab.databases().open("incremental", file, Profile.SAFE_WAL);
            Orders.insert(db, 1, 600, 50, 1024);
            db.inWriteTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("DELETE FROM orders WHERE id <= 500");
                }
            });
            long free = db.management().getFreelistPages();
            assertTrue(free > 0, "deleting rows leaves free pages");
            String vacuumed = trimtab.optimizer().signals().operation("db.incremental.incrementalVacuum").orElseThrow()
                    .action().call();
            assertTrue(vacuumed.startsWith("incrementalVacuum:"), vacuumed);
            assertTrue(db.management().getFreelistPages() < free, vacuumed);
        }
    }

    @Test
    void anOpenDatabasePublishesPlausibleSignalsAndTheyGoWhenItCloses() throws Exception {
        SignalRegistry signals;
        try (Trimtab trimtab = builder("dbsig").start()) {
            signals = trimtab.optimizer().signals();
            ManagedDatabase db = trimtab.databases().open("orders", Path.of("orders.db"), Profile.SAFE_WAL);
            assertEquals(SIGNALS.stream().map(f -> "db.orders." + f).toList(),
                    signals.signalNames().stream().filter(n -> n.startsWith("db.")).toList());
            for (String op : List.of("checkpointPassive", "checkpointRestart", "checkpointTruncate", "optimize",
                    "applyIndexSuggestion")) {
                assertTrue(signals.operation("db.orders." + op).isPresent(), op);
            }
            assertTrue(signals.operation("db.orders.incrementalVacuum").isEmpty(),
                    "a file not in auto_vacuum=INCREMENTAL is offered no incremental vacuum");

            Orders.createTable(db);
            for (int i = 0; i < 20; i++) {
                Orders.countByCustomer(db, i);
            }
            // The first sample asks the index advisor; its count is then reused for a minute.
            assertEquals(1.0, sample(trimtab, "db.orders.fullScanQueries"), "the advisor sees the scan by customer");
            assertTrue(sample(trimtab, "db.orders.queryP99Millis") > 0);
            double walBefore = sample(trimtab, "db.orders.walBytes");
            Orders.insert(db, 1, 600, 50, 1024);
            assertTrue(sample(trimtab, "db.orders.walBytes") > walBefore);
            assertEquals(600.0, sample(trimtab, "db.orders.writesSinceOptimize"));

            db.inWriteTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("DELETE FROM orders WHERE id <= 500");
                }
            });
            assertEquals(1100.0, sample(trimtab, "db.orders.writesSinceOptimize"));
            double freelist = sample(trimtab, "db.orders.freelistRatio");
            assertTrue(freelist > 0.3 && freelist < 1, "freelistRatio " + freelist);

            String applied = signals.operation("db.orders.applyIndexSuggestion").orElseThrow().action().call();
            assertTrue(applied.matches("(kept|rolled back): CREATE INDEX .*customer.*"), applied);
            assertEquals(0.0, sample(trimtab, "db.orders.fullScanQueries"), "counted again after applying");

            await(() -> sample(trimtab, "db.orders.secondsSinceOptimize") >= 1.0);
            long before = System.nanoTime();
            assertTrue(signals.operation("db.orders.optimize").orElseThrow().action().call().startsWith("optimize: "));
            double secondsSince = sample(trimtab, "db.orders.secondsSinceOptimize");
            assertTrue(secondsSince <= (System.nanoTime() - before) / 1e9 + 0.01, "reset by optimize: " + secondsSince);
            assertEquals(0.0, sample(trimtab, "db.orders.writesSinceOptimize"));

            String truncated = signals.operation("db.orders.checkpointTruncate").orElseThrow().action().call();
            assertTrue(truncated.startsWith("TRUNCATE checkpoint completed"), truncated);
            assertEquals(0.0, sample(trimtab, "db.orders.walBytes"));
        }
        assertTrue(signals.signalNames().stream().noneMatch(n -> n.startsWith("db.orders.")), signals.signalNames().toString());
        assertTrue(signals.operation("db.orders.optimize").isEmpty());
    }

    @Test
    void theWalGrowthRuleCheckpointsARealDatabaseInAutoMode() throws Exception {
        long limit = 256 * 1024;
        try (Trimtab trimtab = builder("dbwal").setting("optimizer.mode", "auto").setting("optimizer.minHoldMillis", "0")
                .setting("optimizer.verifySamples", "1").start()) {
            trimtab.optimizer().updateRule("db.walGrowth", b -> b.threshold(limit).clearThreshold(limit / 4).cooldownMillis(0));
            // A busy CPU on the test machine would make maintenance wait; not what this test is about.
            trimtab.optimizer().updateRule("jvm.cpuProcessHigh", b -> b.mode(RuleMode.OFF));
            trimtab.optimizer().updateRule("jvm.cpuSystemHigh", b -> b.mode(RuleMode.OFF));
            ManagedDatabase db = trimtab.databases().open("wal", Path.of("wal.db"), Profile.SAFE_WAL);
            Orders.createTable(db);
            Orders.insert(db, 1, 1000, 50, 1024);
            assertTrue(db.management().getWalSizeBytes() > limit, "WAL " + db.management().getWalSizeBytes());

            for (int i = 0; i < 20 && db.management().getWalSizeBytes() > limit; i++) {
                trimtab.optimizer().sample();
                trimtab.optimizer().runCycle();
            }
            assertTrue(db.management().getWalSizeBytes() <= limit, "WAL " + db.management().getWalSizeBytes());
            List<JournalEntry> applied = trimtab.optimizer().journal(100).stream()
                    .filter(e -> e.rule().equals("db.walGrowth") && e.kind().equals("applied")).toList();
            assertTrue(applied.stream().anyMatch(e -> e.target().equals("db.wal.checkpointPassive")), applied.toString());
            assertTrue(applied.stream().anyMatch(e -> e.target().equals("db.wal.checkpointTruncate")
                    && e.outcome().startsWith("TRUNCATE checkpoint completed")), applied.toString());
            assertTrue(db.management().getCheckpoints() >= applied.size());
        }
    }

    @Test
    void aListenerThatThrowsBreaksNeitherOpenNorClose() throws Exception {
        AtomicInteger told = new AtomicInteger();
        try (Trimtab trimtab = builder("dblisten").start()) {
            trimtab.databases().addListener(new DatabaseListener() {
                @Override
                public void opened(ManagedDatabase database) {
                    told.incrementAndGet();
                    throw new IllegalStateException("listener broken on purpose");
                }

                @Override
                public void closing(ManagedDatabase database) {
                    told.incrementAndGet();
                    throw new IllegalStateException("listener broken on purpose");
                }
            });
            ManagedDatabase db = trimtab.databases().open("l", Path.of("l.db"), Profile.SAFE_WAL);
            Orders.createTable(db);
            assertTrue(trimtab.optimizer().signals().window("db.l.walBytes").isPresent());
            assertEquals(1, told.get());
        }
        assertEquals(2, told.get());
    }

    @Test
    void aDatabaseWhoseNameIsNoSignalWordIsOpenedButNotPublished() {
        try (Trimtab trimtab = builder("dbname").start()) {
            trimtab.databases().open("a.b", Path.of("ab.db"), Profile.SAFE_WAL);
            assertFalse(trimtab.optimizer().signals().signalNames().stream().anyMatch(n -> n.startsWith("db.")));
            assertThrows(IllegalStateException.class,
                    () -> trimtab.databases().open("a.b", Path.of("other.db"), Profile.SAFE_WAL));
        }
    }

    private static double sample(Trimtab trimtab, String signal) {
        trimtab.optimizer().sample();
        return trimtab.optimizer().signals().window(signal).orElseThrow().latest();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
