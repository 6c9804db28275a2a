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
import io.trimtab.testing.Orders;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
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
            assertTrue(applied.get(0).after() < 750.0, "to the curve's knee, not a step of x 0.75: " + applied.get(0));
            assertEquals(200.0, applied.get(applied.size() - 1).after());
            // judged on the hit ratio, which a shrink does not define: kept because it did no harm
            assertTrue(entries(optimizer, "cache.oversized", "verified").stream().allMatch(e -> e.outcome().endsWith("kept: no harm"
                    + " beyond the minimum effect") && e.signals().startsWith("cache.users.hitRatio ")), optimizer.journal(100).toString());
            assertTrue(entries(optimizer, "cache.oversized", "rolledBack").isEmpty(), optimizer.journal(100).toString());
            assertTrue(optimizer.rule("cache.oversized").orElseThrow().getLastOutcome().startsWith("recommended: at bound"),
                    optimizer.rule("cache.oversized").orElseThrow().getLastOutcome());
            assertEquals(1, entries(optimizer, "cache.oversized", "recommended").stream()
                    .filter(e -> e.outcome().startsWith("at bound")).count(), "once per episode");
        }
    }

    @Test
    void anIdlePoolShrinksWithinItsResizeBoundsAndNoFurther() throws Exception {
        try (Trimtab trimtab = start("ridle", 3)) {
            Optimizer optimizer = trimtab.optimizer();
            optimizer.updateRule("pool.idle", b -> b.sustain(3).minSamples(3).cooldownMillis(0));
            ManagedPool pool = trimtab.pools().create("orders", PoolSpec.builder("jdbc:sqlite:" + dataDir.resolve("orders.db"))
                    .maxTotal(10).minIdle(0).maxIdle(10).resizeBounds(6, 10).build());
            List<Integer> sizes = new ArrayList<>();
            try (Connection held = pool.getConnection()) { // one of ten lent: utilization 0.1
                for (int i = 0; i < 20; i++) {
                    cycle(optimizer);
                    sizes.add(pool.control().getMaxConnections());
                }
            }

            assertEquals(6, pool.control().getMaxConnections(), sizes.toString());
            assertTrue(sizes.stream().allMatch(s -> s >= 6 && s <= 10), sizes.toString());
            List<JournalEntry> applied = entries(optimizer, "pool.idle", "applied");
            // the wait model predicts no waiting at 3 connections for a load of one: straight to the bound of 6
            assertEquals(1, applied.size(), optimizer.journal(100).toString());
            assertEquals("pool.orders.maxTotal", applied.get(0).target());
            assertEquals(10.0, applied.get(0).before());
            assertEquals(6.0, applied.get(0).after());
            assertTrue(entries(optimizer, "pool.idle", "verified").stream().allMatch(e -> e.outcome().endsWith("kept: no harm"
                    + " beyond the minimum effect") && e.signals().startsWith("pool.orders.waiters ")),
                    optimizer.journal(100).toString());
            assertTrue(optimizer.rule("pool.idle").orElseThrow().getLastOutcome().startsWith("recommended: at bound"),
                    optimizer.rule("pool.idle").orElseThrow().getLastOutcome());
            assertEquals(1, entries(optimizer, "pool.idle", "recommended").stream()
                    .filter(e -> e.outcome().startsWith("at bound")).count(), "once per episode");
        }
    }

    @Test
    void anIdlePoolShrinksOnceAndThenWaitsOutTheRulesDefaultCooldown() throws Exception {
        try (Trimtab trimtab = start("ridlecool", 3)) {
            Optimizer optimizer = trimtab.optimizer();
            optimizer.updateRule("pool.idle", b -> b.sustain(3).minSamples(3)); // cooldown stays 30 min
            ManagedPool pool = trimtab.pools().create("orders", PoolSpec.builder("jdbc:sqlite:" + dataDir.resolve("orders.db"))
                    .maxTotal(10).minIdle(0).maxIdle(10).resizeBounds(2, 10).build());
            try (Connection held = pool.getConnection()) {
                for (int i = 0; i < 20; i++) {
                    cycle(optimizer);
                }
            }

            assertEquals(3, pool.control().getMaxConnections(), "the smallest size the wait model predicts no waiting at");
            assertEquals(1, entries(optimizer, "pool.idle", "applied").size(), optimizer.journal(100).toString());
            assertEquals(1, entries(optimizer, "pool.idle", "verified").size(), optimizer.journal(100).toString());
            assertEquals("verified: no effect; kept: no harm beyond the minimum effect",
                    optimizer.rule("pool.idle").orElseThrow().getLastOutcome());
        }
    }

    @Test
    void manyWritesMakeTheStaleStatisticsRuleRunPragmaOptimize() throws Exception {
        try (Trimtab trimtab = start("rstale", 3)) {
            Optimizer optimizer = trimtab.optimizer();
            optimizer.updateRule("db.staleStatistics.writes", b -> b.threshold(500).clearThreshold(50).cooldownMillis(0));
            ManagedDatabase db = trimtab.databases().open("stale", Path.of("stale.db"), Profile.SAFE_WAL);
            Orders.createTable(db);
            cycle(optimizer);
            assertTrue(entries(optimizer, "db.staleStatistics.writes", "applied").isEmpty());
            MaintenanceResult before = db.management().getLastOptimize();

            Orders.insert(db, 1, 600, 1, 64);
            assertEquals(600, db.management().getWritesSinceOptimize());
            cycle(optimizer);

            List<JournalEntry> applied = entries(optimizer, "db.staleStatistics.writes", "applied");
            assertEquals(1, applied.size(), optimizer.journal(100).toString());
            assertEquals("db.stale.optimize", applied.get(0).target());
            assertTrue(applied.get(0).outcome().startsWith("optimize: "), applied.get(0).outcome());
            assertTrue(applied.get(0).signals().contains("db.stale.writesSinceOptimize=600"), applied.get(0).signals());
            assertEquals(0, db.management().getWritesSinceOptimize());
            MaintenanceResult after = db.management().getLastOptimize();
            assertNotNull(after);
            assertTrue(after != before && !after.equals(before), before + " -> " + after);
            assertEquals("optimize", after.operation());
            assertEquals("ok", after.outcome());

            // judged on the statements' mean time, not on the write count the optimize itself resets
            for (int i = 0; i < 6; i++) { // an inconclusive first verdict extends the window once
                Orders.countByCustomer(db, i);
                cycle(optimizer);
            }
            List<JournalEntry> verified = entries(optimizer, "db.staleStatistics.writes", "verified");
            assertEquals(1, verified.size(), optimizer.journal(100).toString());
            assertTrue(verified.get(0).signals().startsWith("db.stale.queryMillis "), verified.get(0).signals());
        }
    }

    @Test
    void aSlowFullScanIsRecommendedByDefaultAndItsIndexAppliedOnlyWhenTheRuleIsSetToAuto() throws Exception {
        try (Trimtab trimtab = start("rscan", 3)) {
            Optimizer optimizer = trimtab.optimizer();
            optimizer.updateRule("db.staleStatistics.writes", b -> b.mode(RuleMode.OFF)); // the 20,000 rows would trigger it
            ManagedDatabase db = trimtab.databases().open("scan", Path.of("scan.db"), Profile.SAFE_WAL);
            Orders.createTable(db);
            // Loaded on the unmeasured pool: the workload is the scans, not a bulk load the index's proof would weigh.
            try (Connection c = db.pool().getConnection(); Statement s = c.createStatement()) {
                s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
                        + " INSERT INTO orders SELECT i, i % 1000, zeroblob(16) FROM n");
            }
            for (int i = 0; i < 12; i++) { // enough samples before the change for the verdict to judge against
                cycleUnderLoad(optimizer, db);
            }
            List<JournalEntry> recommended = entries(optimizer, "db.slowFullScan", "recommended");
            assertEquals(1, recommended.size(), optimizer.journal(100).toString());
            assertEquals("db.scan.applyIndexSuggestion", recommended.get(0).target());
            assertEquals("mode recommend", recommended.get(0).outcome());
            assertTrue(entries(optimizer, "db.slowFullScan", "applied").isEmpty());
            assertEquals(List.of(), trimtabIndexes(db));

            optimizer.updateRule("db.slowFullScan", b -> b.mode(RuleMode.AUTO).cooldownMillis(0));
            cycleUnderLoad(optimizer, db);

            List<JournalEntry> applied = entries(optimizer, "db.slowFullScan", "applied");
            assertEquals(1, applied.size(), optimizer.journal(100).toString());
            assertEquals("db.scan.applyIndexSuggestion", applied.get(0).target());
            assertTrue(applied.get(0).outcome().startsWith("kept: CREATE INDEX trimtab_idx_orders_customer ON orders (customer)"),
                    applied.get(0).outcome());
            assertEquals(List.of("trimtab_idx_orders_customer"), trimtabIndexes(db));

            for (int i = 0; i < 6; i++) { // an inconclusive first verdict (a loaded machine) extends the window once
                cycleUnderLoad(optimizer, db);
            }
            assertEquals(0.0, optimizer.signals().window("db.scan.fullScanQueries").orElseThrow().latest(),
                    "counted again after applying: no suggestion left");
            // judged on the statements' time, which fell; whether beyond the noise depends on how busy the machine is,
            // and a JIT warming up before the change is a trend the verdict's line takes away
            List<JournalEntry> verified = entries(optimizer, "db.slowFullScan", "verified");
            assertEquals(1, verified.size(), optimizer.journal(100).toString());
            assertTrue(verified.get(0).signals().startsWith("db.scan.queryMillis ")
                    && verified.get(0).signals().contains(": effect -"), verified.get(0).signals());
            assertTrue(verified.get(0).outcome().equals("improved") || verified.get(0).outcome().startsWith("not proven"),
                    verified.get(0).outcome());
        }
    }

    @Test
    void heapPressureShrinksTheLargestUnpinnedCacheWithinItsBounds() throws Exception {
        try (Trimtab trimtab = start("rheap", 3)) {
            Optimizer optimizer = trimtab.optimizer();
            ManagedCache<Integer, String> big = trimtab.caches().create("big", Integer.class, String.class,
                    CacheSpec.builder().heapEntries(1_200).entryBounds(100, 2_000).build());
            ManagedCache<Integer, String> medium = trimtab.caches().create("medium", Integer.class, String.class,
                    CacheSpec.builder().heapEntries(400).entryBounds(350, 1_000).build());
            ManagedCache<Integer, String> small = trimtab.caches().create("small", Integer.class, String.class,
                    CacheSpec.builder().heapEntries(100).entryBounds(50, 200).build());
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("test.rheap:type=Cache,name=big"), "resize",
                    new Object[] {1_000L}, new String[] {"long"});
            assertTrue(optimizer.signals().knob("cache.big.maxEntries").orElseThrow().isPinned());
            optimizer.updateRule("jvm.heapPressure.shrinkCaches",
                    b -> b.threshold(0.0001).clearThreshold(0).sustain(1).minSamples(1).cooldownMillis(0));
            System.gc(); // so that the heap pools have an after-GC figure

            cycle(optimizer);

            double ratio = optimizer.signals().window("jvm.heap.usedAfterGcRatio").orElseThrow().latest();
            assertTrue(ratio > 0.0001, "heap after GC " + ratio);
            assertEquals(1_000, big.maxEntries());
            assertEquals(350, medium.maxEntries(), "400 x 0.75 = 300 is below its minimum of 350");
            assertEquals(100, small.maxEntries());
            List<JournalEntry> applied = entries(optimizer, "jvm.heapPressure.shrinkCaches", "applied");
            assertEquals(1, applied.size(), optimizer.journal(100).toString());
            assertEquals("cache.medium.maxEntries", applied.get(0).target());
            assertEquals(400.0, applied.get(0).before());
            assertEquals(350.0, applied.get(0).after());
            assertTrue(applied.get(0).signals().startsWith("jvm.heap.usedAfterGcRatio="), applied.get(0).signals());
        }
    }

    @Test
    void aFragmentedDatabaseOutsideIncrementalModeGetsARecommendationNotAVacuumThatFreesNothing() throws Exception {
        try (Trimtab trimtab = start("rfrag", 3)) {
            Optimizer optimizer = trimtab.optimizer();
            optimizer.updateRule("db.fragmentation", b -> b.threshold(0.2).clearThreshold(0.1).sustain(1).minSamples(1)
                    .cooldownMillis(0));
            ManagedDatabase db = trimtab.databases().open("frag", Path.of("frag.db"), Profile.SAFE_WAL);
            Orders.createTable(db);
            Orders.insert(db, 1, 600, 50, 1024);
            db.inWriteTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("DELETE FROM orders WHERE id <= 500");
                }
            });
            long free = db.management().getFreelistPages();
            assertTrue(free > 0.3 * db.management().getPages(), free + " of " + db.management().getPages());

            cycle(optimizer);

            assertEquals(List.of(), entries(optimizer, "db.fragmentation", "applied"), optimizer.journal(100).toString());
            List<JournalEntry> recommended = entries(optimizer, "db.fragmentation", "recommended");
            assertEquals(1, recommended.size(), optimizer.journal(100).toString());
            assertEquals("db.frag.incrementalVacuum", recommended.get(0).target());
            assertEquals(free, db.management().getFreelistPages());
        }
    }

    /**
     * The same 100 queries, then a sample and a cycle, so that the statements' mean time has a sample each cycle, each
     * a mean over enough queries that a busy machine's stalls do not swamp a 25-fold speed-up.
     */
    private static void cycleUnderLoad(Optimizer optimizer, ManagedDatabase db) throws SQLException {
        for (int i = 0; i < 100; i++) {
            Orders.countByCustomer(db, i);
        }
        cycle(optimizer);
    }

    private static List<String> trimtabIndexes(ManagedDatabase db) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'trimtab_idx_%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
