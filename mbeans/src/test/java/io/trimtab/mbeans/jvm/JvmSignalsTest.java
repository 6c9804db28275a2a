package io.trimtab.mbeans.jvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.optimizer.SignalRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmSignalsTest {

    @TempDir
    Path dataDir;

    @Test
    void processCpuIsTheShareOfTheProcessorsUsedSinceThePreviousSample() {
        SignalRegistry registry = new SignalRegistry(8);
        JvmSignals.publish(registry, dataDir);
        registry.sample(1);

        burnCpuMillis(100);
        registry.sample(2);

        double process = registry.window("jvm.cpu.process").orElseThrow().latest();
        assertTrue(process > 0 && process <= 1, "process CPU " + process);
    }

    @Test
    void everyOtherSignalReadsAValueInItsRange() {
        SignalRegistry registry = new SignalRegistry(8);
        JvmSignals.publish(registry, dataDir);
        registry.sample(1);

        for (String ratio : new String[] {"jvm.heap.usedRatio", "jvm.gc.timeRatio", "jvm.disk.usedRatio"}) {
            double value = registry.window(ratio).orElseThrow().latest();
            assertTrue(value >= 0 && value <= 1, ratio + " " + value);
        }
        assertTrue(registry.window("jvm.threads.count").orElseThrow().latest() >= 1);
    }

    /** Spins until this thread has used the given CPU time, however long the machine takes to give it. */
    private static void burnCpuMillis(long millis) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + millis * 1_000_000L;
        while (threads.getCurrentThreadCpuTime() < until) {
            Thread.onSpinWait();
        }
    }
}
