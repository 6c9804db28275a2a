package io.trimtab.jobs.internal;

import io.trimtab.jobs.JobContext;
import java.time.Instant;

/** One run of a task: its interrupt flag and the thread to interrupt while it runs. */
public final class RunContext implements JobContext {

    private final String jobName;
    private final Instant scheduledFireTime;
    private final boolean recovering;
    private Thread thread;
    private volatile boolean interrupted;

    public RunContext(String jobName, Instant scheduledFireTime, boolean recovering, Thread thread) {
        this.jobName = jobName;
        this.scheduledFireTime = scheduledFireTime;
        this.recovering = recovering;
        this.thread = thread;
    }

    @Override
    public String jobName() {
        return jobName;
    }

    @Override
    public Instant scheduledFireTime() {
        return scheduledFireTime;
    }

    @Override
    public boolean isRecovering() {
        return recovering;
    }

    @Override
    public boolean isInterrupted() {
        return interrupted;
    }

    /** Asks the run to stop: sets the flag and interrupts its thread, unless the run has already ended. */
    public synchronized void interrupt() {
        interrupted = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Ends the run; an interrupt that arrives later no longer reaches the pooled thread. */
    public void finish() {
        synchronized (this) {
            thread = null;
        }
        // The worker thread goes back to Quartz's pool: do not hand it on interrupted.
        Thread.interrupted();
    }
}
