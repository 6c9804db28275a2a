package io.trimtab.jobs;

import io.trimtab.mbeans.jmx.Description;

/**
 * One scheduled job: {@code <jmx.domain>:type=Job,name=<name>}. Values are point-in-time. Emits
 * {@value #FAILED_NOTIFICATION} when a run fails.
 */
@Description("A scheduled job of this runtime: its schedule, its last run and its counters. Pause, resume, reschedule or"
        + " run it now. Emits trimtab.job.failed when a run fails.")
public interface JobMXBean {

    /** Type of the notification sent when a run throws; its user data is the error as text. */
    String FAILED_NOTIFICATION = "trimtab.job.failed";

    @Description("Whether this is a fleet job, run once per fire on one instance of the fleet by the clustered scheduler"
            + " (jobs.cluster.*), rather than a job of this instance.")
    boolean isFleet();

    @Description("The schedule in effect: an interval such as 10s or 5m, or cron:<Quartz cron expression>.")
    String getSchedule();

    @Description("When the schedule fires next, ISO-8601 UTC; empty while paused.")
    String getNextFireTime();

    @Description("When the last completed run started, ISO-8601 UTC; empty before the first run.")
    String getLastRunTime();

    @Description("Milliseconds the last completed run took; 0 before the first run.")
    long getLastDurationMillis();

    @Description("The error of the last failed run, kept after later successes; empty if no run failed.")
    String getLastError();

    @Description("Completed runs, failed ones included.")
    long getRuns();

    @Description("Runs that threw an exception.")
    long getFailures();

    @Description("Fire times missed by more than the scheduler's misfire threshold; each such miss runs the job once.")
    long getMisfires();

    @Description("Whether the schedule is paused; triggerNow still runs the job.")
    boolean isPaused();

    @Description("Whether a run is under way.")
    boolean isRunning();

    @Description("Runs the job once as soon as a worker thread is free, also while paused; after the run under way, if any.")
    void triggerNow();

    @Description("Stops the schedule from firing until resume; a run under way finishes.")
    void pause();

    @Description("Lets the schedule fire again, counted from now; fire times missed while paused are not made up.")
    void resume();

    @Description("Replaces the schedule, counted from now; a paused job stays paused. A bad schedule is refused and the old one kept.")
    void reschedule(@Description("An interval between 100ms and 365d such as 10s, 5m or 1h, or a Quartz cron expression"
            + " such as cron:0 0 3 * * ?") String schedule);
}
