package io.trimtab.mbeans.optimizer;

/**
 * One line of the optimizer's journal.
 *
 * @param id      increasing number
 * @param time    when, ISO-8601 UTC
 * @param kind    {@code recommended}, {@code applied}, {@code verified}, {@code rolledBack}, {@code failed},
 *                {@code alert} or {@code cleared}
 * @param rule    the rule's name, or {@code health} for health-score alerts
 * @param target  the knob, operation or signal acted on or alerted about
 * @param before  the knob's value before, or null
 * @param after   the knob's value in effect after, or null
 * @param signals the watched signals' values, e.g. {@code cache.users.hitRatio=0.52 (before 0.41)}
 * @param outcome short result: {@code ok}, {@code not improved}, {@code at bound}, {@code over budget}, the error, ...
 */
public record JournalEntry(long id, String time, String kind, String rule, String target, Double before, Double after,
                           String signals, String outcome) {
}
