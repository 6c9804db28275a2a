package io.trimtab.jobs.cluster;

import java.util.function.Function;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the misfires this instance's misfire handler finds: Quartz runs one handler per instance and each
 * misfire is handled by one of them, so the report comes from that instance. A fleet job this instance never
 * registered is still counted and logged: no misfire goes unreported.
 */
final class FleetMisfires implements TriggerListener {

    private static final Logger LOG = LoggerFactory.getLogger(FleetMisfires.class);

    private final Function<String, FleetJob> registered;
    private final FleetRuns runs;

    FleetMisfires(Function<String, FleetJob> registered, FleetRuns runs) {
        this.registered = registered;
        this.runs = runs;
    }

    @Override
    public String getName() {
        return "trimtab-fleet-misfires";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
        if (!FleetJob.GROUP.equals(trigger.getJobKey().getGroup())) {
            return;
        }
        String name = trigger.getJobKey().getName();
        FleetJob job = registered.apply(name);
        if (job != null) {
            job.misfired(trigger);
            return;
        }
        FleetJob.recordMisfire(runs, name);
        LOG.warn("Fleet job '{}', not registered on this instance, missed its fire time {}; it runs once now on one"
                + " instance", name, trigger.getNextFireTime() == null ? "?" : trigger.getNextFireTime().toInstant());
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
