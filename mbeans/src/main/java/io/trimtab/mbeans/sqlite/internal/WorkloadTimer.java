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

/** Times SELECTs end to end, every row stepped, many runs each, for {@link IndexProof}. */
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

    private static long run(Connection c, IndexSelection.Statement statement) throws SQLException {
        long started = System.nanoTime();
        try (PreparedStatement query = c.prepareStatement(statement.sql())) {
            Object[] parameters = statement.parameters();
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        }
        return System.nanoTime() - started;
    }
}
