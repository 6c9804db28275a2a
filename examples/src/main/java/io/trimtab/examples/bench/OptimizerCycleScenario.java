package io.trimtab.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@code optimizer-cycle}: the CPU time of one full optimizer cycle with 100 caches, 10 pools and 10 databases'
 * worth of signals, on a quiet fleet (nothing fires) and a busy one (every rule fires, journals, verifies and rolls
 * back within its cooldown). CPU time of the calling thread, so that other processes do not inflate it.
 */
final class OptimizerCycleScenario implements Scenario {

    @Override
    public String name() {
        return "optimizer-cycle";
    }

    @Override
    public String description() {
        return "CPU time of one optimizer cycle with 100 caches, 10 pools and 10 databases, quiet and busy";
    }

    @Override
    public void run(RunLength length, Report report) throws Exception {
        int cycles = length.pick(200, 2_000);
        for (boolean busy : new boolean[] {false, true}) {
            try (OptimizerFixture fixture = new OptimizerFixture("bench.cycle." + (busy ? "busy" : "quiet"), busy)) {
                for (int i = 0; i < 360; i++) {
                    fixture.sample(); // full windows, as after half an hour of sampling every 5 s
                }
                long[] sampleCpu = new long[cycles];
                long[] cycleCpu = new long[cycles];
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                for (int i = 0; i < cycles; i++) {
                    long t0 = threads.getCurrentThreadCpuTime();
                    fixture.sample();
                    long t1 = threads.getCurrentThreadCpuTime();
                    fixture.optimizer.runCycle();
                    long t2 = threads.getCurrentThreadCpuTime();
                    sampleCpu[i] = t1 - t0;
                    cycleCpu[i] = t2 - t1;
                }
                String load = busy ? "busy" : "quiet";
                // The second half, after the JIT has compiled the cycle.
                double cycleMs = median(Arrays.copyOfRange(cycleCpu, cycles / 2, cycles)) / 1e6;
                double sampleMs = median(Arrays.copyOfRange(sampleCpu, cycles / 2, cycles)) / 1e6;
                report.detail("%s: cycle median %.3f ms CPU, p99 %.3f ms; sample median %.3f ms CPU (%d cycles)", load,
                        cycleMs, percentile(Arrays.copyOfRange(cycleCpu, cycles / 2, cycles), 0.99) / 1e6, sampleMs, cycles);
                report.result(busy ? "optimizer-cycle" : "optimizer-cycle-quiet", cycleMs, "ms-cpu", Report.Goal.atMost(5));
            }
        }
    }

    private static double median(long[] values) {
        return percentile(values, 0.5);
    }

    private static double percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }
}
