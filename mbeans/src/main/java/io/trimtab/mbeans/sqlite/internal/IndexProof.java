package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.IndexSuggestion;
import io.trimtab.mbeans.sqlite.advisor.Plan;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Proves a suggested index on the live database: creates it, analyzes it, re-plans and re-times its top query,
 * and drops it again unless the plan uses it and the query got clearly faster. Whatever fails after the index
 * exists drops it, so no index is left behind that nothing tracks.
 */
class IndexProof {

    /** An index is kept only if the query's time drops below this share of what it was. */
    static final double KEEP_BELOW = 0.8;

    private final QueryStatistics statistics;

    IndexProof(QueryStatistics statistics) {
        this.statistics = statistics;
    }

    IndexSuggestion prove(Connection c, IndexSuggestion suggestion) throws SQLException {
        QueryStatistics.Sample sample = statistics.entry(suggestion.fingerprint()).sample;
        long before = QueryTimer.medianMicros(c, sample);
        MaintenanceConnection.execute(c, suggestion.createSql());
        try {
            MaintenanceConnection.execute(c, "ANALYZE " + suggestion.indexName()); // plan with its real statistics
            Plan planAfter = IndexAdvisor.plan(c, sample);
            boolean searched = planAfter.uses(suggestion.indexName());
            long after = QueryTimer.medianMicros(c, sample);
            double ratio = before == 0 ? 1 : (double) after / before;
            if (searched && after < before * KEEP_BELOW) {
                return suggestion.withOutcome("kept", before, after, ratio, planAfter.toString(), "the plan uses the"
                        + " index and the query took " + after + " us instead of " + before + " us");
            }
            MaintenanceConnection.execute(c, "DROP INDEX " + suggestion.indexName());
            String why = !searched ? "the planner does not use the index" : "the query did not get faster (" + before
                    + " us before, " + after + " us after; needs below " + Math.round(KEEP_BELOW * 100) + " %)";
            return suggestion.withOutcome("rolled back", before, after, ratio, planAfter.toString(),
                    why + "; index dropped");
        } catch (SQLException | RuntimeException e) {
            MaintenanceConnection.execute(c, "DROP INDEX IF EXISTS " + suggestion.indexName());
            throw e;
        }
    }
}
