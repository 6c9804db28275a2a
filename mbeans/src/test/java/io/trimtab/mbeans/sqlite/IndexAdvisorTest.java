package io.trimtab.mbeans.sqlite;

import static io.trimtab.mbeans.sqlite.SqliteTesting.queryString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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
        db.inWriteTransaction(c -> {
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
            return null;
        });
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        databases.close();
    }

    @Test
    void aWhereOnAnUnindexedColumnGetsAnIndexThatIsProvedAndKept() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals("payload of user " + (ROWS - 1 - i), selectByEmail("user" + (ROWS - 1 - i) + "@example.org"));
        }
        DatabaseMXBean bean = db.management();
        QueryStats top = bean.topQueries(10).stream().filter(q -> q.sql().startsWith("select")).findFirst()
                .orElseThrow(); // the other is the batch insert that filled the table
        assertEquals("select payload from users where email = ?", top.sql());
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

        IndexSuggestion applied = bean.applySuggestion(suggestion.id());
        assertEquals("kept", applied.status(), applied.toString());
        assertTrue(applied.planAfter().contains("USING INDEX trimtab_idx_users_email"), applied.planAfter());
        assertTrue(applied.afterMicros() < applied.beforeMicros(), applied.toString());
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
    void aSuggestionThatDoesNotHelpIsRolledBack() throws Exception {
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
        IndexSuggestion suggestion = bean.indexSuggestions().get(0);
        assertEquals(List.of("flag"), suggestion.columns());

        IndexSuggestion outcome = bean.applySuggestion(suggestion.id());
        assertEquals("rolled back", outcome.status(), outcome.toString());
        // With the index's statistics (one distinct value) the planner keeps scanning: no timing involved.
        assertEquals("the planner does not use the index; index dropped", outcome.detail());
        assertTrue(outcome.beforeMicros() > 0 && outcome.afterMicros() > 0, outcome.toString());
        try (Connection c = db.dataSource().getConnection()) {
            assertEquals("0", queryString(c, "SELECT count(*) FROM sqlite_schema WHERE name = 'trimtab_idx_users_flag'"));
        }
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
        assertEquals("select payload from users where email = ?", slow.get(slow.size() - 1).sql());
        assertThrows(IllegalArgumentException.class, () -> bean.setSlowQueryThresholdMillis(0));
        assertEquals(1, bean.getSlowQueryThresholdMillis());
    }

    private String selectByEmail(String email) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement select = c.prepareStatement("SELECT payload FROM users WHERE email = ?")) {
            select.setString(1, email);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
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
