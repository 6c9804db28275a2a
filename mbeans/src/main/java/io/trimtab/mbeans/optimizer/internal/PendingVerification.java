package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.RuleSpec;
import io.trimtab.mbeans.optimizer.SignalWindow;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * An automatic change being watched: its outcome signal is judged against what would have happened without it,
 * and its guard signals must not get worse, or the knob goes back to {@code before}.
 *
 * @param knob          the knob changed, or null for an operation (which cannot be undone)
 * @param target        the knob's or operation's name
 * @param outcome       the outcome signal, with its samples before the change
 * @param guards        guard signals, with their samples before the change
 * @param startedMillis when the change was made; the verification's deadline counts from it
 * @param predicted     the knob's model's prediction of the outcome at the new value, made before acting, or empty
 * @param extended      whether an inconclusive verdict has already extended the window once
 */
record PendingVerification(RuleControl rule, RuleSpec spec, String resource, Knob knob, String target, double before,
                           double after, Watch outcome, List<Watch> guards, long startedMillis, OptionalDouble predicted,
                           boolean extended) {

    /** The same verification over a window twice as long. */
    PendingVerification extend() {
        return new PendingVerification(rule, spec, resource, knob, target, before, after, outcome, guards, startedMillis,
                predicted, true);
    }

    /** One signal watched across a change: its samples before (since the resource's previous change) and after. */
    record Watch(SignalWindow window, boolean higherIsBetter, Judge.Series before, long position) {

        /**
         * The newest samples of {@code window}, at most {@code max}, taken after {@code sinceMillis} (the resource's
         * previous change), so that the counterfactual is not drawn across an earlier change.
         */
        static Watch of(SignalWindow window, boolean higherIsBetter, long sinceMillis, int max) {
            synchronized (window) { // times and values under one lock, so that a new sample cannot misalign them
                long[] times = window.lastTimes(max);
                double[] values = window.lastValues(max);
                int from = 0;
                while (from < times.length && times[from] <= sinceMillis) {
                    from++;
                }
                return new Watch(window, higherIsBetter, new Judge.Series(Arrays.copyOfRange(times, from, times.length),
                        Arrays.copyOfRange(values, from, values.length)), window.appended());
            }
        }

        /** Samples appended since the change and still held. */
        int samplesAfter() {
            synchronized (window) {
                return (int) Math.min(window.size(), window.appended() - position);
            }
        }

        Judge.Series after() {
            synchronized (window) {
                int n = samplesAfter();
                return new Judge.Series(window.lastTimes(n), window.lastValues(n));
            }
        }
    }
}
