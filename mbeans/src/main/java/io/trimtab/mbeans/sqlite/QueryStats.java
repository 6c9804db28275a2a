package io.trimtab.mbeans.sqlite;

/**
 * The statements of one fingerprint (the SQL with literals and IN-lists folded to {@code ?}) since the database
 * was opened. Times are of the JDBC execute call: for a query, the statement's first step, not the rows read after.
 *
 * @param fingerprint  a short id of the normalized SQL
 * @param sql          the normalized SQL
 * @param calls        executions
 * @param totalMillis  summed execution time
 * @param meanMicros   mean execution time
 * @param maxMicros    longest execution
 * @param p95Micros    95th percentile over a sample of up to 256 executions, recent ones replacing older ones
 * @param rows         rows changed by updates and deletes and inserts; queries count 0
 */
public record QueryStats(String fingerprint, String sql, long calls, double totalMillis, long meanMicros,
                         long maxMicros, long p95Micros, long rows) {
}
