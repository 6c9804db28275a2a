package io.trimtab.examples.bench;

import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.Operation;
import io.trimtab.mbeans.optimizer.Optimizer;
import io.trimtab.mbeans.optimizer.OptimizerConfig;
import io.trimtab.mbeans.optimizer.RuleMode;
import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An optimizer in auto mode with every built-in rule, the JVM's signals, and 100 caches, 10 pools and 10
 * databases publishing the documented names. {@code busy}: every cache undersized, every pool starved, every
 * WAL too large, with figures that do not react, so rules fire, journal, verify and roll back within their
 * cooldowns; otherwise every resource is healthy and nothing fires.
 */
final class OptimizerFixture implements AutoCloseable {

    private static final Duration SAMPLING_INTERVAL = Duration.ofSeconds(5);

    final Optimizer optimizer;
    private final Path dataDir;
    private final MBeanRegistrar registrar;
    private final SteppingClock clock = new SteppingClock();

    OptimizerFixture(String domain, boolean busy) throws IOException {
        dataDir = Files.createTempDirectory("trimtab-bench");
        registrar = new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer());
        ManagementContext context = new ManagementContext(domain, registrar, new MetricRegistry(), dataDir, clock);
        optimizer = Optimizer.builder(context, "bench")
                .config(OptimizerConfig.defaults().withMode(RuleMode.AUTO).withMinHoldMillis(0)).start();
        SignalRegistry signals = optimizer.signals();
        for (int i = 0; i < 100; i++) {
            publishCache(signals, "c" + i, busy);
        }
        for (int i = 0; i < 10; i++) {
            publishPool(signals, "p" + i, busy);
            publishDatabase(signals, "d" + i, busy);
        }
    }

    /** Moves the clock on by one sampling interval (5 s) and samples. */
    int sample() {
        clock.advance(SAMPLING_INTERVAL);
        return optimizer.sample();
    }

    @Override
    public void close() throws IOException {
        optimizer.close();
        registrar.close();
        TempDirs.delete(dataDir);
    }

    private static void publishCache(SignalRegistry signals, String name, boolean busy) {
        double[] maxEntries = {1000};
        signals.publish(new Signal("cache." + name + ".hitRatio", "ratio", () -> busy ? 0.4 : 0.95));
        signals.publish(new Signal("cache." + name + ".evictions", "count", () -> busy ? 50 : 0));
        signals.publish(new Signal("cache." + name + ".fill", "ratio", () -> 0.9));
        signals.publish(Knob.builder("cache." + name + ".maxEntries").bounds(100, 100_000).integral().bytesPerUnit(1024)
                .tag(Knob.SHRINKABLE).reader(() -> maxEntries[0]).setter(v -> maxEntries[0] = v).build());
    }

    private static void publishPool(SignalRegistry signals, String name, boolean busy) {
        double[] maxTotal = {8};
        signals.publish(new Signal("pool." + name + ".waiters", "count", () -> busy ? 4 : 0));
        signals.publish(new Signal("pool." + name + ".timeouts", "count", () -> 0));
        signals.publish(new Signal("pool." + name + ".acquireP99Millis", "ms", () -> 2));
        signals.publish(new Signal("pool." + name + ".utilization", "ratio", () -> 0.6));
        signals.publish(Knob.builder("pool." + name + ".maxTotal").bounds(1, 64).integral().bytesPerUnit(65_536)
                .reader(() -> maxTotal[0]).setter(v -> maxTotal[0] = v).build());
    }

    private static void publishDatabase(SignalRegistry signals, String name, boolean busy) {
        String db = "db." + name;
        signals.publish(new Signal(db + ".walBytes", "bytes", () -> busy ? 100 << 20 : 1 << 20));
        signals.publish(new Signal(db + ".freelistRatio", "ratio", () -> 0.01));
        signals.publish(new Signal(db + ".writesSinceOptimize", "count", () -> 100));
        signals.publish(new Signal(db + ".secondsSinceOptimize", "s", () -> 600));
        signals.publish(new Signal(db + ".queryP99Millis", "ms", () -> 5));
        signals.publish(new Signal(db + ".fullScanQueries", "count", () -> 0));
        for (String operation : new String[] {"checkpointPassive", "checkpointRestart", "checkpointTruncate", "optimize"}) {
            signals.publish(new Operation(db + "." + operation, () -> "ok"));
        }
    }
}
