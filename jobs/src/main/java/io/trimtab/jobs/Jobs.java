package io.trimtab.jobs;

import java.util.List;

/**
 * The jobs of one runtime, run by its Quartz scheduler. Each job is also the MXBean
 * {@code <jmx.domain>:type=Job,name=<name>} and times its runs in the Dropwizard timer
 * {@code trimtab.job.<name>.duration}.
 *
 * <p>Runs of one job never overlap. When the scheduler misses a fire time by more than its misfire threshold
 * (a long GC pause, both worker threads busy, the job's own previous run still going) the job runs once as
 * soon as it can and the schedule continues from there: missed fires are counted, logged and never run N
 * times over.
 */
public interface Jobs {

    /**
     * Registers and schedules a job.
     *
     * @throws IllegalArgumentException if the name is not a legal ObjectName value
     * @throws IllegalStateException    if a job of that name exists or the runtime is closed
     */
    JobHandle register(String name, JobSchedule schedule, TrimtabTask task);

    /**
     * Registers a fleet job: one that runs once per fire on one instance of the fleet, picked by Quartz's
     * clustered scheduler on the database of {@code jobs.cluster.jdbcUrl}. Every instance registers the same
     * fleet jobs when it starts, each with its own {@code task} (only the name is stored in the database);
     * registering one the fleet already has keeps its trigger when the schedule is the same, and replaces the
     * trigger when it differs. Its MXBean, {@code <jmx.domain>:type=Job,name=<name>} with {@code Fleet=true},
     * reads the same on every instance, and pausing, resuming, rescheduling or triggering it acts for the fleet.
     *
     * @throws IllegalArgumentException if the name is not a legal ObjectName value
     * @throws IllegalStateException    if no cluster is configured, a job of that name exists on this instance,
     *                                  the fleet database cannot store it, or the runtime is closed
     */
    JobHandle registerFleet(String name, JobSchedule schedule, TrimtabTask task);

    /**
     * The job registered under {@code name}.
     *
     * @throws IllegalArgumentException naming the unknown name and the registered ones
     */
    JobHandle get(String name);

    /** The names of the registered jobs, sorted. */
    List<String> names();
}
