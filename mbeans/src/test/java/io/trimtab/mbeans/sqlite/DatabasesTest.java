package io.trimtab.mbeans.sqlite;

import static io.trimtab.mbeans.sqlite.SqliteTesting.count;
import static io.trimtab.mbeans.sqlite.SqliteTesting.execute;
import static io.trimtab.mbeans.sqlite.SqliteTesting.pragma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.ManagementContext;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.management.JMX;
import javax.management.MBeanServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

class DatabasesTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = {"SAFE_WAL", "DURABLE", "READ_MOSTLY"})
    void everyPooledConnectionReadsBackTheProfilesPragmas(Profile profile) throws Exception {
        try (Databases databases = new Databases(SqliteTesting.context(dataDir), new DatabaseDefaults(4096, false))) {
            ManagedDatabase db = databases.open("app", Path.of("app.db"), profile);
            List<Connection> borrowed = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) { // all eight at once: eight distinct pooled connections
                    borrowed.add(db.dataSource().getConnection());
                }
                for (Connection c : borrowed) {
                    assertEquals("wal", pragma(c, "journal_mode"));
                    assertEquals(profile == Profile.DURABLE ? "2" : "1", pragma(c, "synchronous"));
                    assertEquals("5000", pragma(c, "busy_timeout"));
                    assertEquals("1", pragma(c, "foreign_keys"));
                    assertEquals("2", pragma(c, "temp_store"));
                    assertEquals("-4096", pragma(c, "cache_size"));
                    assertEquals("0", pragma(c, "wal_autocheckpoint"));
                    assertEquals(Long.toString(64L << 20), pragma(c, "journal_size_limit"));
                    assertEquals(Long.toString(profile.mmapSizeBytes()), pragma(c, "mmap_size"));
                }
            } finally {
                for (Connection c : borrowed) {
                    c.close();
                }
            }
            assertEquals(dataDir.resolve("app.db").toAbsolutePath(), db.path());
        }
    }

    @Test
    void statementsKeptPreparedSeeSchemaChangesAndHoldNoReadLock() throws Exception {
        try (Databases databases = new Databases(SqliteTesting.context(dataDir), DatabaseDefaults.STANDARD)) {
            ManagedDatabase db = databases.open("kept", Path.of("kept.db"), Profile.SAFE_WAL);
            execute(db.dataSource(), "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT)");
            execute(db.dataSource(), "INSERT INTO t (a) VALUES ('x'), ('y')");
            String select = "SELECT * FROM t ORDER BY id";
            try (Connection c = db.pool().getConnection()) {
                PreparedStatement first = c.prepareStatement(select);
                assertEquals(List.of("1", "x"), firstRow(first));
                JDBC4PreparedStatement driverStatement = first.unwrap(JDBC4PreparedStatement.class);
                first.close();
                try (Connection other = db.pool().getConnection(); Statement alter = other.createStatement()) {
                    alter.execute("ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'new'");
                }
                PreparedStatement again = c.prepareStatement(select);
                assertSame(driverStatement, again.unwrap(JDBC4PreparedStatement.class), "kept prepared by the pool");
                assertEquals(List.of("1", "x", "new"), firstRow(again));
                again.close();

                PreparedStatement unread = c.prepareStatement(select);
                assertTrue(unread.executeQuery().next());
                unread.close(); // its rows neither read to the end nor closed
            }
            execute(db.dataSource(), "INSERT INTO t (a) VALUES ('z')");
            assertTrue(db.management().checkpoint("TRUNCATE").completed());
            assertEquals(0, Files.size(dataDir.resolve("kept.db-wal")));
        }
    }

    private static List<String> firstRow(PreparedStatement statement) throws Exception {
        try (ResultSet rs = statement.executeQuery()) {
            assertTrue(rs.next());
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getString(i));
            }
            return row;
        }
    }

    @Test
    void theMXBeanShowsPragmasAndFilesAndTakesAllowListedPragmas() throws Exception {
        ManagementContext context = SqliteTesting.context(dataDir);
        try (Databases databases = new Databases(context, DatabaseDefaults.STANDARD)) {
            databases.open("orders", Path.of("orders.db"), Profile.SAFE_WAL);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            DatabaseMXBean bean = JMX.newMXBeanProxy(server, context.objectName("Database", "orders"),
                    DatabaseMXBean.class);
            assertEquals("safe-wal", bean.getProfile());
            assertEquals("wal", bean.getJournalMode());
            assertEquals("NORMAL", bean.getSynchronous());
            assertEquals(16_384, bean.getCacheSizeKib());
            assertEquals(5000, bean.getBusyTimeoutMillis());
            assertTrue(bean.getPageSize() >= 512);
            assertTrue(bean.getFileSizeBytes() > 0);

            assertEquals("busy_timeout=7000", bean.setPragma("busy_timeout", "7000"));
            assertEquals(7000, bean.getBusyTimeoutMillis());
            assertEquals(List.of("busy_timeout=7000"), bean.getPragmaOverrides());
            try (Connection c = databases.get("orders").orElseThrow().dataSource().getConnection()) {
                assertEquals("7000", pragma(c, "busy_timeout"));
            }

            bean.applyProfile("durable");
            assertEquals("durable", bean.getProfile());
            assertEquals("FULL", bean.getSynchronous());
            assertEquals(List.of(), bean.getPragmaOverrides());
            try (Connection c = databases.get("orders").orElseThrow().dataSource().getConnection()) {
                assertEquals("2", pragma(c, "synchronous"));
            }
            assertEquals(List.of("ok"), bean.integrityCheck());
            assertEquals(List.of("ok"), bean.quickCheck());
            assertEquals("ok", bean.optimize().outcome());
            assertEquals("optimize", bean.getLastOptimize().operation());
            assertEquals("ok", bean.analyze().outcome());
            assertEquals("ok", bean.vacuum().outcome());
            assertEquals("ok", bean.incrementalVacuum(10).outcome());
        }
        assertTrue(ManagementFactory.getPlatformMBeanServer()
                .queryNames(context.objectName("Database", "orders"), null).isEmpty());
    }

    @Test
    void aTruncateCheckpointLeavesAZeroByteWal() throws Exception {
        try (Databases databases = new Databases(SqliteTesting.context(dataDir), DatabaseDefaults.STANDARD)) {
            ManagedDatabase db = databases.open("wal", Path.of("wal.db"), Profile.SAFE_WAL);
            execute(db.dataSource(), "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            for (int i = 0; i < 200; i++) {
                int n = i;
                db.inWriteTransaction(c -> {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                        insert.setString(1, "row " + n);
                        return insert.executeUpdate();
                    }
                });
            }
            assertTrue(Files.size(Path.of(db.path() + "-wal")) > 0);
            CheckpointResult result = db.management().checkpoint("truncate");
            assertEquals("TRUNCATE", result.mode());
            assertTrue(result.completed(), result.toString());
            assertEquals(0, result.walSizeBytes());
            assertEquals(0, Files.size(Path.of(db.path() + "-wal")));
            assertEquals(result, db.management().getLastCheckpoint());
            assertEquals(200, count(db.dataSource(), "t"));
        }
    }

    @Test
    void closingCheckpointsEverythingIntoTheDatabaseFile() throws Exception {
        Path file;
        try (Databases databases = new Databases(SqliteTesting.context(dataDir), DatabaseDefaults.STANDARD)) {
            ManagedDatabase db = databases.open("close", Path.of("close.db"), Profile.SAFE_WAL);
            file = db.path();
            execute(db.dataSource(), "CREATE TABLE t (id INTEGER PRIMARY KEY)");
            for (int i = 0; i < 50; i++) {
                db.inWriteTransaction(c -> c.createStatement().executeUpdate("INSERT INTO t DEFAULT VALUES"));
            }
        }
        Path wal = Path.of(file + "-wal");
        assertTrue(!Files.exists(wal) || Files.size(wal) == 0);
        try (Databases databases = new Databases(SqliteTesting.context(dataDir), DatabaseDefaults.STANDARD)) {
            assertEquals(50, count(databases.open("close", file, Profile.SAFE_WAL).dataSource(), "t"));
        }
    }

    @Test
    void badInputIsRefusedByNameAndChangesNothing() throws Exception {
        try (Databases databases = new Databases(SqliteTesting.context(dataDir), DatabaseDefaults.STANDARD)) {
            ManagedDatabase db = databases.open("app", Path.of("app.db"), Profile.SAFE_WAL);
            DatabaseMXBean bean = db.management();

            assertMessage("profile must be one of safe-wal, durable, read-mostly, fast-unsafe but was 'turbo'",
                    () -> bean.applyProfile("turbo"));
            assertMessage("profile fast-unsafe is refused: it can lose committed transactions on a power loss;"
                    + " set sqlite.allowUnsafeProfiles=true to allow it", () -> bean.applyProfile("fast-unsafe"));
            assertMessage("profile fast-unsafe is refused: it can lose committed transactions on a power loss;"
                    + " set sqlite.allowUnsafeProfiles=true to allow it",
                    () -> databases.open("unsafe", Path.of("unsafe.db"), Profile.FAST_UNSAFE));
            assertMessage("pragma must be one of synchronous, busy_timeout, foreign_keys, temp_store, cache_size,"
                    + " journal_size_limit, wal_autocheckpoint, mmap_size but was 'journal_mode'",
                    () -> bean.setPragma("journal_mode", "DELETE"));
            assertMessage("pragma must be one of synchronous, busy_timeout, foreign_keys, temp_store, cache_size,"
                    + " journal_size_limit, wal_autocheckpoint, mmap_size but was 'writable_schema'",
                    () -> bean.setPragma("writable_schema", "ON"));
            assertMessage("busy_timeout must be a whole number between 0 and 600000 but was 'soon'",
                    () -> bean.setPragma("busy_timeout", "soon"));
            assertMessage("cache_size must be between 256 and 1048576 but was 10",
                    () -> bean.setPragma("cache_size", "10"));
            assertMessage("synchronous must be one of OFF, NORMAL, FULL, EXTRA but was 'SOMETIMES'",
                    () -> bean.setPragma("synchronous", "sometimes"));
            assertMessage("synchronous=OFF is refused: it can lose committed transactions on a power loss;"
                    + " set sqlite.allowUnsafeProfiles=true to allow it", () -> bean.setPragma("synchronous", "off"));
            assertMessage("checkpoint mode must be one of PASSIVE, FULL, RESTART, TRUNCATE but was 'NOW'",
                    () -> bean.checkpoint("NOW"));
            assertMessage("pages must be between 1 and 1000000 but was 0", () -> bean.incrementalVacuum(0));
            IllegalArgumentException badPath = assertThrows(IllegalArgumentException.class,
                    () -> databases.open("nowhere", Path.of("no-such-dir", "x.db"), Profile.SAFE_WAL));
            assertTrue(badPath.getMessage().startsWith("path '" + dataDir.resolve("no-such-dir/x.db").toAbsolutePath()
                    + "' cannot be opened as a SQLite database"), badPath.getMessage());
            Files.writeString(dataDir.resolve("text.db"), "this is not a database, just some text. ".repeat(100));
            assertThrows(IllegalArgumentException.class,
                    () -> databases.open("text", Path.of("text.db"), Profile.SAFE_WAL));
            assertThrows(IllegalArgumentException.class, () -> databases.open("bad name!", Path.of("b.db"),
                    Profile.SAFE_WAL));
            assertMessage("database 'app' is already open at " + db.path(),
                    IllegalStateException.class, () -> databases.open("app", Path.of("other.db"), Profile.SAFE_WAL));

            assertEquals("safe-wal", bean.getProfile());
            assertEquals(List.of(), bean.getPragmaOverrides());
            assertEquals(5000, bean.getBusyTimeoutMillis());
            assertEquals("NORMAL", bean.getSynchronous());
            assertEquals(Set.of("app"), databases.names());
        }
    }

    @Test
    void unsafeProfilesOpenWhenTheConfigOptsIn() throws Exception {
        try (Databases databases = new Databases(SqliteTesting.context(dataDir), new DatabaseDefaults(1024, true))) {
            ManagedDatabase db = databases.open("fast", Path.of("fast.db"), Profile.FAST_UNSAFE);
            try (Connection c = db.dataSource().getConnection()) {
                assertEquals("0", pragma(c, "synchronous"));
            }
            assertEquals("OFF", db.management().getSynchronous());
            assertFalse(db.management().isCheckpointStarved());
        }
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable executable) {
        assertMessage(expected, IllegalArgumentException.class, executable);
    }

    static void assertMessage(String expected, Class<? extends RuntimeException> type,
                              org.junit.jupiter.api.function.Executable executable) {
        assertEquals(expected, assertThrows(type, executable).getMessage());
    }
}
