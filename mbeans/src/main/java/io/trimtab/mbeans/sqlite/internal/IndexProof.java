package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.IndexSuggestion;
import io.trimtab.mbeans.sqlite.advisor.IndexSelection;
import io.trimtab.mbeans.sqlite.advisor.Plan;
import io.trimtab.mbeans.sqlite.advisor.Schema;
import io.trimtab.mbeans.sqlite.advisor.TimeComparison;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Proves a suggested index on the live database. Every workload query on its table is planned and timed, many
 * runs each; then the index is created and analyzed, the queries are planned again, and every one whose plan
 * changed (not only the one that proposed it) is timed again. The index stays only if {@link TimeComparison}
 * finds the workload faster beyond the noise and no query slower. Whatever fails once the index exists drops
 * it, so no index is left behind that nothing tracks.
 */
final class IndexProof {

    /** 8 to 40 runs of each query, before and after, within about 2 s each time. */
    static final WorkloadTimer TIMER = WorkloadTimer.roundRobin(8, 40, 2_000);

    private final QueryStatistics statistics;
    private final WorkloadTimer timer;

    IndexProof(QueryStatistics statistics, WorkloadTimer timer) {
        this.statistics = statistics;
        this.timer = timer;
    }

    /** Runs on the maintenance connection {@code c}, which the caller holds. */
    IndexSuggestion prove(Connection c, IndexSuggestion suggestion) throws SQLException {
        Schema schema = Schema.read(c);
        List<IndexSelection.Statement> queries = Workload.queries(statistics, schema, new HashSet<>(), new ArrayList<>()).stream()
                .filter(q -> !q.shape().uses(suggestion.table()).isEmpty()).toList();
        if (queries.isEmpty()) {
            throw new IllegalStateException("no query of the workload reads " + suggestion.table()
                    + " any more; nothing to prove " + suggestion.indexName() + " on, nothing changed");
        }
        Map<String, Plan> plansBefore = plans(c, queries);
        Map<String, long[]> before = timer.time(c, queries);
        MaintenanceConnection.execute(c, suggestion.createSql());
        try {
            return measured(c, suggestion, queries, plansBefore, before);
        } catch (SQLException | RuntimeException e) {
            MaintenanceConnection.execute(c, "DROP INDEX IF EXISTS " + suggestion.indexName());
            throw e;
        }
    }

    private IndexSuggestion measured(Connection c, IndexSuggestion suggestion, List<IndexSelection.Statement> queries,
                                     Map<String, Plan> plansBefore, Map<String, long[]> before) throws SQLException {
        MaintenanceConnection.execute(c, "ANALYZE " + suggestion.indexName()); // plan with its real statistics
        Map<String, Plan> plansAfter = plans(c, queries);
        List<IndexSelection.Statement> changed = queries.stream().filter(q ->
                !plansAfter.get(q.fingerprint()).equals(plansBefore.get(q.fingerprint()))).toList();
        String topPlan = plansAfter.getOrDefault(suggestion.fingerprint(), plansAfter.get(queries.get(0).fingerprint()))
                .toString();
        if (changed.stream().noneMatch(q -> plansAfter.get(q.fingerprint()).uses(suggestion.indexName()))) {
            MaintenanceConnection.execute(c, "DROP INDEX " + suggestion.indexName());
            return suggestion.withOutcome("rolled back", -1, -1, -1, topPlan,
                    "the planner does not use the index on the live database; index dropped");
        }
        Map<String, long[]> after = timer.time(c, changed);
        Map<String, TimeComparison.Runs> runs = new LinkedHashMap<>();
        for (IndexSelection.Statement query : changed) {
            runs.put(query.fingerprint(), new TimeComparison.Runs(query.totalMillis(), before.get(query.fingerprint()),
                    after.get(query.fingerprint())));
        }
        TimeComparison.Verdict verdict = TimeComparison.of(runs);
        long beforeMicros = runs.values().stream().mapToLong(r -> median(r.before()) / 1_000).sum();
        long afterMicros = runs.values().stream().mapToLong(r -> median(r.after()) / 1_000).sum();
        String figures = String.format(Locale.ROOT, "%d quer%s re-timed, %d runs each without and %d with; %s",
                changed.size(), changed.size() == 1 ? "y" : "ies", runs.values().iterator().next().before().length,
                runs.values().iterator().next().after().length, verdict.reason());
        if (verdict.keep()) {
            return suggestion.withOutcome("kept", beforeMicros, afterMicros, verdict.ratio(), topPlan, figures);
        }
        MaintenanceConnection.execute(c, "DROP INDEX " + suggestion.indexName());
        return suggestion.withOutcome("rolled back", beforeMicros, afterMicros, verdict.ratio(), topPlan,
                figures + "; index dropped");
    }

    private static Map<String, Plan> plans(Connection c, List<IndexSelection.Statement> queries) throws SQLException {
        // EXPLAIN opens no read transaction, so it would plan against a stale schema: read the schema first.
        MaintenanceConnection.queryLong(c, "SELECT count(*) FROM sqlite_schema");
        Map<String, Plan> plans = new LinkedHashMap<>();
        for (IndexSelection.Statement query : queries) {
            plans.put(query.fingerprint(), Plan.of(c, query.sql(), query.parameters()));
        }
        return plans;
    }

    private static long median(long[] runs) {
        long[] sorted = runs.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }
}
