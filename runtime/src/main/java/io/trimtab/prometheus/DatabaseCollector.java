package io.trimtab.prometheus;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.Unit;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.mbeans.optimizer.SignalWindow;
import io.trimtab.mbeans.sqlite.DatabaseMXBean;
import io.trimtab.mbeans.sqlite.DatabaseSignals;
import io.trimtab.mbeans.sqlite.Databases;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every open SQLite database, labelled {@code database}. A scrape runs no SQL: it reads the file sizes, the
 * checkpointer's and the query statistics' counters, and, for what only SQL or a pass over every query can tell
 * (the free-page ratio, the query p99), the newest value the sampler put into the optimizer's windows.
 */
final class DatabaseCollector implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseCollector.class);

    private final Databases databases;
    private final SignalRegistry signals;

    DatabaseCollector(Databases databases, SignalRegistry signals) {
        this.databases = Objects.requireNonNull(databases, "databases");
        this.signals = Objects.requireNonNull(signals, "signals");
    }

    @Override
    public MetricSnapshots collect() {
        Families families = new Families();
        Families.Gauge wal = families.gauge("trimtab_database_wal_bytes",
                "Size of the database's WAL file, 0 if there is none; only a TRUNCATE checkpoint shrinks it.", Unit.BYTES);
        Families.Gauge size = families.gauge("trimtab_database_size_bytes", "Size of the database file.", Unit.BYTES);
        Families.Gauge freelist = families.gauge("trimtab_database_freelist_ratio",
                "Free pages divided by pages, 0 to 1, as of the sampler's last sample.");
        Families.Counter checkpoints = families.counter("trimtab_database_checkpoints",
                "WAL checkpoints run since the database was opened, by the background checkpointer or an operator.");
        Families.Gauge starved = families.gauge("trimtab_database_checkpoint_starved",
                "1 while readers keep the WAL from being checkpointed as it grows, else 0.");
        Families.Counter retries = families.counter("trimtab_database_write_retries",
                "Write transactions retried after SQLITE_BUSY or SQLITE_BUSY_SNAPSHOT.");
        Families.Summary queries = families.summary("trimtab_database_query_seconds",
                "Execution time of the statements run through the database's data source, a query's until its rows"
                        + " were read; count and sum since open, the 0.99 quantile over recent executions as of the"
                        + " sampler's last sample.", Unit.SECONDS);
        Families.Gauge sinceOptimize = families.gauge("trimtab_database_optimize_age_seconds",
                "Time since the last PRAGMA optimize that succeeded.", Unit.SECONDS);
        Families.Info info = families.info("trimtab_database", "A database's profile: safe-wal, durable, read-mostly or"
                + " fast-unsafe.");
        for (String name : databases.names()) {
            ManagedDatabase database = databases.get(name).orElse(null);
            if (database == null) {
                continue;
            }
            Labels labels = Labels.of("database", name);
            try {
                DatabaseMXBean db = database.management();
                wal.addKnown(db.getWalSizeBytes(), labels);
                size.addKnown(db.getFileSizeBytes(), labels);
                freelist.add(sampled(database, "freelistRatio"), labels);
                checkpoints.add(db.getCheckpoints(), labels);
                starved.add(db.isCheckpointStarved() ? 1 : 0, labels);
                retries.add(db.getWriteRetries(), labels);
                double p99Millis = sampled(database, "queryP99Millis");
                Quantiles p99 = Double.isNaN(p99Millis) ? Quantiles.EMPTY : Quantiles.of(new Quantile(0.99, p99Millis / 1_000));
                queries.add(db.getExecutions(), db.getExecutionMillis() / 1_000, p99, labels);
                sinceOptimize.add(db.getSecondsSinceOptimize(), labels);
                info.add(labels.add("profile", database.profile().id()));
            } catch (RuntimeException e) {
                // Closed while the scrape ran: it is gone from the next one.
                LOG.debug("Database '{}' not scraped: {}", name, e.toString());
            }
        }
        return families.snapshots();
    }

    /** The newest sample of one of the database's signals, NaN before the first or when it is not published. */
    private double sampled(ManagedDatabase database, String figure) {
        return signals.window(DatabaseSignals.resourceOf(database) + "." + figure).map(SignalWindow::latest)
                .orElse(Double.NaN);
    }
}
