package io.trimtab.examples.bench;

import io.trimtab.mbeans.optimizer.JournalEntry;
import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.Outcome;
import io.trimtab.mbeans.optimizer.RuleAction;
import io.trimtab.mbeans.optimizer.RuleSpec;
import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * {@code verification-honesty}: does the optimizer credit a change only when it helped? Trials of three kinds run
 * side by side in one optimizer (the runtime's defaults in auto mode, on a {@link SteppingClock}), each its own
 * resource with its own seed. A rule doubles each trial's {@code workers} knob and is judged on its throughput
 * ({@value #BASE} requests/s, Gaussian noise of SD {@value #NOISE}):
 * <ul>
 *   <li>{@code no-help}: throughput is noise around a constant, whatever the knob;</li>
 *   <li>{@code helps}: throughput steps up by {@value #EFFECT} (3 noise SDs, 3 times the minimum practical effect)
 *       from the first sample after the knob moves;</li>
 *   <li>{@code warm-up}: throughput rises linearly on its own, whatever the knob, by 1, 2, 4 or 8 noise SDs per
 *       optimizer cycle (the trials spread evenly over the four).</li>
 * </ul>
 * Only each trial's first verdict counts. For contrast, the detail shows what a plain comparison of the means before
 * and after with a 1 % margin, and a line-and-step fit across the change ({@link StepFit}), would have credited on
 * the same samples.
 */
final class VerificationHonestyScenario implements Scenario {

    private static final double BASE = 100;
    private static final double NOISE = 5;
    private static final double EFFECT = 15;
    private static final int[] WARM_UP_NOISE_SDS_PER_CYCLE = {1, 2, 4, 8};
    private static final int MAX_CYCLES = 8;
    /** Samples before a change the optimizer draws its counterfactual from, with the default verifySamples (5). */
    private static final int SAMPLES_BEFORE = 15;

    /** What the knob does to the outcome. */
    enum Kind {
        NO_HELP("no-help"), HELPS("helps"), WARM_UP("warm-up");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    @Override
    public String name() {
        return "verification-honesty";
    }

    @Override
    public String description() {
        return "changes that cannot help, that help, and that ride a warm-up's trend: how often each is verified improved";
    }

    @Override
    public void run(RunLength length, Report report) throws Exception {
        int perKind = length.pick(20, 60);
        List<Trial> trials = new ArrayList<>();
        try (CompressedOptimizer optimizer = new CompressedOptimizer("bench.verification.optimizer", 1 << 20)) {
            SignalRegistry signals = optimizer.optimizer.signals();
            for (Kind kind : Kind.values()) {
                for (int i = 0; i < perKind; i++) {
                    double risePerCycle = kind == Kind.WARM_UP
                            ? WARM_UP_NOISE_SDS_PER_CYCLE[i % WARM_UP_NOISE_SDS_PER_CYCLE.length] * NOISE : 0;
                    Trial trial = new Trial(kind, String.format(Locale.ROOT, "app.%s%02d", kind.label, i), risePerCycle,
                            1_000L * kind.ordinal() + i);
                    trial.publish(signals);
                    trials.add(trial);
                }
            }
            optimizer.optimizer.addRule(RuleSpec.builder("app.grow")
                    .description("doubles an app's workers while its demand is high; judged on its throughput")
                    .above("app.*.demand", 0.5, 0.5).action(RuleAction.multiply("app.*.workers", 2))
                    .outcome(Outcome.improves("app.*.throughput", true)).build());
            Map<String, Trial> byKnob = new TreeMap<>();
            trials.forEach(t -> byKnob.put(t.resource + ".workers", t));
            long lastSeen = 0;
            int cycles = 0;
            while (cycles < MAX_CYCLES && trials.stream().anyMatch(t -> t.verdict == null)) {
                for (int s = 0; s < CompressedOptimizer.SAMPLES_PER_CYCLE; s++) {
                    trials.forEach(Trial::next);
                    optimizer.sample();
                }
                optimizer.runCycle();
                cycles++;
                for (JournalEntry e : optimizer.optimizer.journal(1000)) {
                    if (e.id() > lastSeen) {
                        lastSeen = e.id();
                        Trial trial = byKnob.get(e.target());
                        if (trial != null) {
                            trial.journaled(e, cycles);
                        }
                    }
                }
            }
            report.detail("%d trials of each kind, %d cycles of %d samples; throughput %s requests/s, noise SD %s,"
                    + " helpful effect +%s", perKind, cycles, CompressedOptimizer.SAMPLES_PER_CYCLE, Report.format(BASE),
                    Report.format(NOISE), Report.format(EFFECT));
        }
        summarize(trials, report);
    }

    private static void summarize(List<Trial> trials, Report report) {
        Map<Kind, Map<String, Integer>> verdicts = new EnumMap<>(Kind.class);
        Map<Double, int[]> warmUpImproved = new TreeMap<>();
        int[] naive = new int[Kind.values().length];
        int[] segmented = new int[Kind.values().length];
        int[] count = new int[Kind.values().length];
        double cyclesToVerdict = 0;
        int judged = 0;
        for (Trial t : trials) {
            verdicts.computeIfAbsent(t.kind, k -> new TreeMap<>()).merge(t.verdict == null ? "none" : t.verdict, 1, Integer::sum);
            count[t.kind.ordinal()]++;
            naive[t.kind.ordinal()] += t.naiveImproved() ? 1 : 0;
            segmented[t.kind.ordinal()] += t.segmentedImproved() ? 1 : 0;
            if (t.kind == Kind.WARM_UP) {
                int[] slot = warmUpImproved.computeIfAbsent(t.risePerCycle / NOISE, k -> new int[2]);
                slot[0] += t.improved() ? 1 : 0;
                slot[1]++;
            }
            if (t.verdict != null) {
                cyclesToVerdict += t.verdictCycle - t.appliedCycle;
                judged++;
            }
        }
        for (Kind kind : Kind.values()) {
            report.detail("%-8s verdicts: %s; on the same samples, a plain before/after comparison (1 %% margin) would"
                    + " credit %d of %d, a line-and-step fit across the change %d", kind.label, verdicts.get(kind),
                    naive[kind.ordinal()], count[kind.ordinal()], segmented[kind.ordinal()]);
        }
        StringBuilder bySlope = new StringBuilder();
        warmUpImproved.forEach((sds, c) -> bySlope.append(String.format(Locale.ROOT, " %s SD/cycle: %d of %d;",
                Report.format(sds), c[0], c[1])));
        report.detail("warm-up verified improved, by rise per cycle:%s", bySlope);
        printFailures(trials, report);
        long wrong = trials.stream().filter(t -> t.kind != Kind.HELPS && t.improved()).count();
        long right = trials.stream().filter(t -> t.kind == Kind.HELPS && t.improved()).count();
        report.result("verification-false-improved", wrong / (double) (count[0] + count[2]), "share",
                Report.Goal.atMost(0));
        report.result("verification-true-improved", right / (double) count[1], "share", Report.Goal.atLeast(0.95));
        report.result("verification-cycles-to-verdict", judged == 0 ? Double.POSITIVE_INFINITY : cyclesToVerdict / judged,
                "cycles");
    }

    /** The journal's figures of up to three trials per kind whose verdict was wrong. */
    private static void printFailures(List<Trial> trials, Report report) {
        for (Kind kind : Kind.values()) {
            trials.stream().filter(t -> t.kind == kind && (kind == Kind.HELPS) != t.improved()).limit(3)
                    .forEach(t -> report.detail("wrong: %s (%s%s, seed %d), %d cycle(s) after the change: %s: %s [%s];"
                            + " means of the %d samples before and the cycle after: %s / %s", t.resource, kind.label,
                            kind == Kind.WARM_UP ? " " + Report.format(t.risePerCycle / NOISE) + " SD/cycle" : "", t.seed,
                            t.verdictCycle - t.appliedCycle, t.verdictEntry == null ? "no verdict" : t.verdictEntry.kind(),
                            t.verdict, t.verdictEntry == null ? "" : t.verdictEntry.signals(), SAMPLES_BEFORE,
                            Report.format(t.meanBefore()), Report.format(t.meanAfter())));
        }
    }

    /** One resource: a demand that keeps the rule firing, a throughput to judge on, and the knob. */
    private static final class Trial {
        final Kind kind;
        final String resource;
        final double risePerCycle;
        final long seed;
        private final SplittableRandom random;
        private final List<Double> values = new ArrayList<>();
        private double workers = 1;
        private double throughput;
        private int changedAt = -1;
        int appliedCycle;
        int verdictCycle;
        String verdict;
        JournalEntry verdictEntry;

        Trial(Kind kind, String resource, double risePerCycle, long seed) {
            this.kind = kind;
            this.resource = resource;
            this.risePerCycle = risePerCycle;
            this.seed = seed;
            this.random = new SplittableRandom(seed);
        }

        void publish(SignalRegistry signals) {
            signals.publish(new Signal(resource + ".demand", "count", () -> 1));
            signals.publish(new Signal(resource + ".throughput", "requests/s", () -> throughput));
            signals.publish(Knob.builder(resource + ".workers").bounds(1, 2).integral()
                    .reader(() -> workers).setter(v -> workers = v).build());
        }

        /** The throughput of the next sample. */
        void next() {
            if (changedAt < 0 && workers > 1) {
                changedAt = values.size();
            }
            double value = BASE + NOISE * random.nextGaussian();
            value += switch (kind) {
                case NO_HELP -> 0;
                case HELPS -> workers > 1 ? EFFECT : 0;
                case WARM_UP -> risePerCycle * values.size() / CompressedOptimizer.SAMPLES_PER_CYCLE;
            };
            throughput = value;
            values.add(value);
        }

        void journaled(JournalEntry e, int cycle) {
            if (e.kind().equals("applied") && appliedCycle == 0) {
                appliedCycle = cycle;
            } else if (verdict == null && (e.kind().equals("verified") || e.kind().equals("rolledBack"))) {
                verdictEntry = e;
                verdictCycle = cycle;
                String outcome = e.outcome();
                verdict = outcome.startsWith("improved") ? "improved" : outcome.startsWith("no effect") ? "no effect"
                        : outcome.startsWith("worse") ? "worse" : outcome.contains("inconclusive") ? "inconclusive" : outcome;
            }
        }

        boolean improved() {
            return "improved".equals(verdict) && verdictEntry.kind().equals("verified");
        }

        /** The line-and-step fit's verdict on the samples before and a cycle after the change (see {@link StepFit}). */
        boolean segmentedImproved() {
            int to = Math.min(values.size(), changedAt + CompressedOptimizer.SAMPLES_PER_CYCLE);
            return changedAt > 0 && StepFit.improved(values.subList(Math.max(0, changedAt - SAMPLES_BEFORE), to),
                    Math.min(SAMPLES_BEFORE, changedAt), 0.05 * meanBefore());
        }

        /** A plain comparison: the mean of a cycle after the change over the mean of the samples the optimizer had. */
        boolean naiveImproved() {
            return changedAt > 0 && meanAfter() > 1.01 * meanBefore();
        }

        double meanBefore() {
            return mean(Math.max(0, changedAt - SAMPLES_BEFORE), changedAt);
        }

        double meanAfter() {
            return mean(changedAt, Math.min(values.size(), changedAt + CompressedOptimizer.SAMPLES_PER_CYCLE));
        }

        private double mean(int from, int to) {
            if (from < 0 || to <= from) {
                return Double.NaN;
            }
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += values.get(i);
            }
            return sum / (to - from);
        }
    }
}
