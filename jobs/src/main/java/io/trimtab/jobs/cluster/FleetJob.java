package io.trimtab.jobs.cluster;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.trimtab.jobs.JobHandle;
import io.trimtab.jobs.JobSchedule;
import io.trimtab.jobs.JobStatus;
import io.trimtab.jobs.TrimtabTask;
import io.trimtab.jobs.internal.JobNotifier;
import io.trimtab.jobs.internal.RunContext;
import io.trimtab.jobs.internal.Triggers;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.Trigger.TriggerState;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fleet job on this instance: its task, and its Quartz job and trigger in the shared store. What it shows
 * (schedule, state, last run, counters) is read from the store, so it reads the same on every instance; what
 * it does (pause, resume, reschedule, trigger) changes the store, so it acts for the fleet. As for the jobs of
 * one instance, the trigger sits in a group of its own, paused and resumed as a group.
 */
final class FleetJob implements JobHandle {

    static final String GROUP = "trimtab-fleet";
    /** The trigger's data: the canonical schedule text, so that every instance reads the schedule in effect. */
    static final String SCHEDULE_KEY = "trimtab.schedule";

    /** One read of the job from the shared store. */
    record Snapshot(JobStatus status, String state, String lastInstance, String runningOn) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(FleetJob.class);

    private final String name;
    private final JobSchedule registered;
    private final TrimtabTask task;
    private final Scheduler scheduler;
    private final FleetRuns runs;
    private final String instanceId;
    private final Clock clock;
    private final JobNotifier notifier;
    private final JobKey jobKey;
    private final TriggerKey triggerKey;
    private final Timer duration;
    private final Counter failures;
    private final Counter misfires;

    FleetJob(String name, JobSchedule schedule, TrimtabTask task, Scheduler scheduler, FleetRuns runs, String instanceId,
             Clock clock, MetricRegistry metrics, JobNotifier notifier) {
        this.name = name;
        this.registered = schedule;
        this.task = task;
        this.scheduler = scheduler;
        this.runs = runs;
        this.instanceId = instanceId;
        this.clock = clock;
        this.notifier = notifier;
        this.jobKey = JobKey.jobKey(name, GROUP);
        this.triggerKey = TriggerKey.triggerKey("schedule", GROUP + "." + name);
        this.duration = metrics.timer(metricName(name, "duration"));
        this.failures = metrics.counter(metricName(name, "failures"));
        this.misfires = metrics.counter(metricName(name, "misfires"));
    }

    /** {@code trimtab.job.<name>.<figure>}, as for every job; these count what ran or misfired on this instance. */
    static String metricName(String jobName, String figure) {
        return MetricRegistry.name("trimtab.job", jobName, figure);
    }

    /**
     * Stores the job and its trigger unless the fleet has them: an existing trigger stays as it is when its
     * schedule is the one registered here (its next fire time too), and is replaced when it differs.
     */
    void store() throws SchedulerException {
        JobDetail detail = JobBuilder.newJob(FleetRunner.class).withIdentity(jobKey).storeDurably().requestRecovery()
                .usingJobData(FleetRunner.JOB_NAME, name).build();
        try {
            scheduler.scheduleJob(detail, trigger(registered));
            LOG.info("Fleet job '{}' stored with schedule {}", name, registered);
            return;
        } catch (ObjectAlreadyExistsException e) {
            // Another instance stored it first: compare its trigger with ours below.
        }
        Trigger stored = scheduler.getTrigger(triggerKey);
        if (stored == null) {
            try {
                scheduler.scheduleJob(trigger(registered));
            } catch (ObjectAlreadyExistsException e) {
                LOG.debug("Fleet job '{}': another instance stored its trigger at the same moment", name);
            }
        } else if (!registered.toString().equals(stored.getJobDataMap().getString(SCHEDULE_KEY))) {
            scheduler.rescheduleJob(triggerKey, trigger(registered));
            LOG.info("Fleet job '{}' rescheduled from {} to {}, the schedule this instance registers", name,
                    stored.getJobDataMap().getString(SCHEDULE_KEY), registered);
        }
    }

    private Trigger trigger(JobSchedule schedule) {
        return Triggers.of(triggerKey, jobKey, schedule).getTriggerBuilder()
                .usingJobData(SCHEDULE_KEY, schedule.toString()).build();
    }

    /** Runs the task on this instance and records the run for the fleet. */
    void run(RunContext run) {
        if (run.isRecovering()) {
            recovered(run.scheduledFireTime());
        }
        Instant startedAt = clock.instant();
        long started = System.nanoTime();
        Throwable failure = null;
        try {
            task.run(run);
        } catch (Throwable t) {
            failure = t;
        }
        long nanos = System.nanoTime() - started;
        duration.update(nanos, TimeUnit.NANOSECONDS);
        String error = failure == null ? "" : failure.toString();
        try {
            runs.recordRun(name, instanceId, run.scheduledFireTime(), startedAt, Duration.ofNanos(nanos), error);
        } catch (SQLException e) {
            LOG.warn("Fleet job '{}' ran on {} but its run could not be recorded in the fleet database: {}", name,
                    instanceId, e.toString());
        }
        if (failure != null) {
            failures.inc();
            String message = "Fleet job '" + name + "' failed on " + instanceId + " after "
                    + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms: " + failure;
            LOG.warn(message, failure);
            notifier.failed(message, error);
        }
        if (failure instanceof VirtualMachineError) {
            throw (VirtualMachineError) failure;
        }
    }

    /** This instance's misfire handler found a fire time of this job missed: count it, log it, tell listeners. */
    void misfired(Trigger trigger) {
        misfires.inc();
        recordMisfire(runs, name);
        Date missed = trigger.getNextFireTime();
        // Read from the trigger at hand: Quartz calls this holding its trigger lock, and a second read could wait on it.
        String schedule = trigger.getJobDataMap().getString(SCHEDULE_KEY);
        String message = "Fleet job '" + name + "' missed its fire time " + (missed == null ? "?" : missed.toInstant())
                + " (schedule " + (schedule == null ? registered : schedule) + "); it runs once now, on one instance,"
                + " and the schedule continues from there";
        LOG.warn(message);
        notifier.send(FleetJobMXBean.MISFIRED_NOTIFICATION, message, missed == null ? "" : missed.toInstant().toString());
    }

    static void recordMisfire(FleetRuns runs, String job) {
        try {
            runs.recordMisfire(job);
        } catch (SQLException e) {
            LOG.warn("Fleet job '{}': its misfire could not be recorded in the fleet database: {}", job, e.toString());
        }
    }

    private void recovered(Instant fireTime) {
        String message = "Fleet job '" + name + "' runs again on " + instanceId + ": the instance that ran its fire of "
                + fireTime + " stopped checking in before the run ended";
        LOG.warn(message);
        notifier.send(FleetJobMXBean.RECOVERED_NOTIFICATION, message, fireTime.toString());
    }

    @Override
    public String name() {
        return name;
    }

    String instanceId() {
        return instanceId;
    }

    /** The schedule in effect for the fleet: the one stored, which another instance may have changed. */
    @Override
    public JobSchedule schedule() {
        Trigger stored = quartz("read", () -> scheduler.getTrigger(triggerKey));
        String text = stored == null ? null : stored.getJobDataMap().getString(SCHEDULE_KEY);
        return text == null ? registered : JobSchedule.parse(text);
    }

    @Override
    public JobStatus status() {
        return snapshot().status();
    }

    /** Reads the trigger and the runs from the shared store. */
    Snapshot snapshot() {
        Trigger stored = quartz("read", () -> scheduler.getTrigger(triggerKey));
        TriggerState state = quartz("read", () -> scheduler.getTriggerState(triggerKey));
        FleetRuns.LastRun last;
        String runningOn;
        try {
            last = runs.read(name);
            runningOn = runs.runningOn(name, GROUP);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read fleet job '" + name + "' from the fleet database: " + e, e);
        }
        String text = stored == null ? null : stored.getJobDataMap().getString(SCHEDULE_KEY);
        boolean paused = state == TriggerState.PAUSED;
        Date next = stored == null || paused ? null : stored.getNextFireTime();
        JobStatus status = new JobStatus(text == null ? registered.toString() : text, paused, !runningOn.isEmpty(),
                next == null ? null : next.toInstant(), last.runTime(), last.duration(), last.error(), last.runs(),
                last.failures(), last.misfires());
        return new Snapshot(status, state.name(), last.instance(), runningOn);
    }

    /** Stores a one-off trigger in the shared store: whichever instance acquires it first runs the job. */
    @Override
    public void triggerNow() {
        quartz("trigger", () -> {
            scheduler.triggerJob(jobKey);
            return null;
        });
    }

    @Override
    public void pause() {
        quartz("pause", () -> {
            scheduler.pauseTriggers(GroupMatcher.triggerGroupEquals(triggerKey.getGroup()));
            return null;
        });
        LOG.info("Fleet job '{}' paused for the fleet from {}", name, instanceId);
    }

    @Override
    public void resume() {
        if (quartz("read", () -> scheduler.getTriggerState(triggerKey)) != TriggerState.PAUSED) {
            return;
        }
        JobSchedule schedule = schedule();
        // Store a fresh trigger while the group is still paused, so that resuming fires nothing missed.
        quartz("resume", () -> {
            scheduler.rescheduleJob(triggerKey, trigger(schedule));
            scheduler.resumeTriggers(GroupMatcher.triggerGroupEquals(triggerKey.getGroup()));
            return null;
        });
        LOG.info("Fleet job '{}' resumed for the fleet from {}", name, instanceId);
    }

    @Override
    public void reschedule(JobSchedule newSchedule) {
        if (newSchedule == null) {
            throw new IllegalArgumentException("schedule of job '" + name + "' must not be null");
        }
        JobSchedule old = schedule();
        quartz("reschedule", () -> scheduler.rescheduleJob(triggerKey, trigger(newSchedule)));
        LOG.info("Fleet job '{}' rescheduled for the fleet from {} to {} from {}", name, old, newSchedule, instanceId);
    }

    private <T> T quartz(String action, QuartzCall<T> call) {
        try {
            return call.run();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot " + action + " fleet job '" + name + "': " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface QuartzCall<T> {
        T run() throws SchedulerException;
    }
}
