package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.advisor.IndexSelection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times statements for {@link IndexProof}, many runs each: a query end to end with every row stepped, a write in
 * a transaction that is rolled back at once, so that nothing it changes is ever committed.
 */
interface WorkloadTimer {

    /** Per-run times in nanoseconds, by fingerprint. */
    Map<String, long[]> time(Connection c, List<IndexSelection.Statement> statements) throws SQLException;

    /**
     * Runs the statements in turn, one warm-up run each and then rounds of one run each, so that a drift in the
     * machine's speed touches every statement alike: up to {@code maxRuns} each within {@code budgetMillis}, and
     * at least {@code minRuns} each unless that takes over three times the budget.
     */
    static WorkloadTimer roundRobin(int minRuns, int maxRuns, long budgetMillis) {
        return (c, statements) -> {
            Map<String, long[]> runs = new LinkedHashMap<>();
            for (IndexSelection.Statement statement : statements) {
                run(c, statement);
                runs.put(statement.fingerprint(), new long[maxRuns]);
            }
            long started = System.nanoTime();
            int done = 0;
            while (done < maxRuns) {
                long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
                if (done >= minRuns ? elapsedMillis >= budgetMillis : done >= 2 && elapsedMillis >= 3 * budgetMillis) {
                    break;
                }
                for (IndexSelection.Statement statement : statements) {
                    runs.get(statement.fingerprint())[done] = run(c, statement);
                }
                done++;
            }
            int rounds = done;
            runs.replaceAll((fingerprint, times) -> Arrays.copyOf(times, rounds));
            return runs;
        };
    }

    /** One run of a query or a write, timed from its execution (not its preparation) to its last row. */
    static long run(Connection c, IndexSelection.Statement statement) throws SQLException {
        return statement.shape().isQuery() ? query(c, statement) : replay(c, statement);
    }

    private static long query(Connection c, IndexSelection.Statement statement) throws SQLException {
        try (PreparedStatement query = prepared(c, statement)) {
            long started = System.nanoTime();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
            return System.nanoTime() - started;
        }
    }

    /**
     * A write inside {@code BEGIN IMMEDIATE ... ROLLBACK}: it takes the write lock for the one statement, like the
     * application's own writes, and whatever it inserts, changes or deletes is undone before anyone sees it.
     */
    private static long replay(Connection c, IndexSelection.Statement write) throws SQLException {
        try (PreparedStatement statement = prepared(c, write)) {
            MaintenanceConnection.execute(c, "BEGIN IMMEDIATE");
            try {
                long started = System.nanoTime();
                if (statement.execute()) {
                    try (ResultSet returned = statement.getResultSet()) { // INSERT ... RETURNING
                        while (returned.next()) {
                            returned.getObject(1);
                        }
                    }
                }
                return System.nanoTime() - started;
            } finally {
                MaintenanceConnection.execute(c, "ROLLBACK");
            }
        }
    }

    private static PreparedStatement prepared(Connection c, IndexSelection.Statement statement) throws SQLException {
        PreparedStatement prepared = c.prepareStatement(statement.sql());
        try {
            Object[] parameters = statement.parameters();
            for (int i = 0; i < parameters.length; i++) {
                prepared.setObject(i + 1, parameters[i]);
            }
            return prepared;
        } catch (SQLException | RuntimeException e) {
            prepared.close();
            throw e;
        }
    }
}
