package io.trimtab.mbeans.sqlite;

import java.util.List;

/**
 * An index the advisor proposes for the workload, with the evidence, and what became of it.
 *
 * @param id                 the id to pass to {@code applySuggestion}
 * @param indexName          the index's name, {@code trimtab_idx_<table>_<columns>}
 * @param table              its table
 * @param columns            its key columns: equality columns first, then a range, ORDER BY or GROUP BY
 * @param createSql          the {@code CREATE INDEX} statement
 * @param fingerprint        the fingerprint of the statement it serves with the most time
 * @param sql                that statement, normalized
 * @param planBefore         that statement's plan without the index, as the what-if planner has it
 * @param plannedWith        its plan with the advised indexes, as the what-if planner has it
 * @param servedFingerprints every statement of the workload whose what-if plan uses the index
 * @param calls              their executions so far
 * @param totalMillis        their summed execution time so far: the time the index serves
 * @param status             {@code proposed}; {@code applying} while it is proved; {@code kept} (applied, and the
 *                           workload got faster beyond the noise); {@code unused} (kept, but no plan of the workload
 *                           has used it in {@code unusedRuns} advice runs over at least an hour: reported, and
 *                           dropped by the {@code db.slowFullScan} rule in {@code auto}); {@code rolled back} (it did
 *                           not help; the index was dropped) or {@code dropped}
 * @param beforeMicros       applied: the re-timed statements' (queries' and writes') median times without the
 *                           index, summed; else -1
 * @param afterMicros        applied: the same with the index; else -1
 * @param timeRatio          applied: the re-timed statements' total time with the index over without, weighted
 *                           by their measured time, writes included; else -1
 * @param planAfter          applied: the top statement's plan on the live database with the index; else empty
 * @param detail             why it was proposed, kept, rolled back or dropped
 * @param unusedRuns         kept or unused: the advice runs in a row, each after some of the workload ran, in which
 *                           no plan of the statements that ran used the index; else 0
 * @param unusedSince        when the first of them was (ISO-8601); empty while the index is used
 */
public record IndexSuggestion(String id, String indexName, String table, List<String> columns, String createSql,
                              String fingerprint, String sql, String planBefore, String plannedWith,
                              List<String> servedFingerprints, long calls, double totalMillis, String status,
                              long beforeMicros, long afterMicros, double timeRatio, String planAfter, String detail,
                              int unusedRuns, String unusedSince) {

    /** This suggestion with an outcome. */
    public IndexSuggestion withOutcome(String newStatus, long before, long after, double ratio, String plan,
                                       String why) {
        return new IndexSuggestion(id, indexName, table, columns, createSql, fingerprint, sql, planBefore,
                plannedWith, servedFingerprints, calls, totalMillis, newStatus, before, after, ratio, plan, why,
                unusedRuns, unusedSince);
    }

    /** This suggestion with a new status and count of advice runs in which no plan used its index. */
    public IndexSuggestion withUse(String newStatus, int runs, String since) {
        return new IndexSuggestion(id, indexName, table, columns, createSql, fingerprint, sql, planBefore,
                plannedWith, servedFingerprints, calls, totalMillis, newStatus, beforeMicros, afterMicros, timeRatio,
                planAfter, detail, runs, since);
    }
}
