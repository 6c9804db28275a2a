package io.trimtab.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.TrimtabBuilder;
import io.trimtab.config.TrimtabConfig;
import io.trimtab.config.TrimtabSettings;
import io.trimtab.internal.Schedulers;
import io.trimtab.testing.Threads;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.management.JMX;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs on a real runtime: its Quartz scheduler, the platform MBeanServer, Dropwizard metrics. */
class JobsTest {

    static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final long WAIT_SECONDS = 20;

    @TempDir
    Path dataDir;

    private TrimtabBuilder builder(String name) {
        return Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dataDir).jolokiaEnabled(false);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), "timed out waiting until " + what);
    }

    private static JobMXBean proxy(Trimtab trimtab, String job) {
        return JMX.newMXBeanProxy(SERVER, trimtab.context().objectName("Job", job), JobMXBean.class);
    }

    @Test
    void triggerNowRunsTheJobOnceAndItsCountersMove() throws Exception {
        try (Trimtab trimtab = builder("jnow").start()) {
            AtomicInteger runs = new AtomicInteger();
            AtomicReference<String> seenName = new AtomicReference<>();
            JobHandle job = trimtab.jobs().register("probe", JobSchedule.parse("1h"), context -> {
                seenName.set(context.jobName());
                runs.incrementAndGet();
            });
            JobMXBean bean = proxy(trimtab, "probe");
            assertEquals(0, bean.getRuns());
            assertEquals("", bean.getLastRunTime());
            assertEquals("1h", bean.getSchedule());
            Instant next = Instant.parse(bean.getNextFireTime());
            assertTrue(next.isAfter(Instant.now().plus(Duration.ofMinutes(30))), next.toString());

            bean.triggerNow();
            await(() -> job.status().runCount() == 1, "the triggered run completed");

            assertEquals(1, runs.get());
            assertEquals("probe", seenName.get());
            JobStatus status = job.status();
            assertNotNull(status.lastRunTime());
            assertEquals(0, status.failureCount());
            assertEquals("", status.lastError());
            assertFalse(status.running());
            assertEquals(1, bean.getRuns());
            assertEquals(status.lastRunTime().toString(), bean.getLastRunTime());
            assertEquals(status.lastDuration().toMillis(), bean.getLastDurationMillis());
            assertEquals(1, trimtab.metrics().timer("trimtab.job.probe.duration").getCount());
            assertEquals(next, job.status().nextFireTime(), "a manual run leaves the schedule alone");
            assertEquals(List.of(Trimtab.DATABASE_MAINTENANCE_JOB, Trimtab.JOURNAL_RETENTION_JOB, Trimtab.OPTIMIZATION_CYCLE_JOB,
                    "probe", Trimtab.SAMPLING_JOB),
                    trimtab.jobs().names());
            assertEquals(job, trimtab.jobs().get("probe"));
        }
    }

    @Test
    void badNamesAndUnknownJobsAreClearErrors() throws Exception {
        try (Trimtab trimtab = builder("jnames").start()) {
            trimtab.jobs().register("a", JobSchedule.parse("1h"), context -> { });
            assertEquals("unknown job 'nope'; registered jobs: [a, database-maintenance, journal-retention, optimization-cycle, sampling]",
                    assertThrows(IllegalArgumentException.class, () -> trimtab.jobs().get("nope")).getMessage());
            assertEquals("a job named 'a' is already registered", assertThrows(IllegalStateException.class,
                    () -> trimtab.jobs().register("a", JobSchedule.parse("1h"), context -> { })).getMessage());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> trimtab.jobs().register("no way", JobSchedule.parse("1h"), context -> { }));
            assertTrue(e.getMessage().startsWith("Job name 'no way' is not a legal ObjectName value"), e.getMessage());
            List<String> registered = List.of("a", Trimtab.DATABASE_MAINTENANCE_JOB, Trimtab.JOURNAL_RETENTION_JOB,
                    Trimtab.OPTIMIZATION_CYCLE_JOB,
                    Trimtab.SAMPLING_JOB);
            assertEquals(registered, trimtab.jobs().names());
            assertEquals(registered.size(), SERVER.queryNames(new ObjectName("test.jnames:type=Job,*"), null).size());

            ObjectName taken = new ObjectName("test.jnames:type=Job,name=taken");
            SERVER.registerMBean(new javax.management.timer.Timer(), taken);
            try {
                IllegalStateException clash = assertThrows(IllegalStateException.class,
                        () -> trimtab.jobs().register("taken", JobSchedule.parse("1h"), context -> { }));
                assertTrue(clash.getMessage().contains("already registered"), clash.getMessage());
                assertEquals(registered, trimtab.jobs().names());
                assertFalse(trimtab.metrics().getNames().stream().anyMatch(metric -> metric.startsWith("trimtab.job.taken.")),
                        trimtab.metrics().getNames().toString());
                assertTrue(trimtab.metrics().getNames().contains("trimtab.job.a.duration"));
            } finally {
                SERVER.unregisterMBean(taken);
            }
            assertTrue(SERVER.queryNames(new ObjectName("quartz:*"), null).isEmpty(), "Quartz's own MBean stays off");
        }
    }

    @Test
    void anIntervalFiresAgainAndAgain() throws Exception {
        try (Trimtab trimtab = builder("jinterval").start()) {
            JobHandle job = trimtab.jobs().register("tick", JobSchedule.parse("100ms"), context -> { });
            await(() -> job.status().runCount() >= 3, "three fires");
            assertEquals(0, job.status().failureCount());
        }
    }

    @Test
    void pauseStopsFiringUntilResumeAndStaysPausedAcrossAReschedule() throws Exception {
        try (Trimtab trimtab = builder("jpause").start()) {
            JobHandle job = trimtab.jobs().register("tick", JobSchedule.parse("100ms"), context -> { });
            JobMXBean bean = proxy(trimtab, "tick");
            await(() -> job.status().runCount() >= 1, "the first fire");

            bean.pause();
            await(() -> !job.status().running(), "the run under way ended");
            TimeUnit.MILLISECONDS.sleep(200); // a fire Quartz handed to a worker just before the pause may still start
            await(() -> !job.status().running(), "the run under way ended");
            long runs = job.status().runCount();
            assertTrue(bean.isPaused());
            assertEquals("", bean.getNextFireTime());
            bean.reschedule("200ms");
            assertTrue(bean.isPaused(), "a reschedule keeps a paused job paused");
            assertEquals("200ms", bean.getSchedule());
            TimeUnit.MILLISECONDS.sleep(600); // three intervals in which a paused job must not fire
            assertEquals(runs, job.status().runCount());
            bean.pause();
            assertTrue(bean.isPaused());
            bean.triggerNow();
            await(() -> job.status().runCount() == runs + 1, "triggerNow ran the paused job");
            assertTrue(bean.isPaused());

            bean.resume();
            assertFalse(bean.isPaused());
            assertNotNull(job.status().nextFireTime());
            await(() -> job.status().runCount() > runs + 1, "a fire after resume");
            assertEquals(0, job.status().misfireCount(), "resuming makes up no missed fires");
            bean.resume();
            assertFalse(bean.isPaused());
        }
    }

    @Test
    void rescheduleTakesEffectAndABadScheduleKeepsTheOldOne() throws Exception {
        try (Trimtab trimtab = builder("jresched").start()) {
            JobHandle job = trimtab.jobs().register("tick", JobSchedule.parse("1h"), context -> { });
            JobMXBean bean = proxy(trimtab, "tick");
            String next = bean.getNextFireTime();

            IllegalArgumentException cron = assertThrows(IllegalArgumentException.class, () -> bean.reschedule("cron:0 0 25 * * ?"));
            assertTrue(cron.getMessage().startsWith("schedule 'cron:0 0 25 * * ?' is not a valid Quartz cron expression"),
                    cron.getMessage());
            assertEquals("schedule interval must be between 100ms and 365d but was 50ms",
                    assertThrows(IllegalArgumentException.class, () -> bean.reschedule("50ms")).getMessage());
            assertEquals("1h", bean.getSchedule());
            assertEquals(next, bean.getNextFireTime());

            bean.reschedule("cron:0 0 3 * * ?");
            assertEquals("cron:0 0 3 * * ?", bean.getSchedule());
            assertEquals(JobSchedule.parse("0 0 3 * * ?"), job.schedule());
            job.reschedule(JobSchedule.every(Duration.ofMillis(100)));
            assertEquals("100ms", bean.getSchedule());
            await(() -> job.status().runCount() >= 2, "fires on the new schedule");
        }
    }

    @Test
    void aFailingRunIsRecordedAndAnnouncedAndTheSchedulerKeepsGoing() throws Exception {
        try (Trimtab trimtab = builder("jfail").start()) {
            ObjectName name = trimtab.context().objectName("Job", "flaky");
            BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
            AtomicInteger calls = new AtomicInteger();
            AtomicInteger successes = new AtomicInteger();
            JobHandle flaky = trimtab.jobs().register("flaky", JobSchedule.parse("100ms"), context -> {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("disk full");
                }
                successes.incrementAndGet();
            });
            NotificationListener listener = (notification, handback) -> received.add(notification);
            SERVER.addNotificationListener(name, listener, null, null);
            JobHandle other = trimtab.jobs().register("other", JobSchedule.parse("100ms"), context -> { });
            try {
                MBeanNotificationInfo[] declared = SERVER.getMBeanInfo(name).getNotifications();
                assertEquals(List.of(JobMXBean.FAILED_NOTIFICATION), Arrays.stream(declared)
                        .flatMap(info -> Arrays.stream(info.getNotifTypes())).toList());

                Notification failed = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                assertNotNull(failed, "a trimtab.job.failed notification");
                assertEquals(JobMXBean.FAILED_NOTIFICATION, failed.getType());
                assertEquals(name, failed.getSource());
                assertTrue(failed.getMessage().startsWith("Job 'flaky' failed after "), failed.getMessage());
                assertEquals("java.lang.IllegalStateException: disk full", failed.getUserData());

                await(() -> successes.get() >= 1, "a later fire succeeded");
                JobMXBean bean = proxy(trimtab, "flaky");
                assertEquals(1, bean.getFailures());
                assertEquals("java.lang.IllegalStateException: disk full", bean.getLastError());
                assertTrue(bean.getRuns() >= 2);
                assertEquals(1, trimtab.metrics().counter("trimtab.job.flaky.failures").getCount());
                await(() -> other.status().runCount() >= 2, "the other job kept running");
                assertEquals(1, flaky.status().failureCount());
            } finally {
                SERVER.removeNotificationListener(name, listener);
            }
        }
    }

    @Test
    void aLongRunDoesNotOverlapItself() throws Exception {
        try (Trimtab trimtab = builder("joverlap").start()) {
            AtomicInteger active = new AtomicInteger();
            AtomicInteger maxActive = new AtomicInteger();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            JobHandle job = trimtab.jobs().register("slow", JobSchedule.parse("100ms"), context -> {
                maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                try {
                    started.countDown();
                    release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } finally {
                    active.decrementAndGet();
                }
            });
            await(started, "the first run started");
            job.triggerNow();
            job.triggerNow();
            TimeUnit.MILLISECONDS.sleep(500); // schedule and manual triggers come due while the first run holds on
            assertTrue(job.status().running());
            assertEquals(0, job.status().runCount());
            assertEquals(1, maxActive.get());

            release.countDown();
            await(() -> job.status().runCount() >= 4, "the waiting fires ran, one after the other");
            assertEquals(1, maxActive.get());
        }
    }

    @Test
    void aMissedFireIsCountedAndRunsOnceNotOncePerMissedInterval() throws Exception {
        try (Trimtab trimtab = builder("jmisfire").start()) {
            Duration interval = Duration.ofMillis(500);
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch secondRun = new CountDownLatch(1);
            AtomicReference<JobStatus> atSecondRun = new AtomicReference<>();
            AtomicInteger calls = new AtomicInteger();
            AtomicReference<JobHandle> handle = new AtomicReference<>();
            handle.set(trimtab.jobs().register("late", JobSchedule.every(interval), context -> {
                int call = calls.incrementAndGet();
                if (call == 1) {
                    started.countDown();
                    release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } else if (call == 2) {
                    atSecondRun.set(handle.get().status());
                    secondRun.countDown();
                }
            }));
            JobHandle job = handle.get();
            await(started, "the first run started");
            Instant missed = job.status().nextFireTime();
            Instant longPast = missed.plusMillis(Schedulers.MISFIRE_THRESHOLD_MILLIS).plus(interval.multipliedBy(3));
            await(() -> Instant.now().isAfter(longPast), "the next fire is missed by more than the threshold");
            Instant releasedAt = Instant.now();
            release.countDown();

            await(secondRun, "the missed fire ran");
            JobStatus status = atSecondRun.get();
            assertEquals(1, status.misfireCount());
            assertTrue(status.nextFireTime().isAfter(releasedAt),
                    "after the misfire the schedule continues from now, with no catch-up fires: next " + status.nextFireTime()
                            + ", released " + releasedAt);
            assertEquals(1, trimtab.metrics().counter("trimtab.job.late.misfires").getCount());
            assertEquals(1, proxy(trimtab, "late").getMisfires());
        }
    }

    @Test
    void closeWaitsForARunningJob() throws Exception {
        Trimtab trimtab = builder("jwait").jobsShutdownTimeout(Duration.ofSeconds(WAIT_SECONDS)).start();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        trimtab.jobs().register("long", JobSchedule.parse("1h"), context -> {
            started.countDown();
            release.await(WAIT_SECONDS, TimeUnit.SECONDS);
            interrupted.set(context.isInterrupted());
            finished.set(true);
        }).triggerNow();
        await(started, "the run started");
        AtomicBoolean finishedWhenCloseReturned = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            trimtab.close();
            finishedWhenCloseReturned.set(finished.get());
        }, "test-closer");
        closer.start();
        TimeUnit.MILLISECONDS.sleep(300);
        assertTrue(closer.isAlive(), "close() waits while the job runs");

        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertFalse(closer.isAlive());
        assertTrue(finishedWhenCloseReturned.get(), "close() returned only after the run ended");
        assertFalse(interrupted.get());
        assertEquals(List.of(), Threads.awaitGone("trimtab-jwait"));
        assertTrue(SERVER.queryNames(new ObjectName("test.jwait:*"), null).isEmpty());
    }

    @Test
    void closeInterruptsAJobThatOutlastsTheShutdownTimeout() throws Exception {
        Trimtab trimtab = builder("jinterrupt").jobsShutdownTimeout(Duration.ofMillis(100)).start();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean sawInterrupt = new AtomicBoolean();
        JobHandle job = trimtab.jobs().register("stuck", JobSchedule.parse("1h"), context -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(WAIT_SECONDS * 3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                sawInterrupt.set(context.isInterrupted());
                throw e;
            }
        });
        job.triggerNow();
        await(started, "the run started");

        trimtab.close();

        assertTrue(sawInterrupt.get(), "the task was interrupted and its context says so");
        assertEquals(1, job.status().failureCount());
        assertEquals("java.lang.InterruptedException", job.status().lastError());
        assertEquals(List.of(), Threads.awaitGone("trimtab-jinterrupt"));
        assertThrows(IllegalStateException.class, () -> trimtab.jobs().register("late", JobSchedule.parse("1h"), c -> { }));
    }

    @Test
    void closeDoesNotHangOnATaskThatIgnoresItsInterrupt() throws Exception {
        Trimtab trimtab = builder("jstubborn").jobsShutdownTimeout(Duration.ofMillis(100)).start();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        trimtab.jobs().register("stubborn", JobSchedule.parse("1h"), context -> {
            started.countDown();
            while (release.getCount() > 0) {
                try {
                    release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // this task insists on finishing its work
                }
            }
            finished.set(true);
        }).triggerNow();
        await(started, "the run started");

        trimtab.close();

        assertFalse(finished.get(), "close() returned while the stubborn run went on");
        assertTrue(SERVER.queryNames(new ObjectName("test.jstubborn:*"), null).isEmpty());
        release.countDown();
        assertEquals(List.of(), Threads.awaitGone("trimtab-jstubborn"));
        assertTrue(finished.get());
    }

    @Test
    void theShutdownTimeoutIsValidated() {
        assertEquals(Duration.ofSeconds(10), TrimtabConfig.resolve(Map.of(), null, new Properties())
                .get(TrimtabSettings.JOBS_SHUTDOWN_TIMEOUT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrimtabConfig.resolve(Map.of("jobs.shutdownTimeout", "20m"), null, new Properties()));
        assertEquals("config jobs.shutdownTimeout=20m (from the builder) must be between 0ms and 10m but was 20m", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TrimtabConfig.resolve(Map.of("jobs.shutdownTimeout", "soon"), null, new Properties()));
    }
}
