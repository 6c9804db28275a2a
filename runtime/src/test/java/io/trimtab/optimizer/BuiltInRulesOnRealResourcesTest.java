package io.trimtab.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.optimizer.JournalEntry;
import io.trimtab.mbeans.optimizer.Optimizer;
import io.trimtab.mbeans.optimizer.RuleMode;
import io.trimtab.mbeans.pool.ManagedPool;
import io.trimtab.mbeans.pool.PoolSpec;
import io.trimtab.mbeans.sqlite.MaintenanceResult;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in rules not covered elsewhere, each driven into its condition on a real Ehcache cache, a real DBCP2
 * pool or a real SQLite file. Sampling and cycles are called directly; thresholds, sustain and cooldowns are
 * lowered through {@link Optimizer#updateRule} so that each test takes a few dozen cycles.
 */
class BuiltInRulesOnRealResourcesTest {

    @TempDir
    Path dataDir;

    private Trimtab start(String name, int verifySamples) {
        Trimtab trimtab = Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dataDir).jolokiaPort(0)
                .setting("optimizer.mode", "auto").setting("optimizer.minHoldMillis", "0")
                .setting("optimizer.verifySamples", String.valueOf(verifySamples))
                .setting("jobs.sampling", "1h").setting("jobs.optimizationCycle", "cron:0 0 3 * * ?").start();
        // A busy CPU on the test machine would make maintenance wait; not what these tests are about.
        trimtab.optimizer().updateRule("jvm.cpuProcessHigh", b -> b.mode(RuleMode.OFF));
        trimtab.optimizer().updateRule("jvm.cpuSystemHigh", b -> b.mode(RuleMode.OFF));
        return trimtab;
    }

    private static void cycle(Optimizer optimizer) {
        optimizer.sample();
        optimizer.runCycle();
    }

    private static List<JournalEntry> entries(Optimizer optimizer, String rule, String kind) {
        return optimizer.journal(1000).stream().filter(e -> e.rule().equals(rule) && e.kind().equals(kind)).toList();
    }

    @Test
    void anOversizedCacheWithAHighHitRatioShrinksDownToItsMinimumAndNoFurther() {
        try (Trimtab trimtab = start("roversized", 3)) {
            Optimizer optimizer = trimtab.optimizer();
            optimizer.updateRule("cache.oversized", b -> b.sustain(3).minSamples(3).cooldownMillis(0));
            ManagedCache<Integer, String> cache = trimtab.caches().create("users", Integer.class, String.class,
                    CacheSpec.builder().heapEntries(1_000).entryBounds(200, 2_000).build());
            Random random = new Random(11);
            List<Long> sizes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                for (int j = 0; j < 2_000; j++) {
                    cache.getOrLoad(random.nextInt(50), key -> "value " + key); // a working set of 50 keys
                }
                cycle(optimizer);
                sizes.add(cache.maxEntries());
            }

            assertEquals(200, cache.maxEntries(), sizes.toString());
            assertTrue(sizes.stream().allMatch(s -> s >= 200 && s <= 1_000), sizes.toString());
            List<JournalEntry> applied = entries(optimizer, "cache.oversized", "applied");
            assertFalse(applied.isEmpty(), optimizer.journal(100).toString());
            assertEquals("cache.users.maxEntries", applied.get(0).target());
            assertEquals(1_000.0, applied.get(0).before());
            assertEquals(750.0, applied.get(0).after());
            assertEquals(200.0, applied.get(applied.size() - 1).after());
            assertTrue(entries(optimizer, "cache.oversized", "verified").stream().allMatch(e -> e.outcome().equals("improved")),
                    optimizer.journal(100).toString());
            assertTrue(entries(optimizer, "cache.oversized", "rolledBack").isEmpty(), optimizer.journal(100).toString());
            assertTrue(optimizer.rule("cache.oversized").orElseThrow().getLastOutcome().startsWith("at bound"),
                    optimizer.rule("cache.oversized").orElseThrow().getLastOutcome());
        }
    }
}
