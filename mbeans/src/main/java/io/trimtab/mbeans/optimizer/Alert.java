package io.trimtab.mbeans.optimizer;

/**
 * A condition that is active now: raised when a rule fires and cleared when its signal passes the clear threshold.
 *
 * @param rule     the rule, or {@code health}
 * @param target   the signal it is about
 * @param severity {@code INFO}, {@code WARNING} or {@code CRITICAL}
 * @param since    when it was raised, ISO-8601 UTC
 * @param message  what is wrong, with the value and the threshold
 */
public record Alert(String rule, String target, String severity, String since, String message) {
}
