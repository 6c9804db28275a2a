package io.trimtab.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.mbeans.optimizer.JournalEntry;
import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.Optimizer;
import io.trimtab.mbeans.pool.ManagedPool;
import io.trimtab.mbeans.pool.PoolSpec;
import io.trimtab.mbeans.pool.Pools;
import io.trimtab.mbeans.sqlite.Profile;
import io.trimtab.testing.JolokiaHttp;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Managed pools bound to the optimizer of a real runtime: real DBCP2 over SQLite files, real waiting borrowers. */
class PoolRulesTest {

    private static final int BORROWERS = 6;

    @TempDir
    Path dataDir;

    private Trimtab start(String name, String mode) {
        Trimtab trimtab = Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dataDir).jolokiaPort(0)
                .setting("optimizer.mode", mode).setting("optimizer.minHoldMillis", "0")
                .setting("optimizer.verifySamples", "3")
                .setting("jobs.sampling", "1h").setting("jobs.optimizationCycle", "cron:0 0 3 * * ?").start();
        trimtab.optimizer().updateRule("pool.starved.waiters", rule -> rule.cooldownMillis(0));
        return trimtab;
    }

    /** A pool of one connection, resizable from 1 to 4. */
    private ManagedPool exhaustible(Trimtab trimtab) {
        return trimtab.pools().create("orders", PoolSpec.builder("jdbc:sqlite:" + dataDir.resolve("orders.db"))
                .maxTotal(1).minIdle(0).maxIdle(1).maxWait(Duration.ofSeconds(60)).resizeBounds(1, 4).build());
    }

    /** Six borrowers that each hold a connection until released: more than the pool may ever have. */
    private static final class Borrowers implements AutoCloseable {
        private final CountDownLatch release = new CountDownLatch(1);
        private final ExecutorService threads = Executors.newFixedThreadPool(BORROWERS);

        Borrowers(ManagedPool pool) {
            for (int i = 0; i < BORROWERS; i++) {
                threads.submit(() -> {
                    try (Connection connection = pool.getConnection()) {
                        release.await();
                    }
                    return null;
                });
            }
        }

        @Override
        public void close() throws InterruptedException {
            release.countDown();
            threads.shutdown();
            assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    /** Waits until every connection the pool may open is lent and the other borrowers wait. */
    private static void settle(ManagedPool pool) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.control().getActive() != pool.control().getMaxConnections()
                || pool.control().getWaiters() != BORROWERS - pool.control().getMaxConnections()) {
            assertTrue(System.nanoTime() < deadline, "the borrowers did not settle");
            Thread.sleep(5);
        }
    }

    private static void intervals(ManagedPool pool, Optimizer optimizer, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            settle(pool);
            optimizer.sample();
            optimizer.runCycle();
        }
    }

    @Test
    void anExhaustedPoolGrowsUpToItsBoundAndNoFurther() throws Exception {
        try (Trimtab trimtab = start("pgrow", "auto")) {
            Optimizer optimizer = trimtab.optimizer();
            ManagedPool pool = exhaustible(trimtab);
            try (Borrowers borrowers = new Borrowers(pool)) {
                int largest = 1;
                for (int i = 0; i < 30; i++) {
                    intervals(pool, optimizer, 1);
                    largest = Math.max(largest, pool.control().getMaxConnections());
                }

                assertEquals(4, pool.control().getMaxConnections());
                assertEquals(4, largest);
                assertEquals(BORROWERS - 4, pool.control().getWaiters());
            }
            List<JournalEntry> applied = optimizer.journal(100).stream().filter(e -> e.kind().equals("applied")).toList();
            assertEquals(1, applied.size(), "the wait model takes it straight to its bound: " + applied);
            assertTrue(applied.stream().allMatch(e -> e.rule().startsWith("pool.starved.")
                    && e.target().equals("pool.orders.maxTotal")), applied.toString());
            assertEquals(List.of(1.0), applied.stream().map(JournalEntry::before).toList());
            assertEquals(List.of(4.0), applied.stream().map(JournalEntry::after).toList());
        }
    }

    @Test
    void inRecommendModeTheExhaustedPoolKeepsItsSize() throws Exception {
        try (Trimtab trimtab = start("prec", "recommend")) {
            Optimizer optimizer = trimtab.optimizer();
            ManagedPool pool = exhaustible(trimtab);
            try (Borrowers borrowers = new Borrowers(pool)) {
                intervals(pool, optimizer, 8);
                assertEquals(1, pool.control().getMaxConnections());
            }
            assertTrue(optimizer.journal(100).stream().anyMatch(e -> e.kind().equals("recommended")
                    && e.target().equals("pool.orders.maxTotal") && e.after() == 4.0), optimizer.journal(100).toString());
            assertTrue(optimizer.journal(100).stream().noneMatch(e -> e.kind().equals("applied")));
        }
    }

    @Test
    void aMaxConnectionsAnOperatorWritesThroughTheMBeanIsNotMovedByTheRules() throws Exception {
        try (Trimtab trimtab = start("ppin", "auto")) {
            Optimizer optimizer = trimtab.optimizer();
            ManagedPool pool = exhaustible(trimtab);
            try (Borrowers borrowers = new Borrowers(pool)) {
                settle(pool);
                ManagementFactory.getPlatformMBeanServer().setAttribute(
                        new ObjectName("test.ppin:type=ConnectionPool,name=orders"), new Attribute("MaxConnections", 2));
                Knob knob = optimizer.signals().knob("pool.orders.maxTotal").orElseThrow();
                assertTrue(knob.isPinned());

                intervals(pool, optimizer, 8);

                assertEquals(2, pool.control().getMaxConnections());
                assertTrue(optimizer.journal(100).stream().anyMatch(e -> e.outcome().equals("pinned by operator")),
                        optimizer.journal(100).toString());
                assertTrue(optimizer.journal(100).stream().noneMatch(e -> e.kind().equals("applied")));
            }
        }
    }

    @Test
    void aWriteOfMaxConnectionsOverJolokiaPinsTheKnobAndARefusedOneDoesNot() {
        try (Trimtab trimtab = start("pjol", "auto")) {
            ManagedPool pool = exhaustible(trimtab);
            Knob knob = trimtab.optimizer().signals().knob("pool.orders.maxTotal").orElseThrow();
            JolokiaHttp jolokia = new JolokiaHttp(trimtab.jolokiaUrl().orElseThrow());
            String write = "{\"type\":\"write\",\"mbean\":\"test.pjol:type=ConnectionPool,name=orders\","
                    + "\"attribute\":\"MaxConnections\",\"value\":%d}";

            Map<String, Object> refused = jolokia.post(String.format(write, 9));
            assertTrue(((Number) refused.get("status")).intValue() >= 400, refused.toString());
            assertFalse(knob.isPinned());
            assertEquals(1, pool.control().getMaxConnections());

            Map<String, Object> written = jolokia.post(String.format(write, 3));
            assertEquals(200, ((Number) written.get("status")).intValue(), written.toString());
            assertTrue(knob.isPinned());
            assertEquals(3, knob.value());
        }
    }

    @Test
    void signalsAppearWithThePoolAndGoWhenItIsReleased() throws Exception {
        try (Trimtab trimtab = start("psig", "recommend")) {
            Optimizer optimizer = trimtab.optimizer();
            trimtab.pools().addListener(new Pools.Listener() {
                @Override
                public void poolManaged(ManagedPool pool) {
                    throw new IllegalStateException("broken listener");
                }
            });
            ManagedPool pool = trimtab.pools().create("orders", PoolSpec.builder("jdbc:sqlite:" + dataDir.resolve("o.db"))
                    .maxTotal(4).resizeBounds(2, 8).build());
            assertEquals(List.of("pool.orders.acquireP99Millis", "pool.orders.acquireWaitMillis", "pool.orders.timeouts", "pool.orders.utilization",
                    "pool.orders.waiters"), optimizer.signals().signalNames().stream().filter(n -> n.startsWith("pool.")).toList());
            Knob knob = optimizer.signals().knob("pool.orders.maxTotal").orElseThrow();
            assertEquals(2, knob.min());
            assertEquals(8, knob.max());
            assertEquals(4, knob.value());
            try (Connection connection = pool.getConnection()) {
                optimizer.sample();
                assertEquals(0.25, optimizer.signals().window("pool.orders.utilization").orElseThrow().latest());
                assertEquals(0, optimizer.signals().window("pool.orders.waiters").orElseThrow().latest());
                assertEquals(0, optimizer.signals().window("pool.orders.timeouts").orElseThrow().latest());
            }

            trimtab.pools().release("orders");
            assertTrue(optimizer.signals().signalNames().stream().noneMatch(n -> n.startsWith("pool.")));
            assertTrue(optimizer.signals().knob("pool.orders.maxTotal").isEmpty());
        }
    }

    @Test
    void aDatabasesPoolIsBoundUnderTheDatabasesNameUntilTheDatabaseCloses() {
        try (Trimtab trimtab = start("pdb", "recommend")) {
            Optimizer optimizer = trimtab.optimizer();
            trimtab.databases().open("ledger", Path.of("ledger.db"), Profile.SAFE_WAL);
            assertTrue(optimizer.signals().knob("pool.ledger.maxTotal").isPresent());
            assertTrue(optimizer.signals().window("pool.ledger.waiters").isPresent());

            trimtab.databases().close();
            assertTrue(optimizer.signals().signalNames().stream().noneMatch(n -> n.startsWith("pool.")));
            assertTrue(optimizer.signals().knob("pool.ledger.maxTotal").isEmpty());
        }
    }

    @Test
    void timeoutsAreCountedPerInterval() throws Exception {
        try (Trimtab trimtab = start("ptime", "recommend")) {
            Optimizer optimizer = trimtab.optimizer();
            ManagedPool pool = trimtab.pools().create("orders", PoolSpec.builder("jdbc:sqlite:" + dataDir.resolve("t.db"))
                    .maxTotal(1).maxIdle(1).maxWait(Duration.ofMillis(1)).resizeBounds(1, 2).build());
            try (Connection held = pool.getConnection()) {
                for (int i = 0; i < 2; i++) {
                    try (Connection none = pool.getConnection()) {
                        throw new AssertionError("the pool lent a second connection");
                    } catch (java.sql.SQLException expected) {
                        // timed out
                    }
                }
                optimizer.sample();
                optimizer.sample();
            }
            double[] timeouts = optimizer.signals().window("pool.orders.timeouts").orElseThrow().lastValues(2);
            assertEquals(2.0, timeouts[0]);
            assertEquals(0.0, timeouts[1]);
        }
    }
}
