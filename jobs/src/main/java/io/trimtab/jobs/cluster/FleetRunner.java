package io.trimtab.jobs.cluster;

import io.trimtab.jobs.internal.RunContext;
import java.util.function.Function;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job of every fleet job. The shared store holds only the job's name; the instance that acquires a
 * fire looks the task up among the fleet jobs it registered itself. Runs of one fleet job never overlap, on one
 * instance or across the fleet. Never throws to Quartz: the fleet job records failures itself.
 */
@DisallowConcurrentExecution
final class FleetRunner implements InterruptableJob {

    /** Key of the job's name in the Quartz job's data. */
    static final String JOB_NAME = "trimtab.job";

    private final Function<String, FleetJob> registered;
    private final UnknownJob unknown;
    private volatile RunContext run;

    /** What to do with a fire of a job this instance never registered. */
    @FunctionalInterface
    interface UnknownJob {
        void fired(String name, JobExecutionContext context);
    }

    FleetRunner(Function<String, FleetJob> registered, UnknownJob unknown) {
        this.registered = registered;
        this.unknown = unknown;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String name = context.getJobDetail().getJobDataMap().getString(JOB_NAME);
        FleetJob job = name == null ? null : registered.apply(name);
        if (job == null) {
            unknown.fired(name, context);
            return;
        }
        RunContext current = new RunContext(name, context.getScheduledFireTime().toInstant(), context.isRecovering(),
                Thread.currentThread());
        run = current;
        try {
            job.run(current);
        } finally {
            current.finish();
        }
    }

    /** Called by {@code Scheduler.interrupt} when the runtime closes and the run outlasts the shutdown timeout. */
    @Override
    public void interrupt() {
        RunContext current = run;
        if (current != null) {
            current.interrupt();
        }
    }
}
