package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.OptimizerConfig;
import io.trimtab.mbeans.optimizer.RuleMode;
import io.trimtab.mbeans.optimizer.RuleSpec;
import io.trimtab.mbeans.optimizer.RuleSpec.Comparison;
import io.trimtab.mbeans.optimizer.RuleSpec.Requirement;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.mbeans.optimizer.SignalWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs cycles: verifies earlier changes, then evaluates every rule for every resource it binds to, highest
 * priority first, and hands firings to the {@link Actions}. One cycle at a time.
 */
public final class Engine {

    private final SignalRegistry registry;
    private final Alerts alerts;
    private final Actions actions;
    private final Verifier verifier;
    private final HealthScore health;
    private final List<RuleControl> rules = new CopyOnWriteArrayList<>();
    private volatile RuleMode mode;
    private volatile int healthScore = 100;
    private String healthLevel = "";

    public Engine(SignalRegistry registry, OptimizerConfig config, Recorder recorder) {
        this.registry = registry;
        this.mode = config.mode();
        this.alerts = new Alerts(recorder);
        this.health = new HealthScore(registry);
        Map<String, Long> lastChange = new HashMap<>();
        List<PendingVerification> pending = new ArrayList<>();
        this.actions = new Actions(registry, config, recorder, alerts, lastChange, pending);
        this.verifier = new Verifier(registry, config, recorder, lastChange, pending);
    }

    public RuleMode mode() {
        return mode;
    }

    public void mode(RuleMode mode) {
        this.mode = mode;
    }

    public void add(RuleControl rule) {
        if (rules.stream().anyMatch(r -> r.spec().name().equals(rule.spec().name()))) {
            throw new IllegalStateException("a rule named " + rule.spec().name() + " is already added");
        }
        rules.add(rule);
    }

    public List<RuleControl> rules() {
        return List.copyOf(rules);
    }

    public int healthScore() {
        return healthScore;
    }

    /** What each component of the health score cost at the last cycle. */
    public List<io.trimtab.mbeans.optimizer.HealthPenalty> healthPenalties() {
        return health.penalties();
    }

    public List<io.trimtab.mbeans.optimizer.Alert> alerts() {
        return alerts.list();
    }

    public boolean maintenanceShouldWait() {
        return alerts.cpuHigh();
    }

    public long memoryBudgetUsedBytes() {
        return actions.budgetUsedBytes();
    }

    /** One cycle at {@code nowMillis}; under global mode off only the health score is updated. */
    public synchronized Cycle run(long nowMillis) {
        Cycle cycle = new Cycle(nowMillis);
        RuleMode global = mode;
        if (global != RuleMode.OFF) {
            verifier.verify(cycle);
            List<RuleControl> ordered = new ArrayList<>(rules);
            ordered.sort(Comparator.comparingInt((RuleControl r) -> r.spec().priority()).reversed());
            for (RuleControl rule : ordered) {
                RuleSpec spec = rule.spec();
                RuleMode effective = spec.mode().cap(global);
                if (effective == RuleMode.OFF) {
                    continue;
                }
                for (RuleControl.Bound bound : rule.bound(registry)) {
                    evaluate(rule, spec, effective, bound.window(), bound.resource(), cycle);
                }
                forgetRemoved(rule, spec, rule.boundNames());
            }
        }
        updateHealth(cycle);
        return cycle;
    }

    private void evaluate(RuleControl rule, RuleSpec spec, RuleMode mode, SignalWindow window, String resource, Cycle cycle) {
        if (window.size() < spec.minSamples()) {
            return;
        }
        cycle.evaluated++;
        RuleControl.Binding binding = rule.binding(resource);
        double value;
        boolean meets = true;
        if (spec.comparison() == Comparison.RISING) {
            LeastSquares fit = LeastSquares.fitLast(window, Integer.MAX_VALUE);
            value = fit.slopePerSecond() > 0 ? fit.r2() : 0;
            meets = spec.meets(value);
        } else {
            double[] last = window.lastValues(spec.sustain());
            value = last[last.length - 1];
            for (double v : last) {
                meets &= spec.meets(v);
            }
        }
        String target = window.signal().name();
        if (binding.active && spec.clears(value)) {
            binding.active = false;
            binding.escalation = 0;
            binding.lastRecommendation = null;
            alerts.clear(spec.name(), target, Actions.describe(target, value));
            return;
        }
        if (!meets || !requirementsHold(spec, resource)) {
            return;
        }
        try {
            actions.fire(rule, spec, mode, binding, window, resource, value, cycle);
        } catch (RuntimeException e) {
            actions.failed(rule, spec, target, e, cycle);
        }
    }

    /** Drops the state of resources that no longer publish the rule's signal, clearing their alerts. */
    private void forgetRemoved(RuleControl rule, RuleSpec spec, Set<String> bound) {
        for (String resource : rule.boundResources()) {
            if (!bound.contains(resource)) {
                rule.forget(resource);
                String signal = rule.pattern().template() ? SignalPattern.resolve(spec.signal(), resource) : spec.signal();
                alerts.clear(spec.name(), signal, "resource removed");
            }
        }
    }

    private boolean requirementsHold(RuleSpec spec, String resource) {
        for (Requirement requirement : spec.requires()) {
            Optional<SignalWindow> window = registry.window(SignalPattern.resolve(requirement.signal(), resource));
            double latest = window.map(SignalWindow::latest).orElse(Double.NaN);
            boolean holds = requirement.comparison() == Comparison.BELOW
                    ? latest < requirement.threshold() : latest > requirement.threshold();
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private void updateHealth(Cycle cycle) {
        int score = health.compute();
        healthScore = score;
        String level = score < 40 ? "CRITICAL" : score < 70 ? "WARNING" : "";
        if (!level.equals(healthLevel)) {
            if (!healthLevel.isEmpty()) {
                alerts.clear("health", "healthScore", "healthScore=" + score);
            }
            if (!level.isEmpty()) {
                alerts.raise("health", "healthScore", level, "healthScore=" + score,
                        "health score " + score + " is below " + (level.equals("CRITICAL") ? 40 : 70), cycle.nowMillis, cycle);
            }
            healthLevel = level;
        }
    }
}
