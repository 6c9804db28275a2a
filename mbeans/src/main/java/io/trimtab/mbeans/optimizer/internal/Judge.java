package io.trimtab.mbeans.optimizer.internal;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Judges one change on one signal: do the samples after it differ from what would have happened without it?
 *
 * <p>With a model's prediction at the old knob value on the traffic seen since the change (a cache's miss-ratio
 * curve), the counterfactual is that prediction and the test a one-sample t on the samples after. Otherwise it is
 * an interrupted time series: one line and a step fitted together across the change by least squares, so that the
 * samples after inform the trend too (a warm-up rising at the same slope before and after is no step), the step's
 * t tested with n - 3 degrees of freedom, and the counterfactual the line without the step at the samples after.
 * With too few samples for that, the mean before and Welch's t. Always at 99 % two-sided, and an effect counts only
 * beyond a minimum practical size, so a change that is significant but negligible is not credited.
 */
final class Judge {

    /** The outcome of the test. */
    enum Verdict { IMPROVED, NO_EFFECT, WORSE, INCONCLUSIVE }

    /**
     * Student's t at 0.995 for 1 to 30 degrees of freedom: 99 % two-sided, since a verification may look twice (an
     * inconclusive window is extended) and a change falsely credited is what makes operators switch a tuner off.
     */
    private static final double[] T_995 = {63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.250, 3.169,
        3.106, 3.055, 3.012, 2.977, 2.947, 2.921, 2.898, 2.878, 2.861, 2.845, 2.831, 2.819, 2.807, 2.797, 2.787, 2.779,
        2.771, 2.763, 2.756, 2.750};

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
     * The test's figures: {@code effect} is observed minus counterfactual, {@code halfWidth} its 99 % interval's
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
            return String.format(Locale.ROOT, "%s %s vs %s without the change (%s): effect %s ± %s (99 %%), t %.2f, df %.1f,"
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
            if (n1 >= 3 && n1 + n2 >= 6) {
                return stepFit(before, after, higherIsBetter, minEffect, lower, upper);
            }
            counterfactual = mean(before.values());
            a = variance(before.values(), counterfactual) / n1;
            dfA = n1 - 1;
            basis = "mean of " + n1 + " samples";
        }
        double effect = mean2 - counterfactual;
        double se = Math.sqrt(a + b);
        double df = a + b == 0 ? n2 - 1 : (a + b) * (a + b) / (a * a / dfA + b * b / (n2 - 1));
        return decide(mean2, counterfactual, basis, effect, se, df, higherIsBetter, minEffect);
    }

    /**
     * The interrupted time series: {@code y = a + b t + d [after]} by least squares over both windows; the effect is
     * the step {@code d}, the counterfactual the line at the mean time after (clamped to the signal's range).
     */
    private static Judgement stepFit(Series before, Series after, boolean higherIsBetter, double minEffect,
                                     double lower, double upper) {
        int n = before.size() + after.size();
        long origin = before.times()[0];
        double[] x = new double[n];
        double[] y = new double[n];
        double[] step = new double[n];
        for (int i = 0; i < n; i++) {
            boolean late = i >= before.size();
            int j = late ? i - before.size() : i;
            x[i] = ((late ? after.times()[j] : before.times()[j]) - origin) / 1000.0;
            y[i] = late ? after.values()[j] : before.values()[j];
            step[i] = late ? 1 : 0;
        }
        // normal equations of [1, x, step]
        double sx = 0, sxx = 0, ss = 0, sxs = 0, sy = 0, sxy = 0, ssy = 0;
        for (int i = 0; i < n; i++) {
            sx += x[i];
            sxx += x[i] * x[i];
            ss += step[i];
            sxs += x[i] * step[i];
            sy += y[i];
            sxy += x[i] * y[i];
            ssy += step[i] * y[i];
        }
        double[][] m = {{n, sx, ss}, {sx, sxx, sxs}, {ss, sxs, ss}};
        double[][] inverse = invert(m);
        if (inverse == null) {
            return inconclusive("no trend and step can be told apart in these samples", higherIsBetter, minEffect);
        }
        double[] rhs = {sy, sxy, ssy};
        double[] coef = new double[3];
        for (int r = 0; r < 3; r++) {
            coef[r] = inverse[r][0] * rhs[0] + inverse[r][1] * rhs[1] + inverse[r][2] * rhs[2];
        }
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double residual = y[i] - (coef[0] + coef[1] * x[i] + coef[2] * step[i]);
            sse += residual * residual;
        }
        int df = n - 3;
        double se = Math.sqrt(Math.max(0, sse / df * inverse[2][2]));
        double meanAfter = mean(after.values());
        double meanTimeAfter = (meanTime(after) - origin) / 1000.0;
        double counterfactual = Math.max(lower, Math.min(upper, coef[0] + coef[1] * meanTimeAfter));
        double effect = meanAfter - counterfactual;
        return decide(meanAfter, counterfactual, "line and step over " + before.size() + " + " + after.size() + " samples",
                effect, se, df, higherIsBetter, minEffect);
    }

    private static Judgement decide(double observed, double counterfactual, String basis, double effect, double se,
                                    double df, boolean higherIsBetter, double minEffect) {
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
        return new Judgement(verdict, observed, counterfactual, basis, effect, halfWidth, t, df, minEffect, higherIsBetter);
    }

    /** The inverse of a 3 x 3 matrix, or null when it is singular (no spread in time, or no samples on one side). */
    private static double[][] invert(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        if (Math.abs(det) < 1e-12) {
            return null;
        }
        double[][] inverse = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                int r1 = (c + 1) % 3, r2 = (c + 2) % 3, c1 = (r + 1) % 3, c2 = (r + 2) % 3;
                inverse[r][c] = (m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]) / det;
            }
        }
        return inverse;
    }

    private static Judgement inconclusive(String why, boolean higherIsBetter, double minEffect) {
        return new Judgement(Verdict.INCONCLUSIVE, Double.NaN, Double.NaN, why, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, minEffect, higherIsBetter);
    }

    /** Two-sided 99 % critical value of Student's t; fractional degrees of freedom round down (the safe side). */
    static double tCritical(double df) {
        if (!(df >= 1)) {
            return T_995[0];
        }
        if (df <= 30) {
            return T_995[(int) df - 1];
        }
        return df <= 40 ? 2.704 : df <= 60 ? 2.660 : df <= 120 ? 2.617 : 2.576;
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
