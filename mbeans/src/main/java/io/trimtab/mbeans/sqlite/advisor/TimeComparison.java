package io.trimtab.mbeans.sqlite.advisor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether an index made a workload faster, from per-run times of each affected statement without and
 * with it. Each statement's change is Welch's t on log-times (a ratio of geometric means, robust to the odd slow
 * run); the workload's ratio weighs each statement's ratio by its share of the measured time, with its variance
 * by the delta method. The index is kept only if the upper bound of the one-sided 99 % interval of that ratio is
 * below 1 (faster beyond the noise), the ratio itself is at most {@code 1 - MIN_EFFECT} (faster by enough to
 * matter), and no query got slower by more than the minimum effect beyond its own noise. A write to the table is
 * expected to get slower, since every index costs it an insert: it weighs in the workload's ratio by its share of
 * the measured time, and its slowdown is reported, but it vetoes nothing on its own.
 */
public final class TimeComparison {

    /** The workload must get at least this much faster, and no statement this much slower. */
    public static final double MIN_EFFECT = 0.10;
    private static final double Z_99 = 2.3263478740408408;

    /**
     * Runs of one statement: its weight (measured time), its times in nanoseconds without and with, and whether it
     * is a write (an INSERT, UPDATE or DELETE of the table) rather than a query.
     */
    public record Runs(double weight, long[] before, long[] after, boolean write) {

        /** A query's runs. */
        public Runs(double weight, long[] before, long[] after) {
            this(weight, before, after, false);
        }
    }

    /**
     * @param keep   whether the index proved itself
     * @param ratio  the workload's time with the index over without
     * @param upper  the upper bound of the ratio's one-sided 99 % interval
     * @param slower the queries that got slower beyond the noise and the minimum effect
     * @param writeRatio the writes' time with the index over without, weighted like the workload's; NaN if none
     * @param writeShare the writes' share of the measured time; 0 if none
     * @param reason the verdict in words, with the figures
     */
    public record Verdict(boolean keep, double ratio, double upper, List<String> slower, double writeRatio,
                          double writeShare, String reason) {
    }

    private TimeComparison() {
    }

    public static Verdict of(Map<String, Runs> runs) {
        double total = runs.values().stream().mapToDouble(Runs::weight).sum();
        double ratio = 0;
        double variance = 0;
        double dfDenominator = 0;
        double writeWeight = 0;
        double writeRatio = 0;
        List<String> slower = new ArrayList<>();
        for (Map.Entry<String, Runs> entry : runs.entrySet()) {
            Runs r = entry.getValue();
            if (r.before().length < 2 || r.after().length < 2) {
                return new Verdict(false, Double.NaN, Double.NaN, List.of(), Double.NaN, 0, "too few runs of "
                        + entry.getKey() + " to tell (" + r.before().length + " without, " + r.after().length
                        + " with; needs 2 each)");
            }
            double[] before = logs(r.before());
            double[] after = logs(r.after());
            double diff = mean(after) - mean(before);
            double vb = variance(before) / before.length;
            double va = variance(after) / after.length;
            double varDiff = vb + va;
            double df = varDiff == 0 ? Double.POSITIVE_INFINITY
                    : varDiff * varDiff / (vb * vb / (before.length - 1) + va * va / (after.length - 1));
            if (!r.write() && diff > Math.log(1 + MIN_EFFECT)
                    && (varDiff == 0 || diff / Math.sqrt(varDiff) > tQuantile99(df))) {
                slower.add(String.format(Locale.ROOT, "%s x%.2f", entry.getKey(), Math.exp(diff)));
            }
            double weight = total == 0 ? 1.0 / runs.size() : r.weight() / total;
            double share = weight * Math.exp(diff);
            ratio += share;
            if (r.write()) {
                writeWeight += weight;
                writeRatio += share;
            }
            double part = share * share * varDiff;
            variance += part;
            dfDenominator += Double.isInfinite(df) ? 0 : part * part / df;
        }
        double df = dfDenominator == 0 ? Double.POSITIVE_INFINITY : variance * variance / dfDenominator;
        // On the log scale, where a single query's bound is exactly Welch's t on log-times.
        double upper = ratio * Math.exp(tQuantile99(df) * Math.sqrt(variance) / ratio);
        double writes = writeWeight == 0 ? Double.NaN : writeRatio / writeWeight;
        String figures = String.format(Locale.ROOT, "the workload's time x%.3f (99 %% upper bound x%.3f) over %d"
                + " statement(s)", ratio, upper, runs.size())
                + (writeWeight == 0 ? "" : String.format(Locale.ROOT, ", its writes x%.3f (%.0f %% of the measured"
                + " time)", writes, 100 * writeWeight));
        if (!slower.isEmpty()) {
            return new Verdict(false, ratio, upper, slower, writes, writeWeight, figures + ", but slower: "
                    + String.join(", ", slower));
        }
        if (upper >= 1) {
            return new Verdict(false, ratio, upper, slower, writes, writeWeight, figures + (ratio >= 1 && writes > 1
                    ? ": not faster, the writes cost more than the queries gain" : ": not faster beyond the noise"));
        }
        if (ratio > 1 - MIN_EFFECT) {
            return new Verdict(false, ratio, upper, slower, writes, writeWeight, figures + String.format(Locale.ROOT,
                    ": faster, but by less than the %.0f %% that would matter", MIN_EFFECT * 100));
        }
        return new Verdict(true, ratio, upper, slower, writes, writeWeight, figures + ": faster beyond the noise");
    }

    /** Student's t at 0.99 for {@code df} degrees of freedom, by the Cornish-Fisher expansion (A&amp;S 26.7.5). */
    static double tQuantile99(double df) {
        if (Double.isInfinite(df)) {
            return Z_99;
        }
        double v = Math.max(df, 2);
        double z = Z_99;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        double z9 = z7 * z * z;
        return z + (z3 + z) / 4 / v + (5 * z5 + 16 * z3 + 3 * z) / 96 / (v * v)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384 / (v * v * v)
                + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160 / (v * v * v * v);
    }

    private static double[] logs(long[] nanos) {
        return Arrays.stream(nanos).mapToDouble(n -> Math.log(Math.max(1, n))).toArray();
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(0);
    }

    private static double variance(double[] values) {
        double mean = mean(values);
        return Arrays.stream(values).map(x -> (x - mean) * (x - mean)).sum() / (values.length - 1);
    }
}
