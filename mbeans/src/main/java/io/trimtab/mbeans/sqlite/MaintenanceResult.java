package io.trimtab.mbeans.sqlite;

/**
 * The outcome of one maintenance operation. Busy answers are retried with backoff and, if they persist, reported
 * here as outcome {@code busy} rather than thrown.
 *
 * @param operation      optimize, analyze, vacuum or incrementalVacuum
 * @param outcome        {@code ok}, {@code busy} (gave up after retries) or {@code failed}
 * @param detail         what changed or what went wrong
 * @param attempts       how many tries it took
 * @param durationMillis time taken, retries included
 * @param at             when it finished, ISO-8601 UTC
 */
public record MaintenanceResult(String operation, String outcome, String detail, int attempts, long durationMillis,
                                String at) {
}
