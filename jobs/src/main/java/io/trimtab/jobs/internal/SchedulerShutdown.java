package io.trimtab.jobs.internal;

import io.trimtab.jobs.Durations;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shuts a scheduler down the way every Trimtab scheduler goes: no new fires, then up to the shutdown timeout for
 * runs under way to end, then an interrupt and the same time again. A run that ignores its interrupt is left to
 * end on its own daemon thread, with a warning.
 */
public final class SchedulerShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerShutdown.class);
    private static final long POLL_MILLIS = 10;

    private SchedulerShutdown() {
    }

    public static void shutDown(Scheduler scheduler, Duration timeout) {
        try {
            scheduler.standby();
            boolean idle = awaitIdle(scheduler, timeout);
            if (!idle) {
                List<JobExecutionContext> running = scheduler.getCurrentlyExecutingJobs();
                LOG.warn("Jobs {} still running after jobs.shutdownTimeout={}: interrupting them", keys(running),
                        Durations.format(timeout));
                for (JobExecutionContext run : running) {
                    interrupt(scheduler, run.getJobDetail().getKey());
                }
                idle = awaitIdle(scheduler, timeout);
            }
            if (!idle) {
                LOG.warn("Jobs {} ignored their interrupt; leaving them to end on their own threads",
                        keys(scheduler.getCurrentlyExecutingJobs()));
            }
            scheduler.shutdown(idle);
        } catch (SchedulerException e) {
            LOG.warn("Shutting the scheduler down failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitIdle(Scheduler scheduler, Duration timeout) throws SchedulerException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!scheduler.getCurrentlyExecutingJobs().isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        return true;
    }

    private static void interrupt(Scheduler scheduler, JobKey key) {
        try {
            scheduler.interrupt(key);
        } catch (SchedulerException e) {
            LOG.warn("Cannot interrupt job {}: {}", key, e.getMessage());
        }
    }

    private static List<String> keys(List<JobExecutionContext> runs) {
        return runs.stream().map(run -> run.getJobDetail().getKey().getName()).sorted().collect(Collectors.toList());
    }
}
