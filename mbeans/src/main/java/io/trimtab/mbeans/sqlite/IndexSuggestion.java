package io.trimtab.mbeans.sqlite;

import java.util.List;

/**
 * An index the advisor proposes for a query that scans a whole table, with the evidence, and what became of it.
 *
 * @param id           the id to pass to {@code applySuggestion}
 * @param table        the scanned table
 * @param columns      the index's columns: equality columns first, then ranges, then ORDER BY
 * @param createSql    the {@code CREATE INDEX} statement
 * @param fingerprint  the query's fingerprint
 * @param sql          the query, normalized
 * @param planBefore   its {@code EXPLAIN QUERY PLAN} when proposed
 * @param calls        its executions so far
 * @param totalMillis  its summed execution time so far
 * @param status       {@code proposed}, {@code kept} (the plan searches the index and the time dropped),
 *                     {@code rolled back} (it did not help; the index was dropped) or {@code dropped}
 * @param beforeMicros the query's measured time without the index, -1 until applied
 * @param afterMicros  its measured time with the index, -1 until applied
 * @param planAfter    its plan with the index, empty until applied
 * @param detail       why it was kept or rolled back
 */
public record IndexSuggestion(String id, String table, List<String> columns, String createSql, String fingerprint,
                              String sql, String planBefore, long calls, double totalMillis, String status,
                              long beforeMicros, long afterMicros, String planAfter, String detail) {

    /** The index's name, as {@code createSql} creates it. */
    public String indexName() {
        return "trimtab_idx_" + table + "_" + String.join("_", columns);
    }
}
