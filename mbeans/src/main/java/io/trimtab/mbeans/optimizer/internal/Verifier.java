package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.OptimizerConfig;
import io.trimtab.mbeans.optimizer.RuleSpec.Comparison;
import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Watches automatic changes over {@code verifySamples} new samples of the rule's signal. A change is kept if
 * the signal's mean moved the good way by more than {@value #MIN_IMPROVEMENT} of its mean before and no guard
 * moved the bad way by more than {@value #GUARD_TOLERANCE}; otherwise its knob goes back (an operation cannot
 * be undone and is only journaled as not improved). A knob an operator pinned or changed meanwhile is left as set.
 * Each rollback in a row doubles the rule's cooldown for that resource, up to 16 times.
 */
final class Verifier {

    static final double MIN_IMPROVEMENT = 0.01;
    static final double GUARD_TOLERANCE = 0.10;

    private final SignalRegistry registry;
    private final OptimizerConfig config;
    private final Recorder recorder;
    private final Map<String, Long> lastChange;
    private final List<PendingVerification> pending;

    Verifier(SignalRegistry registry, OptimizerConfig config, Recorder recorder, Map<String, Long> lastChange,
             List<PendingVerification> pending) {
        this.registry = registry;
        this.config = config;
        this.recorder = recorder;
        this.lastChange = lastChange;
        this.pending = pending;
    }

    void verify(Cycle cycle) {
        for (Iterator<PendingVerification> it = pending.iterator(); it.hasNext(); ) {
            PendingVerification p = it.next();
            String watchedName = p.watched().signal().name();
            if (registry.window(watchedName).orElse(null) != p.watched()
                    || (p.knob() != null && registry.knob(p.knob().name()).orElse(null) != p.knob())) {
                it.remove(); // the resource went away
                continue;
            }
            if (p.watched().appended() - p.position() < config.verifySamples()) {
                continue;
            }
            it.remove();
            try {
                conclude(p, cycle);
            } catch (RuntimeException e) {
                record(Recorder.FAILED, p, null, null, "", "verification failed: " + e, cycle);
            }
        }
    }

    private void conclude(PendingVerification p, Cycle cycle) {
        double after = p.watched().meanSince(p.position());
        double margin = Math.max(Math.abs(p.baseline()) * MIN_IMPROVEMENT, 1e-9);
        boolean improved = p.spec().comparison() == Comparison.BELOW
                ? after > p.baseline() + margin : after < p.baseline() - margin;
        String signals = String.format(Locale.ROOT, "%s=%s (before %s)", p.watched().signal().name(), Recorder.number(after),
                Recorder.number(p.baseline()));
        String worse = null;
        for (PendingVerification.Guarded guard : p.guards()) {
            double now = guard.window().meanSince(guard.position());
            double tolerance = Math.max(Math.abs(guard.baseline()) * GUARD_TOLERANCE, 1e-9);
            signals += String.format(Locale.ROOT, ", %s=%s (before %s)", guard.window().signal().name(), Recorder.number(now),
                    Recorder.number(guard.baseline()));
            boolean bad = guard.mustNotFall() ? now < guard.baseline() - tolerance : now > guard.baseline() + tolerance;
            if (bad && worse == null) {
                worse = guard.window().signal().name() + " got worse";
            }
        }
        RuleControl.Binding binding = p.rule().binding(p.resource());
        if (improved && worse == null) {
            binding.rollbacks = 0;
            record(Recorder.VERIFIED, p, before(p), knobValue(p), signals, "improved", cycle);
            p.rule().outcome("verified: improved");
            return;
        }
        String why = worse != null ? worse : "did not improve";
        if (p.knob() == null) {
            record(Recorder.VERIFIED, p, null, null, signals, "not improved: " + why, cycle);
            p.rule().outcome("verified: not improved");
            return;
        }
        OptionalDouble restored = p.knob().setByRule(p.after(), p.before());
        if (restored.isEmpty()) {
            record(Recorder.VERIFIED, p, before(p), knobValue(p), signals,
                    why + "; " + Actions.refusedChange(p.knob()) + ", left as set", cycle);
            p.rule().outcome("verified: " + why + ", left to the operator");
            return;
        }
        binding.rollbacks++;
        String resource = Signal.resourceOf(p.target());
        lastChange.put(resource, cycle.nowMillis);
        cycle.changedResources.add(resource);
        record(Recorder.ROLLED_BACK, p, p.after(), restored.getAsDouble(), signals, why, cycle);
        p.rule().outcome("rolled back: " + why);
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
