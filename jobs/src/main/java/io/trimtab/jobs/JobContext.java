package io.trimtab.jobs;

import java.time.Instant;

/** What a run of a {@link TrimtabTask} knows about itself. */
public interface JobContext {

    /** The name the job was registered under. */
    String jobName();

    /**
     * When the schedule meant this run to start; for {@code triggerNow} the moment it was asked. A run after a
     * misfire starts later than this, and a fleet job's recovery run (see {@link #isRecovering()}) carries the
     * fire time of the run it redoes.
     */
    Instant scheduledFireTime();

    /**
     * True when this run redoes a fleet job's run that an instance started and never finished because it stopped
     * checking in (a kill -9, a crash, a lost network): another instance took the run over. Always false for the
     * jobs of one instance.
     */
    boolean isRecovering();

    /**
     * True once the runtime asked this run to stop: it is closing and the run outlasted
     * {@code jobs.shutdownTimeout}. The running thread is interrupted at the same moment.
     */
    boolean isInterrupted();
}
