package io.trimtab.jobs;

/**
 * The work of a job. A run that throws is recorded as failed (its error in the job's {@code LastError}, a
 * {@code trimtab.job.failed} notification) and the job keeps its schedule. Runs of one job never overlap.
 */
@FunctionalInterface
public interface TrimtabTask {

    /**
     * Does one run. A long run should return soon after {@link JobContext#isInterrupted()} turns true; the
     * running thread is interrupted at the same time, which ends blocking calls.
     */
    void run(JobContext context) throws Exception;
}
