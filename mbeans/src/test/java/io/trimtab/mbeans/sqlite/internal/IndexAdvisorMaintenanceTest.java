package io.trimtab.mbeans.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.sqlite.IndexSuggestion;
import io.trimtab.mbeans.sqlite.Profile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The advisor never waits on a busy maintenance connection, and a failure after CREATE INDEX leaves no index. */
class IndexAdvisorMaintenanceTest {

    private static final String LOOKUP = "SELECT id FROM users WHERE email = ?";

    @TempDir
    Path dir;

    private MaintenanceConnection maintenance;
    private QueryStatistics statistics;
    private final ExecutorService holder = Executors.newSingleThreadExecutor();

    @BeforeEach
    void usersAndALookupByEmail() throws SQLException {
        ConnectionSettings settings = ConnectionSettings.of(Profile.SAFE_WAL, 2048);
        maintenance = new MaintenanceConnection("jdbc:sqlite:" + dir.resolve("users.db"), () -> settings);
        maintenance.use(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, payload TEXT)");
                s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
                        + " INSERT INTO users SELECT i, 'user' || i || '@example.org', 'payload ' || i FROM n");
            }
            return null;
        });
        statistics = new QueryStatistics(Clock.systemUTC());
        statistics.record(LOOKUP, new Object[] {"user7@example.org"}, 5_000_000, null, 1);
    }

    @AfterEach
    void close() {
        holder.shutdownNow();
        maintenance.close();
    }

    @Test
    void whileMaintenanceHoldsTheConnectionAdviceAnswersItsLastResultAndApplyingRefuses() throws Exception {
        IndexAdvisor advisor = new IndexAdvisor(statistics, maintenance, new IndexProof(statistics, IndexProof.TIMER),
                Clock.systemUTC());
        List<IndexSuggestion> first = advisor.suggest();
        assertEquals(List.of("trimtab_idx_users_email"), first.stream().map(IndexSuggestion::indexName).toList());

        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> longMaintenance = holder.submit(() -> maintenance.use(c -> {
            holding.countDown();
            try {
                release.await(); // a VACUUM that takes as long as the test wants
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holding.await();
        try {
            // If advice waited without a timeout, it would wait here until the release below: forever.
            List<IndexSuggestion> during = assertTimeoutPreemptively(Duration.ofSeconds(30), advisor::suggest);
            assertEquals(first, during);
            assertEquals("busy", advisor.lastAdvice().outcome());
            assertTrue(advisor.lastAdvice().detail().contains("the suggestions are from the run at"),
                    advisor.lastAdvice().detail());
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> assertTimeoutPreemptively(
                    Duration.ofSeconds(30), () -> advisor.apply(first.get(0).id())));
            assertTrue(refused.getMessage().startsWith("busy: "), refused.getMessage());
        } finally {
            release.countDown();
        }
        longMaintenance.get();
        assertEquals(0, trimtabIndexes());
        advisor.suggest();
        assertEquals("ok", advisor.lastAdvice().outcome());
    }

    @Test
    void aFailureAfterCreateIndexDropsTheIndex() throws Exception {
        WorkloadTimer failsWithTheIndex = (c, queries) -> {
            if (MaintenanceConnection.queryLong(c, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'trimtab_idx_%'") > 0) {
                throw new SQLException("disk I/O error while re-timing");
            }
            return IndexProof.TIMER.time(c, queries);
        };
        IndexAdvisor advisor = new IndexAdvisor(statistics, maintenance, new IndexProof(statistics, failsWithTheIndex),
                Clock.systemUTC());
        IndexSuggestion suggestion = advisor.suggest().get(0);
        SQLException failure = assertThrows(SQLException.class, () -> advisor.apply(suggestion.id()));
        assertEquals("disk I/O error while re-timing", failure.getMessage());
        assertEquals(0, trimtabIndexes(), "no orphan index");
        assertEquals("proposed", advisor.suggest().get(0).status());
    }

    private long trimtabIndexes() throws SQLException {
        return maintenance.use(c -> MaintenanceConnection.queryLong(c,
                "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'trimtab_idx_%'"));
    }
}
