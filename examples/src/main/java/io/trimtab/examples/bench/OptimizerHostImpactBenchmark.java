package io.trimtab.examples.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * A host workload (sorting 256 ints, a few microseconds) sampled for its latency percentiles, without an
 * optimizer beside it and with the {@link OptimizerFixture}'s busy optimizer sampling and cycling every 100 ms
 * on a thread of its own.
 */
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = "-Dorg.slf4j.simpleLogger.log.io.trimtab.mbeans.optimizer.internal.Recorder=warn")
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OptimizerHostImpactBenchmark {

    @Param({"none", "cyclesEvery100ms"})
    String optimizer;

    private OptimizerFixture fixture;
    private ScheduledExecutorService schedule;
    private final int[] input = new SplittableRandom(7).ints(256).toArray();

    @Setup(Level.Trial)
    public void start() throws IOException {
        if (optimizer.equals("none")) {
            return;
        }
        fixture = new OptimizerFixture("bench.host", true);
        schedule = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-optimizer"));
        schedule.scheduleAtFixedRate(() -> {
            fixture.sample();
            fixture.optimizer.runCycle();
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (fixture != null) {
            schedule.shutdown();
            schedule.awaitTermination(10, TimeUnit.SECONDS);
            fixture.close();
        }
    }

    @Benchmark
    public int[] hostWork() {
        int[] copy = input.clone();
        Arrays.sort(copy);
        return copy;
    }
}
