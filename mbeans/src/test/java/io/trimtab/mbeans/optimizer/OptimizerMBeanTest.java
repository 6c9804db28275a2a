package io.trimtab.mbeans.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Optimizer and Rule MBeans as an operator sees them, notifications, forecasts, the journal across restarts. */
class OptimizerMBeanTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dataDir;

    @Test
    void notificationsArriveAtAJmxListenerAndAreDeclared() throws Exception {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, false, c -> c)) {
            ObjectName name = new ObjectName(harness.domain + ":type=Optimizer,name=opt");
            Set<String> declared = Arrays.stream(SERVER.getMBeanInfo(name).getNotifications())
                    .flatMap(info -> Arrays.stream(info.getNotifTypes())).collect(Collectors.toSet());
            assertEquals(Set.of("trimtab.rule.recommended", "trimtab.rule.applied", "trimtab.rule.verified",
                    "trimtab.rule.rolledBack", "trimtab.rule.failed", "trimtab.alert", "trimtab.alert.cleared",
                    "trimtab.rule.episode"), declared);

            BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
            NotificationListener listener = (notification, handback) -> received.add(notification);
            SERVER.addNotificationListener(name, listener, null, null);
            Settable load = new Settable(50);
            Settable size = new Settable(10);
            harness.signals().publish(new Signal("res.a.load", "count", load));
            harness.signals().publish(Settable.knob("res.a.size", size, 1, 100));
            harness.optimizer.addRule(RuleSpec.builder("grow").above("res.*.load", 10, 5).sustain(1)
                    .action(RuleAction.add("res.*.size", 10)).cooldownMillis(0).build());
            harness.optimizer.addRule(RuleSpec.builder("loud").above("res.a.load", 40, 30).sustain(1).build());

            harness.steps(7); // a change at the fourth sample, its verdict three samples later

            List<String> types = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                types.add(poll(received).getType());
            }
            assertTrue(types.containsAll(List.of("trimtab.alert", "trimtab.rule.episode", "trimtab.rule.applied",
                    "trimtab.rule.rolledBack")), types.toString());
            SERVER.removeNotificationListener(name, listener);
        }
    }

    private static Notification poll(BlockingQueue<Notification> queue) throws InterruptedException {
        Notification notification = queue.poll(5, TimeUnit.SECONDS);
        assertNotNull(notification, "no notification arrived");
        assertEquals(ObjectName.class, notification.getSource().getClass());
        return notification;
    }

    @Test
    void theOptimizerMBeanShowsCyclesHealthJournalAndForecasts() throws Exception {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, false, c -> c)) {
            OptimizerMXBean bean = JMX.newMXBeanProxy(SERVER,
                    new ObjectName(harness.domain + ":type=Optimizer,name=opt"), OptimizerMXBean.class);
            // value = 2 + 0.5 per second, sampled every 5 s
            harness.signals().publish(new Signal("x.y.level", "count",
                    () -> 2 + 0.5 * (harness.clock.millis() - 1_767_225_600_000L) / 1000.0));
            harness.optimizer.addRule(RuleSpec.builder("level").above("x.y.level", 100, 90).mode(RuleMode.OFF).build());

            assertEquals("auto", bean.getMode());
            assertEquals("", bean.getLastCycleTime());
            for (int i = 0; i < 10; i++) {
                assertEquals(1, bean.sample());
                bean.runCycle();
                harness.clock.advance(OptimizerHarness.INTERVAL);
            }

            assertEquals(10, bean.getCycles());
            assertEquals("2026-01-01T00:00:45Z", bean.getLastCycleTime());
            assertEquals(100, bean.getHealthScore());
            Forecast forecast = bean.forecasts().get(0);
            assertEquals("x.y.level", forecast.signal());
            assertEquals(30.0, forecast.slopePerMinute(), 1e-9);
            assertEquals(1.0, forecast.r2(), 1e-12);
            assertEquals(24.5, forecast.latest(), 1e-9);
            assertEquals(100.0, forecast.threshold());
            assertEquals(151, forecast.secondsToThreshold());
            assertEquals("x.y.level reaches 100 in about 3 min, R² 1.00", forecast.summary());
            assertEquals(List.of("x.y.level"), bean.getSignals());
        }
    }

    @Test
    void theHealthScoreFallsWithTheSignalsAndAlerts() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, false, c -> c)) {
            Settable heap = new Settable(0.5);
            Settable gc = new Settable(0.0);
            harness.signals().publish(new Signal("jvm.heap.usedAfterGcRatio", "ratio", heap));
            harness.signals().publish(new Signal("jvm.gc.timeRatio", "ratio", gc));
            harness.step();
            assertEquals(100, harness.optimizer.healthScore());

            heap.set(0.95);
            gc.set(0.25);
            harness.step();
            assertEquals(60, harness.optimizer.healthScore());
            assertEquals(List.of(new HealthPenalty("jvm.heap.usedAfterGcRatio", "jvm.heap.usedAfterGcRatio", 0.95, 0.70, 0.95, 25, 25),
                    new HealthPenalty("jvm.gc.timeRatio", "jvm.gc.timeRatio", 0.25, 0.05, 0.25, 15, 15)),
                    harness.optimizer.healthPenalties());
            Alert alert = harness.optimizer.alerts().get(0);
            assertEquals("health", alert.rule());
            assertEquals("WARNING", alert.severity());
        }
    }

    @Test
    void theJournalSurvivesARestartAndKeepsItsRetention() {
        Settable value = new Settable(1);
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, false, c -> c.withJournalRetention(10, 3_600_000))) {
            harness.signals().publish(new Signal("x.y.v", "count", value));
            harness.optimizer.addRule(RuleSpec.builder("watch").above("x.y.v", 10, 5).sustain(1).build());
            for (int i = 0; i < 8; i++) {
                value.set(20);
                harness.step();
                value.set(0);
                harness.step();
            }
            assertEquals(10, harness.journal().size() - harness.optimizer.pruneJournal());
            assertEquals(10, harness.journal().size());
        }
        try (OptimizerHarness reopened = new OptimizerHarness(dataDir, false, c -> c)) {
            List<JournalEntry> entries = reopened.journal();
            assertEquals(10, entries.size());
            assertEquals("cleared", entries.get(9).kind());
            assertEquals("watch", entries.get(9).rule());
            assertTrue(entries.get(0).id() < entries.get(9).id());
        }
    }
}
