package io.trimtab.jobs.cluster;

import io.trimtab.jobs.JobMXBean;
import io.trimtab.mbeans.jmx.Description;

/**
 * A fleet job, {@code <jmx.domain>:type=Job,name=<name>} like every job, with {@code Fleet=true}. What it shows
 * comes from the fleet database and reads the same on every instance; what it does acts for the whole fleet.
 */
@Description("A fleet job: registered on every instance and run once per fire on one of them by the clustered"
        + " scheduler (jobs.cluster.*). Its schedule, state, last run and counters come from the fleet database and"
        + " read the same on every instance; pause, resume, reschedule and triggerNow act for the whole fleet. Emits"
        + " trimtab.job.failed, trimtab.job.misfired and trimtab.job.recovered.")
public interface FleetJobMXBean extends JobMXBean {

    /** Type of the notification sent by the instance that found a fire time missed; its user data is that time. */
    String MISFIRED_NOTIFICATION = "trimtab.job.misfired";
    /**
     * Type of the notification sent by the instance that runs a run again because the instance running it stopped
     * checking in; its user data is the fire time of that run.
     */
    String RECOVERED_NOTIFICATION = "trimtab.job.recovered";

    @Description("The fleet instance that ran the last completed run, as in InstanceId; empty before the first run.")
    String getLastInstance();

    @Description("The fleet instance running it now; empty when no run is under way.")
    String getRunningOn();

    @Description("This instance's id in the fleet (runtime@host:pid-start), as LastInstance and RunningOn name instances.")
    String getInstanceId();

    @Description("The trigger's state in the fleet database: NORMAL (waiting for its next fire), BLOCKED (a run is"
            + " under way), PAUSED, ERROR, COMPLETE or NONE.")
    String getState();
}
