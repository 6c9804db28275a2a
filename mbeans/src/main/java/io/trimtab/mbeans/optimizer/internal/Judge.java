package io.trimtab.mbeans.optimizer.internal;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Judges one change on one signal: do the samples after it differ from what would have happened without it?
 *
 * <p>The counterfactual is, in order: a model's prediction at the old knob value on the traffic seen since the change
 * (a cache's miss-ratio curve), else the least-squares trend of the samples before the change extrapolated to the
 * samples after it, where that trend is significant, else the mean before. The effect is the mean after minus the
 * counterfactual; its standard error combines the spread after the change with the uncertainty of the counterfactual
 * (for a trend, that of a regression prediction at the later times), and the test is Welch's t at 95 % two-sided
 * with Welch-Satterthwaite degrees of freedom. An effect counts only beyond a minimum practical size, so a change
 * that is significant but negligible is not credited.
 */
final class Judge {

    /** The outcome of the test. */
    enum Verdict { IMPROVED, NO_EFFECT, WORSE, INCONCLUSIVE }

    /** Student's t at 0.975 for 1 to 30 degrees of freedom. */
    private static final double[] T_975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042};

    private Judge() {
    }

    /** Samples of one signal: times in epoch milliseconds and values, oldest first. */
    record Series(long[] times, double[] values) {
        static final Series EMPTY = new Series(new long[0], new double[0]);

        int size() {
            return values.length;
        }
    }

    /**
     * The test's figures: {@code effect} is observed minus counterfactual, {@code halfWidth} its 95 % interval's
     * half-width, {@code good} the effect signed so that positive is the better way.
     */
    record Judgement(Verdict verdict, double observed, double counterfactual, String basis, double effect,
                     double halfWidth, double t, double df, double minEffect, boolean higherIsBetter) {

        double good() {
            return higherIsBetter ? effect : -effect;
        }

        /** Whether the interval rules out harm beyond the minimum effect. */
        boolean nonInferior() {
            return verdict != Verdict.WORSE && !Double.isNaN(effect) && good() - halfWidth > -minEffect;
        }

        String describe(String signal) {
            if (Double.isNaN(effect)) {
                return String.format(Locale.ROOT, "%s: %s", signal, basis);
            }
            return String.format(Locale.ROOT, "%s %s vs %s without the change (%s): effect %s ± %s (95 %%), t %.2f, df %.1f,"
                    + " min effect %s", signal, Recorder.number(observed), Recorder.number(counterfactual), basis,
                    signed(effect), Recorder.number(halfWidth), t, df, Recorder.number(minEffect));
        }

        private static String signed(double value) {
            return (value >= 0 ? "+" : "") + Recorder.number(value);
        }
    }

    /**
     * @param before         samples before the change, since the resource's previous change
     * @param after          samples after the change
     * @param modelBaseline  a model's prediction at the old value on the current traffic, or empty
     * @param minEffect      the smallest effect worth crediting, in the signal's unit
     * @param lower          lowest value the signal can take (a ratio: 0), clamping an extrapolated trend
     * @param upper          highest value the signal can take (a ratio: 1)
     */
    static Judgement judge(Series before, Series after, OptionalDouble modelBaseline, boolean higherIsBetter,
                           double minEffect, double lower, double upper) {
        int n2 = after.size();
        if (n2 < 2) {
            return inconclusive(n2 + " sample(s) after the change", higherIsBetter, minEffect);
        }
        double mean2 = mean(after.values());
        double var2 = variance(after.values(), mean2);
        double b = var2 / n2;
        double counterfactual;
        double a;
        double dfA;
        String basis;
        if (modelBaseline.isPresent()) {
            counterfactual = modelBaseline.getAsDouble();
            a = 0;
            dfA = Double.POSITIVE_INFINITY;
            basis = "model at the old value";
        } else {
            int n1 = before.size();
            if (n1 < 2) {
                return inconclusive(n1 + " sample(s) before the change", higherIsBetter, minEffect);
            }
            Trend trend = Trend.fit(before);
            double at = meanTime(after);
            if (n1 >= 4 && trend.significant()) {
                counterfactual = Math.max(lower, Math.min(upper, trend.at(at)));
                a = trend.predictionVariance(at);
                dfA = n1 - 2;
                basis = "trend of " + n1 + " samples";
            } else {
                counterfactual = trend.meanY;
                a = trend.varY / n1;
                dfA = n1 - 1;
                basis = "mean of " + n1 + " samples";
            }
        }
        double effect = mean2 - counterfactual;
        double se = Math.sqrt(a + b);
        double df = a + b == 0 ? n2 - 1 : (a + b) * (a + b) / (a * a / dfA + b * b / (n2 - 1));
        double halfWidth = tCritical(df) * se;
        double t = se == 0 ? (effect == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, effect)) : effect / se;
        double good = higherIsBetter ? effect : -effect;
        Verdict verdict;
        if (good - halfWidth > 0 && good >= minEffect) {
            verdict = Verdict.IMPROVED;
        } else if (good + halfWidth < 0 && -good >= minEffect) {
            verdict = Verdict.WORSE;
        } else if (good - halfWidth > -minEffect && good + halfWidth < minEffect) {
            verdict = Verdict.NO_EFFECT;
        } else {
            verdict = Verdict.INCONCLUSIVE;
        }
        return new Judgement(verdict, mean2, counterfactual, basis, effect, halfWidth, t, df, minEffect, higherIsBetter);
    }

    private static Judgement inconclusive(String why, boolean higherIsBetter, double minEffect) {
        return new Judgement(Verdict.INCONCLUSIVE, Double.NaN, Double.NaN, why, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, minEffect, higherIsBetter);
    }

    /** Two-sided 95 % critical value of Student's t; fractional degrees of freedom round down (the safe side). */
    static double tCritical(double df) {
        if (!(df >= 1)) {
            return T_975[0];
        }
        if (df <= 30) {
            return T_975[(int) df - 1];
        }
        return df <= 40 ? 2.021 : df <= 60 ? 2.000 : df <= 120 ? 1.980 : 1.960;
    }

    /** A least-squares line through samples before a change, in seconds from the first sample. */
    private record Trend(long origin, int n, double meanX, double meanY, double varY, double slope, double sxx,
                         double residualVariance) {

        static Trend fit(Series s) {
            int n = s.size();
            long origin = s.times()[0];
            double meanX = 0;
            double meanY = mean(s.values());
            for (long time : s.times()) {
                meanX += (time - origin) / 1000.0;
            }
            meanX /= n;
            double sxx = 0;
            double sxy = 0;
            for (int i = 0; i < n; i++) {
                double dx = (s.times()[i] - origin) / 1000.0 - meanX;
                sxx += dx * dx;
                sxy += dx * (s.values()[i] - meanY);
            }
            double slope = sxx == 0 ? 0 : sxy / sxx;
            double sse = 0;
            for (int i = 0; i < n; i++) {
                double fitted = meanY + slope * ((s.times()[i] - origin) / 1000.0 - meanX);
                sse += (s.values()[i] - fitted) * (s.values()[i] - fitted);
            }
            return new Trend(origin, n, meanX, meanY, variance(s.values(), meanY), slope, sxx,
                    n > 2 ? sse / (n - 2) : 0);
        }

        /** Whether the slope differs from zero at 95 %. */
        boolean significant() {
            if (sxx == 0 || slope == 0) {
                return false;
            }
            double se = Math.sqrt(residualVariance / sxx);
            return se == 0 || Math.abs(slope) / se > tCritical(n - 2);
        }

        double at(double epochMillis) {
            return meanY + slope * ((epochMillis - origin) / 1000.0 - meanX);
        }

        /** Variance of the line's mean value at {@code epochMillis}: the regression's prediction of a mean. */
        double predictionVariance(double epochMillis) {
            double dx = (epochMillis - origin) / 1000.0 - meanX;
            return residualVariance * (1.0 / n + dx * dx / sxx);
        }
    }

    private static double meanTime(Series s) {
        double sum = 0;
        for (long time : s.times()) {
            sum += time;
        }
        return sum / s.size();
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double variance(double[] values, double mean) {
        if (values.length < 2) {
            return 0;
        }
        double sum = 0;
        for (double value : values) {
            sum += (value - mean) * (value - mean);
        }
        return sum / (values.length - 1);
    }
}
