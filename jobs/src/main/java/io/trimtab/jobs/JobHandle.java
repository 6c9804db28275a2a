package io.trimtab.jobs;

/** One registered job, to read and steer from code; {@link JobMXBean} offers the same over JMX. */
public interface JobHandle {

    String name();

    /** The schedule in effect. */
    JobSchedule schedule();

    /** Its state and counters now. */
    JobStatus status();

    /**
     * Runs the job once as soon as a worker thread is free, also while paused; if a run is under way, right
     * after it.
     */
    void triggerNow();

    /** Stops the schedule from firing; a run under way finishes. Pausing a paused job does nothing. */
    void pause();

    /**
     * Lets the schedule fire again, counted from now: an interval's next fire is one interval away, a cron's
     * its next time. Fire times missed while paused are not made up. Resuming a running job does nothing.
     */
    void resume();

    /**
     * Replaces the schedule, counted from now. A paused job stays paused; a run under way finishes.
     */
    void reschedule(JobSchedule schedule);
}
