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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One optimizer cycle (and one sample) with 100 caches, 10 pools and 10 databases published beside the
 * JVM's signals and every built-in rule, windows full (360 samples). {@code quiet}: every resource healthy,
 * nothing fires. {@code busy}: every cache undersized, every pool starved, every WAL too large, so rules fire,
 * journal, verify and roll back (changes that cannot help, as the figures do not react) within cooldowns.
 */
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = "-Dorg.slf4j.simpleLogger.log.io.trimtab.mbeans.optimizer.internal.Recorder=warn")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OptimizerCycleBenchmark {

    @Param({"quiet", "busy"})
    String load;

    private Path dataDir;
    private MBeanRegistrar registrar;
    private Optimizer optimizer;
    private final SteppingClock clock = new SteppingClock();

    @Setup(Level.Trial)
    public void start() throws IOException {
        dataDir = Files.createTempDirectory("trimtab-bench");
        registrar = new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer());
        ManagementContext context = new ManagementContext("bench.optimizer", registrar, new MetricRegistry(), dataDir, clock);
        optimizer = Optimizer.builder(context, "bench")
                .config(OptimizerConfig.defaults().withMode(RuleMode.AUTO).withMinHoldMillis(0)).start();
        boolean busy = load.equals("busy");
        SignalRegistry signals = optimizer.signals();
        for (int i = 0; i < 100; i++) {
            publishCache(signals, "c" + i, busy);
        }
        for (int i = 0; i < 10; i++) {
            publishPool(signals, "p" + i, busy);
            publishDatabase(signals, "d" + i, busy);
        }
        for (int i = 0; i < 360; i++) {
            sample();
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        optimizer.close();
        registrar.close();
        try (var files = Files.list(dataDir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dataDir);
    }

    @Benchmark
    public Object cycle() {
        return optimizer.runCycle();
    }

    @Benchmark
    public int sample() {
        clock.step();
        return optimizer.sample();
    }

    /** What a schedule does every interval: sample, then cycle, so that cooldowns pass and verifications conclude. */
    @Benchmark
    public Object sampleAndCycle() {
        sample();
        return optimizer.runCycle();
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

    /** Five seconds on per sample, as a sampling job would. */
    private static final class SteppingClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void step() {
            now = now.plusSeconds(5);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
