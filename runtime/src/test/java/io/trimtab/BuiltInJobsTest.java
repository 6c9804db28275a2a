package io.trimtab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.jobs.JobContext;
import io.trimtab.jobs.JobHandle;
import io.trimtab.jobs.JobSchedule;
import io.trimtab.jobs.internal.DatabaseMaintenance;
import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.mbeans.sqlite.MaintenanceResult;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import io.trimtab.testing.JolokiaHttp;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sampling and optimization cycles run as Trimtab jobs on the runtime's scheduler. */
class BuiltInJobsTest {

    @TempDir
    Path dataDir;

    @Test
    void samplingAndCyclesAreJobsWithTheConfiguredSchedules() throws Exception {
        try (Trimtab trimtab = Trimtab.builder().name("builtin").jmxDomain("test.builtin").dataDir(dataDir)
                .jolokiaPort(0).setting("jobs.sampling", "1h").setting("jobs.optimizationCycle", "cron:0 0 3 * * ?")
                .start()) {
            assertTrue(trimtab.jobs().names().containsAll(List.of(Trimtab.SAMPLING_JOB, Trimtab.OPTIMIZATION_CYCLE_JOB,
                    Trimtab.JOURNAL_RETENTION_JOB, Trimtab.DATABASE_MAINTENANCE_JOB)));
            assertEquals("1h", jolokia(trimtab).read("test.builtin:type=Job,name=journal-retention", "Schedule"));
            JolokiaHttp jolokia = new JolokiaHttp(trimtab.jolokiaUrl().orElseThrow());
            assertEquals("cron:0 0 3 * * ?", jolokia.read("test.builtin:type=Job,name=database-maintenance", "Schedule"));
            assertEquals("1h", jolokia.read("test.builtin:type=Job,name=sampling", "Schedule"));
            assertEquals("cron:0 0 3 * * ?", jolokia.read("test.builtin:type=Job,name=optimization-cycle", "Schedule"));

            trimtab.optimizer().signals().publish(new Signal("test.probe.value", "1", () -> 42));
            JobHandle sampling = trimtab.jobs().get(Trimtab.SAMPLING_JOB);
            sampling.triggerNow();
            await(() -> sampling.status().runCount() == 1);
            assertEquals(42.0, trimtab.optimizer().signals().window("test.probe.value").orElseThrow().latest());

            JobHandle cycle = trimtab.jobs().get(Trimtab.OPTIMIZATION_CYCLE_JOB);
            long cyclesBefore = ((Number) jolokia.read("test.builtin:type=Optimizer,name=builtin", "Cycles")).longValue();
            cycle.triggerNow();
            await(() -> cycle.status().runCount() == 1);
            assertEquals(cyclesBefore + 1,
                    ((Number) jolokia.read("test.builtin:type=Optimizer,name=builtin", "Cycles")).longValue());
        }
    }

    @Test
    void databaseMaintenanceCheckpointsAndOptimizesEveryOpenDatabase() throws Exception {
        try (Trimtab trimtab = Trimtab.builder().name("dbmaint").jmxDomain("test.dbmaint").dataDir(dataDir)
                .jolokiaPort(0).setting("jobs.databaseMaintenance", "1h").start()) {
            List<ManagedDatabase> databases = List.of(
                    trimtab.databases().open("first", Path.of("first.db"), Profile.SAFE_WAL),
                    trimtab.databases().open("second", Path.of("second.db"), Profile.DURABLE));
            for (ManagedDatabase db : databases) {
                db.inWriteTransaction(c -> {
                    try (Statement s = c.createStatement()) {
                        return s.executeUpdate("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
                    }
                });
                assertNull(db.management().getLastOptimize());
            }
            List<Long> checkpoints = databases.stream().map(db -> db.management().getCheckpoints()).toList();

            JolokiaHttp jolokia = new JolokiaHttp(trimtab.jolokiaUrl().orElseThrow());
            assertEquals("1h", jolokia.read("test.dbmaint:type=Job,name=database-maintenance", "Schedule"));
            JobHandle maintenance = trimtab.jobs().get(Trimtab.DATABASE_MAINTENANCE_JOB);
            maintenance.triggerNow();
            await(() -> maintenance.status().runCount() == 1);

            assertEquals(0, maintenance.status().failureCount(), maintenance.status().lastError());
            for (int i = 0; i < databases.size(); i++) {
                MaintenanceResult optimize = databases.get(i).management().getLastOptimize();
                assertNotNull(optimize, databases.get(i).name());
                assertEquals("ok", optimize.outcome());
                assertTrue(databases.get(i).management().getCheckpoints() > checkpoints.get(i));
                assertEquals("PASSIVE", databases.get(i).management().getLastCheckpoint().mode());
            }
        }
    }

    @Test
    void databaseMaintenanceWaitsWhileTheOptimizerSaysSoAndStopsWhenInterrupted() throws Exception {
        try (Trimtab trimtab = Trimtab.builder().name("dbwait").jmxDomain("test.dbwait").dataDir(dataDir)
                .jolokiaEnabled(false).start()) {
            ManagedDatabase db = trimtab.databases().open("waiting", Path.of("waiting.db"), Profile.SAFE_WAL);
            JobHandle waiting = trimtab.jobs().register("waiting-maintenance", JobSchedule.parse("1h"),
                    new DatabaseMaintenance(trimtab.databases(), () -> true));
            waiting.triggerNow();
            await(() -> waiting.status().runCount() == 1);
            assertEquals(0, waiting.status().failureCount());
            assertNull(db.management().getLastOptimize(), "skipped while maintenance should wait");

            new DatabaseMaintenance(trimtab.databases(), () -> false).run(new JobContext() {
                @Override
                public String jobName() {
                    return "interrupted-maintenance";
                }

                @Override
                public Instant scheduledFireTime() {
                    return Instant.now();
                }

                @Override
                public boolean isRecovering() {
                    return false;
                }

                @Override
                public boolean isInterrupted() {
                    return true;
                }
            });
            assertNull(db.management().getLastOptimize(), "an interrupted run touches no further database");
        }
    }

    @Test
    void aBadDatabaseMaintenanceScheduleFailsTheStartNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trimtab.builder().name("badmaint").jmxDomain("test.badmaint").dataDir(dataDir).jolokiaEnabled(false)
                        .setting("jobs.databaseMaintenance", "nightly").start());
        assertTrue(e.getMessage().startsWith("config jobs.databaseMaintenance=nightly (from the builder)"), e.getMessage());
    }

    @Test
    void aMalformedScheduleFailsTheStartNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trimtab.builder().name("badcron").jmxDomain("test.badcron").dataDir(dataDir).jolokiaEnabled(false)
                        .setting("jobs.optimizationCycle", "cron:every tuesday").start());
        assertTrue(e.getMessage().startsWith("config jobs.optimizationCycle=cron:every tuesday (from the builder)"), e.getMessage());
    }

    private static JolokiaHttp jolokia(Trimtab trimtab) {
        return new JolokiaHttp(trimtab.jolokiaUrl().orElseThrow());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
