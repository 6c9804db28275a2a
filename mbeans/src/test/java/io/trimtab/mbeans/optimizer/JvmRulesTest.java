package io.trimtab.mbeans.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.testing.ManualClock;
import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in JVM rules on the JVM's real signals. */
class JvmRulesTest {

    @TempDir
    Path dataDir;

    private static Optimizer start(ManualClock clock, MBeanRegistrar registrar, Path dataDir, String domain) {
        ManagementContext context = new ManagementContext(domain, registrar, new MetricRegistry(), dataDir, clock);
        return Optimizer.builder(context, "jvm").config(OptimizerConfig.defaults().withMode(RuleMode.AUTO)).start();
    }

    @Test
    void theJvmPublishesItsSignalsInRange() {
        ManualClock clock = new ManualClock();
        try (MBeanRegistrar registrar = new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer());
             Optimizer optimizer = start(clock, registrar, dataDir, "test.jvm.signals")) {
            optimizer.sample();
            for (String ratio : List.of("jvm.heap.usedRatio", "jvm.heap.usedAfterGcRatio", "jvm.gc.timeRatio", "jvm.disk.usedRatio")) {
                double value = optimizer.signals().window(ratio).orElseThrow().latest();
                assertTrue(value >= 0 && value <= 1, ratio + " = " + value);
            }
            assertTrue(optimizer.signals().window("jvm.threads.count").orElseThrow().latest() >= 1);
        }
    }

    @Test
    void aDiskAboveTheThresholdAlertsOnTheRealDataDirectory() {
        ManualClock clock = new ManualClock();
        try (MBeanRegistrar registrar = new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer());
             Optimizer optimizer = start(clock, registrar, dataDir, "test.jvm.disk")) {
            optimizer.updateRule("jvm.diskLow", b -> b.threshold(0).clearThreshold(0));
            optimizer.sample();
            optimizer.runCycle();
            assertTrue(optimizer.alerts().stream().anyMatch(a -> a.rule().equals("jvm.diskLow")
                    && a.target().equals("jvm.disk.usedRatio") && a.severity().equals("CRITICAL")), optimizer.alerts().toString());
        }
    }

    @Test
    void aSteadilyRisingThreadCountIsALeakSuspect() throws Exception {
        ManualClock clock = new ManualClock();
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> leaked = new ArrayList<>();
        try (MBeanRegistrar registrar = new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer());
             Optimizer optimizer = start(clock, registrar, dataDir, "test.jvm.threads")) {
            optimizer.updateRule("jvm.threadLeakSuspect", b -> b.minSamples(20));
            for (int i = 0; i < 25; i++) {
                Thread thread = new Thread(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "leak-" + i);
                thread.setDaemon(true);
                thread.start();
                leaked.add(thread);
                optimizer.sample();
                optimizer.runCycle();
                clock.advance(OptimizerHarness.INTERVAL);
            }
            assertTrue(optimizer.alerts().stream().anyMatch(a -> a.rule().equals("jvm.threadLeakSuspect")),
                    optimizer.forecasts().stream().filter(f -> f.signal().equals("jvm.threads.count")).toList().toString());
            assertEquals(1, optimizer.journal(1000).stream().filter(e -> e.rule().equals("jvm.threadLeakSuspect")).count());
        } finally {
            release.countDown();
            for (Thread thread : leaked) {
                thread.join();
            }
        }
    }
}
