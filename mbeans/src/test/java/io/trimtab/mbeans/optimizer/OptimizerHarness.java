package io.trimtab.mbeans.optimizer;

import io.trimtab.mbeans.testing.ManualClock;
import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An optimizer on the platform MBeanServer with a test clock, its own JMX domain and a journal in a temporary
 * directory. {@link #step} samples, runs a cycle and moves the clock on by one sample interval.
 */
final class OptimizerHarness implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final ManualClock clock = new ManualClock();
    final String domain = "test.optimizer" + COUNTER.incrementAndGet();
    final MBeanRegistrar registrar = new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer());
    final ManagementContext context;
    final Optimizer optimizer;

    OptimizerHarness(Path dataDir, boolean builtInRules, UnaryOperator<OptimizerConfig> config) {
        context = new ManagementContext(domain, registrar, new MetricRegistry(), dataDir, clock);
        OptimizerConfig base = OptimizerConfig.defaults().withMode(RuleMode.AUTO).withMinHoldMillis(0)
                .withWindow(120, 3).withMemoryBudget(0.5, 1L << 30);
        optimizer = Optimizer.builder(context, "opt").config(config.apply(base)).builtInRules(builtInRules)
                .jvmSignals(false).start();
    }

    SignalRegistry signals() {
        return optimizer.signals();
    }

    CycleSummary step() {
        optimizer.sample();
        CycleSummary summary = optimizer.runCycle();
        clock.advance(INTERVAL);
        return summary;
    }

    /** Runs {@code n} steps and returns the last summary. */
    CycleSummary steps(int n) {
        CycleSummary last = null;
        for (int i = 0; i < n; i++) {
            last = step();
        }
        return last;
    }

    List<JournalEntry> journal() {
        return optimizer.journal(1000);
    }

    List<JournalEntry> journal(String kind) {
        return journal().stream().filter(e -> e.kind().equals(kind)).toList();
    }

    @Override
    public void close() {
        optimizer.close();
        registrar.close();
    }
}
