package io.trimtab.mbeans.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.sqlite.QueryStats;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/** Statements run through the measured data source over a real SQLite file, and what the statistics make of them. */
class MeasuredStatementsTest {

    @TempDir
    Path dir;

    private QueryStatistics statistics;
    private DataSource measured;

    @BeforeEach
    void open() throws SQLException {
        SQLiteDataSource driver = new SQLiteDataSource();
        driver.setUrl("jdbc:sqlite:" + dir.resolve("measured.db"));
        driver.setJournalMode("WAL");
        statistics = new QueryStatistics(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        measured = new MeasuredDataSource(driver, statistics);
        try (Connection c = measured.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER, v TEXT)");
        }
    }

    @Test
    void everyExecutionIsCountedWithItsRowsAndLiteralsFoldIntoOneFingerprint() throws SQLException {
        try (Connection c = measured.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
                for (int i = 0; i < 100; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "row " + i);
                    insert.executeUpdate();
                }
                for (int i = 0; i < 10; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "batched " + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                for (int i = 0; i < 7; i++) {
                    s.executeUpdate("UPDATE t SET v = 'changed' WHERE k = " + i);
                }
                s.addBatch("DELETE FROM t WHERE id = 1");
                s.addBatch("DELETE FROM t WHERE id = 2");
                s.executeBatch();
            }
        }
        QueryStats insert = stats("insert into t (k, v) values (?, ?)");
        assertEquals(101, insert.calls(), "100 single inserts and one batch");
        assertEquals(110, insert.rows());
        QueryStats update = stats("update t set v = ? where k = ?");
        assertEquals(7, update.calls());
        assertEquals(14, update.rows(), "each k matches one single and one batched row");
        QueryStats delete = stats("delete from t where id = ?");
        assertEquals(1, delete.calls(), "a batch counts as one execution, under its first statement");
        assertEquals(2, delete.rows());
        assertEquals(100 + 10 + 14 + 2, statistics.changedRows());
    }

    @Test
    void transactionControlIsNotTracked() throws SQLException {
        try (Connection c = measured.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 3; i++) {
                s.execute("BEGIN IMMEDIATE");
                s.executeUpdate("INSERT INTO t (k) VALUES (1)");
                s.execute("COMMIT");
            }
        }
        Set<String> tracked = new HashSet<>();
        statistics.top(100).forEach(stats -> tracked.add(stats.sql()));
        assertEquals(Set.of("create table t (id integer primary key, k integer, v text)", "insert into t (k) values (?)"),
                tracked);
        assertEquals(3, stats("insert into t (k) values (?)").calls());
        assertEquals(0, statistics.untracked());
    }

    @Test
    void theFirstExecutionsParametersBecomeTheSample() throws SQLException {
        String select = "SELECT v FROM t WHERE k = ? AND v = ? AND id = ?";
        try (Connection c = measured.getConnection()) {
            try (PreparedStatement first = c.prepareStatement(select)) {
                first.setInt(1, 42);
                first.setString(2, "forty-two");
                first.setNull(3, Types.INTEGER);
                first.executeQuery().close();
                first.setInt(1, 43);
                first.executeQuery().close();
            }
            try (PreparedStatement second = c.prepareStatement(select)) {
                second.setInt(1, 44);
                second.setString(2, "other");
                second.setInt(3, 1);
                second.executeQuery().close();
            }
        }
        QueryStatistics.Entry entry = statistics.entry(stats("select v from t where k = ? and v = ? and id = ?").fingerprint());
        assertEquals(select, entry.sample.sql());
        assertArrayEquals(new Object[] {42, "forty-two", null}, entry.sample.parameters());
        assertEquals(3, entry.calls.sum());
    }

    @Test
    void aStatementOverTheSlowThresholdIsAlwaysLogged() throws SQLException {
        statistics.slowThresholdMillis(60_000);
        select(20);
        assertTrue(statistics.slowQueries().isEmpty(), "nothing takes a minute");
        statistics.slowThresholdMillis(0);
        select(20);
        assertEquals(20, statistics.slowQueries().size(), "every execution at or over the threshold is logged");
        assertEquals("select v from t where k = ?", statistics.slowQueries().get(0).sql());
    }

    @Test
    void callsAreCountedExactlyFromConcurrentThreads() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(() -> {
                    select(500);
                    return null;
                });
            }
            for (Future<Void> done : threads.invokeAll(work)) {
                done.get();
            }
        } finally {
            threads.shutdown();
        }
        assertEquals(2_000, stats("select v from t where k = ?").calls());
    }

    @Test
    void driverErrorsReachTheCallerUnwrappedAndTheProxiesBehaveLikeTheirTargets() throws SQLException {
        try (Connection c = measured.getConnection(); Statement s = c.createStatement()) {
            SQLException missing = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM missing"));
            assertTrue(missing.getMessage().contains("no such table"), missing.getMessage());
            assertSame(c, s.getConnection(), "statements lead back to the measured connection");
            assertNotNull(c.unwrap(SQLiteConnection.class));
            assertTrue(c.isWrapperFor(SQLiteConnection.class));
            assertEquals(c, c);
            assertEquals(c.hashCode(), c.hashCode());
            assertFalse(c.equals(measured.getConnection()));
        }
        assertSame(measured, measured.unwrap(MeasuredDataSource.class));
        assertNotNull(measured.unwrap(SQLiteDataSource.class));
    }

    @Test
    void statementsBeyondTheFingerprintLimitAreCountedAsUntracked() {
        int tracked = statistics.top(QueryStatistics.MAX_FINGERPRINTS).size(); // the table's creation
        for (int i = tracked; i < QueryStatistics.MAX_FINGERPRINTS; i++) {
            statistics.record("SELECT 1 AS c" + i, null, 1_000, null, 0);
        }
        for (int i = 0; i < 3; i++) {
            statistics.record("SELECT 1 AS beyond", null, 1_000, null, 0);
            statistics.record("SELECT 1 AS c" + tracked, null, 1_000, null, 0);
        }
        assertEquals(3, statistics.untracked());
        assertEquals(QueryStatistics.MAX_FINGERPRINTS, statistics.top(QueryStatistics.MAX_FINGERPRINTS + 1).size());
        assertEquals(4, stats("select ? as c" + tracked).calls(), "fingerprints already tracked go on counting");
    }

    private void select(int times) throws SQLException {
        try (Connection c = measured.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT v FROM t WHERE k = ?")) {
            for (int i = 0; i < times; i++) {
                select.setInt(1, i);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                }
            }
        }
    }

    private QueryStats stats(String normalized) {
        return statistics.top(QueryStatistics.MAX_FINGERPRINTS).stream()
                .filter(stats -> stats.sql().equals(normalized)).findFirst()
                .orElseThrow(() -> new AssertionError(normalized + " not in " + statistics.top(100)));
    }
}
