package io.trimtab.jobs.internal;

import io.trimtab.jobs.JobContext;
import io.trimtab.jobs.TrimtabTask;
import io.trimtab.mbeans.sqlite.CheckpointResult;
import io.trimtab.mbeans.sqlite.DatabaseMXBean;
import io.trimtab.mbeans.sqlite.Databases;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.MaintenanceResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in database maintenance: for every open database, a PASSIVE checkpoint, then {@code PRAGMA optimize}.
 * A run is skipped while {@code maintenanceShouldWait} says so (the CPU is busy); it stops between databases
 * once the runtime asks it to. Every database is tried; if any failed, the run throws naming each failure, so
 * the job's {@code LastError} shows them.
 */
public final class DatabaseMaintenance implements TrimtabTask {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseMaintenance.class);

    private final Databases databases;
    private final BooleanSupplier maintenanceShouldWait;

    public DatabaseMaintenance(Databases databases, BooleanSupplier maintenanceShouldWait) {
        this.databases = Objects.requireNonNull(databases, "databases");
        this.maintenanceShouldWait = Objects.requireNonNull(maintenanceShouldWait, "maintenanceShouldWait");
    }

    @Override
    public void run(JobContext context) {
        if (maintenanceShouldWait.getAsBoolean()) {
            LOG.info("Job '{}': skipped, maintenance waits while the CPU is busy", context.jobName());
            return;
        }
        List<String> failures = new ArrayList<>();
        for (String name : databases.names()) {
            if (context.isInterrupted()) {
                LOG.info("Job '{}': stopped before database '{}', the runtime is closing", context.jobName(), name);
                break;
            }
            Optional<ManagedDatabase> database = databases.get(name);
            if (database.isEmpty()) {
                continue; // closed since the names were read
            }
            try {
                maintain(database.get().management(), name, context.jobName());
            } catch (RuntimeException e) {
                LOG.warn("Job '{}': database '{}': {}", context.jobName(), name, e.getMessage());
                failures.add(name + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("maintenance failed for " + failures.size() + " database(s): "
                    + String.join("; ", failures));
        }
    }

    private static void maintain(DatabaseMXBean database, String name, String job) {
        CheckpointResult checkpoint = database.checkpoint("PASSIVE");
        MaintenanceResult optimize = database.optimize();
        if (!optimize.outcome().equals("ok")) {
            throw new IllegalStateException("optimize " + optimize.outcome() + ": " + optimize.detail());
        }
        LOG.info("Job '{}': database '{}': checkpointed {} of {} frames; {}", job, name,
                checkpoint.checkpointedFrames(), checkpoint.logFrames(), optimize.detail());
    }
}
