package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.OptimizerConfig;
import io.trimtab.mbeans.optimizer.Outcome.Intent;
import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.mbeans.optimizer.SignalWindow;
import io.trimtab.mbeans.optimizer.internal.Judge.Judgement;
import io.trimtab.mbeans.optimizer.internal.Judge.Verdict;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Judges automatic changes once {@code verifySamples} new samples of their outcome signal are in (see {@link Judge}).
 * A change meant to improve is kept only when it improved; a shrink only when it did no harm; a relief under
 * pressure always. An inconclusive verdict extends the window once to twice its length; still inconclusive, or
 * past {@code verifyDeadlineMillis} without enough samples, the change goes back as not proven. A guard that got
 * worse undoes a change too. An operation cannot be undone: its verdict is journaled. A knob an operator pinned or
 * changed meanwhile is left as set. Each rollback in a row doubles the rule's cooldown for that resource, up to 16
 * times.
 */
final class Verifier {

    /** The smallest effect credited on a ratio, in points of the ratio. */
    static final double MIN_RATIO_EFFECT = 0.01;
    /** The smallest effect credited on any other signal, relative to its counterfactual. */
    static final double MIN_RELATIVE_EFFECT = 0.05;
    /** How much worse than its counterfactual a guard may get, relative; a ratio guard may lose 2 points. */
    static final double GUARD_TOLERANCE = 0.10;
    /** Units of signals that cannot go below 0: an extrapolated trend stops there. */
    private static final Set<String> NON_NEGATIVE_UNITS = Set.of("ms", "s", "count", "rows", "bytes");

    private final SignalRegistry registry;
    private final OptimizerConfig config;
    private final Recorder recorder;
    private final Map<String, Long> lastChange;
    private final List<PendingVerification> pending;
    private final LongSupplier budgetLeftBytes;

    Verifier(SignalRegistry registry, OptimizerConfig config, Recorder recorder, Map<String, Long> lastChange,
             List<PendingVerification> pending, LongSupplier budgetLeftBytes) {
        this.budgetLeftBytes = budgetLeftBytes;
        this.registry = registry;
        this.config = config;
        this.recorder = recorder;
        this.lastChange = lastChange;
        this.pending = pending;
    }

    void verify(Cycle cycle) {
        for (ListIterator<PendingVerification> it = pending.listIterator(); it.hasNext(); ) {
            PendingVerification p = it.next();
            SignalWindow watched = p.outcome().window();
            if (registry.window(watched.signal().name()).orElse(null) != watched
                    || (p.knob() != null && registry.knob(p.knob().name()).orElse(null) != p.knob())) {
                it.remove(); // the resource went away
                continue;
            }
            boolean due = p.outcome().samplesAfter() >= config.verifySamples() * (p.extended() ? 2 : 1);
            boolean overdue = cycle.nowMillis - p.startedMillis() >= config.verifyDeadlineMillis();
            if (!due && !overdue) {
                continue;
            }
            try {
                Judgement judgement = judge(p, p.outcome(), counterfactual(p), MIN_RATIO_EFFECT, MIN_RELATIVE_EFFECT);
                if (judgement.verdict() == Verdict.INCONCLUSIVE && !Double.isNaN(judgement.effect()) && !p.extended()
                        && !overdue) { // more samples after the change can settle it; too few before, none can
                    it.set(p.extend());
                    p.rule().outcome("inconclusive: verification window extended");
                    continue;
                }
                it.remove();
                conclude(p, judgement, due ? "" : "deadline passed with " + p.outcome().samplesAfter() + " sample(s)", cycle);
            } catch (RuntimeException e) {
                it.remove();
                record(Recorder.FAILED, p, null, null, "", "verification failed: " + e, cycle);
            }
        }
    }

    private void conclude(PendingVerification p, Judgement judgement, String deadline, Cycle cycle) {
        Intent intent = p.spec().outcome().intent();
        StringBuilder signals = new StringBuilder(judgement.describe(p.outcome().window().signal().name()));
        p.predicted().ifPresent(predicted -> signals.append("; predicted ").append(Recorder.number(predicted))
                .append(" before the change"));
        String worseGuard = null;
        for (PendingVerification.Watch guard : p.guards()) {
            Judgement g = judge(p, guard, OptionalDouble.empty(), 2 * MIN_RATIO_EFFECT, GUARD_TOLERANCE);
            signals.append("; guard ").append(g.describe(guard.window().signal().name()));
            if (g.verdict() == Verdict.WORSE && worseGuard == null) {
                worseGuard = guard.window().signal().name() + " got worse";
            }
        }
        String verdict = judgement.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        boolean keep = switch (intent) {
            case IMPROVE -> judgement.verdict() == Verdict.IMPROVED;
            // a shrink whose outcome did not move the bad way at all is given the benefit of the doubt
            case DO_NO_HARM -> judgement.nonInferior() || (judgement.verdict() != Verdict.WORSE && judgement.good() >= 0);
            case RELIEVE -> true;
        } && (worseGuard == null || intent == Intent.RELIEVE);
        RuleControl.Binding binding = p.rule().binding(p.resource());
        if (keep) {
            binding.rollbacks = 0;
            String kept = intent == Intent.RELIEVE ? verdict + "; relief is not undone while the pressure lasts"
                    : intent == Intent.DO_NO_HARM ? verdict + "; kept: no harm beyond the minimum effect" : verdict;
            record(Recorder.VERIFIED, p, before(p), knobValue(p), signals.toString(), kept, cycle);
            p.rule().outcome("verified: " + kept);
            return;
        }
        String why = worseGuard != null ? worseGuard
                : judgement.verdict() == Verdict.INCONCLUSIVE ? "not proven: inconclusive" + (deadline.isEmpty()
                        ? " after an extended window" : ", " + deadline)
                : verdict;
        if (p.knob() == null) {
            record(Recorder.VERIFIED, p, null, null, signals.toString(), why + "; an operation cannot be undone", cycle);
            p.rule().outcome("verified: " + why);
            return;
        }
        long growthBytes = (long) Math.max(0, (p.before() - p.after()) * p.knob().bytesPerUnit());
        if (growthBytes > 0 && growthBytes > budgetLeftBytes.getAsLong()) { // a rollback that grows counts as growth
            record(Recorder.VERIFIED, p, before(p), knobValue(p), signals.toString(), String.format(Locale.ROOT,
                    "%s; not rolled back: over budget, needs %d bytes, %d left", why, growthBytes,
                    Math.max(0, budgetLeftBytes.getAsLong())), cycle);
            p.rule().outcome("verified: " + why + ", not rolled back: over budget");
            return;
        }
        OptionalDouble restored = p.knob().setByRule(p.after(), p.before());
        if (restored.isEmpty()) {
            record(Recorder.VERIFIED, p, before(p), knobValue(p), signals.toString(),
                    why + "; " + Actions.refusedChange(p.knob()) + ", left as set", cycle);
            p.rule().outcome("verified: " + why + ", left to the operator");
            return;
        }
        binding.rollbacks++;
        String resource = Signal.resourceOf(p.target());
        lastChange.put(resource, cycle.nowMillis);
        cycle.changedResources.add(resource);
        record(Recorder.ROLLED_BACK, p, p.after(), restored.getAsDouble(), signals.toString(), why, cycle);
        p.rule().outcome("rolled back: " + why);
    }

    /** The model's prediction at the old value on the current traffic, when the model predicts what the new value shows. */
    private static OptionalDouble counterfactual(PendingVerification p) {
        Knob knob = p.knob();
        if (knob == null) {
            return OptionalDouble.empty();
        }
        double[] after = p.outcome().after().values();
        double observed = after.length == 0 ? Double.NaN : Judge.mean(after);
        return Actions.calibrated(knob, p.outcome().window(), p.after(), observed)
                ? Actions.predict(knob, p.outcome().window(), p.before()) : OptionalDouble.empty();
    }

    private static Judgement judge(PendingVerification p, PendingVerification.Watch watch, OptionalDouble model,
                                   double minRatioEffect, double minRelativeEffect) {
        boolean ratio = "ratio".equals(watch.window().signal().unit());
        Judge.Series before = watch.before();
        double reference = model.isPresent() ? model.getAsDouble()
                : before.size() > 0 ? Judge.mean(before.values()) : Double.NaN;
        double minEffect = ratio ? minRatioEffect
                : Math.max(smallestMeaningful(watch.window().signal().unit()), Math.abs(reference) * minRelativeEffect);
        boolean nonNegative = ratio || NON_NEGATIVE_UNITS.contains(watch.window().signal().unit());
        return Judge.judge(before, watch.after(), model, watch.higherIsBetter(), minEffect,
                nonNegative ? 0 : Double.NEGATIVE_INFINITY, ratio ? 1 : Double.POSITIVE_INFINITY);
    }

    /** The smallest effect worth crediting on a signal of {@code unit} whose value without the change is {@code reference}. */
    static double minEffect(String unit, double reference) {
        return "ratio".equals(unit) ? MIN_RATIO_EFFECT
                : Math.max(smallestMeaningful(unit), Math.abs(reference) * MIN_RELATIVE_EFFECT);
    }

    /** The floor of the minimum effect where the relative one vanishes (a wait near 0 ms): 50 µs, 1 count, 4 KiB. */
    private static double smallestMeaningful(String unit) {
        return switch (unit) {
            case "ms" -> 0.05;
            case "count", "rows" -> 1;
            case "s" -> 0.001;
            case "bytes" -> 4096;
            default -> 1e-9;
        };
    }

    private static Double before(PendingVerification p) {
        return p.knob() == null ? null : p.before();
    }

    private static Double knobValue(PendingVerification p) {
        return p.knob() == null ? null : p.knob().value();
    }

    private void record(String kind, PendingVerification p, Double before, Double after, String signals, String outcome,
                        Cycle cycle) {
        recorder.record(kind, p.spec().name(), p.target(), before, after, signals, outcome);
        cycle.count(kind);
    }
}
