package io.trimtab.jobs.internal;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.trimtab.jobs.JobHandle;
import io.trimtab.jobs.JobSchedule;
import io.trimtab.jobs.JobStatus;
import io.trimtab.jobs.TrimtabTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job: its task, its Quartz job and trigger, and what its runs recorded. Each job's trigger sits in a
 * trigger group of its own; pausing pauses the group, so that a trigger stored while paused (a reschedule)
 * is stored paused, with no moment in which it could fire.
 */
final class ManagedJob implements JobHandle {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedJob.class);
    private static final String JOB_GROUP = "trimtab";

    private final String name;
    private final TrimtabTask task;
    private final Scheduler scheduler;
    private final Clock clock;
    private final JobNotifier notifier;
    private final JobKey jobKey;
    private final TriggerKey triggerKey;
    private final Timer duration;
    private final Counter failures;
    private final Counter misfires;
    private volatile JobSchedule schedule;
    private volatile RunContext current;
    private volatile Instant lastRunTime;
    private volatile Duration lastDuration = Duration.ZERO;
    private volatile String lastError = "";

    ManagedJob(String name, JobSchedule schedule, TrimtabTask task, Scheduler scheduler, Clock clock,
               MetricRegistry metrics, JobNotifier notifier) {
        this.name = name;
        this.schedule = schedule;
        this.task = task;
        this.scheduler = scheduler;
        this.clock = clock;
        this.notifier = notifier;
        this.jobKey = JobKey.jobKey(name, JOB_GROUP);
        this.triggerKey = TriggerKey.triggerKey("schedule", JOB_GROUP + "." + name);
        this.duration = metrics.timer(metricName("duration"));
        this.failures = metrics.counter(metricName("failures"));
        this.misfires = metrics.counter(metricName("misfires"));
    }

    /** {@code trimtab.job.<name>.<figure>}; an empty figure gives the prefix of them all. */
    static String metricName(String jobName, String figure) {
        return MetricRegistry.name("trimtab.job", jobName, figure);
    }

    JobKey jobKey() {
        return jobKey;
    }

    /** Hands the job and its trigger to Quartz. */
    void start() throws SchedulerException {
        JobDetail detail = JobBuilder.newJob(TaskRunner.class).withIdentity(jobKey).storeDurably()
                .usingJobData(new JobDataMap(Map.of(TaskRunner.MANAGED_JOB, this)))
                .build();
        scheduler.scheduleJob(detail, Triggers.of(triggerKey, jobKey, schedule));
    }

    /** Quartz's {@code TriggerListener} saw a misfire of one of this job's triggers. */
    void misfired(Trigger trigger) {
        misfires.inc();
        LOG.warn("Job '{}' missed its fire time {} (schedule {}); it runs once now and the schedule continues from there",
                name, trigger.getNextFireTime() == null ? "?" : trigger.getNextFireTime().toInstant(), schedule);
    }

    void run(RunContext run) {
        current = run;
        Instant startedAt = clock.instant();
        long started = System.nanoTime();
        Throwable failure = null;
        try {
            task.run(run);
        } catch (Throwable t) {
            failure = t;
        } finally {
            long nanos = System.nanoTime() - started;
            lastRunTime = startedAt;
            lastDuration = Duration.ofNanos(nanos);
            if (failure != null) {
                recordFailure(failure, nanos);
            }
            duration.update(nanos, TimeUnit.NANOSECONDS);
            current = null;
        }
        if (failure instanceof VirtualMachineError) {
            throw (VirtualMachineError) failure;
        }
    }

    private void recordFailure(Throwable failure, long nanos) {
        lastError = failure.toString();
        failures.inc();
        String message = "Job '" + name + "' failed after " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms: " + failure;
        LOG.warn(message, failure);
        notifier.failed(message, lastError);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public JobSchedule schedule() {
        return schedule;
    }

    @Override
    public JobStatus status() {
        boolean paused = isPaused();
        Instant next = paused ? null : nextFireTime();
        return new JobStatus(schedule.toString(), paused, current != null, next, lastRunTime, lastDuration, lastError,
                duration.getCount(), failures.getCount(), misfires.getCount());
    }

    @Override
    public void triggerNow() {
        quartz("trigger", () -> scheduler.triggerJob(jobKey));
    }

    @Override
    public synchronized void pause() {
        quartz("pause", () -> scheduler.pauseTriggers(GroupMatcher.triggerGroupEquals(triggerKey.getGroup())));
    }

    @Override
    public synchronized void resume() {
        if (!isPaused()) {
            return;
        }
        // Store a fresh trigger while the group is still paused, so that resuming fires nothing missed.
        quartz("resume", () -> {
            scheduler.rescheduleJob(triggerKey, Triggers.of(triggerKey, jobKey, schedule));
            scheduler.resumeTriggers(GroupMatcher.triggerGroupEquals(triggerKey.getGroup()));
        });
    }

    @Override
    public synchronized void reschedule(JobSchedule newSchedule) {
        if (newSchedule == null) {
            throw new IllegalArgumentException("schedule of job '" + name + "' must not be null");
        }
        quartz("reschedule", () -> scheduler.rescheduleJob(triggerKey, Triggers.of(triggerKey, jobKey, newSchedule)));
        LOG.info("Job '{}' rescheduled from {} to {}", name, schedule, newSchedule);
        schedule = newSchedule;
    }

    private boolean isPaused() {
        try {
            return scheduler.getPausedTriggerGroups().contains(triggerKey.getGroup());
        } catch (SchedulerException e) {
            return false;
        }
    }

    private Instant nextFireTime() {
        try {
            Trigger trigger = scheduler.getTrigger(triggerKey);
            Date next = trigger == null ? null : trigger.getNextFireTime();
            return next == null ? null : next.toInstant();
        } catch (SchedulerException e) {
            return null;
        }
    }

    private String metricName(String figure) {
        return metricName(name, figure);
    }

    private void quartz(String action, QuartzCall call) {
        try {
            call.run();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot " + action + " job '" + name + "': " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface QuartzCall {
        void run() throws SchedulerException;
    }
}
