package io.trimtab.jobs.internal;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job that runs every Trimtab task. Quartz creates one per fire; the task's {@link ManagedJob}
 * comes with the job's data. Never throws to Quartz: the managed job records failures itself.
 */
@DisallowConcurrentExecution
public final class TaskRunner implements InterruptableJob {

    /** Key of the {@link ManagedJob} in the Quartz job's data map. */
    static final String MANAGED_JOB = "trimtab.managedJob";

    private volatile RunContext run;

    @Override
    public void execute(JobExecutionContext context) {
        ManagedJob job = (ManagedJob) context.getJobDetail().getJobDataMap().get(MANAGED_JOB);
        RunContext current = new RunContext(job.name(), context.getScheduledFireTime().toInstant(), false,
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
