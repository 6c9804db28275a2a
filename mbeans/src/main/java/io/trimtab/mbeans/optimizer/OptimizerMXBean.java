package io.trimtab.mbeans.optimizer;

import io.trimtab.mbeans.jmx.Description;
import java.util.List;

/** {@code <domain>:type=Optimizer,name=<runtime>}. Values are point-in-time. */
@Description("Trimtab's optimizer: samples signals, evaluates rules, applies and verifies changes within bounds, journals"
        + " everything. Notifications: trimtab.rule.recommended, trimtab.rule.applied, trimtab.rule.verified,"
        + " trimtab.rule.rolledBack, trimtab.rule.failed, trimtab.alert.")
public interface OptimizerMXBean {

    @Description("Global mode capping every rule: off (kill switch), recommend (journal and notify, change nothing) or auto.")
    String getMode();

    void setMode(String mode);

    @Description("Health score 0-100 from the signals (100 = nothing of concern), as of the last cycle.")
    int getHealthScore();

    @Description("Cycles run since start.")
    long getCycles();

    @Description("CPU time of the last cycle in milliseconds.")
    double getLastCycleMillis();

    @Description("When the last cycle ran, ISO-8601 UTC, or an empty string before the first.")
    String getLastCycleTime();

    @Description("Whether maintenance (checkpoints, optimize, vacuum) should wait: true while a CPU alert is active.")
    boolean isMaintenanceShouldWait();

    @Description("Memory budget for cache and pool growth in bytes (optimizer.memoryBudgetFraction of max heap).")
    long getMemoryBudgetBytes();

    @Description("Bytes of the memory budget in use: growth of knobs beyond their initial values, at their cost per unit.")
    long getMemoryBudgetUsedBytes();

    @Description("Names of the signals published, sorted.")
    List<String> getSignals();

    @Description("Runs one cycle now: verifies earlier changes, evaluates every rule, updates the health score.")
    CycleSummary runCycle();

    @Description("Reads every signal once into its window; returns how many were read.")
    int sample();

    @Description("The newest journal entries, oldest first.")
    List<JournalEntry> journal(@Description("How many entries, 1 to 1000.") int n);

    @Description("A least-squares trend per signal with slope, R² and time to its threshold.")
    List<Forecast> forecasts();

    @Description("The alerts active now.")
    List<Alert> alerts();

    @Description("Sets a knob as an operator and pins it: no rule moves it until unpinned. Returns the value in effect.")
    double setKnob(@Description("Knob name, e.g. cache.users.maxEntries.") String knob,
                   @Description("The new value, within the knob's bounds.") double value);

    @Description("Releases a knob pinned by an operator so that rules may move it again.")
    void unpinKnob(@Description("Knob name, e.g. cache.users.maxEntries.") String knob);
}
