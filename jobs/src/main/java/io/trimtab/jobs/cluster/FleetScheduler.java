package io.trimtab.jobs.cluster;

import java.sql.SQLException;
import java.util.Properties;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.simpl.SimpleThreadPool;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the clustered Quartz scheduler of one instance: {@code JobStoreTX} on PostgreSQL with
 * {@code PostgreSQLDelegate} (the standard delegate fails on BYTEA), {@code isClustered=true},
 * {@code instanceId=AUTO} and the configured check-in interval, over this instance's {@link FleetConnections}.
 * Every instance of the fleet uses the same scheduler name, {@value #NAME}: Quartz keys its rows by it.
 */
final class FleetScheduler {

    static final String NAME = "trimtab-fleet";
    /**
     * A fire later than this is a misfire: run once now, reported. Nodes' clocks must agree within a second;
     * one more second keeps a node whose clock runs ahead from calling a fire missed that another is about to run.
     */
    static final long MISFIRE_THRESHOLD_MILLIS = 2_000;
    static final int THREADS = 2;
    /**
     * The workers, Quartz's scheduler, check-in and misfire threads, which may all hold one while they wait for
     * Quartz's row lock, and Trimtab's own short reads and writes beside them.
     */
    static final int CONNECTIONS = THREADS + 6;

    private static final Logger LOG = LoggerFactory.getLogger(FleetScheduler.class);
    /** Guards Quartz's JVM-wide registry of schedulers by name while one is created and taken out of it. */
    private static final Object REGISTRY = new Object();

    private FleetScheduler() {
    }

    static Scheduler create(FleetConfig config, String runtimeName, String domain, FleetConnections connections)
            throws SchedulerException {
        // Quartz finds a job store's connections by name in a JVM-wide manager; this runtime's name and domain are
        // unique among the runtimes of a JVM.
        String dataSource = "trimtab-fleet-" + runtimeName + "@" + domain;
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, connections);
        Properties properties = properties(config, runtimeName, dataSource);
        synchronized (REGISTRY) {
            SchedulerRepository registry = SchedulerRepository.getInstance();
            if (registry.lookup(NAME) != null) {
                throw new SchedulerException("a Quartz scheduler named '" + NAME + "' that is not Trimtab's already runs"
                        + " in this JVM");
            }
            Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
            // Quartz would hand this scheduler to the next runtime of this JVM that asks for the fleet's name; each
            // runtime is an instance of the fleet of its own, with a scheduler of its own.
            registry.remove(NAME);
            return scheduler;
        }
    }

    private static Properties properties(FleetConfig config, String runtimeName, String dataSource) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", NAME);
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.instanceIdGenerator.class", FleetInstanceIds.class.getName());
        p.setProperty("org.quartz.scheduler.instanceIdGenerator.runtimeName", runtimeName);
        p.setProperty("org.quartz.scheduler.threadName", "trimtab-" + runtimeName + "-fleet-scheduler");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", SimpleThreadPool.class.getName());
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(THREADS));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "trimtab-" + runtimeName + "-fleet-job");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.class", JobStoreTX.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", PostgreSQLDelegate.class.getName());
        p.setProperty("org.quartz.jobStore.dataSource", dataSource);
        p.setProperty("org.quartz.jobStore.tablePrefix", config.tablePrefix());
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(config.checkinInterval().toMillis()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(MISFIRE_THRESHOLD_MILLIS));
        // Job and trigger data as text properties, never serialized Java objects, in a database many JVMs read.
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.makeThreadsDaemons", "true");
        return p;
    }

    /** Shuts a scheduler that never ran down and closes the connections; failures only log. */
    static void shutDownQuietly(Scheduler scheduler, FleetConnections connections) {
        if (scheduler != null) {
            try {
                scheduler.shutdown(false);
            } catch (SchedulerException e) {
                LOG.warn("Shutting the fleet scheduler down failed: {}", e.toString());
            }
        }
        try {
            connections.shutdown();
        } catch (SQLException e) {
            LOG.warn("Closing the fleet database connections failed: {}", e.toString());
        }
    }
}
