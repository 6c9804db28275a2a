package io.trimtab.mbeans.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.sqlite.QueryStats;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** A query is recorded when its rows are exhausted or closed, with the rows stepped: the work, not the first row. */
class MeasuredResultsTest {

    @TempDir
    Path dir;

    private QueryStatistics statistics;
    private DataSource measured;

    @BeforeEach
    void thousandRows() throws SQLException {
        SQLiteDataSource driver = new SQLiteDataSource();
        driver.setUrl("jdbc:sqlite:" + dir.resolve("rows.db"));
        statistics = new QueryStatistics(Clock.systemUTC());
        measured = new MeasuredDataSource(driver, statistics);
        try (Connection c = measured.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            s.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
                    + " INSERT INTO t (v) SELECT 'v' || i FROM n");
        }
    }

    @Test
    void aQueryIsRecordedOnceItsRowsAreExhaustedWithTheRowsRead() throws SQLException {
        try (Connection c = measured.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT v FROM t WHERE id > ?")) {
            select.setInt(1, 400);
            try (ResultSet rs = select.executeQuery()) {
                for (int i = 0; i < 10; i++) {
                    assertTrue(rs.next());
                }
                assertEquals(Optional.empty(), stats("select v from t where id > ?"), "still stepping: not recorded");
                while (rs.next()) {
                    rs.getString(1);
                }
                assertEquals(600, stats("select v from t where id > ?").orElseThrow().rowsRead());
            }
            assertEquals(1, stats("select v from t where id > ?").orElseThrow().calls(), "close records nothing more");
        }
    }

    @Test
    void aQueryClosedEarlyOrWithItsStatementCountsTheRowsSteppedUntilThen() throws SQLException {
        try (Connection c = measured.getConnection(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT v FROM t");
            rs.next();
            rs.next();
            rs.close();
            assertEquals(2, stats("select v from t").orElseThrow().rowsRead());
            ResultSet left = s.executeQuery("SELECT v FROM t WHERE id < 10");
            left.next();
            assertEquals(Optional.empty(), stats("select v from t where id < ?"));
            s.close(); // closes the result set the application left open
            assertEquals(1, stats("select v from t where id < ?").orElseThrow().rowsRead());
        }
    }

    @Test
    void executeThenGetResultSetIsMeasuredLikeExecuteQuery() throws SQLException {
        try (Connection c = measured.getConnection(); Statement s = c.createStatement()) {
            assertTrue(s.execute("SELECT v FROM t WHERE id <= 5"));
            try (ResultSet rs = s.getResultSet()) {
                while (rs.next()) {
                    rs.getString(1);
                }
            }
            QueryStats stats = stats("select v from t where id <= ?").orElseThrow();
            assertEquals(1, stats.calls());
            assertEquals(5, stats.rowsRead());
            assertEquals(0, stats.rows());
        }
    }

    private Optional<QueryStats> stats(String normalized) {
        return statistics.top(100).stream().filter(q -> q.sql().equals(normalized)).findFirst();
    }
}
