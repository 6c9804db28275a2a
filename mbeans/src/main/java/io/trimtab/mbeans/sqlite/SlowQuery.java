package io.trimtab.mbeans.sqlite;

/**
 * One execution slower than the database's slow-query threshold.
 *
 * @param fingerprint the fingerprint's id
 * @param sql         the normalized SQL (no literal values)
 * @param micros      its execution time
 * @param at          when it finished, ISO-8601 UTC
 */
public record SlowQuery(String fingerprint, String sql, long micros, String at) {
}
