package io.trimtab.jobs.internal;

import io.trimtab.jobs.JobContext;

/** One run of a task: its interrupt flag and the thread to interrupt while it runs. */
final class RunContext implements JobContext {

    private final String jobName;
    private Thread thread;
    private volatile boolean interrupted;

    RunContext(String jobName, Thread thread) {
        this.jobName = jobName;
        this.thread = thread;
    }

    @Override
    public String jobName() {
        return jobName;
    }

    @Override
    public boolean isInterrupted() {
        return interrupted;
    }

    /** Asks the run to stop: sets the flag and interrupts its thread, unless the run has already ended. */
    synchronized void interrupt() {
        interrupted = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Ends the run; an interrupt that arrives later no longer reaches the pooled thread. */
    void finish() {
        synchronized (this) {
            thread = null;
        }
        // The worker thread goes back to Quartz's pool: do not hand it on interrupted.
        Thread.interrupted();
    }
}
