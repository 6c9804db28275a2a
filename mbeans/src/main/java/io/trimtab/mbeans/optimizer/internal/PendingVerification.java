package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.RuleSpec;
import io.trimtab.mbeans.optimizer.SignalWindow;
import java.util.List;

/**
 * An automatic change being watched: the rule's signal must move the good way over the next samples, and
 * the guard signals must not move the bad way, or the knob goes back to {@code before}.
 *
 * @param knob     the knob changed, or null for an operation (which cannot be undone)
 * @param target   the knob's or operation's name
 * @param watched  the rule's signal for this resource
 * @param baseline the watched signal's mean over the samples before the change
 * @param position the watched window's {@link SignalWindow#appended()} at the change
 * @param guards   guard signals with their baselines and positions
 */
record PendingVerification(RuleControl rule, RuleSpec spec, String resource, Knob knob, String target, double before,
                           double after, SignalWindow watched, double baseline, long position, List<Guarded> guards) {

    /** A guard signal as it was at the change. */
    record Guarded(SignalWindow window, boolean mustNotFall, double baseline, long position) {
    }
}
