package io.trimtab.mbeans.jvm;

import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The JVM's own signals, read from the platform MXBeans only when sampled:
 * <ul>
 *   <li>{@code jvm.heap.usedRatio}: heap used / max heap, now;</li>
 *   <li>{@code jvm.heap.usedAfterGcRatio}: heap the last collection of each pool left / max heap (what the
 *       application really holds);</li>
 *   <li>{@code jvm.cpu.process}: share of the available processors this process used since the previous
 *       sample, 0-1 (the first sample measures since JVM start);</li>
 *   <li>{@code jvm.cpu.system}: recent CPU load of the whole system, 0-1 (skipped where the platform does not
 *       say);</li>
 *   <li>{@code jvm.gc.timeRatio}: share of wall time spent in GC since the previous sample;</li>
 *   <li>{@code jvm.threads.count}: live threads;</li>
 *   <li>{@code jvm.disk.usedRatio}: used share of the file store holding the data directory.</li>
 * </ul>
 */
public final class JvmSignals {

    private JvmSignals() {
    }

    public static void publish(SignalRegistry registry, Path dataDir) {
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        registry.publish(new Signal("jvm.heap.usedRatio", "ratio", () -> {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return (double) heap.getUsed() / maxHeap();
        }));
        registry.publish(new Signal("jvm.heap.usedAfterGcRatio", "ratio", () -> {
            long used = 0;
            for (MemoryPoolMXBean pool : heapPools) {
                MemoryUsage afterGc = pool.getCollectionUsage();
                used += afterGc == null ? 0 : afterGc.getUsed();
            }
            return (double) used / maxHeap();
        }));
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            registry.publish(new Signal("jvm.cpu.process", "ratio", new ProcessCpuRatio(os)));
            registry.publish(new Signal("jvm.cpu.system", "ratio", () -> loadOrNaN(os.getCpuLoad())));
        }
        registry.publish(new Signal("jvm.gc.timeRatio", "ratio", new GcTimeRatio()));
        registry.publish(new Signal("jvm.threads.count", "count",
                () -> ManagementFactory.getThreadMXBean().getThreadCount()));
        FileStore store = fileStore(dataDir);
        registry.publish(new Signal("jvm.disk.usedRatio", "ratio", () -> {
            try {
                return 1.0 - (double) store.getUsableSpace() / store.getTotalSpace();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    private static long maxHeap() {
        long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        return max > 0 ? max : Runtime.getRuntime().maxMemory();
    }

    private static double loadOrNaN(double load) {
        return load < 0 ? Double.NaN : load;
    }

    private static FileStore fileStore(Path dataDir) {
        try {
            return Files.getFileStore(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the file store of dataDir " + dataDir + ": " + e, e);
        }
    }

    /**
     * CPU time over wall time and processors between two samples. The platform's {@code getProcessCpuLoad()} reads
     * the container's control files on every call (about 0.2 ms); the process CPU time is one system call.
     */
    private static final class ProcessCpuRatio implements DoubleSupplier {
        private final com.sun.management.OperatingSystemMXBean os;
        private final int processors = Runtime.getRuntime().availableProcessors();
        private long lastCpuNanos;
        private long lastUptimeNanos;

        ProcessCpuRatio(com.sun.management.OperatingSystemMXBean os) {
            this.os = os;
            this.lastUptimeNanos = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
        }

        @Override
        public synchronized double getAsDouble() {
            long cpu = os.getProcessCpuTime();
            if (cpu < 0) {
                return Double.NaN;
            }
            long now = System.nanoTime();
            long wall = now - lastUptimeNanos;
            double ratio = wall <= 0 ? Double.NaN : Math.min(1, (double) (cpu - lastCpuNanos) / wall / processors);
            lastCpuNanos = cpu;
            lastUptimeNanos = now;
            return ratio;
        }
    }

    /** GC time over wall time between two samples; the first sample measures since JVM start. */
    private static final class GcTimeRatio implements DoubleSupplier {
        private long lastGcMillis;
        private long lastUptimeMillis;

        @Override
        public synchronized double getAsDouble() {
            long gc = 0;
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                gc += Math.max(0, collector.getCollectionTime());
            }
            long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
            long wall = uptime - lastUptimeMillis;
            double ratio = wall <= 0 ? Double.NaN : Math.min(1, (double) (gc - lastGcMillis) / wall);
            lastGcMillis = gc;
            lastUptimeMillis = uptime;
            return ratio;
        }
    }
}
