package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.Alert;
import io.trimtab.mbeans.optimizer.CycleSummary;
import io.trimtab.mbeans.optimizer.Forecast;
import io.trimtab.mbeans.optimizer.JournalEntry;
import io.trimtab.mbeans.optimizer.Optimizer;
import io.trimtab.mbeans.optimizer.OptimizerMXBean;
import io.trimtab.mbeans.optimizer.RuleMode;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The Optimizer MBean's view of an {@link Optimizer}. */
public final class OptimizerBean implements OptimizerMXBean {

    private final Optimizer optimizer;
    private final Engine engine;
    private final AtomicLong cycles = new AtomicLong();
    private volatile long lastCycleCpuNanos;
    private volatile String lastCycleTime = "";

    public OptimizerBean(Optimizer optimizer, Engine engine) {
        this.optimizer = optimizer;
        this.engine = engine;
    }

    /** Counts a finished cycle and summarizes it. */
    public CycleSummary cycleDone(Cycle cycle, long nowMillis, long cpuNanos) {
        lastCycleCpuNanos = cpuNanos;
        lastCycleTime = Instant.ofEpochMilli(nowMillis).toString();
        return cycle.summary(cycles.incrementAndGet(), cpuNanos);
    }

    @Override
    public String getMode() {
        return optimizer.mode().lowerCase();
    }

    @Override
    public void setMode(String mode) {
        optimizer.mode(RuleMode.parse("mode", mode));
    }

    @Override
    public int getHealthScore() {
        return engine.healthScore();
    }

    @Override
    public long getCycles() {
        return cycles.get();
    }

    @Override
    public double getLastCycleMillis() {
        return lastCycleCpuNanos / 1_000_000.0;
    }

    @Override
    public String getLastCycleTime() {
        return lastCycleTime;
    }

    @Override
    public boolean isMaintenanceShouldWait() {
        return engine.maintenanceShouldWait();
    }

    @Override
    public long getMemoryBudgetBytes() {
        return optimizer.config().memoryBudgetBytes();
    }

    @Override
    public long getMemoryBudgetUsedBytes() {
        return engine.memoryBudgetUsedBytes();
    }

    @Override
    public List<String> getSignals() {
        return optimizer.signals().signalNames();
    }

    @Override
    public CycleSummary runCycle() {
        return optimizer.runCycle();
    }

    @Override
    public int sample() {
        return optimizer.sample();
    }

    @Override
    public List<JournalEntry> journal(int n) {
        return optimizer.journal(n);
    }

    @Override
    public List<Forecast> forecasts() {
        return optimizer.forecasts();
    }

    @Override
    public List<Alert> alerts() {
        return optimizer.alerts();
    }

    @Override
    public double setKnob(String knob, double value) {
        return optimizer.signals().knob(knob)
                .orElseThrow(() -> new IllegalArgumentException("knob '" + knob + "' is not published"))
                .setByOperator(value);
    }

    @Override
    public void unpinKnob(String knob) {
        optimizer.signals().knob(knob)
                .orElseThrow(() -> new IllegalArgumentException("knob '" + knob + "' is not published"))
                .unpin();
    }
}
