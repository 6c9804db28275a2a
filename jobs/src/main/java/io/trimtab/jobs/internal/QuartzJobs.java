package io.trimtab.jobs.internal;

import io.trimtab.jobs.JobHandle;
import io.trimtab.jobs.JobMXBean;
import io.trimtab.jobs.JobSchedule;
import io.trimtab.jobs.Jobs;
import io.trimtab.jobs.TrimtabTask;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.DescribedMXBean;
import io.trimtab.mbeans.jmx.ObjectNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.matchers.EverythingMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs of one runtime on its in-memory Quartz scheduler. Closing it shuts the scheduler down: no new fires,
 * then up to the shutdown timeout for runs under way to end, then an interrupt and the same time again.
 */
public final class QuartzJobs implements Jobs, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QuartzJobs.class);

    private final Scheduler scheduler;
    private final ManagementContext context;
    private final Duration shutdownTimeout;
    private final Map<String, ManagedJob> jobs = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param shutdownTimeout how long {@link #close()} waits for running jobs before it interrupts them
     * @throws IllegalStateException if the misfire listener cannot be added to the scheduler
     */
    public QuartzJobs(Scheduler scheduler, ManagementContext context, Duration shutdownTimeout) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.context = Objects.requireNonNull(context, "context");
        this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        try {
            scheduler.getListenerManager().addTriggerListener(new MisfireListener(this::byKey), EverythingMatcher.allTriggers());
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot listen for misfires: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized JobHandle register(String name, JobSchedule schedule, TrimtabTask task) {
        ObjectName objectName = ObjectNames.of(context.domain(), "Job", name);
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(task, "task");
        if (closed.get()) {
            throw new IllegalStateException("cannot register job '" + name + "': the runtime is closed");
        }
        if (jobs.containsKey(name)) {
            throw new IllegalStateException("a job named '" + name + "' is already registered");
        }
        JobNotifier notifier = new JobNotifier(objectName, context.clock(), JobNotifier.FAILED);
        ManagedJob job = new ManagedJob(name, schedule, task, scheduler, context.clock(), context.metrics(), notifier);
        try {
            context.registrar().register(objectName, new DescribedMXBean(new JobBean(job), JobMXBean.class, notifier));
            job.start();
        } catch (SchedulerException | RuntimeException e) {
            context.registrar().unregister(objectName);
            context.metrics().removeMatching((metric, m) -> metric.startsWith(ManagedJob.metricName(name, "") + "."));
            throw new IllegalStateException("cannot schedule job '" + name + "': " + e.getMessage(), e);
        }
        jobs.put(name, job);
        LOG.info("Job '{}' scheduled: {}", name, schedule);
        return job;
    }

    /** Refused: fleet jobs need the clustered scheduler, which runs only when {@code jobs.cluster.jdbcUrl} is set. */
    @Override
    public JobHandle registerFleet(String name, JobSchedule schedule, TrimtabTask task) {
        throw new IllegalStateException("cannot register fleet job '" + name + "': no cluster is configured; set"
                + " jobs.cluster.jdbcUrl (and jobs.cluster.user, jobs.cluster.password) to the fleet's PostgreSQL database");
    }

    @Override
    public JobHandle get(String name) {
        ManagedJob job = name == null ? null : jobs.get(name);
        if (job == null) {
            throw new IllegalArgumentException("unknown job '" + name + "'; registered jobs: " + names());
        }
        return job;
    }

    @Override
    public List<String> names() {
        return jobs.keySet().stream().sorted().collect(Collectors.toList());
    }

    private ManagedJob byKey(JobKey key) {
        ManagedJob job = jobs.get(key.getName());
        return job != null && job.jobKey().equals(key) ? job : null;
    }

    /**
     * Stops firing, waits up to the shutdown timeout for runs under way, interrupts those left and waits up
     * to the timeout again, then shuts the scheduler down. A run that ignores its interrupt is left to end
     * on its own daemon thread, with a warning. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            SchedulerShutdown.shutDown(scheduler, shutdownTimeout);
        }
    }
}
