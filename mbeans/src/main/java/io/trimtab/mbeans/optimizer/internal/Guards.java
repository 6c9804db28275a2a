package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.RuleSpec;
import io.trimtab.mbeans.optimizer.RuleSpec.Guard;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.mbeans.optimizer.SignalWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rule's guard signals. Before a change, a guard refuses it while its signal trends the wrong way: a
 * least-squares fit over the last {@code 2 x verifySamples} samples (at least 5) with R² at least
 * {@value #MIN_R2} that moves more than {@value #MIN_MOVE} of its mean over that span. After a change, the
 * verification judges each guard as it judges the outcome, and a guard that got worse undoes the change.
 */
final class Guards {

    static final double MIN_R2 = 0.5;
    static final double MIN_MOVE = 0.05;

    private Guards() {
    }

    /** The guard windows bound to {@code resource}: the one named, or with anyResource every matching one. */
    static List<SignalWindow> windows(SignalRegistry registry, Guard guard, String resource) {
        if (!guard.anyResource()) {
            return registry.window(SignalPattern.resolve(guard.signal(), resource)).stream().toList();
        }
        SignalPattern pattern = new SignalPattern(guard.signal());
        List<SignalWindow> matching = new ArrayList<>();
        for (SignalWindow window : registry.windows()) {
            if (pattern.bind(window.signal().name()) != null) {
                matching.add(window);
            }
        }
        return matching;
    }

    /** The first guard signal trending the wrong way, described, or null. */
    static String movingWrongWay(SignalRegistry registry, RuleSpec spec, String resource, int verifySamples) {
        Guard guard = spec.guard();
        if (guard == null) {
            return null;
        }
        int n = Math.max(5, 2 * verifySamples);
        for (SignalWindow window : windows(registry, guard, resource)) {
            long[] times;
            double[] values;
            synchronized (window) { // both under the window's lock, so a new sample cannot misalign them
                times = window.lastTimes(n);
                values = window.lastValues(n);
            }
            if (values.length < 3) {
                continue;
            }
            LeastSquares fit = LeastSquares.fit(times, values);
            double move = fit.slopePerSecond() * (times[times.length - 1] - times[0]) / 1000.0;
            double mean = window.meanOfLast(n);
            boolean wrongWay = guard.mustNotFall() ? move < 0 : move > 0;
            if (wrongWay && fit.r2() >= MIN_R2 && Math.abs(move) > MIN_MOVE * Math.abs(mean)) {
                return window.signal().name() + (guard.mustNotFall() ? " falling" : " rising")
                        + String.format(Locale.ROOT, " (R² %.2f)", fit.r2());
            }
        }
        return null;
    }

    /** The guard signals as they are before a change: samples since {@code sinceMillis}, at most {@code max}. */
    static List<PendingVerification.Watch> snapshot(SignalRegistry registry, RuleSpec spec, String resource,
                                                    long sinceMillis, int max) {
        Guard guard = spec.guard();
        if (guard == null) {
            return List.of();
        }
        List<PendingVerification.Watch> watches = new ArrayList<>();
        for (SignalWindow window : windows(registry, guard, resource)) {
            watches.add(PendingVerification.Watch.of(window, guard.mustNotFall(), sinceMillis, max));
        }
        return watches;
    }
}
