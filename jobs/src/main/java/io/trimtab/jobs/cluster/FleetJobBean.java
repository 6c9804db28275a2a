package io.trimtab.jobs.cluster;

import io.trimtab.jobs.JobSchedule;
import io.trimtab.jobs.JobStatus;
import io.trimtab.mbeans.jmx.SnapshotReads;
import java.time.Instant;
import java.util.function.Supplier;

/** The MXBean face of a {@link FleetJob}: attributes read together come from one read of the fleet database. */
final class FleetJobBean implements FleetJobMXBean, SnapshotReads {

    private final FleetJob job;
    private final ThreadLocal<FleetJob.Snapshot> readTogether = new ThreadLocal<>();

    FleetJobBean(FleetJob job) {
        this.job = job;
    }

    @Override
    public <T> T readTogether(Supplier<T> read) {
        readTogether.set(job.snapshot());
        try {
            return read.get();
        } finally {
            readTogether.remove();
        }
    }

    private FleetJob.Snapshot snapshot() {
        FleetJob.Snapshot snapshot = readTogether.get();
        return snapshot != null ? snapshot : job.snapshot();
    }

    private JobStatus status() {
        return snapshot().status();
    }

    @Override
    public boolean isFleet() {
        return true;
    }

    @Override
    public String getSchedule() {
        return status().schedule();
    }

    @Override
    public String getNextFireTime() {
        return text(status().nextFireTime());
    }

    @Override
    public String getLastRunTime() {
        return text(status().lastRunTime());
    }

    @Override
    public long getLastDurationMillis() {
        return status().lastDuration().toMillis();
    }

    @Override
    public String getLastError() {
        return status().lastError();
    }

    @Override
    public long getRuns() {
        return status().runCount();
    }

    @Override
    public long getFailures() {
        return status().failureCount();
    }

    @Override
    public long getMisfires() {
        return status().misfireCount();
    }

    @Override
    public boolean isPaused() {
        return status().paused();
    }

    @Override
    public boolean isRunning() {
        return status().running();
    }

    @Override
    public String getLastInstance() {
        return snapshot().lastInstance();
    }

    @Override
    public String getRunningOn() {
        return snapshot().runningOn();
    }

    @Override
    public String getInstanceId() {
        return job.instanceId();
    }

    @Override
    public String getState() {
        return snapshot().state();
    }

    @Override
    public void triggerNow() {
        job.triggerNow();
    }

    @Override
    public void pause() {
        job.pause();
    }

    @Override
    public void resume() {
        job.resume();
    }

    @Override
    public void reschedule(String schedule) {
        job.reschedule(JobSchedule.parse(schedule));
    }

    private static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
