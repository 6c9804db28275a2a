package io.trimtab.mbeans.sqlite;

import static io.trimtab.mbeans.sqlite.SqliteTesting.queryString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.mbeans.testing.ManualClock;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kept index that no plan of the workload uses over a long window of the database's clock: reported as
 * {@code unused}, and dropped only by the operation the {@code db.slowFullScan} rule runs in auto mode.
 */
class UnusedIndexTest {

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();
    private Databases databases;
    private ManagedDatabase db;

    @BeforeEach
    void usersWithAnIndexKeptForTheirLookupByEmail() throws Exception {
        databases = open();
        try (Connection c = db.pool().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, flag INTEGER NOT NULL)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)"
                    + " INSERT INTO users SELECT i, 'user' || i || '@example.org', i % 2 FROM n");
        }
        for (int i = 0; i < 3; i++) {
            query("SELECT id FROM users WHERE email = ?", "user" + i + "@example.org");
        }
        IndexSuggestion kept = db.management().applySuggestion(db.management().indexSuggestions().get(0).id());
        assertEquals("kept", kept.status(), kept.toString());
    }

    private Databases open() {
        Databases opened = new Databases(new ManagementContext("test.unused." + System.nanoTime(),
                new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer()), new MetricRegistry(), dataDir, clock),
                DatabaseDefaults.STANDARD);
        db = opened.open("unused", Path.of("unused.db"), Profile.SAFE_WAL);
        return opened;
    }

    @AfterEach
    void close() {
        databases.close();
    }

    @Test
    void unusedForThreeRunsOverAnHourItIsReportedThenDroppedByTheAutoModeOperation() throws Exception {
        DatabaseMXBean bean = db.management();
        IndexSuggestion kept = advisedAfter(Duration.ZERO, true);
        assertEquals("kept", kept.status(), "nothing ran since it was proved: " + kept);
        assertEquals(0, kept.unusedRuns());

        IndexSuggestion first = advisedAfter(Duration.ofMinutes(25), false);
        assertEquals(1, first.unusedRuns(), "only the count by flag ran since: " + first);
        String since = first.unusedSince();
        assertEquals(clock.instant().toString(), since);
        assertEquals(1, advisedAfter(Duration.ofMinutes(10), true).unusedRuns(), "nothing ran: the run counts for nothing");
        assertEquals(2, advisedAfter(Duration.ofMinutes(20), false).unusedRuns());
        IndexSuggestion third = advisedAfter(Duration.ofMinutes(20), false);
        assertEquals("kept", third.status(), "3 runs, but over 50 minutes: " + third);
        assertEquals(3, third.unusedRuns());
        assertEquals(since, third.unusedSince());

        IndexSuggestion unused = advisedAfter(Duration.ofMinutes(15), false);
        assertEquals("unused", unused.status(), "4 runs over 65 minutes: " + unused);
        assertTrue(bean.getLastIndexAdvice().detail().endsWith("; unused for over 1 h, to drop (db.slowFullScan does in"
                + " auto): trimtab_idx_users_email"), bean.getLastIndexAdvice().detail());
        assertEquals(List.of(unused), bean.getKnownIndexSuggestions());
        assertEquals(1, indexes(), "recommend mode only reports it");

        SignalRegistry registry = new SignalRegistry(16);
        DatabaseSignals.bind(db, registry);
        registry.sample(clock.millis());
        assertEquals(1.0, registry.window("db.unused.fullScanQueries").orElseThrow().latest(),
                "an unused index is a suggestion to act on: the rule fires");
        String done = registry.operation("db.unused.applyIndexSuggestion").orElseThrow().action().call();
        assertEquals("dropped unused index trimtab_idx_users_email; no index suggestion to apply", done);
        assertEquals(0, indexes());
        IndexSuggestion dropped = bean.getKnownIndexSuggestions().get(0);
        assertEquals("dropped", dropped.status());
        assertTrue(dropped.detail().endsWith("; dropped as unused: no plan of the workload used it in 4 advice runs"
                + " over 1.1 h since " + since), dropped.detail());
        assertTrue(dropped.detail().startsWith(kept.detail()), "the proof's figures stay: " + dropped.detail());
        assertEquals(List.of(), bean.dropUnusedSuggestedIndexes(), "nothing more to drop");

        databases.close();
        databases = open();
        assertEquals(List.of(dropped), db.management().getKnownIndexSuggestions(), "the outcome survives a restart");
    }

    @Test
    void aPlanThatUsesItAgainStartsTheWindowOverAndTheCountSurvivesARestart() throws Exception {
        advisedAfter(Duration.ZERO, false);
        assertEquals(2, advisedAfter(Duration.ofMinutes(30), false).unusedRuns());
        databases.close();
        databases = open();
        assertEquals(3, advisedAfter(Duration.ofMinutes(40), false).unusedRuns(), "stored with the suggestion");
        IndexSuggestion used = advisedAfter(Duration.ofMinutes(1), true, "user9@example.org");
        assertEquals("kept", used.status());
        assertEquals(0, used.unusedRuns(), "the lookup ran and its plan uses the index: " + used);
        assertEquals("", used.unusedSince());
    }

    /** Advances the clock, runs the count by flag (unless idle) and the lookups given, then asks for advice. */
    private IndexSuggestion advisedAfter(Duration elapsed, boolean idle, String... lookups) throws SQLException {
        clock.advance(elapsed);
        if (!idle) {
            query("SELECT count(*) FROM users WHERE flag + 0 = ?", 1); // no index serves it
        }
        for (String email : lookups) {
            query("SELECT id FROM users WHERE email = ?", email);
        }
        List<IndexSuggestion> suggestions = db.management().indexSuggestions();
        return suggestions.stream().filter(s -> s.indexName().equals("trimtab_idx_users_email")).findFirst()
                .orElseThrow(() -> new AssertionError(suggestions.toString()));
    }

    private void query(String sql, Object parameter) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement query = c.prepareStatement(sql)) {
            query.setObject(1, parameter);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        }
    }

    /** Read on the unmeasured pool, so it is no statement of the workload. */
    private long indexes() throws SQLException {
        try (Connection c = db.pool().getConnection()) {
            return Long.parseLong(queryString(c, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'trimtab_idx_%'"));
        }
    }
}
