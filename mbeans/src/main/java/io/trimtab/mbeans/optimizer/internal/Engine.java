package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.OptimizerConfig;
import io.trimtab.mbeans.optimizer.Outcome;
import io.trimtab.mbeans.optimizer.RuleAction;
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
    /** Samples in a row at the clear threshold after which a rule clears even if it never passes it. */
    static final int QUIET_SAMPLES = 3;
    static final int HEALTH_HYSTERESIS = 5;

    private final HealthScore health;
    private final Recorder recorder;
    private final List<RuleControl> rules = new CopyOnWriteArrayList<>();
    private volatile RuleMode mode;
    private volatile int healthScore = 100;
    private String healthLevel = "";

    public Engine(SignalRegistry registry, OptimizerConfig config, Recorder recorder) {
        this.registry = registry;
        this.mode = config.mode();
        this.recorder = recorder;
        this.alerts = new Alerts(recorder);
        this.health = new HealthScore(registry);
        Map<String, Long> lastChange = new HashMap<>();
        List<PendingVerification> pending = new ArrayList<>();
        this.actions = new Actions(registry, config, recorder, alerts, lastChange, pending);
        this.verifier = new Verifier(registry, config, recorder, lastChange, pending,
                () -> config.memoryBudgetBytes() - actions.budgetUsedBytes());
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
        if (global == RuleMode.OFF) {
            rules.forEach(rule -> stand(rule, "optimizer off"));
        } else {
            cycle.relieving = rules.stream().anyMatch(r -> r.spec().outcome().intent() == Outcome.Intent.RELIEVE
                    && r.anyActive());
            verifier.verify(cycle);
            List<RuleControl> ordered = new ArrayList<>(rules);
            ordered.sort(Comparator.comparingInt((RuleControl r) -> r.spec().priority()).reversed());
            for (RuleControl rule : ordered) {
                RuleSpec spec = rule.spec();
                RuleMode effective = spec.mode().cap(global);
                if (effective == RuleMode.OFF) {
                    stand(rule, "rule off");
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
            value = fit.slopePerSecond() > 0 && fit.rise() >= spec.minRise() ? fit.r2() : 0;
            meets = spec.meets(value);
        } else {
            double[] last = window.lastValues(spec.sustain());
            value = last[last.length - 1];
            for (double v : last) {
                meets &= spec.meets(v);
            }
        }
        String target = window.signal().name();
        if (binding.active && (spec.clears(value) || quiet(spec, window))) {
            binding.active = false;
            binding.escalation = 0;
            binding.lastRecommendation = null;
            alerts.clear(spec.name(), target, Actions.describe(target, value));
            if (!(spec.action() instanceof RuleAction.Alert)) {
                recorder.record(Recorder.EPISODE, spec.name(), target, null, null, Actions.describe(target, value), "ended");
            }
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

    /**
     * Whether the condition has not held for {@value #QUIET_SAMPLES} samples in a row, each at or past the clear
     * threshold: a rule whose clear threshold equals its threshold ("above 0") clears after samples at 0.
     */
    private static boolean quiet(RuleSpec spec, SignalWindow window) {
        if (spec.comparison() == Comparison.RISING) {
            return false;
        }
        double[] last = window.lastValues(QUIET_SAMPLES);
        if (last.length < QUIET_SAMPLES) {
            return false;
        }
        for (double v : last) {
            boolean atClear = spec.comparison() == Comparison.BELOW ? v >= spec.clearThreshold() : v <= spec.clearThreshold();
            if (spec.meets(v) || !atClear) {
                return false;
            }
        }
        return true;
    }

    /** A rule turned off (or every rule, the optimizer off) clears its alerts and forgets its episodes. */
    private void stand(RuleControl rule, String why) {
        RuleSpec spec = rule.spec();
        for (String resource : rule.boundResources()) {
            String signal = rule.pattern().template() ? SignalPattern.resolve(spec.signal(), resource) : spec.signal();
            alerts.clear(spec.name(), signal, why);
            rule.forget(resource);
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

    /**
     * The health alert's level: WARNING below 70, CRITICAL below 40, each left only {@value #HEALTH_HYSTERESIS} points
     * above its threshold, so that a score wavering around one does not raise and clear an alert every cycle.
     */
    static String healthLevel(int score, String current) {
        if (score < 40 || (current.equals("CRITICAL") && score < 40 + HEALTH_HYSTERESIS)) {
            return "CRITICAL";
        }
        if (score < 70 || (!current.isEmpty() && score < 70 + HEALTH_HYSTERESIS)) {
            return "WARNING";
        }
        return "";
    }

    private void updateHealth(Cycle cycle) {
        int score = health.compute();
        healthScore = score;
        String level = healthLevel(score, healthLevel);
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
