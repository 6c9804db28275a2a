package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.Forecast;
import io.trimtab.mbeans.optimizer.RuleSpec;
import io.trimtab.mbeans.optimizer.RuleSpec.Comparison;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.mbeans.optimizer.SignalWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Least-squares trends of every signal with at least 3 samples, and when each reaches its rule's threshold. */
public final class Forecasts {

    private Forecasts() {
    }

    public static List<Forecast> of(SignalRegistry registry, List<RuleControl> rules) {
        List<RuleControl> byPriority = new ArrayList<>(rules);
        byPriority.sort(Comparator.comparingInt((RuleControl r) -> r.spec().priority()).reversed());
        List<Forecast> forecasts = new ArrayList<>();
        for (SignalWindow window : registry.windows()) {
            if (window.size() >= 3) {
                forecasts.add(forecast(window, threshold(window.signal().name(), byPriority)));
            }
        }
        forecasts.sort(Comparator.comparing(Forecast::signal));
        return forecasts;
    }

    static Forecast forecast(SignalWindow window, Double threshold) {
        String name = window.signal().name();
        LeastSquares fit = LeastSquares.fitLast(window, Integer.MAX_VALUE);
        long seconds = threshold == null ? -1 : fit.secondsTo(threshold);
        double latest = window.latest();
        String summary;
        if (seconds >= 0) {
            summary = String.format(Locale.ROOT, "%s reaches %s in about %s, R² %.2f", name, Recorder.number(threshold),
                    duration(seconds), fit.r2());
        } else {
            summary = String.format(Locale.ROOT, "%s is %s, %s %s/min, R² %.2f", name, Recorder.number(latest),
                    fit.slopePerSecond() >= 0 ? "rising" : "falling", Recorder.number(Math.abs(fit.slopePerSecond() * 60)),
                    fit.r2());
        }
        return new Forecast(name, window.signal().unit(), fit.samples(), latest, fit.slopePerSecond() * 60, fit.r2(),
                threshold, seconds, summary);
    }

    /** The threshold of the highest-priority ABOVE or BELOW rule watching {@code signal}, or null. */
    private static Double threshold(String signal, List<RuleControl> rules) {
        for (RuleControl rule : rules) {
            RuleSpec spec = rule.spec();
            if (spec.comparison() != Comparison.RISING && rule.pattern().bind(signal) != null) {
                return spec.threshold();
            }
        }
        return null;
    }

    private static String duration(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return Math.round(seconds / 60.0) + " min";
        }
        return Math.round(seconds / 3600.0) + " h";
    }
}
