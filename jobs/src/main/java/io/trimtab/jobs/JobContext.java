package io.trimtab.jobs;

/** What a run of a {@link TrimtabTask} knows about itself. */
public interface JobContext {

    /** The name the job was registered under. */
    String jobName();

    /**
     * True once the runtime asked this run to stop: it is closing and the run outlasted
     * {@code jobs.shutdownTimeout}. The running thread is interrupted at the same moment.
     */
    boolean isInterrupted();
}
