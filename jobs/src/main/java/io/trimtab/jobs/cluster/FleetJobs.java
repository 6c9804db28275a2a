package io.trimtab.jobs.cluster;

import io.trimtab.jobs.JobHandle;
import io.trimtab.jobs.JobSchedule;
import io.trimtab.jobs.Jobs;
import io.trimtab.jobs.TrimtabTask;
import io.trimtab.jobs.internal.JobNotifier;
import io.trimtab.jobs.internal.QuartzJobs;
import io.trimtab.jobs.internal.SchedulerShutdown;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.DescribedMXBean;
import io.trimtab.mbeans.jmx.ObjectNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.MBeanNotificationInfo;
import javax.management.ObjectName;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.matchers.EverythingMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs of a runtime that belongs to a fleet: its own jobs on its in-memory scheduler, and the fleet jobs on
 * a second, clustered Quartz scheduler over the fleet database. Fleet jobs share one
 * namespace with the instance's own jobs, as their MBeans share one ObjectName pattern.
 */
public final class FleetJobs implements Jobs, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetJobs.class);
    private static final MBeanNotificationInfo[] NOTIFICATIONS = {JobNotifier.FAILED,
            JobNotifier.info(FleetJobMXBean.MISFIRED_NOTIFICATION, "This instance found a fire time of this job missed"
                    + " (an instance died holding it, or none was free): it runs once now; the user data is the missed time."),
            JobNotifier.info(FleetJobMXBean.RECOVERED_NOTIFICATION, "This instance runs again a run that an instance"
                    + " started and never finished because it stopped checking in; the user data is that run's fire time.")};

    private final QuartzJobs local;
    private final ManagementContext context;
    private final Scheduler scheduler;
    private final FleetConnections connections;
    private final FleetRuns runs;
    private final String instanceId;
    private final Duration shutdownTimeout;
    private final Map<String, FleetJob> jobs = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private FleetJobs(QuartzJobs local, ManagementContext context, Scheduler scheduler, FleetConnections connections,
                      FleetRuns runs, Duration shutdownTimeout) throws SchedulerException {
        this.local = local;
        this.context = context;
        this.scheduler = scheduler;
        this.connections = connections;
        this.runs = runs;
        this.instanceId = scheduler.getSchedulerInstanceId();
        this.shutdownTimeout = shutdownTimeout;
        scheduler.setJobFactory((bundle, unused) -> {
            if (bundle.getJobDetail().getJobClass() != FleetRunner.class) {
                throw new SchedulerException("job " + bundle.getJobDetail().getKey() + " in the fleet tables is not a"
                        + " Trimtab fleet job but a " + bundle.getJobDetail().getJobClass().getName());
            }
            return new FleetRunner(jobs::get, this::firedUnknown);
        });
        scheduler.getListenerManager().addTriggerListener(new FleetMisfires(jobs::get, runs), EverythingMatcher.allTriggers());
    }

    /**
     * Connects to the fleet database, creates the tables that are missing and creates the clustered scheduler.
     * It starts firing at the first {@link #registerFleet}: an instance with no fleet jobs takes no fleet work.
     *
     * @param local           the runtime's own jobs, which keep running as they do
     * @param shutdownTimeout how long {@link #close()} waits for running fleet jobs before it interrupts them
     * @throws IllegalStateException naming the setting to look at, when the database cannot be reached or
     *                               prepared; nothing is left open
     */
    public static FleetJobs start(FleetConfig config, String runtimeName, QuartzJobs local, ManagementContext context,
                                  Duration shutdownTimeout) {
        FleetConnections connections = new FleetConnections(config, "trimtab " + runtimeName, FleetScheduler.CONNECTIONS);
        Scheduler scheduler = null;
        try {
            List<String> created;
            try (Connection connection = connections.getConnection()) {
                created = FleetTables.prepare(connection, config.tablePrefix(), FleetScheduler.NAME);
            } catch (SQLException e) {
                throw FleetDatabaseErrors.starting(config, e);
            }
            if (!created.isEmpty()) {
                LOG.info("Fleet tables created in {}: {}", FleetConfig.maskUrl(config.jdbcUrl()), created);
            }
            scheduler = FleetScheduler.create(config, runtimeName, context.domain(), connections);
            FleetJobs fleet = new FleetJobs(Objects.requireNonNull(local, "local"), context, scheduler, connections,
                    new FleetRuns(connections.dataSource(), config.tablePrefix(), FleetScheduler.NAME), shutdownTimeout);
            LOG.info("Trimtab '{}' joins the fleet as {} ({})", runtimeName, fleet.instanceId, config);
            return fleet;
        } catch (SchedulerException | RuntimeException e) {
            FleetScheduler.shutDownQuietly(scheduler, connections);
            throw e instanceof SchedulerException
                    ? new IllegalStateException("cannot create the fleet scheduler: " + e.getMessage(), e)
                    : (RuntimeException) e;
        }
    }

    /** This instance's id in the fleet: {@code <runtime>@<host>:<pid>-<start>}. */
    public String instanceId() {
        return instanceId;
    }

    @Override
    public synchronized JobHandle register(String name, JobSchedule schedule, TrimtabTask task) {
        if (jobs.containsKey(name)) {
            throw new IllegalStateException("a job named '" + name + "' is already registered, as a fleet job");
        }
        return local.register(name, schedule, task);
    }

    @Override
    public synchronized JobHandle registerFleet(String name, JobSchedule schedule, TrimtabTask task) {
        ObjectName objectName = ObjectNames.of(context.domain(), "Job", name);
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(task, "task");
        if (closed.get()) {
            throw new IllegalStateException("cannot register fleet job '" + name + "': the runtime is closed");
        }
        if (jobs.containsKey(name) || local.names().contains(name)) {
            throw new IllegalStateException("a job named '" + name + "' is already registered");
        }
        JobNotifier notifier = new JobNotifier(objectName, context.clock(), NOTIFICATIONS);
        FleetJob job = new FleetJob(name, schedule, task, scheduler, runs, instanceId, context.clock(), context.metrics(),
                notifier);
        // Known before it is stored: a fire that comes at once finds its task.
        jobs.put(name, job);
        try {
            context.registrar().register(objectName, new DescribedMXBean(new FleetJobBean(job), FleetJobMXBean.class, notifier));
            job.store();
            if (scheduler.isInStandbyMode()) {
                scheduler.start();
            }
        } catch (SchedulerException | RuntimeException e) {
            jobs.remove(name);
            context.registrar().unregister(objectName);
            context.metrics().removeMatching((metric, m) -> metric.startsWith(FleetJob.metricName(name, "") + "."));
            throw new IllegalStateException("cannot schedule fleet job '" + name + "': " + e.getMessage(), e);
        }
        return job;
    }

    @Override
    public JobHandle get(String name) {
        FleetJob job = name == null ? null : jobs.get(name);
        if (job != null) {
            return job;
        }
        if (name != null && local.names().contains(name)) {
            return local.get(name);
        }
        throw new IllegalArgumentException("unknown job '" + name + "'; registered jobs: " + names());
    }

    @Override
    public List<String> names() {
        return Stream.concat(local.names().stream(), jobs.keySet().stream()).sorted().collect(Collectors.toList());
    }

    /** A fire of a fleet job this instance has not registered: it fails, for the fleet to see, and is logged. */
    private void firedUnknown(String name, JobExecutionContext fire) {
        String error = "fleet job '" + name + "' fired on " + instanceId + ", which has not registered it: every"
                + " instance of a fleet must register the same fleet jobs when it starts";
        LOG.warn(error);
        try {
            runs.recordRun(name, instanceId, fire.getScheduledFireTime().toInstant(), Instant.now(), Duration.ZERO, error);
        } catch (SQLException e) {
            LOG.warn("Fleet job '{}': the failed fire could not be recorded in the fleet database: {}", name, e.toString());
        }
    }

    /**
     * Stops taking fleet work, waits up to the shutdown timeout for this instance's fleet runs, interrupts those
     * left and waits again, then shuts the clustered scheduler down and closes its connections. The other
     * instances carry on. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            SchedulerShutdown.shutDown(scheduler, shutdownTimeout);
            FleetScheduler.shutDownQuietly(null, connections);
        }
    }

    @Override
    public String toString() {
        return "FleetJobs[" + instanceId + ", " + connections + "]";
    }
}
