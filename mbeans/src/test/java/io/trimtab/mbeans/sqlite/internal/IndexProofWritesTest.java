package io.trimtab.mbeans.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.sqlite.IndexSuggestion;
import io.trimtab.mbeans.sqlite.Profile;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof weighs the writes to the table: replayed in transactions that are rolled back, so no committed row
 * changes, and weighed by their share of the measured time, so an index a rare read wants on a table written all
 * the time is refused.
 */
class IndexProofWritesTest {

    private static final String LOOKUP = "SELECT id FROM users WHERE email = ?";
    private static final String INSERT = "INSERT INTO users (email, payload) VALUES (?, ?)";
    /** Its sample row is in the table already: replayed as INSERT OR REPLACE. */
    private static final String INSERT_WITH_ID = "INSERT INTO users (id, email, payload) VALUES (?, ?, ?)";
    private static final String UPDATE = "UPDATE users SET payload = ? WHERE id = ?";
    private static final String DELETE = "DELETE FROM users WHERE id = ?";
    private static final String CONTENT = "SELECT count(*) || ' ' || total(length(email) + length(payload)) || ' '"
            + " || max(id) || ' ' || (SELECT email || payload FROM users WHERE id = 7) || ' '"
            + " || (SELECT payload FROM users WHERE id = 9) FROM users";

    @TempDir
    Path dir;

    private MaintenanceConnection maintenance;
    private QueryStatistics statistics;

    @BeforeEach
    void users() throws SQLException {
        ConnectionSettings settings = ConnectionSettings.of(Profile.SAFE_WAL, 2048);
        maintenance = new MaintenanceConnection("jdbc:sqlite:" + dir.resolve("users.db"), () -> settings);
        maintenance.use(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, payload TEXT NOT NULL)");
                s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
                        + " INSERT INTO users SELECT i, 'user' || ((i * 7919) % 20000) || '@example.org',"
                        + " 'payload ' || i FROM n");
            }
            return null;
        });
        statistics = new QueryStatistics(Clock.systemUTC());
    }

    @AfterEach
    void close() {
        maintenance.close();
    }

    @Test
    void writesWithASmallShareOfTheTimeAreReTimedAndTheIndexIsKept() throws Exception {
        statistics.record(LOOKUP, new Object[] {"user7@example.org"}, 50_000_000, null, 1);
        statistics.record(INSERT, new Object[] {"new@example.org", "new payload"}, 40_000, 1, 0);
        statistics.record("DELETE FROM users WHERE payload = ?", new Object[] {"gone"}, 80_000_000, 0, 0);
        String content = content();

        IndexSuggestion outcome = applied();
        assertEquals("kept", outcome.status(), outcome.toString());
        assertTrue(outcome.detail().startsWith("1 query and 1 write to users re-timed"), outcome.detail());
        assertTrue(outcome.detail().contains(", its writes x"), outcome.detail());
        assertTrue(outcome.detail().endsWith("; not replayed, so not weighed: " + Fingerprints.id(
                "delete from users where payload = ?") + " (80 ms a call)"), outcome.detail());
        assertEquals(content, content(), "the replayed insert was rolled back");
        assertEquals(1, trimtabIndexes());
    }

    @Test
    void anIndexARareReadWantsOnATableWrittenAllTheTimeIsRefusedForItsInsertCost() throws Exception {
        statistics.record(LOOKUP, new Object[] {"user7@example.org"}, 3_000_000, null, 1);
        for (int i = 0; i < 20_000; i++) {
            statistics.record(INSERT, new Object[] {"new@example.org", "new payload"}, 50_000, 1, 0);
            statistics.record(INSERT_WITH_ID, new Object[] {7, "seven@example.org", "replaced"}, 50_000, 1, 0);
        }
        statistics.record(UPDATE, new Object[] {"changed", 9}, 30_000, 1, 0);
        statistics.record(DELETE, new Object[] {9}, 30_000, 1, 0);
        String content = content();

        IndexSuggestion outcome = applied();
        assertEquals("rolled back", outcome.status(), outcome.toString());
        assertTrue(outcome.detail().startsWith("1 query and 4 writes to users re-timed"), outcome.detail());
        assertTrue(outcome.detail().matches(".*, its writes x\\d\\.\\d{3} \\(100 % of the measured time\\).*"),
                outcome.detail());
        assertTrue(outcome.detail().endsWith("; index dropped"), outcome.detail());
        assertEquals(0, trimtabIndexes());
        assertEquals(content, content(), "no replayed insert, replace, update or delete was committed");
    }

    private IndexSuggestion applied() throws SQLException {
        IndexAdvisor advisor = new IndexAdvisor(statistics, maintenance,
                new IndexProof(statistics, IndexProof.TIMER, IndexProof.WRITE_TIMER), Clock.systemUTC());
        List<IndexSuggestion> proposed = advisor.suggest();
        assertEquals(List.of("trimtab_idx_users_email"), proposed.stream().map(IndexSuggestion::indexName).toList());
        return advisor.apply(proposed.get(0).id());
    }

    private String content() throws SQLException {
        return maintenance.use(c -> MaintenanceConnection.queryString(c, CONTENT));
    }

    private long trimtabIndexes() throws SQLException {
        return maintenance.use(c -> MaintenanceConnection.queryLong(c,
                "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'trimtab_idx_%'"));
    }
}
