package io.trimtab.mbeans.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.optimizer.SignalRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a VACUUM holds the maintenance connection, the optimizer's sampling of the database goes on: every signal
 * that needs the connection gives up within its own timeout and is skipped, the index advisor answers its last
 * result as busy, and the VACUUM finishes once it can.
 */
class SamplingDuringVacuumTest {

    @TempDir
    Path dataDir;

    private Databases databases;
    private ManagedDatabase db;

    @BeforeEach
    void aFileWithFreePagesAndAProposedIndex() throws Exception {
        databases = new Databases(SqliteTesting.context(dataDir), DatabaseDefaults.STANDARD);
        db = databases.open("vacuumed", Path.of("vacuumed.db"), Profile.SAFE_WAL);
        try (Connection c = db.pool().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, author TEXT, body TEXT)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
                    + " INSERT INTO notes SELECT i, 'author ' || i, printf('%.500c', 'x') FROM n");
            s.execute("DELETE FROM notes WHERE id % 2 = 0");
        }
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement byAuthor = c.prepareStatement("SELECT id FROM notes WHERE author = ?")) {
            byAuthor.setString(1, "author 7");
            try (ResultSet rs = byAuthor.executeQuery()) {
                assertTrue(rs.next());
            }
        }
        assertEquals(1, db.management().indexSuggestions().size());
        assertEquals("ok", db.management().getLastIndexAdvice().outcome());
    }

    @AfterEach
    void close() {
        databases.close();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void signalsAreSampledAndAdviceAnswersBusyWhileAVacuumWaits() throws Exception {
        SignalRegistry registry = new SignalRegistry(16);
        DatabaseSignals.bind(db, registry);
        CompletableFuture<MaintenanceResult> vacuum;
        // A writer's open transaction keeps the VACUUM waiting on the maintenance connection, as long as it likes:
        // a VACUUM of a large file, made to last.
        try (Connection writer = db.pool().getConnection(); Statement s = writer.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("INSERT INTO notes (author, body) VALUES ('writer', 'holds the write lock')");
            vacuum = CompletableFuture.supplyAsync(() -> db.management().vacuum());
            while (db.management().getPages() != -1) { // the attribute read gave up: maintenance holds the connection
                assertFalse(vacuum.isDone(), () -> "the VACUUM cannot finish while the writer holds its lock: "
                        + vacuum.join());
            }
            for (int sample = 1; sample <= 3; sample++) {
                int read = registry.sample(System.currentTimeMillis());
                assertTrue(read >= 4, "walBytes, the query figures and fullScanQueries need no maintenance: " + read);
            }
            assertFalse(vacuum.isDone(), "three samples were taken while the VACUUM waited; none waited for it");
            assertEquals(3, registry.window("db.vacuumed.queryP99Millis").orElseThrow().size());
            assertEquals(1.0, registry.window("db.vacuumed.fullScanQueries").orElseThrow().latest(),
                    "the suggestion of the run before");
            assertEquals("busy", db.management().getLastIndexAdvice().outcome(),
                    db.management().getLastIndexAdvice().toString());
            assertTrue(db.management().getLastIndexAdvice().detail().startsWith("maintenance (a VACUUM, a checkpoint or"
                    + " CREATE INDEX) holds the connection; the suggestions are from the run at "),
                    db.management().getLastIndexAdvice().detail());
            s.execute("COMMIT");
        }
        MaintenanceResult done = vacuum.get(50, TimeUnit.SECONDS);
        assertEquals("ok", done.outcome(), done.toString());
        assertTrue(done.attempts() >= 1, done.toString());
        registry.sample(System.currentTimeMillis());
        assertEquals(0.0, registry.window("db.vacuumed.freelistRatio").orElseThrow().latest(),
                "read again once the VACUUM is done: it freed every page");
    }
}
