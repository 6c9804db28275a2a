package io.trimtab.jobs.internal;

import io.trimtab.jobs.Durations;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.matchers.EverythingMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs of one runtime on its Quartz scheduler. Closing it shuts the scheduler down: no new fires, then
 * up to the shutdown timeout for runs under way to end, then an interrupt and the same time again.
 */
public final class QuartzJobs implements Jobs, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QuartzJobs.class);
    private static final long POLL_MILLIS = 10;

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
        FailureNotifier notifier = new FailureNotifier(objectName, context.clock());
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
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.standby();
            boolean idle = awaitIdle();
            if (!idle) {
                List<JobExecutionContext> running = scheduler.getCurrentlyExecutingJobs();
                LOG.warn("Jobs {} still running after jobs.shutdownTimeout={}: interrupting them", keys(running),
                        Durations.format(shutdownTimeout));
                for (JobExecutionContext run : running) {
                    interrupt(run.getJobDetail().getKey());
                }
                idle = awaitIdle();
            }
            if (!idle) {
                LOG.warn("Jobs {} ignored their interrupt; leaving them to end on their own threads",
                        keys(scheduler.getCurrentlyExecutingJobs()));
            }
            scheduler.shutdown(idle);
        } catch (SchedulerException e) {
            LOG.warn("Shutting the scheduler down failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitIdle() throws SchedulerException, InterruptedException {
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        while (!scheduler.getCurrentlyExecutingJobs().isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        return true;
    }

    private void interrupt(JobKey key) {
        try {
            scheduler.interrupt(key);
        } catch (SchedulerException e) {
            LOG.warn("Cannot interrupt job {}: {}", key, e.getMessage());
        }
    }

    private static List<String> keys(List<JobExecutionContext> runs) {
        return runs.stream().map(run -> run.getJobDetail().getKey().getName()).sorted().collect(Collectors.toList());
    }
}
