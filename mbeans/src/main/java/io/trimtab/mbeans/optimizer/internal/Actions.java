package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.Operation;
import io.trimtab.mbeans.optimizer.OptimizerConfig;
import io.trimtab.mbeans.optimizer.Outcome;
import io.trimtab.mbeans.optimizer.RuleAction;
import io.trimtab.mbeans.optimizer.RuleMode;
import io.trimtab.mbeans.optimizer.RuleSpec;
import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.mbeans.optimizer.SignalWindow;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a firing rule does, with the safety checks in front of every change: one change per resource per
 * cycle, a minimum hold time, no change while an earlier one is being verified, operator pins, the memory
 * budget, guards, and maintenance waiting while CPU is high. A change the checks refuse is journaled as a
 * recommendation saying why.
 */
final class Actions {

    /**
     * Samples of the outcome signal needed before a change, since the resource's previous one, at the least: four are
     * the fewest that can show a trend, which the counterfactual must see (a warm-up's rise is not the change's).
     */
    static final int MIN_SAMPLES_BEFORE = 4;
    /** Sizes a model is asked about when it picks where to go. */
    static final int KNEE_POINTS = 24;

    private final SignalRegistry registry;
    private final OptimizerConfig config;
    private final Recorder recorder;
    private final Alerts alerts;
    private final Map<String, Long> lastChange;
    private final List<PendingVerification> pending;

    Actions(SignalRegistry registry, OptimizerConfig config, Recorder recorder, Alerts alerts,
            Map<String, Long> lastChange, List<PendingVerification> pending) {
        this.registry = registry;
        this.config = config;
        this.recorder = recorder;
        this.alerts = alerts;
        this.lastChange = lastChange;
        this.pending = pending;
    }

    void fire(RuleControl rule, RuleSpec spec, RuleMode mode, RuleControl.Binding binding, SignalWindow window,
              String resource, double value, Cycle cycle) {
        String watched = window.signal().name();
        RuleAction action = spec.action();
        if (action instanceof RuleAction.Alert) {
            if (!binding.active) {
                binding.active = true;
                rule.episodeStarted();
                String message = spec.comparison() == RuleSpec.Comparison.RISING
                        ? String.format(Locale.ROOT, "%s rises steadily: R² %.2f over %d samples, latest %s", watched,
                                value, window.size(), Recorder.number(window.latest()))
                        : String.format(Locale.ROOT, "%s is %s, %s %s", watched, Recorder.number(value),
                                spec.comparison().name().toLowerCase(Locale.ROOT), Recorder.number(spec.threshold()));
                alerts.raise(spec.name(), watched, spec.severity().name(), describe(watched, value), message, cycle.nowMillis, cycle);
                rule.fired(cycle.nowMillis, "alert: " + message);
            }
            return;
        }
        long cooldown = spec.cooldownMillis() << Math.min(binding.rollbacks, 4);
        if (binding.lastFiredMillis != Long.MIN_VALUE && cycle.nowMillis - binding.lastFiredMillis < cooldown) {
            return;
        }
        if (!binding.active) {
            binding.active = true;
            rule.episodeStarted();
            record(Recorder.EPISODE, spec, watched, null, null, describe(watched, value), "started", cycle);
        }
        if (action instanceof RuleAction.KnobStep step) {
            Optional<Knob> knob = registry.knob(SignalPattern.resolve(step.knob(), resource));
            if (knob.isEmpty()) {
                rule.outcome("knob " + SignalPattern.resolve(step.knob(), resource) + " is not published");
                return;
            }
            stepKnob(rule, spec, mode, binding, window, resource, knob.get(), step.factor(), step.delta(), cycle);
        } else if (action instanceof RuleAction.ShrinkLargest shrink) {
            Optional<Knob> largest = registry.knobs().stream()
                    .filter(k -> k.tags().contains(shrink.tag()) && !k.isPinned() && mayChange(k.resource(), cycle))
                    .filter(k -> k.value() > Math.max(k.min(), spec.minValue()))
                    .max(Comparator.comparingDouble(k -> k.value() * Math.max(1, k.bytesPerUnit())));
            if (largest.isEmpty()) {
                rule.outcome("nothing to shrink: no unpinned knob tagged " + shrink.tag() + " above its minimum");
                return;
            }
            stepKnob(rule, spec, mode, binding, window, resource, largest.get(), shrink.factor(), 0, cycle);
        } else if (action instanceof RuleAction.RunOperation run) {
            runOperation(rule, spec, mode, binding, window, resource, run, value, cycle);
        }
    }

    private void stepKnob(RuleControl rule, RuleSpec spec, RuleMode mode, RuleControl.Binding binding, SignalWindow window,
                          String resource, Knob knob, double factor, double delta, Cycle cycle) {
        if (!mayChange(knob.resource(), cycle)) {
            return; // tried again next cycle
        }
        double before = knob.value();
        double target = proposed(knob, spec, before, factor, delta);
        if (target == before) {
            atBound(rule, spec, binding, window, knob, before, before * factor + delta > before, cycle);
            return;
        }
        Optional<SignalWindow> outcome = registry.window(SignalPattern.resolve(spec.outcome().signal(), resource));
        if (outcome.isPresent() && spec.outcome().intent() != Outcome.Intent.RELIEVE) {
            target = knee(knob, spec, outcome.get(), before, target);
            if (target == before) {
                rule.outcome("the model finds no size better than " + Recorder.number(before) + " for " + knob.name());
                return;
            }
        }
        String refusal = knob.isPinned() ? "pinned by operator" : guardRefusal(spec, resource);
        if (refusal == null && mode == RuleMode.AUTO) {
            refusal = outcomeRefusal(spec, resource, outcome);
        }
        if (refusal == null && outcome.isPresent() && spec.outcome().intent() != Outcome.Intent.RELIEVE) {
            refusal = modelRefusal(knob, outcome.get(), spec.outcome().higherIsBetter(), before, target);
        }
        if (refusal == null && target > before && cycle.relieving && spec.outcome().intent() != Outcome.Intent.RELIEVE) {
            refusal = "heap relief in force: nothing grows while the pressure lasts";
        }
        if (refusal == null && target > before && knob.bytesPerUnit() > 0) {
            long left = config.memoryBudgetBytes() - budgetUsedBytes();
            double affordable = before + Math.max(0, left) / (double) knob.bytesPerUnit();
            affordable = knob.integral() ? Math.floor(affordable) : affordable;
            if (affordable < target) {
                if (affordable <= before) {
                    refusal = String.format(Locale.ROOT, "over budget: needs %d bytes, %d left",
                            (long) ((target - before) * knob.bytesPerUnit()), Math.max(0, left));
                } else {
                    target = affordable;
                }
            }
        }
        long since = lastChange.getOrDefault(knob.resource(), Long.MIN_VALUE);
        PendingVerification.Watch watched = outcome.isEmpty() ? null
                : PendingVerification.Watch.of(outcome.get(), spec.outcome().higherIsBetter(), since, samplesBefore());
        if (refusal == null && mode == RuleMode.AUTO && spec.outcome().intent() != Outcome.Intent.RELIEVE
                && tooFewToJudgeAgainst(rule, watched)) { // relief does not wait
            return; // not a firing: the cooldown does not start
        }
        binding.lastFiredMillis = cycle.nowMillis;
        OptionalDouble predicted = outcome.isEmpty() ? OptionalDouble.empty() : predict(knob, outcome.get(), target);
        String signals = describe(window.signal().name(), window.latest()) + predicted(knob, outcome, predicted, before, target);
        if (refusal != null || mode == RuleMode.RECOMMEND) {
            recommend(rule, spec, binding, knob.name(), before, target, signals,
                    refusal != null ? refusal : "mode recommend", cycle);
            return;
        }
        List<PendingVerification.Watch> guards = Guards.snapshot(registry, spec, resource, since, samplesBefore());
        OptionalDouble applied;
        try {
            applied = knob.setByRule(before, target);
        } catch (RuntimeException e) {
            failed(rule, spec, knob.name(), e, cycle);
            return;
        }
        if (applied.isEmpty()) { // an operator got there between the checks above and the change
            recommend(rule, spec, binding, knob.name(), before, target, signals, refusedChange(knob), cycle);
            return;
        }
        double after = applied.getAsDouble();
        binding.lastRecommendation = null;
        record(Recorder.APPLIED, spec, knob.name(), before, after, signals, "ok", cycle);
        rule.fired(cycle.nowMillis, "applied: " + knob.name() + " " + Recorder.number(before) + " -> " + Recorder.number(after));
        lastChange.put(knob.resource(), cycle.nowMillis);
        cycle.changedResources.add(knob.resource());
        pending.add(new PendingVerification(rule, spec, resource, knob, knob.name(), before, after, watched, guards,
                cycle.nowMillis, predicted, false));
    }

    private void runOperation(RuleControl rule, RuleSpec spec, RuleMode mode, RuleControl.Binding binding,
                              SignalWindow window, String resource, RuleAction.RunOperation run, double value, Cycle cycle) {
        List<String> escalation = run.escalation();
        String name = SignalPattern.resolve(escalation.get(Math.min(binding.escalation, escalation.size() - 1)), resource);
        if (alerts.cpuHigh() || !mayChange(Signal.resourceOf(name), cycle)) {
            return; // maintenance waits while CPU is high; tried again next cycle
        }
        binding.lastFiredMillis = cycle.nowMillis;
        binding.escalation++;
        String signals = describe(window.signal().name(), value);
        Optional<Operation> operation = registry.operation(name);
        Optional<SignalWindow> outcome = registry.window(SignalPattern.resolve(spec.outcome().signal(), resource));
        String refusal = operation.isEmpty() ? "operation not published" : guardRefusal(spec, resource);
        if (refusal == null && mode == RuleMode.AUTO) {
            refusal = outcomeRefusal(spec, resource, outcome);
        }
        if (refusal != null || mode == RuleMode.RECOMMEND) {
            recommend(rule, spec, binding, name, null, null, signals, refusal != null ? refusal : "mode recommend", cycle);
            return;
        }
        long since = lastChange.getOrDefault(Signal.resourceOf(name), Long.MIN_VALUE);
        PendingVerification.Watch watched = PendingVerification.Watch.of(outcome.get(), spec.outcome().higherIsBetter(),
                since, samplesBefore()); // an operation is not deferred for want of samples: its verdict only informs
        List<PendingVerification.Watch> guards = Guards.snapshot(registry, spec, resource, since, samplesBefore());
        String result;
        try {
            result = operation.get().action().call();
        } catch (Exception e) {
            failed(rule, spec, name, e, cycle);
            return;
        }
        binding.lastRecommendation = null;
        record(Recorder.APPLIED, spec, name, null, null, signals, result == null || result.isEmpty() ? "ok" : result, cycle);
        rule.fired(cycle.nowMillis, "applied: " + name);
        lastChange.put(Signal.resourceOf(name), cycle.nowMillis);
        cycle.changedResources.add(Signal.resourceOf(name));
        pending.add(new PendingVerification(rule, spec, resource, null, name, Double.NaN, Double.NaN, watched, guards,
                cycle.nowMillis, OptionalDouble.empty(), false));
    }

    /**
     * The rule would move the knob past a bound: recommends raising (or lowering) that bound, once per episode, with
     * what the knob's model predicts one step beyond it.
     */
    private void atBound(RuleControl rule, RuleSpec spec, RuleControl.Binding binding, SignalWindow window, Knob knob,
                         double value, boolean growing, Cycle cycle) {
        boolean ruleBound = growing ? spec.maxValue() < knob.max() : spec.minValue() > knob.min();
        String which = (ruleBound ? "the rule's " : "the knob's ") + (growing ? "maximum" : "minimum");
        StringBuilder outcome = new StringBuilder("at bound: ").append(knob.name()).append(" is ")
                .append(Recorder.number(value)).append(", ").append(which).append("; ")
                .append(growing ? "raise" : "lower").append(" it to let the rule act");
        Optional<SignalWindow> modelled = registry.window(SignalPattern.resolve(spec.outcome().signal(), Signal.resourceOf(knob.name())));
        if (modelled.isPresent()) {
            double beyond = growing ? Math.ceil(value * 1.5) : Math.floor(value * 0.75);
            predict(knob, modelled.get(), beyond).ifPresent(p -> outcome.append("; the model predicts ")
                    .append(modelled.get().signal().name()).append(" ").append(Recorder.number(p)).append(" at ")
                    .append(Recorder.number(beyond)));
        }
        recommend(rule, spec, binding, knob.name(), value, null, describe(window.signal().name(), window.latest()),
                outcome.toString(), cycle);
    }

    /** Journals a recommendation, unless it repeats the binding's previous one word for word. */
    private void recommend(RuleControl rule, RuleSpec spec, RuleControl.Binding binding, String target, Double before,
                           Double after, String signals, String outcome, Cycle cycle) {
        String recommendation = target + " " + before + " -> " + after + ": " + outcome;
        if (!recommendation.equals(binding.lastRecommendation)) {
            binding.lastRecommendation = recommendation;
            record(Recorder.RECOMMENDED, spec, target, before, after, signals, outcome, cycle);
        }
        rule.fired(cycle.nowMillis, "recommended: " + outcome);
    }

    void failed(RuleControl rule, RuleSpec spec, String target, Exception e, Cycle cycle) {
        record(Recorder.FAILED, spec, target, null, null, "", e.toString(), cycle);
        rule.fired(cycle.nowMillis, "failed: " + e);
    }

    /** Whether {@code resource} may change now: not yet in this cycle, not within the hold time, none under verification. */
    private boolean mayChange(String resource, Cycle cycle) {
        if (cycle.changedResources.contains(resource)) {
            return false;
        }
        Long last = lastChange.get(resource);
        if (last != null && cycle.nowMillis - last < config.minHoldMillis()) {
            return false;
        }
        for (PendingVerification p : pending) {
            if (Signal.resourceOf(p.target()).equals(resource)) {
                return false;
            }
        }
        return true;
    }

    /** Why {@link Knob#setByRule} refused. */
    static String refusedChange(Knob knob) {
        return knob.isPinned() ? "pinned by operator" : "changed meanwhile";
    }

    /** Samples before a change that its counterfactual is drawn from: enough for a trend, recent enough to be one. */
    private int samplesBefore() {
        return Math.max(10, 3 * config.verifySamples());
    }

    /**
     * A change waits until its outcome signal has {@code verifySamples + 1} samples (at least {@value #MIN_SAMPLES_BEFORE})
     * since the resource's previous change: with fewer there is no trend to judge it against. Tried again next cycle.
     */
    private boolean tooFewToJudgeAgainst(RuleControl rule, PendingVerification.Watch watched) {
        int needed = Math.max(MIN_SAMPLES_BEFORE, config.verifySamples() + 1);
        if (watched.before().size() >= needed) {
            return false;
        }
        rule.outcome("waiting: " + watched.before().size() + " of " + needed + " samples of "
                + watched.window().signal().name() + " since the last change, to judge a change against");
        return true;
    }

    /** A change that could not be judged is not made. */
    private static String outcomeRefusal(RuleSpec spec, String resource, Optional<SignalWindow> outcome) {
        return outcome.isPresent() ? null : "outcome signal " + SignalPattern.resolve(spec.outcome().signal(), resource)
                + " is not published, so the change could not be judged";
    }

    /**
     * Where the knob's model predicts the outcome, a growth must be predicted to gain at least the minimum effect
     * (a point of a ratio, 5 % elsewhere), worth its memory, and a shrink to lose less than that.
     */
    private static String modelRefusal(Knob knob, SignalWindow outcome, boolean higherIsBetter, double before,
                                       double target) {
        OptionalDouble now = predict(knob, outcome, before);
        OptionalDouble then = predict(knob, outcome, target);
        if (now.isEmpty() || then.isEmpty()) {
            return null;
        }
        double gain = (then.getAsDouble() - now.getAsDouble()) * (higherIsBetter ? 1 : -1);
        double minEffect = "ratio".equals(outcome.signal().unit()) ? Verifier.MIN_RATIO_EFFECT
                : Math.abs(now.getAsDouble()) * Verifier.MIN_RELATIVE_EFFECT;
        String figures = String.format(Locale.ROOT, "%s %s at %s, %s now", outcome.signal().name(),
                Recorder.number(then.getAsDouble()), Recorder.number(target), Recorder.number(now.getAsDouble()));
        if (target > before && gain < minEffect) {
            return "the model predicts no gain worth the memory: " + figures;
        }
        if (target < before && -gain >= minEffect) {
            return "the model predicts a loss: " + figures;
        }
        return null;
    }

    /**
     * Where the knob's model predicts the outcome, the size to go to instead of a blind step: growing, the smallest
     * size within the bounds and the memory budget that is predicted within the minimum effect of the best one there;
     * shrinking, the smallest size predicted to lose less than half the minimum effect. Without a prediction, the step.
     */
    private double knee(Knob knob, RuleSpec spec, SignalWindow outcome, double before, double step) {
        boolean growing = step > before;
        double limit = growing ? Math.min(knob.max(), spec.maxValue()) : Math.max(knob.min(), spec.minValue());
        if (growing && knob.bytesPerUnit() > 0) {
            limit = Math.min(limit, before + Math.max(0, config.memoryBudgetBytes() - budgetUsedBytes())
                    / (double) knob.bytesPerUnit());
        }
        OptionalDouble now = predict(knob, outcome, before);
        OptionalDouble atLimit = predict(knob, outcome, limit);
        if (now.isEmpty() || atLimit.isEmpty() || (growing ? limit <= before : limit >= before)) {
            return step;
        }
        boolean higherIsBetter = spec.outcome().higherIsBetter();
        double minEffect = "ratio".equals(outcome.signal().unit()) ? Verifier.MIN_RATIO_EFFECT
                : Math.abs(now.getAsDouble()) * Verifier.MIN_RELATIVE_EFFECT;
        double goal = growing ? atLimit.getAsDouble() : now.getAsDouble();
        double tolerance = growing ? minEffect : minEffect / 2;
        for (int i = 1; i <= KNEE_POINTS; i++) { // from the smallest size up, on a log scale
            double low = Math.min(before, limit);
            double size = low * Math.pow(Math.max(before, limit) / low, (double) i / KNEE_POINTS);
            size = knob.integral() ? Math.ceil(size) : size;
            OptionalDouble predicted = predict(knob, outcome, size);
            if (predicted.isPresent() && (higherIsBetter ? predicted.getAsDouble() >= goal - tolerance
                    : predicted.getAsDouble() <= goal + tolerance)) {
                return growing ? Math.max(size, Math.min(before + 1, limit)) : Math.min(size, before);
            }
        }
        return step;
    }

    /** The knob's model's prediction of the outcome signal at {@code value}, when it models that signal. */
    static OptionalDouble predict(Knob knob, SignalWindow outcome, double value) {
        return knob.model().filter(model -> model.signal().equals(outcome.signal().name()))
                .map(model -> model.predict(value)).orElse(OptionalDouble.empty());
    }

    private static String predicted(Knob knob, Optional<SignalWindow> outcome, OptionalDouble predicted, double before,
                                    double target) {
        if (predicted.isEmpty()) {
            return "";
        }
        OptionalDouble now = predict(knob, outcome.get(), before);
        return "; predicted " + outcome.get().signal().name() + " " + Recorder.number(predicted.getAsDouble()) + " at "
                + Recorder.number(target) + (now.isPresent() ? " (" + Recorder.number(now.getAsDouble()) + " at "
                + Recorder.number(before) + ")" : "");
    }

    private String guardRefusal(RuleSpec spec, String resource) {
        String moving = Guards.movingWrongWay(registry, spec, resource, config.verifySamples());
        return moving == null ? null : "guard: " + moving;
    }

    private static double proposed(Knob knob, RuleSpec spec, double before, double factor, double delta) {
        double raw = before * factor + delta;
        if (knob.integral()) {
            raw = raw > before ? Math.max(Math.rint(raw), before + 1) : Math.min(Math.rint(raw), before - 1);
        }
        if (raw > before) {
            double target = Math.min(raw, Math.min(knob.max(), spec.maxValue()));
            return target > before ? target : before;
        }
        double target = Math.max(raw, Math.max(knob.min(), spec.minValue()));
        return target < before ? target : before;
    }

    /** Growth of every knob beyond its initial value, at its cost per unit. */
    long budgetUsedBytes() {
        double used = 0;
        for (Knob knob : registry.knobs()) {
            if (knob.bytesPerUnit() > 0) {
                used += Math.max(0, knob.value() - knob.initialValue()) * knob.bytesPerUnit();
            }
        }
        return (long) used;
    }

    private void record(String kind, RuleSpec spec, String target, Double before, Double after, String signals,
                        String outcome, Cycle cycle) {
        recorder.record(kind, spec.name(), target, before, after, signals, outcome);
        cycle.count(kind);
    }

    static String describe(String signal, double value) {
        return signal + "=" + Recorder.number(value);
    }
}
