package io.trimtab.prometheus;

import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.trimtab.mbeans.optimizer.Alert;
import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.Optimizer;
import io.trimtab.mbeans.optimizer.RuleMode;
import io.trimtab.mbeans.optimizer.RuleSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The optimizer and its rules and knobs: the health score as of the last cycle, the cycle's time (the Dropwizard
 * timer {@code trimtab.optimizer.<name>.cycle}), the memory budget, the active alerts, each rule's episodes, firings
 * and mode, each knob's value and whether an operator pinned it.
 */
final class OptimizerCollector implements MultiCollector {

    private static final List<String> SEVERITIES = List.of("INFO", "WARNING", "CRITICAL");

    private final Optimizer optimizer;
    private final MetricRegistry metrics;

    OptimizerCollector(Optimizer optimizer, MetricRegistry metrics) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public MetricSnapshots collect() {
        Families families = new Families();
        families.gauge("trimtab_optimizer_health_score",
                "Health score 0 to 100 from the signals (100: nothing of concern), as of the last cycle.")
                .add(optimizer.healthScore(), Labels.EMPTY);
        Families.Summary cycles = families.summary("trimtab_optimizer_cycle_seconds",
                "Wall time of an optimizer cycle (verifications, every rule, the health score); the count is of the"
                        + " cycles run.", Unit.SECONDS);
        Metric timer = metrics.getMetrics().get("trimtab.optimizer." + optimizer.name() + ".cycle");
        if (timer instanceof Timer cycleTimer) {
            cycles.add(cycleTimer, cycleTimer.getCount(), 1e-9, Labels.EMPTY);
        }
        families.gauge("trimtab_optimizer_memory_budget_bytes",
                "Memory the optimizer may grow caches and pools by (a fraction of the max heap).", Unit.BYTES)
                .add(optimizer.config().memoryBudgetBytes(), Labels.EMPTY);
        families.gauge("trimtab_optimizer_memory_budget_used_bytes",
                "Memory budget in use: growth of knobs beyond their initial values, at their cost per unit.", Unit.BYTES)
                .add(optimizer.memoryBudgetUsedBytes(), Labels.EMPTY);
        Families.Gauge alerts = families.gauge("trimtab_optimizer_alerts",
                "Alerts active now, by severity: info, warning or critical.");
        Map<String, Integer> bySeverity = new TreeMap<>();
        SEVERITIES.forEach(severity -> bySeverity.put(severity, 0));
        for (Alert alert : optimizer.alerts()) {
            bySeverity.merge(alert.severity(), 1, Integer::sum);
        }
        bySeverity.forEach((severity, count) ->
                alerts.add(count, Labels.of("severity", severity.toLowerCase(Locale.ROOT))));
        RuleMode mode = optimizer.mode();
        families.info("trimtab_optimizer", "The optimizer's global mode, which caps every rule's: off, recommend or auto.")
                .add(Labels.of("mode", mode.lowerCase()));
        collectRules(families, mode);
        collectKnobs(families);
        return families.snapshots();
    }

    private void collectRules(Families families, RuleMode globalMode) {
        Families.Counter episodes = families.counter("trimtab_rule_episodes",
                "Episodes of a rule since start, over every resource it is bound to: times its condition began to hold"
                        + " for a resource after having cleared. One episode may fire the rule several times.");
        Families.Counter firings = families.counter("trimtab_rule_firings",
                "Times a rule fired since start, over every resource it is bound to.");
        Families.Info info = families.info("trimtab_rule", "A rule's signal, its own mode, and the mode in effect once"
                + " the optimizer's global mode caps it.");
        for (RuleSpec spec : optimizer.rules()) {
            Labels labels = Labels.of("rule", spec.name());
            optimizer.rule(spec.name()).ifPresent(rule -> {
                episodes.add(rule.getEpisodes(), labels);
                firings.add(rule.getFirings(), labels);
            });
            info.add(labels.add("signal", spec.signal()).add("mode", spec.mode().lowerCase())
                    .add("effective_mode", spec.mode().cap(globalMode).lowerCase()));
        }
    }

    private void collectKnobs(Families families) {
        Families.Gauge value = families.gauge("trimtab_knob_value",
                "A knob's value now, e.g. cache.users.maxEntries (entries) or pool.orders.maxTotal (connections).");
        Families.Gauge pinned = families.gauge("trimtab_knob_pinned",
                "1 while an operator has pinned the knob (no rule moves it), else 0.");
        for (Knob knob : optimizer.signals().knobs()) {
            Labels labels = Labels.of("knob", knob.name());
            try {
                value.add(knob.value(), labels);
            } catch (RuntimeException e) {
                continue; // its resource closed while the scrape ran
            }
            pinned.add(knob.isPinned() ? 1 : 0, labels);
        }
    }
}
