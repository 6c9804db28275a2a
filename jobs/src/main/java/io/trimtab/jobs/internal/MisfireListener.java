package io.trimtab.jobs.internal;

import java.util.function.Function;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerListener;

/** Counts and logs misfires, which Quartz otherwise handles without a trace. */
final class MisfireListener implements TriggerListener {

    private final Function<JobKey, ManagedJob> jobs;

    MisfireListener(Function<JobKey, ManagedJob> jobs) {
        this.jobs = jobs;
    }

    @Override
    public String getName() {
        return "trimtab-misfires";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
        ManagedJob job = jobs.apply(trigger.getJobKey());
        if (job != null) {
            job.misfired(trigger);
        }
    }

    @Override
    public void triggerFired(Trigger trigger, JobExecutionContext context) {
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        return false;
    }

    @Override
    public void triggerComplete(Trigger trigger, JobExecutionContext context, CompletedExecutionInstruction instruction) {
    }
}
