package io.trimtab.mbeans.sqlite;

/**
 * The statements of one fingerprint (the SQL with literals and IN-lists folded to {@code ?}) since the database
 * was opened. A query's time runs from its execute until its result set is exhausted or closed: SQLite does its work
 * while the rows are stepped, so that is the work the query cost.
 *
 * @param fingerprint  a short id of the normalized SQL
 * @param sql          the normalized SQL
 * @param calls        executions
 * @param totalMillis  summed execution time
 * @param meanMicros   mean execution time
 * @param maxMicros    longest execution
 * @param p95Micros    95th percentile over a sample of up to 256 executions, recent ones replacing older ones
 * @param rows         rows changed by updates and deletes and inserts; queries count 0
 * @param rowsRead     rows the application stepped through in the queries' result sets
 */
public record QueryStats(String fingerprint, String sql, long calls, double totalMillis, long meanMicros,
                         long maxMicros, long p95Micros, long rows, long rowsRead) {
}
