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
import java.util.regex.Pattern;

/**
 * Proves a suggested index on the live database. Every workload query on its table is planned and timed, many
 * runs each, and so is every write of the workload to the table (replayed with its sample parameters in a
 * transaction that is rolled back, see {@link WorkloadTimer}); then the index is created and analyzed, the
 * queries are planned again, and every one whose plan changed (not only the one that proposed it) is timed again,
 * with the writes. The index stays only if {@link TimeComparison} finds the workload, writes weighed by their
 * share of the measured time, faster beyond the noise and no query slower. Whatever fails once the index exists
 * drops it, so no index is left behind that nothing tracks.
 */
final class IndexProof {

    /** 8 to 40 runs of each query, before and after, within about 2 s each time. */
    static final WorkloadTimer TIMER = WorkloadTimer.roundRobin(8, 40, 2_000);
    /**
     * 8 to 400 runs of each write, before and after, within about 1 s: a replayed write takes tens of microseconds
     * and varies a lot, and an index's cost to it is a fraction of that, so it takes many runs to see.
     */
    static final WorkloadTimer WRITE_TIMER = WorkloadTimer.roundRobin(8, 400, 1_000);
    /** A write that takes longer a call is not replayed: each run would hold the write lock for that long. */
    static final double MAX_REPLAY_MILLIS = 20;
    private static final int SQLITE_CONSTRAINT = 19;
    private static final Pattern PLAIN_INSERT = Pattern.compile("(?is)^\\s*insert\\s+into\\b");

    private final QueryStatistics statistics;
    private final WorkloadTimer timer;
    private final WorkloadTimer writeTimer;

    IndexProof(QueryStatistics statistics, WorkloadTimer timer, WorkloadTimer writeTimer) {
        this.statistics = statistics;
        this.timer = timer;
        this.writeTimer = writeTimer;
    }

    /** The one timer for queries and writes alike. */
    IndexProof(QueryStatistics statistics, WorkloadTimer timer) {
        this(statistics, timer, timer);
    }

    /** Runs on the maintenance connection {@code c}, which the caller holds. */
    IndexSuggestion prove(Connection c, IndexSuggestion suggestion) throws SQLException {
        Schema schema = Schema.read(c);
        List<IndexSelection.Statement> allWrites = new ArrayList<>();
        List<IndexSelection.Statement> queries = Workload.queries(statistics, schema, new HashSet<>(), allWrites).stream()
                .filter(q -> !q.shape().uses(suggestion.table()).isEmpty()).toList();
        if (queries.isEmpty()) {
            throw new IllegalStateException("no query of the workload reads " + suggestion.table()
                    + " any more; nothing to prove " + suggestion.indexName() + " on, nothing changed");
        }
        List<String> unreplayed = new ArrayList<>();
        List<IndexSelection.Statement> writes = replayable(c, allWrites.stream()
                .filter(w -> !w.shape().uses(suggestion.table()).isEmpty()).toList(), unreplayed);
        Map<String, Plan> plansBefore = plans(c, queries);
        Map<String, long[]> before = timed(c, queries, writes);
        MaintenanceConnection.execute(c, suggestion.createSql());
        try {
            return measured(c, suggestion, queries, writes, unreplayed, plansBefore, before);
        } catch (SQLException | RuntimeException e) {
            MaintenanceConnection.execute(c, "DROP INDEX IF EXISTS " + suggestion.indexName());
            throw e;
        }
    }

    /**
     * The writes that replay on the live database, each run once (and rolled back) to find out: a plain INSERT
     * whose sample row is there already runs as {@code INSERT OR REPLACE}, which costs every index a delete and an
     * insert, more than the insert alone. The others go to {@code unreplayed}, with why.
     */
    private static List<IndexSelection.Statement> replayable(Connection c, List<IndexSelection.Statement> writes,
                                                              List<String> unreplayed) throws SQLException {
        List<IndexSelection.Statement> replayable = new ArrayList<>();
        for (IndexSelection.Statement write : writes) {
            double perCall = write.totalMillis() / Math.max(1, write.calls());
            if (perCall > MAX_REPLAY_MILLIS) {
                unreplayed.add(String.format(Locale.ROOT, "%s (%.0f ms a call)", write.fingerprint(), perCall));
                continue;
            }
            IndexSelection.Statement replayed = write;
            try {
                try {
                    WorkloadTimer.run(c, write);
                } catch (SQLException e) {
                    if ((e.getErrorCode() & 0xff) != SQLITE_CONSTRAINT || !PLAIN_INSERT.matcher(write.sql()).find()) {
                        throw e;
                    }
                    replayed = new IndexSelection.Statement(write.fingerprint(), PLAIN_INSERT.matcher(write.sql())
                            .replaceFirst("INSERT OR REPLACE INTO"), write.parameters(), write.totalMillis(),
                            write.calls(), write.shape());
                    WorkloadTimer.run(c, replayed);
                }
                replayable.add(replayed);
            } catch (SQLException e) {
                if (Busy.isBusy(e)) {
                    throw e; // nothing is created yet: the proof fails as busy and changes nothing
                }
                unreplayed.add(write.fingerprint() + " (" + e.getMessage() + ")");
            }
        }
        return replayable;
    }

    private IndexSuggestion measured(Connection c, IndexSuggestion suggestion, List<IndexSelection.Statement> queries,
                                     List<IndexSelection.Statement> writes, List<String> unreplayed,
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
        Map<String, long[]> after = timed(c, changed, writes);
        List<IndexSelection.Statement> timed = new ArrayList<>(changed);
        timed.addAll(writes);
        Map<String, TimeComparison.Runs> runs = new LinkedHashMap<>();
        for (IndexSelection.Statement statement : timed) {
            runs.put(statement.fingerprint(), new TimeComparison.Runs(statement.totalMillis(),
                    before.get(statement.fingerprint()), after.get(statement.fingerprint()),
                    !statement.shape().isQuery()));
        }
        TimeComparison.Verdict verdict = TimeComparison.of(runs);
        long beforeMicros = runs.values().stream().mapToLong(r -> median(r.before()) / 1_000).sum();
        long afterMicros = runs.values().stream().mapToLong(r -> median(r.after()) / 1_000).sum();
        TimeComparison.Runs query = runs.get(changed.get(0).fingerprint());
        String figures = String.format(Locale.ROOT, "%d quer%s and %d write%s to %s re-timed, %d runs each without"
                        + " and %d with%s; %s%s", changed.size(), changed.size() == 1 ? "y" : "ies", writes.size(),
                writes.size() == 1 ? "" : "s", suggestion.table(), query.before().length, query.after().length,
                writes.isEmpty() ? "" : writeRuns(runs.get(writes.get(0).fingerprint())), verdict.reason(),
                unreplayed.isEmpty() ? "" : "; not replayed, so not weighed: " + String.join(", ", unreplayed));
        if (verdict.keep()) {
            return suggestion.withOutcome("kept", beforeMicros, afterMicros, verdict.ratio(), topPlan, figures);
        }
        MaintenanceConnection.execute(c, "DROP INDEX " + suggestion.indexName());
        return suggestion.withOutcome("rolled back", beforeMicros, afterMicros, verdict.ratio(), topPlan,
                figures + "; index dropped");
    }

    /**
     * The queries' runs, then the writes' apart: a write run right after a full scan would find the caches cold,
     * and after an index that saves the scan, warm, which would credit the index with a faster insert.
     */
    private Map<String, long[]> timed(Connection c, List<IndexSelection.Statement> queries,
                                      List<IndexSelection.Statement> writes) throws SQLException {
        Map<String, long[]> runs = new LinkedHashMap<>(timer.time(c, queries));
        if (!writes.isEmpty()) {
            runs.putAll(writeTimer.time(c, writes));
        }
        return runs;
    }

    private static String writeRuns(TimeComparison.Runs write) {
        return String.format(Locale.ROOT, " (writes %d and %d)", write.before().length, write.after().length);
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
