package io.trimtab.jobs.internal;

import io.trimtab.jobs.JobMXBean;
import io.trimtab.jobs.JobSchedule;
import io.trimtab.jobs.JobStatus;
import java.time.Instant;

/** The MXBean face of a {@link ManagedJob}. */
final class JobBean implements JobMXBean {

    private final ManagedJob job;

    JobBean(ManagedJob job) {
        this.job = job;
    }

    @Override
    public boolean isFleet() {
        return false;
    }

    @Override
    public String getSchedule() {
        return job.schedule().toString();
    }

    @Override
    public String getNextFireTime() {
        return text(job.status().nextFireTime());
    }

    @Override
    public String getLastRunTime() {
        return text(job.status().lastRunTime());
    }

    @Override
    public long getLastDurationMillis() {
        return job.status().lastDuration().toMillis();
    }

    @Override
    public String getLastError() {
        return job.status().lastError();
    }

    @Override
    public long getRuns() {
        return job.status().runCount();
    }

    @Override
    public long getFailures() {
        return job.status().failureCount();
    }

    @Override
    public long getMisfires() {
        return job.status().misfireCount();
    }

    @Override
    public boolean isPaused() {
        return job.status().paused();
    }

    @Override
    public boolean isRunning() {
        return job.status().running();
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
