package io.trimtab.mbeans.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool and database templates bound to in-memory resources publishing the documented names. */
class PoolAndDatabaseTemplateTest {

    @TempDir
    Path dataDir;

    /** A pool whose waiters are the demand its maxTotal cannot serve, each adding 5 ms to the mean wait. */
    private static Settable pool(OptimizerHarness harness, Settable demand, int maxTotal) {
        Settable size = new Settable(maxTotal);
        harness.signals().publish(new Signal("pool.main.waiters", "count",
                () -> Math.max(0, demand.getAsDouble() - size.getAsDouble())));
        harness.signals().publish(new Signal("pool.main.acquireWaitMillis", "ms",
                () -> 5 * Math.max(0, demand.getAsDouble() - size.getAsDouble())));
        harness.signals().publish(Settable.knob("pool.main.maxTotal", size, 1, 32));
        return size;
    }

    @Test
    void aStarvedPoolGrowsWithinItsBounds() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            Settable size = pool(harness, new Settable(40), 8);
            harness.optimizer.updateRule("pool.starved.waiters", b -> b.cooldownMillis(0));

            harness.steps(60);

            assertEquals(32, size.getAsDouble());
            List<JournalEntry> applied = harness.journal("applied");
            assertEquals(8.0, applied.get(0).before());
            assertEquals(16.0, applied.get(0).after());
        }
    }

    @Test
    void aPoolIsNotGrownWhileTheDatabaseSlowsDown() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            Settable size = pool(harness, new Settable(12), 8);
            AtomicInteger samples = new AtomicInteger();
            harness.signals().publish(new Signal("db.main.queryP99Millis", "ms", () -> 10.0 * samples.incrementAndGet()));
            harness.optimizer.updateRule("pool.starved.waiters", b -> b.cooldownMillis(0));

            harness.steps(6);

            assertEquals(8, size.getAsDouble());
            JournalEntry recommended = harness.journal("recommended").get(0);
            assertTrue(recommended.outcome().startsWith("guard: db.main.queryP99Millis rising"), recommended.outcome());
        }
    }

    @Test
    void aGrowthIsRolledBackWhenTheGuardedLatencyGotWorse() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            Settable size = pool(harness, new Settable(12), 8);
            Settable latency = new Settable(20);
            harness.signals().publish(new Signal("db.main.queryP99Millis", "ms", latency));
            harness.optimizer.updateRule("pool.starved.waiters", b -> b.cooldownMillis(0));

            harness.steps(4);
            assertEquals(16, size.getAsDouble());
            latency.set(80);
            harness.steps(3);

            assertEquals(8, size.getAsDouble());
            JournalEntry rollback = harness.journal("rolledBack").get(0);
            assertEquals("db.main.queryP99Millis got worse", rollback.outcome());
        }
    }

    @Test
    void anIdlePoolShrinksAfterALongWindow() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            Settable size = new Settable(20);
            harness.signals().publish(new Signal("pool.main.utilization", "ratio", () -> 2 / size.getAsDouble()));
            harness.signals().publish(new Signal("pool.main.waiters", "count", () -> 0));
            harness.signals().publish(new Signal("pool.main.acquireWaitMillis", "ms", () -> 0.2));
            harness.signals().publish(Settable.knob("pool.main.maxTotal", size, 1, 32));

            harness.steps(59);
            assertEquals(20, size.getAsDouble(), "60 samples of low utilization are needed");
            harness.step();
            assertEquals(15, size.getAsDouble());
            harness.steps(3);
            assertEquals("no effect; kept: no harm beyond the minimum effect", harness.journal("verified").get(0).outcome());
        }
    }

    @Test
    void maintenanceWaitsWhileCpuIsHigh() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            Settable cpu = new Settable(0.95);
            AtomicInteger checkpoints = new AtomicInteger();
            harness.signals().publish(new Signal("jvm.cpu.process", "ratio", cpu));
            harness.signals().publish(new Signal("db.main.walBytes", "bytes", () -> 1L << 30));
            harness.signals().publish(new Operation("db.main.checkpointPassive", () -> "ok " + checkpoints.incrementAndGet()));
            harness.signals().publish(new Operation("db.main.checkpointRestart", () -> "ok " + checkpoints.incrementAndGet()));

            harness.optimizer.updateRule("db.walGrowth", b -> b.cooldownMillis(0));

            harness.steps(8);
            assertTrue(harness.optimizer.maintenanceShouldWait());
            assertEquals(1, checkpoints.get(), "the first checkpoint ran before the CPU alert, the next ones wait");

            cpu.set(0.3);
            harness.step();
            assertFalse(harness.optimizer.maintenanceShouldWait());
            assertEquals(2, checkpoints.get());
        }
    }

    @Test
    void walGrowthCheckpointsAndEscalatesWhileTheWalStaysLarge() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            Settable wal = new Settable(100 << 20);
            List<String> calls = new ArrayList<>();
            harness.signals().publish(new Signal("db.main.walBytes", "bytes", wal));
            for (String mode : List.of("Passive", "Restart", "Truncate")) {
                harness.signals().publish(new Operation("db.main.checkpoint" + mode, () -> {
                    calls.add(mode);
                    return "checkpoint " + mode;
                }));
            }
            harness.optimizer.updateRule("db.walGrowth", b -> b.cooldownMillis(0));

            harness.steps(12);
            assertEquals(List.of("Passive", "Restart", "Truncate", "Truncate"), calls);
            assertEquals("checkpoint Passive", harness.journal("applied").get(0).outcome());
            assertTrue(harness.journal("verified").stream().allMatch(e -> e.outcome().endsWith("an operation cannot be undone")),
                    harness.journal("verified").toString());

            wal.set(1 << 20);
            harness.steps(4);
            wal.set(100 << 20);
            harness.step();
            assertEquals("Passive", calls.get(calls.size() - 1));
        }
    }

    @Test
    void anOperationThatIsNotPublishedIsRecommended() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            harness.signals().publish(new Signal("db.main.freelistRatio", "ratio", () -> 0.4));

            harness.steps(3);

            JournalEntry recommended = harness.journal("recommended").get(0);
            assertEquals("db.fragmentation", recommended.rule());
            assertEquals("db.main.incrementalVacuum", recommended.target());
            assertEquals("operation not published", recommended.outcome());
        }
    }

    @Test
    void slowFullScanQueriesAreOnlyRecommendedUnlessOptedIn() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            AtomicInteger applied = new AtomicInteger();
            harness.signals().publish(new Signal("db.main.fullScanQueries", "count", () -> 3 - applied.get()));
            harness.signals().publish(new Operation("db.main.applyIndexSuggestion", () -> "created index " + applied.incrementAndGet()));
            harness.signals().publish(new Signal("db.main.queryMillis", "ms", () -> 40.0 / (1 + applied.get())));

            harness.step();
            assertEquals(0, applied.get());
            assertEquals("mode recommend", harness.journal("recommended").get(0).outcome());

            harness.optimizer.rule("db.slowFullScan").orElseThrow().setMode("auto");
            harness.optimizer.rule("db.slowFullScan").orElseThrow().setCooldownMillis(0);
            harness.step();
            assertEquals(1, applied.get());
        }
    }

    @Test
    void anOperationThatThrowsIsJournaledAsFailedAndOtherRulesStillAct() {
        try (OptimizerHarness harness = new OptimizerHarness(dataDir, true, c -> c)) {
            harness.signals().publish(new Signal("db.main.writesSinceOptimize", "count", () -> 50_000));
            harness.signals().publish(new Operation("db.main.optimize", () -> {
                throw new java.sql.SQLException("database is locked");
            }));
            harness.signals().publish(new Signal("db.main.queryMillis", "ms", () -> 2));
            AtomicInteger checkpoints = new AtomicInteger();
            harness.signals().publish(new Signal("db.other.walBytes", "bytes", () -> 1L << 30));
            harness.signals().publish(new Operation("db.other.checkpointPassive", () -> "ok " + checkpoints.incrementAndGet()));

            harness.step();

            JournalEntry failed = harness.journal("failed").get(0);
            assertEquals("db.main.optimize", failed.target());
            assertEquals("java.sql.SQLException: database is locked", failed.outcome());
            assertEquals(1, checkpoints.get());
            assertTrue(harness.optimizer.rule("db.staleStatistics.writes").orElseThrow().getLastOutcome().startsWith("failed"));
        }
    }
}
