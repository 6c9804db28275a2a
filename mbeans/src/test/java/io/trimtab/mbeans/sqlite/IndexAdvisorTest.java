package io.trimtab.mbeans.sqlite;

import static io.trimtab.mbeans.sqlite.SqliteTesting.queryString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexAdvisorTest {

    private static final int ROWS = 100_000;

    @TempDir
    Path dataDir;

    private Databases databases;
    private ManagedDatabase db;

    @BeforeEach
    void hundredThousandUsers() throws SQLException {
        databases = new Databases(SqliteTesting.context(dataDir), DatabaseDefaults.STANDARD);
        db = databases.open("advised", Path.of("advised.db"), Profile.SAFE_WAL);
        // Loaded through the unmeasured pool: the workload is the lookups, not a bulk load the proof would weigh.
        try (Connection c = db.pool().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, flag INTEGER NOT NULL,"
                        + " payload TEXT NOT NULL)");
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO users (email, flag, payload) VALUES (?, 1, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    insert.setString(1, "user" + i + "@example.org");
                    insert.setString(2, "payload of user " + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
    }

    @AfterEach
    void close() {
        databases.close();
    }

    @Test
    void aWhereOnAnUnindexedColumnGetsAnIndexThatIsProvedAndKept() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals("payload of user " + (ROWS - 1 - i), selectByEmail("user" + (ROWS - 1 - i) + "@example.org"));
        }
        DatabaseMXBean bean = db.management();
        QueryStats top = bean.topQueries(10).get(0);
        assertEquals("select * from users where email = ?", top.sql());
        assertEquals(5, top.calls());

        assertEquals(List.of(), bean.getKnownIndexSuggestions(), "nothing is known before the advisor is asked");
        List<IndexSuggestion> suggestions = bean.indexSuggestions();
        assertEquals(1, suggestions.size(), suggestions.toString());
        assertEquals(suggestions, bean.getKnownIndexSuggestions());
        IndexSuggestion suggestion = suggestions.get(0);
        assertEquals("users", suggestion.table());
        assertEquals(List.of("email"), suggestion.columns());
        assertEquals("CREATE INDEX trimtab_idx_users_email ON users (email)", suggestion.createSql());
        assertTrue(suggestion.planBefore().matches("SCAN (TABLE )?users"), suggestion.planBefore());
        assertEquals(top.fingerprint(), suggestion.fingerprint());
        assertEquals("proposed", suggestion.status());
        assertEquals(List.of(top.fingerprint()), suggestion.servedFingerprints());
        assertTrue(suggestion.plannedWith().contains("USING INDEX trimtab_idx_users_email"), suggestion.plannedWith());

        IndexSuggestion applied = bean.applySuggestion(suggestion.id());
        assertEquals("kept", applied.status(), applied.toString());
        assertTrue(applied.planAfter().contains("USING INDEX trimtab_idx_users_email"), applied.planAfter());
        assertTrue(applied.afterMicros() < applied.beforeMicros(), applied.toString());
        assertTrue(applied.timeRatio() > 0 && applied.timeRatio() < 0.9, applied.toString());
        assertTrue(applied.detail().matches("1 query and 0 writes to users re-timed, \\d+ runs each without and \\d+"
                + " with; the workload's time x.* faster beyond the noise"), applied.detail());
        try (Connection c = db.dataSource().getConnection()) {
            assertTrue(plan(c).contains("USING INDEX trimtab_idx_users_email"), plan(c));
        }
        assertEquals(List.of("kept"), bean.getKnownIndexSuggestions().stream().map(IndexSuggestion::status).toList());
        assertEquals(List.of("kept"), bean.indexSuggestions().stream().map(IndexSuggestion::status).toList());
        assertEquals("payload of user 7", selectByEmail("user7@example.org"));

        assertThrows(IllegalStateException.class, () -> bean.applySuggestion(suggestion.id()));
        assertEquals("index must be one created by applySuggestion, one of [trimtab_idx_users_email], but was"
                + " 'sqlite_autoindex_users_1'", assertThrows(IllegalArgumentException.class,
                () -> bean.dropSuggestedIndex("sqlite_autoindex_users_1")).getMessage());
        assertEquals("dropped", bean.dropSuggestedIndex("trimtab_idx_users_email").status());
        try (Connection c = db.dataSource().getConnection()) {
            assertFalse(plan(c).contains("trimtab_idx_users_email"));
        }
    }

    @Test
    void aRestartKeepsTheOutcomesAndDropsAnIndexWhoseProofWasInterrupted() throws Exception {
        for (int i = 0; i < 3; i++) {
            selectByEmail("user" + i + "@example.org");
        }
        IndexSuggestion kept = db.management().applySuggestion(db.management().indexSuggestions().get(0).id());
        assertEquals("kept", kept.status(), kept.toString());
        databases.close();

        databases = new Databases(SqliteTesting.context(dataDir), DatabaseDefaults.STANDARD);
        db = databases.open("advised", Path.of("advised.db"), Profile.SAFE_WAL);
        assertEquals(List.of(kept), db.management().indexSuggestions(), "no statement ran since: only the outcome");
        assertEquals("no statements", db.management().getLastIndexAdvice().outcome());
        assertEquals("dropped", db.management().dropSuggestedIndex(kept.indexName()).status(), "known after a restart");
        databases.close();

        // As if the process had died while proving the index: created, and recorded as applying.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("advised.db"));
             Statement s = c.createStatement()) {
            s.execute(kept.createSql());
            s.execute("UPDATE trimtab_index_suggestions SET status = 'applying'");
        }
        databases = new Databases(SqliteTesting.context(dataDir), DatabaseDefaults.STANDARD);
        db = databases.open("advised", Path.of("advised.db"), Profile.SAFE_WAL);
        IndexSuggestion interrupted = db.management().indexSuggestions().get(0);
        assertEquals("rolled back", interrupted.status(), interrupted.toString());
        try (Connection c = db.dataSource().getConnection()) {
            assertEquals("0", queryString(c, "SELECT count(*) FROM sqlite_schema WHERE name = '" + kept.indexName() + "'"));
        }
    }

    @Test
    void anIndexTwoQueriesUseIsProposedOnceAndProvedOnBoth() throws Exception {
        for (int i = 0; i < 3; i++) {
            selectByEmail("user" + i + "@example.org");
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement range = c.prepareStatement("SELECT count(*) FROM users WHERE email BETWEEN ? AND ?")) {
                range.setString(1, "user500");
                range.setString(2, "user501");
                try (ResultSet rs = range.executeQuery()) {
                    rs.next();
                }
            }
        }
        DatabaseMXBean bean = db.management();
        List<IndexSuggestion> suggestions = bean.indexSuggestions();
        assertEquals(List.of("trimtab_idx_users_email"), suggestions.stream().map(IndexSuggestion::indexName).toList());
        assertEquals(2, suggestions.get(0).servedFingerprints().size(), suggestions.toString());

        IndexSuggestion applied = bean.applySuggestion(suggestions.get(0).id());
        assertEquals("kept", applied.status(), applied.toString());
        assertTrue(applied.detail().startsWith("2 queries and 0 writes to users re-timed"), applied.detail());

        // What an operator reads over JMX: the records as open types.
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = server.queryNames(new ObjectName(
                "test.sqlite*:type=Database,name=advised"), null).stream()
                .filter(n -> server.isRegistered(n)).reduce((a, b) -> b).orElseThrow();
        DatabaseMXBean proxy = JMX.newMXBeanProxy(server, name, DatabaseMXBean.class);
        assertEquals(bean.getLastIndexAdvice(), proxy.getLastIndexAdvice());
        assertEquals(List.of(applied), proxy.indexSuggestions());
    }

    @Test
    void indexesNoPlanOfTheWorkloadUsesAreReportedUniqueOnesAside() throws Exception {
        SqliteTesting.execute(db.dataSource(), "CREATE INDEX users_by_payload ON users (payload)");
        SqliteTesting.execute(db.dataSource(), "CREATE INDEX users_by_email ON users (email)");
        SqliteTesting.execute(db.dataSource(), "CREATE UNIQUE INDEX users_unique_flag_email ON users (flag, email)");
        for (int i = 0; i < 3; i++) {
            selectByEmail("user" + i + "@example.org");
        }
        SqliteTesting.execute(db.dataSource(), "DELETE FROM users WHERE payload = 'gone'"); // a write reads an index too
        db.management().indexSuggestions();
        IndexAdvice advice = db.management().getLastIndexAdvice();
        assertEquals(List.of(), advice.unusedIndexes(), "email serves the lookup, payload the delete: " + advice);

        SqliteTesting.execute(db.dataSource(), "CREATE INDEX users_by_flag ON users (flag)");
        db.management().indexSuggestions();
        assertEquals(List.of("users_by_flag on users"), db.management().getLastIndexAdvice().unusedIndexes());
    }

    @Test
    void anIndexThePlannerWouldNotUseIsNeverProposed() throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement select = c.prepareStatement("SELECT count(*) FROM users WHERE flag = ? AND payload <> ''")) {
            select.setInt(1, 1);
            for (int i = 0; i < 3; i++) {
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    assertEquals(ROWS, rs.getInt(1));
                }
            }
        }
        DatabaseMXBean bean = db.management();
        // flag has one value: on the sampled statistics the what-if planner keeps scanning, so nothing is built.
        assertEquals(List.of(), bean.indexSuggestions());
        IndexAdvice advice = bean.getLastIndexAdvice();
        assertEquals("ok", advice.outcome(), advice.toString());
        assertEquals(1, advice.statements(), advice.toString());
        assertTrue(advice.candidates() >= 1, advice.toString());
        assertEquals(0, advice.proposed(), advice.toString());
        try (Connection c = db.dataSource().getConnection()) {
            assertEquals("0", queryString(c, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'trimtab_idx_%'"));
        }
    }

    @Test
    void aStatementTheParserCannotReadIsCountedAndSkipped() throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement select = c.prepareStatement("SELECT payload FROM users WHERE flag = -+-1 AND email = ?")) {
            select.setString(1, "user7@example.org");
            try (ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next(), "SQLite runs it");
            }
        }
        DatabaseMXBean bean = db.management();
        assertEquals(0, bean.getUnparsedStatements());
        assertEquals(List.of(), bean.indexSuggestions(), "no index on email is guessed from the text");
        assertEquals(1, bean.getUnparsedStatements());
    }

    @Test
    void unknownSuggestionIdsAreRefused() {
        assertEquals("suggestion id must be one of [] but was 'nope'; call indexSuggestions() first",
                assertThrows(IllegalArgumentException.class, () -> db.management().applySuggestion("nope")).getMessage());
        assertEquals("n must be between 1 and 100 but was 0",
                assertThrows(IllegalArgumentException.class, () -> db.management().topQueries(0)).getMessage());
    }

    @Test
    void slowExecutionsAreLoggedAndBoundedByTheThreshold() throws Exception {
        DatabaseMXBean bean = db.management();
        bean.setSlowQueryThresholdMillis(1);
        selectByEmail("nobody@example.org"); // a full scan of 100k rows: well over a millisecond
        assertFalse(bean.getSlowQueries().isEmpty());
        List<SlowQuery> slow = bean.getSlowQueries();
        assertEquals("select * from users where email = ?", slow.get(slow.size() - 1).sql());
        assertThrows(IllegalArgumentException.class, () -> bean.setSlowQueryThresholdMillis(0));
        assertEquals(1, bean.getSlowQueryThresholdMillis());
    }

    private String selectByEmail(String email) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement select = c.prepareStatement("SELECT * FROM users WHERE email = ?")) {
            select.setString(1, email);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString("payload") : null;
            }
        }
    }

    private static String plan(Connection c) throws SQLException {
        queryString(c, "SELECT count(*) FROM sqlite_schema"); // EXPLAIN alone would not notice a schema change
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN SELECT payload FROM users WHERE email = 'x'")) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString("detail"));
            }
            return plan.toString();
        }
    }
}
