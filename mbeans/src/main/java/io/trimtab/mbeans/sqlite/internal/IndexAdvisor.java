package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.IndexSuggestion;
import io.trimtab.mbeans.sqlite.QueryStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proposes indexes for the costliest queries that scan whole tables, and proves them before keeping them: an
 * applied suggestion is created, analyzed, re-planned and re-timed, and dropped again unless the plan now searches
 * it and the query got clearly faster. Only SELECTs are re-timed (replaying a write would change data), so only
 * SELECTs are advised on.
 */
final class IndexAdvisor {

    static final int TOP_FINGERPRINTS = 10;
    static final String INDEX_PREFIX = "trimtab_idx_";
    /** An index is kept only if the query's time drops below this share of what it was. */
    static final double KEEP_BELOW = 0.8;
    private static final Pattern FULL_SCAN = Pattern.compile("^SCAN (?:TABLE )?(\\w+)(?: AS (\\w+))?$");

    private final QueryStatistics statistics;
    private final MaintenanceConnection maintenance;
    private final Map<String, IndexSuggestion> suggestions = new LinkedHashMap<>();
    /** A copy of {@link #suggestions} taken after each change, read without waiting for a running proof. */
    private volatile List<IndexSuggestion> known = List.of();

    IndexAdvisor(QueryStatistics statistics, MaintenanceConnection maintenance) {
        this.statistics = statistics;
        this.maintenance = maintenance;
    }

    /** Re-examines the top fingerprints; returns every suggestion, new ones {@code proposed}. */
    synchronized List<IndexSuggestion> suggest() throws SQLException {
        for (QueryStats stats : statistics.top(TOP_FINGERPRINTS)) {
            QueryStatistics.Entry entry = statistics.entry(stats.fingerprint());
            if (entry == null || !isSelect(stats.sql())) {
                continue;
            }
            for (IndexSuggestion found : maintenance.use(c -> propose(c, stats, entry.sample))) {
                suggestions.putIfAbsent(found.id(), found);
            }
        }
        known = List.copyOf(suggestions.values());
        return known;
    }

    /** Every suggestion found so far, as {@link #suggest}, {@link #apply} and {@link #drop} left it; runs no SQL. */
    List<IndexSuggestion> known() {
        return known;
    }

    /** Creates the suggested index and keeps it only if it proves itself. */
    synchronized IndexSuggestion apply(String id) throws SQLException {
        IndexSuggestion suggestion = suggestions.get(id);
        if (suggestion == null) {
            throw new IllegalArgumentException("suggestion id must be one of " + suggestions.keySet() + " but was '"
                    + id + "'" + (suggestions.isEmpty() ? "; call indexSuggestions() first" : ""));
        }
        if (suggestion.status().equals("kept")) {
            throw new IllegalStateException("suggestion " + id + " is already applied as index " + suggestion.indexName());
        }
        QueryStatistics.Sample sample = statistics.entry(suggestion.fingerprint()).sample;
        IndexSuggestion outcome = maintenance.use(c -> prove(c, suggestion, sample));
        suggestions.put(id, outcome);
        known = List.copyOf(suggestions.values());
        return outcome;
    }

    /** Drops an index that {@link #apply} created and kept. */
    synchronized IndexSuggestion drop(String indexName) throws SQLException {
        for (IndexSuggestion suggestion : suggestions.values()) {
            if (suggestion.status().equals("kept") && suggestion.indexName().equals(indexName)) {
                maintenance.retrying(c -> {
                    MaintenanceConnection.execute(c, "DROP INDEX IF EXISTS " + indexName);
                    return null;
                });
                IndexSuggestion dropped = with(suggestion, "dropped", suggestion.beforeMicros(),
                        suggestion.afterMicros(), suggestion.planAfter(), "dropped by an operator");
                suggestions.put(suggestion.id(), dropped);
                known = List.copyOf(suggestions.values());
                return dropped;
            }
        }
        List<String> kept = suggestions.values().stream().filter(s -> s.status().equals("kept"))
                .map(IndexSuggestion::indexName).toList();
        throw new IllegalArgumentException("index must be one created by applySuggestion, one of " + kept
                + ", but was '" + indexName + "'");
    }

    /** The current plans of the top SELECT fingerprints, by fingerprint. */
    Map<String, String> plans() throws SQLException {
        Map<String, String> plans = new LinkedHashMap<>();
        for (QueryStats stats : statistics.top(TOP_FINGERPRINTS)) {
            QueryStatistics.Entry entry = statistics.entry(stats.fingerprint());
            if (entry != null && isSelect(stats.sql())) {
                plans.put(stats.fingerprint(), maintenance.use(c -> plan(c, entry.sample)));
            }
        }
        return plans;
    }

    /** The fingerprints whose plan scans a table now but did not before. */
    static List<String> worsened(Map<String, String> before, Map<String, String> after) {
        List<String> worse = new ArrayList<>();
        after.forEach((fingerprint, plan) -> {
            String old = before.get(fingerprint);
            if (old != null && scans(plan) > scans(old)) {
                worse.add(fingerprint + ": " + old + " -> " + plan);
            }
        });
        return worse;
    }

    private List<IndexSuggestion> propose(Connection c, QueryStats stats, QueryStatistics.Sample sample)
            throws SQLException {
        String plan = plan(c, sample);
        List<IndexSuggestion> found = new ArrayList<>();
        for (String step : plan.split("; ")) {
            Matcher scan = FULL_SCAN.matcher(step);
            if (!scan.matches()) {
                continue;
            }
            String table = tableOf(c, scan.group(1), stats.sql());
            List<String> columns = table == null ? List.of()
                    : QueryColumns.forIndex(stats.sql(), table, scan.group(2) != null ? scan.group(2) : scan.group(1),
                    MaintenanceConnection.queryStrings(c, "SELECT name FROM pragma_table_info('" + table + "')"));
            if (columns.isEmpty() || covered(c, table, columns)) {
                continue;
            }
            String name = INDEX_PREFIX + table + "_" + String.join("_", columns);
            String create = "CREATE INDEX " + name + " ON " + table + " (" + String.join(", ", columns) + ")";
            found.add(new IndexSuggestion("s" + Fingerprints.id(create).substring(1), table, columns, create,
                    stats.fingerprint(), stats.sql(), plan, stats.calls(), stats.totalMillis(), "proposed", -1, -1, "",
                    "full scan of " + table + " filtered on " + String.join(", ", columns)));
        }
        return found;
    }

    private IndexSuggestion prove(Connection c, IndexSuggestion suggestion, QueryStatistics.Sample sample)
            throws SQLException {
        long before = QueryTimer.medianMicros(c, sample);
        MaintenanceConnection.execute(c, suggestion.createSql());
        MaintenanceConnection.execute(c, "ANALYZE " + suggestion.indexName()); // plan with the index's real statistics
        String planAfter = plan(c, sample);
        boolean searched = planAfter.contains("INDEX " + suggestion.indexName());
        long after = QueryTimer.medianMicros(c, sample);
        boolean faster = after < before * KEEP_BELOW;
        if (searched && faster) {
            return with(suggestion, "kept", before, after, planAfter, "the plan searches the index and the query"
                    + " took " + after + " us instead of " + before + " us");
        }
        MaintenanceConnection.execute(c, "DROP INDEX " + suggestion.indexName());
        String why = !searched ? "the planner does not use the index" : "the query did not get faster (" + before
                + " us before, " + after + " us after; needs below " + Math.round(KEEP_BELOW * 100) + " %)";
        return with(suggestion, "rolled back", before, after, planAfter, why + "; index dropped");
    }

    private static IndexSuggestion with(IndexSuggestion s, String status, long before, long after, String planAfter,
                                        String detail) {
        return new IndexSuggestion(s.id(), s.table(), s.columns(), s.createSql(), s.fingerprint(), s.sql(),
                s.planBefore(), s.calls(), s.totalMillis(), status, before, after, planAfter, detail);
    }

    static String plan(Connection c, QueryStatistics.Sample sample) throws SQLException {
        // EXPLAIN opens no read transaction, so it would plan against a stale schema: read the schema first.
        MaintenanceConnection.queryLong(c, "SELECT count(*) FROM sqlite_schema");
        List<String> steps = new ArrayList<>();
        try (PreparedStatement explain = c.prepareStatement("EXPLAIN QUERY PLAN " + sample.sql())) {
            QueryTimer.bind(explain, sample);
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    steps.add(rs.getString("detail"));
                }
            }
        }
        return String.join("; ", steps);
    }

    private static String tableOf(Connection c, String scanned, String sql) throws SQLException {
        List<String> tables = MaintenanceConnection.queryStrings(c,
                "SELECT name FROM sqlite_schema WHERE type = 'table'");
        for (String table : tables) {
            if (table.equalsIgnoreCase(scanned)) {
                return table;
            }
        }
        Matcher alias = Pattern.compile("\\b(?:from|join) (\\w+) (?:as )?" + Pattern.quote(scanned.toLowerCase())
                + "\\b").matcher(sql);
        return alias.find() ? tables.stream().filter(t -> t.equalsIgnoreCase(alias.group(1))).findFirst().orElse(null)
                : null;
    }

    private static boolean covered(Connection c, String table, List<String> columns) throws SQLException {
        for (String index : MaintenanceConnection.queryStrings(c,
                "SELECT name FROM pragma_index_list('" + table + "')")) {
            List<String> indexed = MaintenanceConnection.queryStrings(c,
                    "SELECT name FROM pragma_index_info('" + index + "') ORDER BY seqno");
            if (!indexed.isEmpty() && indexed.get(0) != null && indexed.get(0).equalsIgnoreCase(columns.get(0))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSelect(String normalized) {
        return normalized.startsWith("select ") || normalized.startsWith("with ");
    }

    private static long scans(String plan) {
        return Arrays.stream(plan.split("; ")).filter(step -> FULL_SCAN.matcher(step).matches()).count();
    }
}
