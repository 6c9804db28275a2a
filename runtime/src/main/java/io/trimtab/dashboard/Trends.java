package io.trimtab.dashboard;

import io.trimtab.mbeans.optimizer.Forecast;
import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.Optimizer;
import io.trimtab.mbeans.optimizer.OutcomeModel;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.mbeans.optimizer.SignalWindow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What the dashboard derives from the windows: the optimizer's forecasts, and the predictions of the knobs' outcome
 * models across their bounds. Both change only when a sample arrives, so they are computed again only then, however
 * many viewers poll.
 */
final class Trends {

    /** Knob values a prediction curve is drawn through, besides the knob's own value. */
    static final int CURVE_POINTS = 24;
    /** Bounds this far apart or more are spaced evenly on a log scale, as a cache's miss-ratio curve is sampled. */
    static final double LOG_SPAN = 10;

    /**
     * A knob's predicted effect on one signal, at knob values {@code x}.
     *
     * @param scale {@code log} when the values are spaced evenly on a log scale, else {@code linear}
     */
    record Curve(String signal, String scale, List<Double> x, List<Double> y) {
    }

    private record Snapshot(long version, long appended, Map<String, Forecast> forecasts, Map<String, Curve> curves) {
    }

    private final Optimizer optimizer;
    private volatile Snapshot snapshot = new Snapshot(-1, -1, Map.of(), Map.of());

    Trends(Optimizer optimizer) {
        this.optimizer = optimizer;
    }

    /** The forecasts by signal name, as of the newest samples. */
    Map<String, Forecast> forecasts() {
        return current().forecasts();
    }

    /** The prediction curves by knob name, for the knobs that have an outcome model with something to say. */
    Map<String, Curve> curves() {
        return current().curves();
    }

    private Snapshot current() {
        SignalRegistry registry = optimizer.signals();
        long version = registry.version();
        long appended = 0;
        for (SignalWindow window : registry.windows()) {
            appended += window.appended();
        }
        Snapshot known = snapshot;
        if (known.version() == version && known.appended() == appended) {
            return known;
        }
        Map<String, Forecast> forecasts = new HashMap<>();
        for (Forecast forecast : optimizer.forecasts()) {
            forecasts.put(forecast.signal(), forecast);
        }
        Map<String, Curve> curves = new HashMap<>();
        for (Knob knob : registry.knobs()) {
            knob.model().map(model -> curve(knob, model)).ifPresent(curve -> curves.put(knob.name(), curve));
        }
        Snapshot fresh = new Snapshot(version, appended, Map.copyOf(forecasts), Map.copyOf(curves));
        snapshot = fresh;
        return fresh;
    }

    /**
     * The model's predictions from the knob's lower to its upper bound, the knob's own value among them, or null when it
     * cannot say yet.
     */
    private static Curve curve(Knob knob, OutcomeModel model) {
        if (!(knob.max() > knob.min()) || knob.max() == Double.MAX_VALUE) {
            return null;
        }
        boolean log = knob.min() > 0 && knob.max() / knob.min() >= LOG_SPAN;
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        double current = knob.value();
        boolean currentAdded = false;
        for (int i = 0; i <= CURVE_POINTS; i++) {
            double x = i == CURVE_POINTS ? knob.max() : log
                    ? knob.min() * Math.pow(knob.max() / knob.min(), (double) i / CURVE_POINTS)
                    : knob.min() + (knob.max() - knob.min()) * i / CURVE_POINTS;
            x = knob.integral() ? Math.rint(x) : x;
            if (!currentAdded && current <= x) {
                if (current < x) {
                    add(xs, ys, model, current);
                }
                currentAdded = true;
            }
            if (xs.isEmpty() || x > xs.get(xs.size() - 1)) {
                add(xs, ys, model, x);
            }
        }
        return ys.stream().allMatch(y -> y == null) ? null
                : new Curve(model.signal(), log ? "log" : "linear", List.copyOf(xs), Collections.unmodifiableList(ys));
    }

    private static void add(List<Double> xs, List<Double> ys, OutcomeModel model, double x) {
        OptionalDouble y;
        try {
            y = model.predict(x);
        } catch (RuntimeException e) {
            y = OptionalDouble.empty(); // a model that fails shows as one that cannot say, not as a broken page
        }
        xs.add(x);
        ys.add(y.isPresent() ? y.getAsDouble() : null);
    }
}
