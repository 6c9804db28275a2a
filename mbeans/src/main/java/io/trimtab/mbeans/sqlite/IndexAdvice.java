package io.trimtab.mbeans.sqlite;

import java.util.List;

/**
 * The last run of the index advisor over the workload.
 *
 * @param at                  when it ran (ISO-8601), empty if it never did
 * @param outcome             {@code ok}; {@code busy} (maintenance held the connection: the suggestions are those
 *                            of the run before); {@code no statements} (no parseable SELECT among the top
 *                            fingerprints); or {@code none} before the first run
 * @param statements          SELECT fingerprints of the workload that were planned
 * @param unparsedStatements  fingerprints among the top ones the SQL parser could not read, skipped
 * @param unplannedStatements parsed SELECTs the scratch database could not plan (a temporary table, say)
 * @param candidates          candidate indexes tried on the what-if planner
 * @param proposed            indexes proposed for the workload
 * @param servedShare         the share of the planned statements' measured time the proposed indexes serve
 * @param unusedIndexes       indexes no plan of the workload uses (its queries, UPDATEs and DELETEs), as
 *                            {@code index on table}; indexes that enforce uniqueness are never listed
 * @param detail              what it did, in words
 */
public record IndexAdvice(String at, String outcome, int statements, int unparsedStatements, int unplannedStatements,
                          int candidates, int proposed, double servedShare, List<String> unusedIndexes, String detail) {

    public static final IndexAdvice NONE = new IndexAdvice("", "none", 0, 0, 0, 0, 0, 0, List.of(),
            "the advisor has not run yet");
}
