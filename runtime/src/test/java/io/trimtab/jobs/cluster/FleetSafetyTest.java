package io.trimtab.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.jobs.JobSchedule;
import io.trimtab.testing.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanAttributeInfo;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/** What the fleet refuses and what it never shows, on a real PostgreSQL. */
class FleetSafetyTest extends PostgresBacked {


    @TempDir
    Path dataDir;

    @Test
    void thePasswordAppearsInNoMBeanAttributeNoToStringAndNoLog() throws Exception {
        Fleet fleet = Fleet.on(postgres);
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String attributes;
        String texts;
        String instance;
        try (Trimtab trimtab = fleet.runtime("secret", dataDir).start()) {
            trimtab.jobs().registerFleet("report", JobSchedule.parse("1h"), fleet.recording("secret"));
            trimtab.jobs().get("report").triggerNow();
            Fleet.await(() -> Fleet.bean(trimtab, "report").getRuns() == 1, 30, "the report ran");
            attributes = attributes("test.secret");
            instance = Fleet.instanceId(trimtab);
            texts = trimtab.jobs() + " " + trimtab.config().describe() + " " + trimtab.jobs().get("report");
        } finally {
            System.setErr(originalErr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("joins the fleet as secret@"), "the log was not captured: " + log);
        assertTrue(log.contains("password=<masked>"), log);
        assertFalse(log.contains(postgres.password()), log);
        assertTrue(attributes.contains("jobs.cluster.password") && attributes.contains("<masked>"), attributes);
        assertTrue(attributes.contains(fleet.jdbcUrl()), "the runtime's settings were read: " + attributes);
        assertTrue(attributes.contains(instance), "the fleet job's attributes were read: " + attributes);
        assertFalse(attributes.contains(postgres.password()), "an MBean attribute shows the password");
        assertFalse(texts.contains(postgres.password()), texts);
        FleetConfig config = new FleetConfig(fleet.jdbcUrl(), "postgres", postgres.password(), "QRTZ_", FleetConfig.DEFAULT_CHECKIN_INTERVAL);
        assertFalse(config.toString().contains(postgres.password()), config.toString());
    }

    @Test
    void wrongCredentialsAMissingDatabaseOrNoServerFailTheStartNamingTheSettingAndLeaveNothing() throws Exception {
        Fleet fleet = Fleet.on(postgres);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> fleet.runtime("wrongpw", dataDir)
                .setting("jobs.cluster.password", "not-" + postgres.password()).start());
        assertTrue(refused.getMessage().startsWith("the fleet database at jobs.cluster.jdbcUrl=" + fleet.jdbcUrl()
                + " refused jobs.cluster.user=postgres with the jobs.cluster.password given: "), refused.getMessage());
        assertFalse(refused.getMessage().contains(postgres.password()), refused.getMessage());
        assertNothingLeft("wrongpw");

        String missing = postgres.jdbcUrl("no_such_database");
        IllegalStateException noDatabase = assertThrows(IllegalStateException.class, () -> fleet.runtime("nodb", dataDir)
                .setting("jobs.cluster.jdbcUrl", missing).start());
        assertTrue(noDatabase.getMessage().startsWith("the fleet database named in jobs.cluster.jdbcUrl=" + missing
                + " does not exist"), noDatabase.getMessage());
        assertNothingLeft("nodb");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String nowhere = "jdbc:postgresql://127.0.0.1:" + closedPort + "/fleet";
        IllegalStateException unreachable = assertThrows(IllegalStateException.class, () -> fleet.runtime("noserver", dataDir)
                .setting("jobs.cluster.jdbcUrl", nowhere).start());
        assertTrue(unreachable.getMessage().startsWith("cannot reach the fleet database at jobs.cluster.jdbcUrl=" + nowhere),
                unreachable.getMessage());
        assertNothingLeft("noserver");
    }

    @Test
    void anUnclusteredQuartzOnTheTablesIsRefused() throws Exception {
        Fleet fleet = Fleet.on(postgres);
        try (Trimtab first = fleet.runtime("tables", dataDir.resolve("first")).start()) {
            // It created the tables; an unclustered Quartz of the fleet's scheduler name now runs a job from them.
        }
        Scheduler unclustered = unclusteredScheduler(fleet);
        try {
            unclustered.scheduleJob(JobBuilder.newJob(Blocking.class).withIdentity("legacy").build(),
                    TriggerBuilder.newTrigger().startNow().build());
            unclustered.start();
            assertTrue(Blocking.STARTED.await(30, TimeUnit.SECONDS), "the unclustered scheduler runs its job");
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> fleet.runtime("shared", dataDir.resolve("second")).start());
            assertTrue(refused.getMessage().startsWith("the tables QRTZ_* hold fired triggers of an unclustered Quartz"
                    + " scheduler named 'trimtab-fleet'"), refused.getMessage());
            assertTrue(refused.getMessage().contains("jobs.cluster.tablePrefix"), refused.getMessage());
            assertNothingLeft("shared");
        } finally {
            Blocking.RELEASE.countDown();
            unclustered.shutdown(true);
        }
    }

    @Test
    void aFleetJobWithoutAClusterIsRefused() throws Exception {
        try (Trimtab alone = Trimtab.builder().name("alone").jmxDomain("test.alone").dataDir(dataDir).jolokiaEnabled(false).start()) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> alone.jobs().registerFleet("report", JobSchedule.parse("1h"), context -> { }));
            assertEquals("cannot register fleet job 'report': no cluster is configured; set jobs.cluster.jdbcUrl (and"
                    + " jobs.cluster.user, jobs.cluster.password) to the fleet's PostgreSQL database", refused.getMessage());
            assertFalse(Fleet.SERVER.isRegistered(alone.context().objectName("Job", "report")));
        }
    }

    /** A Quartz of the fleet's name and tables, as an application of its own might run one: not clustered. */
    private static Scheduler unclusteredScheduler(Fleet fleet) throws Exception {
        String dataSource = "unclustered-" + System.nanoTime();
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                Properties credentials = new Properties();
                credentials.setProperty("user", PostgresServer.USER);
                credentials.setProperty("password", postgres.password());
                return DriverManager.getConnection(fleet.jdbcUrl(), credentials);
            }

            @Override
            public void shutdown() {
            }

            @Override
            public void initialize() {
            }
        });
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "trimtab-fleet");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSource);
        Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
        SchedulerRepository.getInstance().remove("trimtab-fleet");
        return scheduler;
    }

    /** A job that holds its fire until released, so that its fired-trigger row stays in the table. */
    public static final class Blocking implements Job {
        static final CountDownLatch STARTED = new CountDownLatch(1);
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Override
        public void execute(JobExecutionContext context) {
            STARTED.countDown();
            try {
                RELEASE.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void assertNothingLeft(String name) throws Exception {
        assertTrue(Fleet.SERVER.queryNames(new ObjectName("test." + name + ":*"), null).isEmpty(), "MBeans left by " + name);
        assertTrue(Fleet.SERVER.queryNames(new ObjectName("test." + name + ".metrics:*"), null).isEmpty());
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(thread -> thread.contains("trimtab-" + name + "-") || thread.contains(name + "@"))
                .forEach(thread -> {
                    throw new AssertionError("thread " + thread + " left by " + name);
                });
    }

    /** The value of every readable attribute of every MBean of a domain, as text. */
    private static String attributes(String domain) throws Exception {
        StringBuilder values = new StringBuilder();
        for (ObjectName name : Fleet.SERVER.queryNames(new ObjectName(domain + ":*"), null)) {
            for (MBeanAttributeInfo attribute : Fleet.SERVER.getMBeanInfo(name).getAttributes()) {
                if (attribute.isReadable()) {
                    Object value = Fleet.SERVER.getAttribute(name, attribute.getName());
                    values.append(value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value))
                            .append('\n');
                }
            }
        }
        return values.toString();
    }
}
