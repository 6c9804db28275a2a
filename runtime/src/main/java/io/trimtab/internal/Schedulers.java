package io.trimtab.internal;

import java.util.Properties;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;

/** Creates the Quartz scheduler a runtime owns: in memory, two daemon worker threads, no update check. */
public final class Schedulers {

    /**
     * A fire time missed by more than this is a misfire: counted, logged, and run once (not once per missed
     * fire) by the jobs' misfire policy. Quartz's default of 60 s would replay every fire of a short interval
     * missed during a long run or GC pause.
     */
    public static final long MISFIRE_THRESHOLD_MILLIS = 1_000;

    private Schedulers() {
    }

    public static Scheduler start(String runtimeName, String domain) {
        Properties properties = new Properties();
        // Quartz keeps schedulers in a JVM-wide registry by instance name; the domain keeps two runtimes apart.
        properties.setProperty("org.quartz.scheduler.instanceName", "trimtab-" + runtimeName + "@" + domain);
        properties.setProperty("org.quartz.scheduler.threadName", "trimtab-" + runtimeName + "-scheduler");
        properties.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        properties.setProperty("org.quartz.threadPool.threadCount", "2");
        properties.setProperty("org.quartz.threadPool.threadNamePrefix", "trimtab-" + runtimeName + "-job");
        properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        properties.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(MISFIRE_THRESHOLD_MILLIS));
        try {
            Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
            scheduler.start();
            return scheduler;
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the Quartz scheduler: " + e.getMessage(), e);
        }
    }
}
