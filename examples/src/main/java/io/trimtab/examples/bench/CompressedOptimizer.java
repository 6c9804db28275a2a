package io.trimtab.examples.bench;

import com.codahale.metrics.MetricRegistry;
import io.trimtab.config.TrimtabSettings;
import io.trimtab.jobs.JobSchedule;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import io.trimtab.mbeans.optimizer.CycleSummary;
import io.trimtab.mbeans.optimizer.JournalEntry;
import io.trimtab.mbeans.optimizer.Optimizer;
import io.trimtab.mbeans.optimizer.OptimizerConfig;
import io.trimtab.mbeans.optimizer.RuleMode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An optimizer as a runtime sets it up by default (built-in rules, default windows, hold time and verification),
 * in auto mode, on the runtime's default schedule (a sample every {@code jobs.sampling}, a cycle every
 * {@code jobs.optimizationCycle}) told by a {@link SteppingClock}: a scenario moves the clock one sampling
 * interval per {@link #sample()}, so a cycle's worth of optimizer time passes in however long its workload
 * runs between samples. The JVM's own signals are left out: they describe the benchmark's host, not the resource.
 */
final class CompressedOptimizer implements AutoCloseable {

    static final Duration SAMPLING_INTERVAL = interval(TrimtabSettings.JOBS_SAMPLING.defaultValue());
    static final Duration CYCLE_INTERVAL = interval(TrimtabSettings.JOBS_OPTIMIZATION_CYCLE.defaultValue());
    /** Samples between two cycles: 30 with the defaults (10 s and 5 min). */
    static final int SAMPLES_PER_CYCLE = (int) (CYCLE_INTERVAL.toMillis() / SAMPLING_INTERVAL.toMillis());

    final Optimizer optimizer;
    private final SteppingClock clock = new SteppingClock();
    private final Path dataDir;
    private final MBeanRegistrar registrar;

    /** @param memoryBudgetBytes what cache and pool growth may draw on together */
    CompressedOptimizer(String domain, long memoryBudgetBytes) throws IOException {
        dataDir = Files.createTempDirectory("trimtab-bench-optimizer");
        registrar = new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer());
        ManagementContext context = new ManagementContext(domain, registrar, new MetricRegistry(), dataDir, clock);
        OptimizerConfig defaults = OptimizerConfig.defaults();
        // The budget as the default fraction of a heap that makes it memoryBudgetBytes.
        optimizer = Optimizer.builder(context, "bench").jvmSignals(false)
                .config(defaults.withMode(RuleMode.AUTO).withMemoryBudget(defaults.memoryBudgetFraction(),
                        (long) Math.ceil(memoryBudgetBytes / defaults.memoryBudgetFraction())))
                .start();
    }

    /** Moves the clock on by one sampling interval and samples every signal, as the sampling job does. */
    void sample() {
        clock.advance(SAMPLING_INTERVAL);
        optimizer.sample();
    }

    /** Runs a cycle, as the optimization cycle job does once every {@link #SAMPLES_PER_CYCLE} samples. */
    CycleSummary runCycle() {
        return optimizer.runCycle();
    }

    /** The journal's changes (applied and rolled back), oldest first, for the detail lines. */
    List<String> changes() {
        return optimizer.journal(1000).stream()
                .filter(e -> e.kind().equals("applied") || e.kind().equals("rolledBack"))
                .map(CompressedOptimizer::describe).toList();
    }

    /** The journal's verdicts (kept or rolled back), oldest first, with the test's figures. */
    List<String> verdicts() {
        return optimizer.journal(1000).stream()
                .filter(e -> e.kind().equals("verified") || e.kind().equals("rolledBack"))
                .map(e -> describe(e) + ": " + e.outcome() + " [" + e.signals() + "]").toList();
    }

    @Override
    public void close() throws IOException {
        optimizer.close();
        registrar.close();
        TempDirs.delete(dataDir);
    }

    private static String describe(JournalEntry e) {
        return e.kind() + " " + e.rule() + " " + e.target() + " " + number(e.before()) + " -> " + number(e.after());
    }

    private static String number(Double value) {
        return value == null ? "-" : Report.format(value);
    }

    private static Duration interval(String schedule) {
        return JobSchedule.parse(schedule).interval().orElseThrow();
    }
}
