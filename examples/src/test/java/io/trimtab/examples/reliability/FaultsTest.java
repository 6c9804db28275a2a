package io.trimtab.examples.reliability;

import static io.trimtab.examples.reliability.Faults.await;
import static io.trimtab.examples.reliability.Faults.checkedIds;
import static io.trimtab.examples.reliability.Faults.createTable;
import static io.trimtab.examples.reliability.Faults.insert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.trimtab.Trimtab;
import io.trimtab.jobs.JobSchedule;
import io.trimtab.jobs.JobStatus;
import io.trimtab.mbeans.optimizer.JournalEntry;
import io.trimtab.mbeans.optimizer.Operation;
import io.trimtab.mbeans.optimizer.RuleAction;
import io.trimtab.mbeans.optimizer.RuleMode;
import io.trimtab.mbeans.optimizer.RuleSpec;
import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.ObjectName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults an application meets in production: Trimtab reports each (journal, notification, job error or the
 * application's own exception), keeps serving, and the application keeps its data.
 */
@Tag("reliability")
class FaultsTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dir;

    private Trimtab start(String name, String... settings) {
        var builder = Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dir.resolve("data")).jolokiaPort(0);
        for (int i = 0; i < settings.length; i += 2) {
            builder.setting(settings[i], settings[i + 1]);
        }
        return builder.start();
    }

    @Test
    void aReadOnlyDirectoryKeepsCommittedDataAndWritesResumeAfterwards() throws Exception {
        Path dbDir = Files.createDirectories(dir.resolve("data").resolve("db"));
        Set<Long> committed = ConcurrentHashMap.newKeySet();
        try (Trimtab trimtab = start("readonly")) {
            ManagedDatabase database = trimtab.databases().open("ro", dbDir.resolve("ro.db"), Profile.SAFE_WAL);
            createTable(database);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong nextId = new AtomicLong();
            ConcurrentLinkedQueue<SQLException> failures = new ConcurrentLinkedQueue<>();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    long id = nextId.incrementAndGet();
                    try {
                        insert(database, id);
                        committed.add(id);
                    } catch (SQLException e) {
                        failures.add(e);
                    }
                }
            });
            try {
                await("writes before the fault", () -> committed.size() >= 20);
                Set<PosixFilePermission> before = Files.getPosixFilePermissions(dbDir);
                Files.setPosixFilePermissions(dbDir, PosixFilePermissions.fromString("r-xr-xr-x"));
                try {
                    assumeFalse(canCreateFileIn(dbDir), "permissions mean nothing to this user (root): skipped");
                    long atFault = committed.size() + failures.size();
                    await("writes attempted while the directory is read-only",
                            () -> committed.size() + failures.size() >= atFault + 20);
                    // Maintenance while read-only: a busy or failed maintenance is in its result, never thrown.
                    database.management().checkpoint("TRUNCATE");
                    database.management().optimize();
                } finally {
                    Files.setPosixFilePermissions(dbDir, before);
                }
                int atRestore = committed.size();
                await("writes succeeding after the permissions came back", () -> committed.size() >= atRestore + 20);
            } finally {
                stop.set(true);
                writer.get(60, TimeUnit.SECONDS);
            }
            for (SQLException failure : failures) {
                assertFalse(failure.getMessage() == null || failure.getMessage().isBlank(), "a failure says why: " + failure);
            }
            assertEquals(List.of("ok"), database.management().integrityCheck());
        }
        assertTrue(checkedIds(dbDir.resolve("ro.db")).containsAll(committed), "every committed write is in the file");
    }

    private static boolean canCreateFileIn(Path directory) {
        try {
            Files.delete(Files.createTempFile(directory, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aNearlyFullDiskRaisesACriticalAlertAndTheDatabaseKeepsServing() throws Exception {
        try (Trimtab trimtab = start("disk")) {
            ManagedDatabase database = trimtab.databases().open("disk", Path.of("disk.db"), Profile.SAFE_WAL);
            createTable(database);
            insert(database, 1);
            ConcurrentLinkedQueue<Notification> notifications = new ConcurrentLinkedQueue<>();
            ObjectName optimizer = new ObjectName("test.disk:type=Optimizer,name=disk");
            SERVER.addNotificationListener(optimizer, (n, handback) -> notifications.add(n), null, null);

            // The real data directory's disk is used above 0 %: make that the rule's "nearly full".
            trimtab.optimizer().updateRule("jvm.diskLow", rule -> rule.threshold(0).clearThreshold(0));
            trimtab.optimizer().sample();
            trimtab.optimizer().runCycle();

            assertTrue(trimtab.optimizer().alerts().stream().anyMatch(a -> a.rule().equals("jvm.diskLow")
                    && a.severity().equalsIgnoreCase("critical")), "alerts: " + trimtab.optimizer().alerts());
            assertTrue(journal(trimtab).stream().anyMatch(e -> e.kind().equals("alert") && e.rule().equals("jvm.diskLow")),
                    "journal: " + journal(trimtab));
            await("a trimtab.alert notification", () -> notifications.stream().anyMatch(n -> n.getType().equals("trimtab.alert")));

            insert(database, 2);
            assertEquals(Set.of(1L, 2L), checkedIds(database.path()));
        }
    }

    @Test
    void aWriteWaitsOutAnExclusiveLockOrFailsAsBusyAndNothingIsCorrupted() throws Exception {
        try (Trimtab trimtab = start("locked")) {
            ManagedDatabase database = trimtab.databases().open("locked", Path.of("locked.db"), Profile.SAFE_WAL);
            createTable(database);
            insert(database, 1);
            long released;
            CompletableFuture<Long> write;
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + database.path());
                 Statement statement = other.createStatement()) {
                statement.execute("BEGIN EXCLUSIVE");
                statement.execute("INSERT INTO items (id, note) VALUES (100, 'the other process')");
                write = CompletableFuture.supplyAsync(() -> {
                    try {
                        insert(database, 2);
                        return System.nanoTime();
                    } catch (SQLException e) {
                        throw new CompletionException(e);
                    }
                });
                Thread.sleep(2_000);
                assertFalse(write.isDone() && !write.isCompletedExceptionally(), "a write got past an exclusive lock");
                released = System.nanoTime();
                statement.execute("COMMIT");
            }
            boolean written;
            try {
                long committedAt = write.get(120, TimeUnit.SECONDS);
                assertTrue(committedAt >= released, "the write committed after the lock was released");
                written = true;
            } catch (ExecutionException e) {
                // The other documented outcome: the busy answer reaches the application once the retries are spent.
                String message = String.valueOf(e.getCause().getMessage()).toLowerCase(Locale.ROOT);
                assertTrue(e.getCause() instanceof SQLException && (message.contains("busy") || message.contains("locked")),
                        "a failed write names the busy database: " + e.getCause());
                written = false;
            }
            System.out.println("exclusive lock for 2 s: the write " + (written ? "committed after the release" : "failed busy")
                    + ", write retries " + database.management().getWriteRetries());
            insert(database, 3);
            assertEquals(List.of("ok"), database.management().integrityCheck());
            Set<Long> ids = checkedIds(database.path());
            assertTrue(ids.containsAll(Set.of(1L, 3L, 100L)), "ids: " + ids);
            assertEquals(written, ids.contains(2L), "the write is in the file exactly when it returned: " + ids);
        }
    }

    @Test
    void aFailingJobIsRecordedAndTheOtherJobsKeepRunning() throws Exception {
        try (Trimtab trimtab = start("jobfault", "jobs.sampling", "100ms")) {
            ConcurrentLinkedQueue<Notification> notifications = new ConcurrentLinkedQueue<>();
            AtomicLong steadyRuns = new AtomicLong();
            trimtab.jobs().register("boom", JobSchedule.every(Duration.ofMillis(100)), context -> {
                throw new IllegalStateException("boom on purpose");
            });
            trimtab.jobs().register("steady", JobSchedule.every(Duration.ofMillis(100)), context -> steadyRuns.incrementAndGet());
            ObjectName boom = new ObjectName("test.jobfault:type=Job,name=boom");
            SERVER.addNotificationListener(boom, (n, handback) -> notifications.add(n), null, null);

            await("three failed runs", () -> failures(boom) >= 3);
            assertTrue(String.valueOf(SERVER.getAttribute(boom, "LastError")).contains("boom on purpose"));
            await("a trimtab.job.failed notification",
                    () -> notifications.stream().anyMatch(n -> n.getType().equals("trimtab.job.failed")));

            long steady = steadyRuns.get();
            long sampling = trimtab.jobs().get(Trimtab.SAMPLING_JOB).status().runCount();
            await("the other jobs running on", () -> steadyRuns.get() >= steady + 3
                    && trimtab.jobs().get(Trimtab.SAMPLING_JOB).status().runCount() >= sampling + 3);
            JobStatus status = trimtab.jobs().get(Trimtab.SAMPLING_JOB).status();
            assertEquals(0, status.failureCount(), "sampling failures: " + status.lastError());
            assertFalse(trimtab.jobs().get("boom").status().paused(), "a failing job keeps its schedule");
        }
    }

    private static long failures(ObjectName job) {
        try {
            return ((Number) SERVER.getAttribute(job, "Failures")).longValue();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRuleWhoseActionThrowsIsJournaledAsFailedAndTheCyclesGoOn() throws Exception {
        try (Trimtab trimtab = start("rulefault", "optimizer.mode", "auto")) {
            ConcurrentLinkedQueue<Notification> notifications = new ConcurrentLinkedQueue<>();
            SERVER.addNotificationListener(new ObjectName("test.rulefault:type=Optimizer,name=rulefault"),
                    (n, handback) -> notifications.add(n), null, null);
            AtomicLong calls = new AtomicLong();
            trimtab.optimizer().signals().publish(new Signal("app.orders.backlog", "count", () -> 10));
            trimtab.optimizer().signals().publish(new Operation("app.orders.drain", () -> {
                calls.incrementAndGet();
                throw new IllegalStateException("drain failed on purpose");
            }));
            trimtab.optimizer().addRule(RuleSpec.builder("app.backlog").description("The order backlog grows.")
                    .above("app.orders.backlog", 5, 2).sustain(1).cooldownMillis(0)
                    .action(RuleAction.operations("app.orders.drain")).mode(RuleMode.AUTO).build());

            trimtab.optimizer().sample();
            long cycle = trimtab.optimizer().runCycle().cycle();
            assertEquals(1, calls.get(), "the operation ran");
            List<JournalEntry> failed = journal(trimtab).stream()
                    .filter(e -> e.kind().equals("failed") && e.rule().equals("app.backlog")).toList();
            assertEquals(1, failed.size(), "journal: " + journal(trimtab));
            assertTrue(failed.get(0).outcome().contains("drain failed on purpose"), failed.get(0).outcome());
            await("a trimtab.rule.failed notification",
                    () -> notifications.stream().anyMatch(n -> n.getType().equals("trimtab.rule.failed")));

            trimtab.optimizer().sample();
            assertEquals(cycle + 1, trimtab.optimizer().runCycle().cycle(), "the next cycle runs");
            assertTrue(trimtab.optimizer().sample() > 0, "sampling goes on");
        }
    }

    private static List<JournalEntry> journal(Trimtab trimtab) {
        return trimtab.optimizer().journal(100);
    }
}
