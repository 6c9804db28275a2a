package io.trimtab.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.mbeans.cache.CacheSignals;
import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.Caches;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.optimizer.JournalEntry;
import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.Optimizer;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.mbeans.optimizer.SignalWindow;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Managed caches bound to the optimizer of a real runtime, driven by a real workload on real Ehcache caches. */
class CacheRulesTest {

    private static final int KEYS = 500;

    @TempDir
    Path dataDir;

    private Trimtab start(String name, String mode) {
        return Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dataDir).jolokiaPort(0)
                .setting("optimizer.mode", mode).setting("optimizer.minHoldMillis", "0")
                .setting("optimizer.verifySamples", "3")
                .setting("jobs.sampling", "1h").setting("jobs.optimizationCycle", "cron:0 0 3 * * ?").start();
    }

    /** A cache of 100 entries, resizable from 50 to 2000, for a uniform workload over 500 keys. */
    private static ManagedCache<Integer, String> undersized(Trimtab trimtab) {
        trimtab.optimizer().updateRule("cache.undersized", rule -> rule.cooldownMillis(0));
        return trimtab.caches().create("users", Integer.class, String.class,
                CacheSpec.builder().heapEntries(100).entryBounds(50, 2_000).build());
    }

    /** One sample interval of work: 2,000 uniform lookups over the 500 keys, then a sample and a cycle. */
    private static void interval(ManagedCache<Integer, String> cache, Optimizer optimizer, Random random) {
        for (int i = 0; i < 2_000; i++) {
            cache.getOrLoad(random.nextInt(KEYS), key -> "value " + key);
        }
        optimizer.sample();
        optimizer.runCycle();
    }

    private static SignalWindow hitRatio(Optimizer optimizer) {
        return optimizer.signals().window("cache.users.hitRatio").orElseThrow();
    }

    @Test
    void aCacheTooSmallForItsWorkingSetGrowsWithinItsBoundsAndItsWindowedHitRatioRises() {
        try (Trimtab trimtab = start("cgrow", "auto")) {
            Optimizer optimizer = trimtab.optimizer();
            ManagedCache<Integer, String> cache = undersized(trimtab);
            Random random = new Random(42);
            interval(cache, optimizer, random); // fills the cache
            interval(cache, optimizer, random);
            double before = hitRatio(optimizer).latest();
            assertTrue(before < 0.4, "a 100-entry cache over 500 keys hits about 1 in 5, not " + before);

            long largest = cache.maxEntries();
            for (int i = 0; i < 40; i++) {
                interval(cache, optimizer, random);
                largest = Math.max(largest, cache.maxEntries());
            }

            assertTrue(cache.maxEntries() > 100 && largest <= 2_000, "maxEntries " + cache.maxEntries() + ", largest " + largest);
            double after = hitRatio(optimizer).latest();
            assertTrue(after > before + 0.3, "the windowed hit ratio rose from " + before + " to " + after);
            List<JournalEntry> applied = optimizer.journal(100).stream()
                    .filter(e -> e.kind().equals("applied") && e.rule().equals("cache.undersized")).toList();
            assertFalse(applied.isEmpty(), optimizer.journal(100).toString());
            assertEquals("cache.users.maxEntries", applied.get(0).target());
            assertEquals(100.0, applied.get(0).before());
            // the miss-ratio curve takes it straight to about the 500 keys, not a step of x 1.5
            assertTrue(applied.get(0).after() >= 450 && applied.get(0).after() <= 700, applied.get(0).toString());
            assertTrue(applied.get(0).signals().contains("; predicted cache.users.hitRatio "), applied.get(0).signals());
            assertTrue(optimizer.memoryBudgetUsedBytes() >= 50 * CacheSignals.ESTIMATED_BYTES_PER_ENTRY);
        }
    }

    @Test
    void aCacheThatHitsMostGetsButStillEvictsGrowsUntilItHoldsItsWorkingSet() {
        try (Trimtab trimtab = start("cmost", "auto")) {
            Optimizer optimizer = trimtab.optimizer();
            optimizer.updateRule("cache.undersized", rule -> rule.cooldownMillis(0));
            ManagedCache<Integer, String> cache = trimtab.caches().create("users", Integer.class, String.class,
                    CacheSpec.builder().heapEntries(350).entryBounds(50, 2_000).build());
            Random random = new Random(11);
            interval(cache, optimizer, random); // fills the cache
            interval(cache, optimizer, random);
            double before = hitRatio(optimizer).latest();
            assertTrue(before > 0.6 && before < 0.9, "350 entries over 500 keys hit about 7 in 10, not " + before);

            for (int i = 0; i < 20; i++) {
                interval(cache, optimizer, random);
            }

            // one change to the curve's knee, about the 500 keys, then no more evictions
            assertTrue(cache.maxEntries() >= 500 && cache.maxEntries() <= 700, "maxEntries " + cache.maxEntries());
            assertEquals(1, optimizer.journal(100).stream().filter(e -> e.kind().equals("applied")).count(),
                    optimizer.journal(100).toString());
            assertTrue(hitRatio(optimizer).latest() > 0.99, "hit ratio " + hitRatio(optimizer).latest());
        }
    }

    @Test
    void inRecommendModeTheCacheKeepsItsSizeAndTheJournalSaysWhatWouldHelp() {
        try (Trimtab trimtab = start("crec", "recommend")) {
            Optimizer optimizer = trimtab.optimizer();
            ManagedCache<Integer, String> cache = undersized(trimtab);
            Random random = new Random(7);
            for (int i = 0; i < 10; i++) {
                interval(cache, optimizer, random);
            }

            assertEquals(100, cache.maxEntries());
            assertTrue(optimizer.journal(100).stream().anyMatch(e -> e.kind().equals("recommended")
                    && e.target().equals("cache.users.maxEntries") && e.after() >= 450), optimizer.journal(100).toString());
            assertTrue(optimizer.journal(100).stream().noneMatch(e -> e.kind().equals("applied")));
        }
    }

    @Test
    void aSizeAnOperatorSetsThroughTheCacheMBeanIsNotMovedByTheRules() throws Exception {
        try (Trimtab trimtab = start("cpin", "auto")) {
            Optimizer optimizer = trimtab.optimizer();
            ManagedCache<Integer, String> cache = undersized(trimtab);
            ObjectName mbean = new ObjectName("test.cpin:type=Cache,name=users");
            ManagementFactory.getPlatformMBeanServer().invoke(mbean, "resize", new Object[] {120L}, new String[] {"long"});
            Knob knob = optimizer.signals().knob("cache.users.maxEntries").orElseThrow();
            assertTrue(knob.isPinned());

            Random random = new Random(3);
            for (int i = 0; i < 10; i++) {
                interval(cache, optimizer, random);
            }

            assertEquals(120, cache.maxEntries());
            assertTrue(optimizer.journal(100).stream().anyMatch(e -> e.outcome().equals("pinned by operator")),
                    optimizer.journal(100).toString());
            cache.resize(130); // the application's own Java calls do not pin: only the MBean is the operator's path
            knob.unpin();
            for (int i = 0; i < 5; i++) {
                interval(cache, optimizer, random);
            }
            assertTrue(cache.maxEntries() > 130, "unpinned, the rule grows it again: " + cache.maxEntries());
        }
    }

    @Test
    void signalsAppearWithTheCacheAndGoWithIt() {
        try (Trimtab trimtab = start("csig", "recommend")) {
            Optimizer optimizer = trimtab.optimizer();
            AtomicInteger told = new AtomicInteger();
            Caches.Listener broken = new Caches.Listener() {
                @Override
                public void cacheAdded(ManagedCache<?, ?> cache) {
                    told.incrementAndGet();
                    throw new IllegalStateException("broken listener");
                }
            };
            trimtab.caches().addListener(broken);
            ManagedCache<String, String> cache = trimtab.caches().create("sessions", String.class, String.class,
                    CacheSpec.builder().heapEntries(10).entryBounds(5, 20).build());
            assertEquals(List.of("cache.sessions.evictions", "cache.sessions.fill", "cache.sessions.hitRatio"),
                    optimizer.signals().signalNames().stream().filter(n -> n.startsWith("cache.sessions.")).toList());
            Knob knob = optimizer.signals().knob("cache.sessions.maxEntries").orElseThrow();
            assertEquals(5, knob.min());
            assertEquals(20, knob.max());
            assertTrue(knob.integral() && knob.tags().contains(Knob.SHRINKABLE));
            assertEquals(1, told.get());
            trimtab.caches().removeListener(broken);
            trimtab.caches().create("carts", String.class, String.class, CacheSpec.builder().heapEntries(10).build());
            assertEquals(1, told.get());
            assertTrue(optimizer.signals().knob("cache.carts.maxEntries").isPresent());

            optimizer.sample(); // no gets yet: no hit ratio sample
            assertEquals(0, optimizer.signals().window("cache.sessions.hitRatio").orElseThrow().size());
            cache.put("a", "1");
            cache.get("a");
            cache.get("b");
            optimizer.sample();
            assertEquals(0.5, optimizer.signals().window("cache.sessions.hitRatio").orElseThrow().latest());
            assertEquals(0.1, optimizer.signals().window("cache.sessions.fill").orElseThrow().latest());

            trimtab.caches().close();
            assertTrue(optimizer.signals().signalNames().stream().noneMatch(n -> n.startsWith("cache.")), optimizer.signals().signalNames().toString());
            assertTrue(optimizer.signals().knob("cache.sessions.maxEntries").isEmpty());
        }
    }

    @Test
    void anExplicitBindingIsOneAndItsSignalsNeverThrowIntoTheSampler() {
        SignalRegistry registry = new SignalRegistry(10);
        try (Trimtab trimtab = start("cbind", "recommend")) {
            ManagedCache<String, String> cache = trimtab.caches().create("orders", String.class, String.class,
                    CacheSpec.builder().heapEntries(10).entryBounds(5, 20).build());
            CacheSignals.bind(cache, registry);
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> CacheSignals.bind(cache, registry));
            assertEquals("cache 'orders' is bound to the optimizer already", twice.getMessage());
            cache.put("a", "1");
            assertEquals(2, registry.sample(1)); // evictions and fill; no gets, so no hit ratio
            cache.get("a");
            assertEquals(3, registry.sample(2));

            trimtab.caches().close(); // Ehcache's caches are closed, this binding was never told
            registry.windows().forEach(w -> w.signal().supplier().getAsDouble());
            registry.sample(3);
            CacheSignals.unbind(cache, registry);
            assertTrue(registry.signalNames().isEmpty());
            assertTrue(registry.knob("cache.orders.maxEntries").isEmpty());
        }
    }
}
