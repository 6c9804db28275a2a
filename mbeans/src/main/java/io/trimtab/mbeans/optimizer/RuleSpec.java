package io.trimtab.mbeans.optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A rule: a condition over a signal, sustained for {@code sustain} samples, with a separate clear threshold
 * so that it does not flap; what it does when it fires; how often it may, and within which bounds.
 *
 * <p>A {@code *} in {@link #signal()} makes the rule a template: it binds to every resource publishing a
 * matching signal, and the {@code *} in its requirement, knob, operation and guard names stands for that
 * resource. {@code cache.*.hitRatio} binds to {@code cache.users.hitRatio} and moves {@code cache.users.maxEntries}.
 *
 * @param name           1 to 64 letters, digits, {@code .}, {@code _}, {@code -}: the name of its Rule MBean
 * @param description    what it watches and why, in a sentence
 * @param signal         the watched signal or template
 * @param comparison     {@code ABOVE} or {@code BELOW} the threshold, or {@code RISING}: a least-squares
 *                       trend over the whole window with positive slope and R² at least the threshold
 * @param threshold      where the condition holds; at least 0 (and at most 1 for ratios and R²)
 * @param minRise        for {@code RISING}: the least rise of the fitted line over the window for the trend to count,
 *                       in the signal's unit, so that a slow steady creep is not a leak; 0 elsewhere
 * @param clearThreshold where it clears again: at or below the threshold for ABOVE and RISING, at or above for BELOW
 * @param sustain        samples in a row that must meet the threshold before the rule fires
 * @param minSamples     samples the signal must have before the rule is evaluated at all
 * @param requires       further conditions on the latest values of other signals, all of which must hold
 * @param action         what it does when it fires
 * @param guard          a signal that must not move the wrong way, before an action and during its verification; may be null
 * @param outcome        what an automatic change is judged on; by default the rule's own signal, to improve
 * @param priority       higher first; one change per resource per cycle goes to the highest
 * @param cooldownMillis minimum time between two firings for the same resource
 * @param minValue       lowest value the rule may set a knob to (the knob's own bounds apply too)
 * @param maxValue       highest value the rule may set a knob to
 * @param mode           off, recommend or auto; capped by the optimizer's mode
 * @param severity       of the alert or recommendation it raises
 * @param ratio          whether the signal is a ratio (thresholds at most 1)
 */
public record RuleSpec(String name, String description, String signal, Comparison comparison, double threshold,
                       double minRise, double clearThreshold, int sustain, int minSamples, List<Requirement> requires,
                       RuleAction action, Guard guard, Outcome outcome, int priority, long cooldownMillis, double minValue,
                       double maxValue, RuleMode mode, Severity severity, boolean ratio) {

    /** How the signal is compared with the threshold. */
    public enum Comparison { ABOVE, BELOW, RISING }

    /** How serious a firing is. */
    public enum Severity { INFO, WARNING, CRITICAL }

    /** A further condition: the latest value of {@code signal} compared with {@code threshold}. */
    public record Requirement(String signal, Comparison comparison, double threshold) {
        public Requirement {
            Objects.requireNonNull(signal, "signal");
            if (comparison == Comparison.RISING) {
                throw new IllegalArgumentException("a requirement compares ABOVE or BELOW, not RISING");
            }
        }
    }

    /**
     * A signal that must not rise ({@code mustFall = false}: e.g. database latency while a pool grows) or must
     * not fall (e.g. hit ratio while a cache shrinks). With {@code anyResource}, its {@code *} matches every
     * resource instead of the bound one.
     */
    public record Guard(String signal, boolean mustNotFall, boolean anyResource) {
        public Guard {
            Objects.requireNonNull(signal, "signal");
        }

        public static Guard mustNotRise(String signal) {
            return new Guard(signal, false, false);
        }

        public static Guard mustNotFall(String signal) {
            return new Guard(signal, true, false);
        }

        /** No signal matching the pattern, for any resource, may be rising. */
        public static Guard noneRising(String pattern) {
            return new Guard(pattern, false, true);
        }
    }

    public RuleSpec {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(severity, "severity");
        requires = List.copyOf(requires);
        if (signal.indexOf('*') != signal.lastIndexOf('*')) {
            throw new IllegalArgumentException("signal '" + signal + "' may hold at most one '*' but has more");
        }
        if (!(minRise >= 0) || !Double.isFinite(minRise) || (minRise > 0 && comparison != Comparison.RISING)) {
            throw new IllegalArgumentException("minRise must be 0, or positive and finite for a RISING rule, but was "
                    + Knob.format(minRise));
        }
        validate(name, comparison, threshold, clearThreshold, sustain, minSamples, cooldownMillis, minValue, maxValue, ratio);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.description = description;
        b.signal = signal;
        b.comparison = comparison;
        b.threshold = threshold;
        b.minRise = minRise;
        b.clearThreshold = clearThreshold;
        b.sustain = sustain;
        b.minSamples = minSamples;
        b.requires.addAll(requires);
        b.action = action;
        b.guard = guard;
        b.outcome = outcome;
        b.priority = priority;
        b.cooldownMillis = cooldownMillis;
        b.minValue = minValue;
        b.maxValue = maxValue;
        b.mode = mode;
        b.severity = severity;
        b.ratio = ratio;
        return b;
    }

    /** Whether {@code value} is past the threshold on the firing side. */
    public boolean meets(double value) {
        return comparison == Comparison.BELOW ? value < threshold : value > threshold;
    }

    /** Whether {@code value} is past the clear threshold on the quiet side. */
    public boolean clears(double value) {
        return comparison == Comparison.BELOW ? value > clearThreshold : value < clearThreshold;
    }

    private static void validate(String name, Comparison comparison, double threshold, double clear, int sustain,
                                 int minSamples, long cooldownMillis, double minValue, double maxValue, boolean ratio) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("rule name '" + name + "' is not legal: use 1 to 64 letters, digits,"
                    + " '.', '_' or '-', starting with a letter or digit");
        }
        double limit = ratio || comparison == Comparison.RISING ? 1 : Double.MAX_VALUE;
        requireRange("threshold", threshold, limit);
        requireRange("clearThreshold", clear, limit);
        if (comparison == Comparison.BELOW ? clear < threshold : clear > threshold) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "clearThreshold must be at %s threshold %s (the rule fires %s it) but was %s",
                    comparison == Comparison.BELOW ? "or above" : "or below", Knob.format(threshold),
                    comparison == Comparison.BELOW ? "below" : "above", Knob.format(clear)));
        }
        if (sustain < 1) {
            throw new IllegalArgumentException("sustain must be at least 1 sample but was " + sustain);
        }
        int leastSamples = comparison == Comparison.RISING ? Math.max(3, sustain) : sustain;
        if (minSamples < leastSamples) {
            throw new IllegalArgumentException("minSamples must be at least " + leastSamples
                    + (comparison == Comparison.RISING ? " for a trend" : " (the sustain)") + " but was " + minSamples);
        }
        if (cooldownMillis < 0) {
            throw new IllegalArgumentException("cooldownMillis must be at least 0 but was " + cooldownMillis);
        }
        if (Double.isNaN(minValue) || Double.isNaN(maxValue) || minValue > maxValue) {
            throw new IllegalArgumentException("bounds: minValue must not be above maxValue but minValue was "
                    + Knob.format(minValue) + " and maxValue " + Knob.format(maxValue));
        }
    }

    private static void requireRange(String what, double value, double limit) {
        if (!(value >= 0 && value <= limit)) {
            throw new IllegalArgumentException(what + " must be between 0 and " + Knob.format(limit) + " but was "
                    + Knob.format(value));
        }
    }

    /** Builds a {@link RuleSpec}; defaults: sustain 3, minSamples = sustain, cooldown 5 min, no bounds, mode auto. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private String signal;
        private Comparison comparison;
        private double threshold;
        private double minRise;
        private double clearThreshold = Double.NaN;
        private int sustain = 3;
        private int minSamples = -1;
        private final List<Requirement> requires = new ArrayList<>();
        private RuleAction action = RuleAction.alert();
        private Guard guard;
        private Outcome outcome;
        private int priority;
        private long cooldownMillis = 300_000;
        private double minValue = 0;
        private double maxValue = Double.MAX_VALUE;
        private RuleMode mode = RuleMode.AUTO;
        private Severity severity = Severity.WARNING;
        private boolean ratio;

        private Builder(String name) {
            this.name = name;
        }

        public Builder description(String description) { this.description = description; return this; }

        /** Fires while {@code signal} is above {@code threshold}; clears below {@code clear}. */
        public Builder above(String signal, double threshold, double clear) {
            return condition(signal, Comparison.ABOVE, threshold, clear);
        }

        /** Fires while {@code signal} is below {@code threshold}; clears above {@code clear}. */
        public Builder below(String signal, double threshold, double clear) {
            return condition(signal, Comparison.BELOW, threshold, clear);
        }

        /** Fires while {@code signal} trends upwards with R² at least {@code minR2}; clears below {@code clearR2}. */
        public Builder rising(String signal, double minR2, double clearR2) {
            return condition(signal, Comparison.RISING, minR2, clearR2);
        }

        public Builder threshold(double threshold) { this.threshold = threshold; return this; }
        /** For a rising rule: the least rise of the fitted line over the window, in the signal's unit. */
        public Builder minRise(double rise) { this.minRise = rise; return this; }
        public Builder clearThreshold(double clear) { this.clearThreshold = clear; return this; }
        public Builder sustain(int samples) { this.sustain = samples; return this; }
        public Builder minSamples(int samples) { this.minSamples = samples; return this; }
        public Builder requires(String signal, Comparison comparison, double threshold) {
            requires.add(new Requirement(signal, comparison, threshold));
            return this;
        }
        public Builder action(RuleAction action) { this.action = action; return this; }
        public Builder guard(Guard guard) { this.guard = guard; return this; }
        /** What an automatic change is judged on, when not the rule's own signal (which the change may define). */
        public Builder outcome(Outcome outcome) { this.outcome = outcome; return this; }
        public Builder priority(int priority) { this.priority = priority; return this; }
        public Builder cooldownMillis(long millis) { this.cooldownMillis = millis; return this; }
        public Builder bounds(double min, double max) { this.minValue = min; this.maxValue = max; return this; }
        public Builder mode(RuleMode mode) { this.mode = mode; return this; }
        public Builder severity(Severity severity) { this.severity = severity; return this; }
        /** The signal is a ratio: thresholds between 0 and 1. */
        public Builder ratio() { this.ratio = true; return this; }

        private Builder condition(String signal, Comparison comparison, double threshold, double clear) {
            this.signal = signal;
            this.comparison = comparison;
            this.threshold = threshold;
            this.clearThreshold = clear;
            return this;
        }

        /** @throws IllegalArgumentException naming the field, the value and the limit */
        public RuleSpec build() {
            if (signal == null) {
                throw new IllegalStateException("rule " + name + " needs a condition: call above, below or rising");
            }
            return new RuleSpec(name, description, signal, comparison, threshold, minRise,
                    Double.isNaN(clearThreshold) ? threshold : clearThreshold, sustain,
                    minSamples < 0 ? (comparison == Comparison.RISING ? Math.max(3, sustain) : sustain) : minSamples,
                    requires, action, guard, outcome != null ? outcome : Outcome.improves(signal, comparison == Comparison.BELOW),
                    priority, cooldownMillis, minValue, maxValue, mode, severity, ratio);
        }
    }
}
