package io.trimtab.examples.bench;

import io.trimtab.Trimtab;
import io.trimtab.internal.Schedulers;
import io.trimtab.jobs.JobHandle;
import io.trimtab.jobs.JobSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * One run, from trigger to the task's end: a plain Quartz job on a scheduler set up like Trimtab's, beside a
 * Trimtab job (timer, counters, interrupt support, misfire listener) on a running Trimtab.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JobTriggerBench {

    static final Semaphore BARE_DONE = new Semaphore(0);

    private final Semaphore trimtabDone = new Semaphore(0);
    private Path dataDir;
    private Scheduler bare;
    private JobKey bareJob;
    private Trimtab trimtab;
    private JobHandle trimtabJob;

    /** The bare Quartz job: signals and returns. */
    public static final class Signal implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            BARE_DONE.release();
        }
    }

    @Setup(Level.Trial)
    public void start() throws IOException, SchedulerException {
        bare = Schedulers.start("bench-bare", "bench.bare");
        bareJob = JobKey.jobKey("signal");
        bare.addJob(JobBuilder.newJob(Signal.class).withIdentity(bareJob).storeDurably().build(), false);

        dataDir = Files.createTempDirectory("trimtab-bench-jobs");
        trimtab = Trimtab.builder().name("bench-jobs").jmxDomain("bench.jobs").dataDir(dataDir).jolokiaEnabled(false).start();
        trimtabJob = trimtab.jobs().register("signal", JobSchedule.parse("365d"), context -> trimtabDone.release());
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException, SchedulerException {
        bare.shutdown(true);
        trimtab.close();
        Files.deleteIfExists(dataDir);
    }

    @Benchmark
    public void quartzTriggerJob() throws Exception {
        bare.triggerJob(bareJob);
        BARE_DONE.acquire();
    }

    @Benchmark
    public void trimtabTriggerNow() throws Exception {
        trimtabJob.triggerNow();
        trimtabDone.acquire();
    }
}
