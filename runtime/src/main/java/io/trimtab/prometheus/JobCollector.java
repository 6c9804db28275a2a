package io.trimtab.prometheus;

import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.trimtab.jobs.JobStatus;
import io.trimtab.jobs.Jobs;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every scheduled job, labelled {@code job}: its counters and state as the job holds them, and its run time as a
 * summary of the Dropwizard timer {@code trimtab.job.<name>.duration}.
 */
final class JobCollector implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(JobCollector.class);

    private final Jobs jobs;
    private final MetricRegistry metrics;

    JobCollector(Jobs jobs, MetricRegistry metrics) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public MetricSnapshots collect() {
        Families families = new Families();
        Families.Counter runs = families.counter("trimtab_job_runs", "Completed runs of a job, failed ones included.");
        Families.Counter failures = families.counter("trimtab_job_failures", "Runs of a job that threw an exception.");
        Families.Counter misfires = families.counter("trimtab_job_misfires",
                "Fire times the scheduler missed by more than its misfire threshold; each such miss runs the job once.");
        Families.Summary duration = families.summary("trimtab_job_duration_seconds",
                "Time a run of a job took, over a sample that favours the last five minutes; the count is of the runs.",
                Unit.SECONDS);
        Families.Gauge running = families.gauge("trimtab_job_running", "1 while a run of the job is under way, else 0.");
        Families.Gauge lastRun = families.gauge("trimtab_job_last_run_timestamp_seconds",
                "When the job's last completed run started, in seconds since the epoch; absent before the first run.",
                Unit.SECONDS);
        Families.Gauge nextFire = families.gauge("trimtab_job_next_fire_timestamp_seconds",
                "When the job's schedule fires next, in seconds since the epoch; absent while paused.", Unit.SECONDS);
        Families.Info info = families.info("trimtab_job",
                "A job's schedule (an interval such as 10s, or cron:...) and state: scheduled or paused.");
        for (String name : jobs.names()) {
            Labels labels = Labels.of("job", name);
            try {
                JobStatus status = jobs.get(name).status();
                runs.add(status.runCount(), labels);
                failures.add(status.failureCount(), labels);
                misfires.add(status.misfireCount(), labels);
                Metric timer = metrics.getMetrics().get("trimtab.job." + name + ".duration");
                if (timer instanceof Timer runTimer) {
                    duration.add(runTimer, runTimer.getCount(), 1e-9, labels);
                }
                running.add(status.running() ? 1 : 0, labels);
                addTimestamp(lastRun, status.lastRunTime(), labels);
                addTimestamp(nextFire, status.nextFireTime(), labels);
                info.add(labels.add("schedule", status.schedule()).add("state", status.paused() ? "paused" : "scheduled"));
            } catch (RuntimeException e) {
                // The scheduler shut down while the scrape ran.
                LOG.debug("Job '{}' not scraped: {}", name, e.toString());
            }
        }
        return families.snapshots();
    }

    private static void addTimestamp(Families.Gauge gauge, Instant instant, Labels labels) {
        if (instant != null) {
            gauge.add(instant.toEpochMilli() / 1_000.0, labels);
        }
    }
}
