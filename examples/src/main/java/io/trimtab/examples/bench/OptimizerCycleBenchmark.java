package io.trimtab.examples.bench;

import java.io.IOException;
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
 * One optimizer cycle, one sample, and both, with the {@link OptimizerFixture}'s 120 resources and windows
 * full (360 samples), {@code quiet} beside {@code busy}.
 */
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = "-Dorg.slf4j.simpleLogger.log.io.trimtab.mbeans.optimizer.internal.Recorder=warn")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OptimizerCycleBenchmark {

    @Param({"quiet", "busy"})
    String load;

    private OptimizerFixture fixture;

    @Setup(Level.Trial)
    public void start() throws IOException {
        fixture = new OptimizerFixture("bench.optimizer", load.equals("busy"));
        for (int i = 0; i < 360; i++) {
            fixture.sample();
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        fixture.close();
    }

    @Benchmark
    public Object cycle() {
        return fixture.optimizer.runCycle();
    }

    @Benchmark
    public int sample() {
        return fixture.sample();
    }

    /** What a schedule does every interval: sample, then cycle, so that cooldowns pass and verifications conclude. */
    @Benchmark
    public Object sampleAndCycle() {
        fixture.sample();
        return fixture.optimizer.runCycle();
    }
}
