package io.trimtab.jobs.cluster;

import static io.trimtab.jobs.cluster.Fleet.await;
import static io.trimtab.jobs.cluster.Fleet.bean;
import static io.trimtab.jobs.cluster.Fleet.instanceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.jobs.JobSchedule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.Notification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fleet jobs on a real PostgreSQL: several runtimes of one JVM as the instances of one fleet. */
class FleetJobsTest extends PostgresBacked {

    private static final int FIRES = 10;

    @TempDir
    Path dataDir;

    @Test
    void eachFireRunsOnExactlyOneInstance() throws Exception {
        Fleet fleet = Fleet.on(postgres);
        try (Trimtab a = fleet.runtime("fleet-a", dataDir.resolve("a")).start();
             Trimtab b = fleet.runtime("fleet-b", dataDir.resolve("b")).start()) {
            a.jobs().registerFleet("tick", JobSchedule.parse("1s"), fleet.recording(instanceId(a)));
            b.jobs().registerFleet("tick", JobSchedule.parse("1s"), fleet.recording(instanceId(b)));
            await(() -> fleet.count("SELECT count(*) FROM fires") >= FIRES, 60, FIRES + " fires");

            a.jobs().get("tick").pause();
            await(() -> !bean(a, "tick").isRunning(), 20, "the run under way ends");
            assertEquals(0, fleet.count("SELECT count(*) FROM (SELECT fire_time FROM fires GROUP BY fire_time"
                    + " HAVING count(*) > 1) doubled"), "fire times that ran more than once");
            long runs = fleet.count("SELECT count(*) FROM fires");
            assertEquals(runs, bean(a, "tick").getRuns(), "runs recorded for the fleet");
            for (FleetJobMXBean bean : List.of(bean(a, "tick"), bean(b, "tick"))) {
                assertTrue(bean.isFleet());
                assertEquals(runs, bean.getRuns());
                assertEquals(0, bean.getFailures());
                assertTrue(Set.of(instanceId(a), instanceId(b)).contains(bean.getLastInstance()), bean.getLastInstance());
            }
            assertEquals(bean(a, "tick").getLastInstance(), bean(b, "tick").getLastInstance());
            assertEquals(bean(a, "tick").getLastRunTime(), bean(b, "tick").getLastRunTime());
            assertEquals(1, fleet.count("SELECT count(*) FROM qrtz_job_details"), "the job stored once");
        }
    }

    @Test
    void pauseResumeRescheduleAndTriggerFromOneInstanceActForTheFleet() throws Exception {
        Fleet fleet = Fleet.on(postgres);
        try (Trimtab a = fleet.runtime("steer-a", dataDir.resolve("a")).start();
             Trimtab b = fleet.runtime("steer-b", dataDir.resolve("b")).start()) {
            a.jobs().registerFleet("report", JobSchedule.parse("1h"), fleet.recording(instanceId(a)));
            b.jobs().registerFleet("report", JobSchedule.parse("1h"), fleet.recording(instanceId(b)));
            FleetJobMXBean onA = bean(a, "report");
            FleetJobMXBean onB = bean(b, "report");
            assertEquals("NORMAL", onB.getState());
            assertEquals(onA.getNextFireTime(), onB.getNextFireTime());
            assertFalse(onB.getNextFireTime().isEmpty());

            onA.pause();
            assertTrue(onB.isPaused(), "paused on A, seen on B");
            assertEquals("PAUSED", onB.getState());
            assertEquals("", onB.getNextFireTime());

            onB.reschedule("2h");
            assertEquals("2h", onA.getSchedule(), "rescheduled on B, seen on A");
            assertTrue(onA.isPaused(), "a paused job stays paused when rescheduled");

            onB.resume();
            assertFalse(onA.isPaused(), "resumed on B, seen on A");
            assertEquals("NORMAL", onA.getState());
            assertEquals(onA.getNextFireTime(), onB.getNextFireTime());

            onB.triggerNow();
            await(() -> onA.getRuns() == 1, 30, "the triggered run is recorded for the fleet");
            assertEquals(1, fleet.count("SELECT count(*) FROM fires"));
            assertEquals(onA.getLastInstance(), onB.getLastInstance());
        }
    }

    @Test
    void aMissedFireIsCountedForTheFleetLoggedAndNotified() throws Exception {
        Fleet fleet = Fleet.on(postgres);
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (Trimtab a = fleet.runtime("late-a", dataDir).start()) {
            AtomicInteger runs = new AtomicInteger();
            // The first run outlasts the next fire times: once it ends, the next fire is over two seconds late.
            a.jobs().registerFleet("slow", JobSchedule.parse("1s"), context -> {
                if (runs.incrementAndGet() == 1) {
                    TimeUnit.SECONDS.sleep(4);
                }
            });
            BlockingQueue<Notification> misfires = new LinkedBlockingQueue<>();
            Fleet.SERVER.addNotificationListener(a.context().objectName("Job", "slow"), (notification, handback) -> {
                if (FleetJobMXBean.MISFIRED_NOTIFICATION.equals(notification.getType())) {
                    misfires.add(notification);
                }
            }, null, null);
            Notification misfire = misfires.poll(30, TimeUnit.SECONDS);
            assertNotNull(misfire, "no " + FleetJobMXBean.MISFIRED_NOTIFICATION);
            assertTrue(misfire.getMessage().startsWith("Fleet job 'slow' missed its fire time "), misfire.getMessage());
            Instant.parse((String) misfire.getUserData());
            assertTrue(bean(a, "slow").getMisfires() >= 1, "the fleet's count");
            await(() -> runs.get() >= 2, 20, "the job runs once more after the misfire");
        } finally {
            System.setErr(originalErr);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("WARN FleetJob - Fleet job 'slow' missed its fire time"),
                "the misfire is logged");
    }

    @Test
    void registeringAgainKeepsTheTriggerAndADifferentScheduleReplacesIt() throws Exception {
        Fleet fleet = Fleet.on(postgres);
        try (Trimtab a = fleet.runtime("again-a", dataDir.resolve("a")).start()) {
            a.jobs().registerFleet("nightly", JobSchedule.parse("cron:0 0 3 * * ?"), fleet.recording("a"));
            String next = bean(a, "nightly").getNextFireTime();
            try (Trimtab b = fleet.runtime("again-b", dataDir.resolve("b")).start()) {
                b.jobs().registerFleet("nightly", JobSchedule.parse("cron:0 0 3 * * ?"), fleet.recording("b"));
                assertEquals(next, bean(b, "nightly").getNextFireTime(), "the same schedule keeps the stored trigger");
            }
            try (Trimtab c = fleet.runtime("again-c", dataDir.resolve("c")).start()) {
                c.jobs().registerFleet("nightly", JobSchedule.parse("cron:0 30 4 * * ?"), fleet.recording("c"));
                assertEquals("cron:0 30 4 * * ?", bean(a, "nightly").getSchedule(), "a new schedule replaces it");
            }
            assertEquals(1, fleet.count("SELECT count(*) FROM qrtz_triggers"));
        }
    }

    @Test
    void concurrentFirstStartsCreateTheTablesOnce() throws Exception {
        Fleet fleet = Fleet.on(postgres);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService starters = Executors.newFixedThreadPool(3);
        List<Trimtab> started = new ArrayList<>();
        try {
            List<Future<Trimtab>> starts = new ArrayList<>();
            for (String name : List.of("first-a", "first-b", "first-c")) {
                Callable<Trimtab> start = () -> {
                    go.await();
                    Trimtab trimtab = fleet.runtime(name, dataDir.resolve(name)).start();
                    trimtab.jobs().registerFleet("cleanup", JobSchedule.parse("1h"), fleet.recording(name));
                    return trimtab;
                };
                starts.add(starters.submit(start));
            }
            go.countDown();
            for (Future<Trimtab> start : starts) {
                started.add(start.get(120, TimeUnit.SECONDS));
            }
            // One transaction created them all: their catalog rows carry its transaction id.
            assertEquals(1, fleet.count("SELECT count(DISTINCT xmin::text) FROM pg_class WHERE relkind IN ('r', 'i')"
                    + " AND relnamespace = 'public'::regnamespace AND relname <> 'fires' AND relname NOT LIKE 'pg_%'"));
            assertEquals(12, fleet.count("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                    + " AND table_name LIKE 'qrtz\\_%'"), "Quartz's 11 tables and Trimtab's runs table");
            assertEquals(2, fleet.count("SELECT count(*) FROM qrtz_locks WHERE sched_name = 'trimtab-fleet'"));
            assertEquals(1, fleet.count("SELECT count(*) FROM qrtz_job_details"));
            await(() -> fleet.count("SELECT count(*) FROM qrtz_scheduler_state") == 3, 30, "all three check in");
        } finally {
            starters.shutdownNow();
            started.forEach(Trimtab::close);
        }
    }
}
