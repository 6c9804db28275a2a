package io.trimtab.mbeans.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.cache.CacheMXBean;
import io.trimtab.mbeans.cache.CacheSignals;
import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.Caches;
import io.trimtab.mbeans.cache.ManagedCache;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMX;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's resize and a rule's change (or rollback) of the same real Ehcache cache at the same moment: the
 * operator's value stands. The moments are forced with latches, not timing: a knob setter that holds still while
 * the operator acts, and an operator who acts from inside the cycle between its checks and its change.
 */
class OperatorRaceTest {

    @TempDir
    Path dataDir;

    private OptimizerHarness harness;
    private Caches caches;
    private ManagedCache<Integer, String> cache;

    @BeforeEach
    void start() {
        harness = new OptimizerHarness(dataDir, true, c -> c);
        harness.optimizer.updateRule("cache.undersized", b -> b.cooldownMillis(0));
        caches = new Caches(harness.context);
    }

    @AfterEach
    void stop() {
        caches.close();
        harness.close();
    }

    @Test
    void anOperatorWhoResizesWhileARuleGrowsTheCacheHasTheLastWord() throws Exception {
        HeldSetter held = undersizedCacheWithHeldSetter();
        Knob knob = harness.signals().knob("cache.users.maxEntries").orElseThrow();

        Thread cycles = start("cycles", () -> harness.steps(4));
        held.awaitEntered(); // the rule is inside its change 100 -> 150
        Thread operator = start("operator", () -> knob.setByOperator(80));
        awaitBlocked(operator);
        held.release();
        join(cycles, operator);

        assertEquals(80, cache.maxEntries());
        assertTrue(knob.isPinned());
        assertEquals(List.of(150.0), harness.journal("applied").stream().map(JournalEntry::after).toList());

        harness.steps(4); // the change did not help, but the knob is the operator's now
        assertEquals(80, cache.maxEntries());
        assertEquals(List.of(), harness.journal("rolledBack"));
        assertEquals("no effect; pinned by operator, left as set", harness.journal("verified").get(0).outcome());
    }

    @Test
    void anOperatorWhoResizesWhileARollbackRunsHasTheLastWord() throws Exception {
        HeldSetter held = undersizedCacheWithHeldSetter();
        Knob knob = harness.signals().knob("cache.users.maxEntries").orElseThrow();
        held.armed.set(false);
        harness.steps(4);
        assertEquals(150, cache.maxEntries());

        held.armed.set(true);
        Thread cycles = start("cycles", () -> harness.steps(4));
        held.awaitEntered(); // the change did not help: the rollback is inside its change 150 -> 100
        Thread operator = start("operator", () -> knob.setByOperator(120));
        awaitBlocked(operator);
        held.release();
        join(cycles, operator);

        assertEquals(120, cache.maxEntries());
        assertTrue(knob.isPinned());
        JournalEntry rollback = harness.journal("rolledBack").get(0);
        assertEquals(150.0, rollback.before());
        assertEquals(100.0, rollback.after());
    }

    @Test
    void anOperatorWhoResizesThroughTheCacheMBeanWhileARuleGrowsTheCacheHasTheLastWord() throws Exception {
        HeldSetter held = undersizedCacheWithHeldSetter();
        Caches.Listener signals = CacheSignals.listener(harness.signals());
        caches.addListener(new Caches.Listener() {
            @Override
            public void cacheResizedByOperator(ManagedCache<?, ?> resized, long maxEntries) {
                signals.cacheResizedByOperator(resized, maxEntries);
            }
        });
        CacheMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                new ObjectName(harness.domain + ":type=Cache,name=users"), CacheMXBean.class);

        Thread cycles = start("cycles", () -> harness.steps(4));
        held.awaitEntered(); // the rule has checked the pin and the value, and is about to resize 100 -> 150
        Thread operator = start("operator", () -> bean.resize(80)); // resizes the cache, then sets the knob
        awaitBlocked(operator);
        held.release();
        join(cycles, operator);

        assertEquals(80, cache.maxEntries());
        assertTrue(harness.signals().knob("cache.users.maxEntries").orElseThrow().isPinned());
    }

    @Test
    void aRuleThatCheckedThePinBeforeAnOperatorResizedThroughTheCacheMBeanChangesNothing() throws Exception {
        caches.addListener(CacheSignals.listener(harness.signals()));
        cache = caches.create("users", Integer.class, String.class, CacheSpec.builder().heapEntries(100).entryBounds(10, 1000).build());
        CacheMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                new ObjectName(harness.domain + ":type=Cache,name=users"), CacheMXBean.class);
        // The cycle reads every memory-holding knob for the budget after it has checked the pin and before it
        // changes the cache: this one lets the operator resize the cache through its MBean at that moment.
        AtomicBoolean operatorActs = new AtomicBoolean();
        harness.signals().publish(Knob.builder("probe.budget.units").bytesPerUnit(1).reader(() -> {
            if (operatorActs.getAndSet(false)) {
                bean.resize(80);
            }
            return 0;
        }).setter(value -> { }).build());

        for (int step = 0; step < 3; step++) {
            serveWorkingSetOf(400);
            harness.step();
        }
        assertEquals(100, cache.maxEntries());
        operatorActs.set(true);
        serveWorkingSetOf(400);
        harness.step(); // the fourth sample makes cache.undersized act (a change waits for 4 to judge against)

        assertFalse(operatorActs.get(), "the operator acted during the cycle");
        assertEquals(80, cache.maxEntries());
        assertTrue(harness.signals().knob("cache.users.maxEntries").orElseThrow().isPinned());
        assertEquals(List.of(), harness.journal("applied"));
        assertEquals("pinned by operator", harness.journal("recommended").get(0).outcome());
    }

    /** The real cache, signals that make cache.undersized fire, and a knob whose setter can be held still. */
    private HeldSetter undersizedCacheWithHeldSetter() {
        cache = caches.create("users", Integer.class, String.class, CacheSpec.builder().heapEntries(100).entryBounds(10, 1000).build());
        harness.signals().publish(new Signal("cache.users.hitRatio", "ratio", () -> 0.3));
        harness.signals().publish(new Signal("cache.users.evictions", "count", () -> 50));
        HeldSetter held = new HeldSetter();
        harness.signals().publish(Knob.builder("cache.users.maxEntries").bounds(10, 1000).integral().bytesPerUnit(256)
                .reader(cache::maxEntries).setter(value -> {
                    held.holdIfArmed();
                    cache.resize((long) value);
                }).build());
        return held;
    }

    private void serveWorkingSetOf(int keys) {
        for (int i = 0; i < 4 * keys; i++) {
            int key = (i * 7919) % keys;
            if (cache.get(key) == null) {
                cache.put(key, "v" + key);
            }
        }
    }

    /** Holds the first call after arming until released, and tells the test when that call is in. */
    private static final class HeldSetter {
        final AtomicBoolean armed = new AtomicBoolean(true);
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        void holdIfArmed() {
            if (armed.getAndSet(false)) {
                entered.countDown();
                await(released);
            }
        }

        void awaitEntered() {
            await(entered);
        }

        void release() {
            released.countDown();
        }
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.start();
        return thread;
    }

    /** Waits until {@code thread} waits for a monitor: the knob's lock, held by the setter in progress. */
    private static void awaitBlocked(Thread thread) {
        while (!waitsForAKnob(ManagementFactory.getThreadMXBean().getThreadInfo(thread.getId()))) {
            assertTrue(thread.isAlive(), thread.getName() + " finished instead of waiting for the knob");
            Thread.onSpinWait();
        }
    }

    private static boolean waitsForAKnob(ThreadInfo info) {
        return info != null && info.getThreadState() == Thread.State.BLOCKED
                && info.getLockName().startsWith(Knob.class.getName() + "@");
    }

    private static void join(Thread... threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30)); // a bound against a hang, not a measure
            assertFalse(thread.isAlive(), thread.getName() + " is stuck");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) { // a bound against a hang, not a measure
                throw new AssertionError("latch not reached");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
