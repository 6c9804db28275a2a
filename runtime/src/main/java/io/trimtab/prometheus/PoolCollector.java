package io.trimtab.prometheus;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.trimtab.mbeans.pool.ConnectionPoolMXBean;
import io.trimtab.mbeans.pool.Pools;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every managed connection pool (a database's pool too, under the database's name), labelled {@code pool}: what DBCP2
 * and the pool's counters hold, and its acquire and lease times as summaries of the Dropwizard histograms the pool
 * records into ({@code trimtab.pool.<name>.acquireNanos} and {@code .leaseNanos}).
 */
final class PoolCollector implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(PoolCollector.class);
    private static final double NANOS_TO_SECONDS = 1e-9;

    private final Pools pools;
    private final MetricRegistry metrics;

    PoolCollector(Pools pools, MetricRegistry metrics) {
        this.pools = Objects.requireNonNull(pools, "pools");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public MetricSnapshots collect() {
        Families families = new Families();
        Families.Gauge connections = families.gauge("trimtab_pool_connections",
                "Connections of a managed pool now, by state: active (lent out) or idle.");
        Families.Gauge waiting = families.gauge("trimtab_pool_waiting_threads",
                "Threads waiting now for a connection, including those held by a suspended pool.");
        Families.Gauge maxConnections = families.gauge("trimtab_pool_max_connections",
                "Most connections a managed pool opens at once (DBCP2 maxTotal) now in effect.");
        Families.Gauge minIdle = families.gauge("trimtab_pool_min_idle_connections",
                "Idle connections the evictor keeps ready (DBCP2 minIdle).");
        Families.Gauge maxIdle = families.gauge("trimtab_pool_max_idle_connections",
                "Most idle connections a managed pool keeps (DBCP2 maxIdle).");
        Families.Gauge minBound = families.gauge("trimtab_pool_min_connections_bound",
                "Smallest max connections the optimizer or an operator may set while the pool runs.");
        Families.Gauge maxBound = families.gauge("trimtab_pool_max_connections_bound",
                "Largest max connections the optimizer or an operator may set while the pool runs.");
        Families.Gauge maxWait = families.gauge("trimtab_pool_max_wait_seconds",
                "How long a borrower waits for a connection before it times out; absent when it waits for ever.",
                Unit.SECONDS);
        Families.Counter borrows = families.counter("trimtab_pool_borrows",
                "Connections borrowed through a managed pool.");
        Families.Counter returns = families.counter("trimtab_pool_returns",
                "Connections returned to a managed pool.");
        Families.Counter opened = families.counter("trimtab_pool_connections_opened",
                "Connections DBCP2 opened for a managed pool.");
        Families.Counter closed = families.counter("trimtab_pool_connections_closed",
                "Connections DBCP2 closed, by reason: idleEviction, validationFailure, abandoned, resize, softReset, other.");
        Families.Counter timeouts = families.counter("trimtab_pool_timeouts",
                "Borrows that waited the pool's max wait and got no connection.");
        Families.Counter leaks = families.counter("trimtab_pool_leaks",
                "Suspected leaks reported: connections held longer than the leak detection threshold.");
        Families.Summary acquire = families.summary("trimtab_pool_acquire_seconds",
                "Time to get a connection, over the borrows the pool times (about one a millisecond at most) in a"
                        + " sample that favours the last five minutes; the count is of the borrows timed.", Unit.SECONDS);
        Families.Summary lease = families.summary("trimtab_pool_lease_seconds",
                "Time a connection was held, over a sample that favours the last five minutes; the count is of the"
                        + " leases timed.", Unit.SECONDS);
        Families.Info info = families.info("trimtab_pool",
                "A managed pool's state (running, suspended or closed) and whether it was adopted (its owner closes it).");
        for (String name : pools.names()) {
            Labels labels = Labels.of("pool", name);
            try {
                ConnectionPoolMXBean pool = pools.get(name).control();
                connections.add(pool.getActive(), labels.add("state", "active"));
                connections.add(pool.getIdle(), labels.add("state", "idle"));
                waiting.add(pool.getWaiters(), labels);
                maxConnections.add(pool.getMaxConnections(), labels);
                minIdle.add(pool.getMinIdle(), labels);
                maxIdle.add(pool.getMaxIdle(), labels);
                minBound.add(pool.getResizeMinConnections(), labels);
                maxBound.add(pool.getResizeMaxConnections(), labels);
                maxWait.addKnown(pool.getMaxWaitMillis() / 1_000.0, labels);
                borrows.add(pool.getBorrowed(), labels);
                returns.add(pool.getReturned(), labels);
                opened.add(pool.getOpened(), labels);
                for (Map.Entry<String, Long> reason : pool.getClosedByReason().entrySet()) {
                    closed.add(reason.getValue(), labels.add("reason", reason.getKey()));
                }
                timeouts.add(pool.getTimeouts(), labels);
                leaks.add(pool.getLeaksReported(), labels);
                addSummary(acquire, name, "acquireNanos", labels);
                addSummary(lease, name, "leaseNanos", labels);
                info.add(labels.add("state", pool.getState().toLowerCase(Locale.ROOT))
                        .add("adopted", Boolean.toString(pool.isAdopted())));
            } catch (RuntimeException e) {
                // Released while the scrape ran: it is gone from the next one.
                LOG.debug("Pool '{}' not scraped: {}", name, e.toString());
            }
        }
        return families.snapshots();
    }

    /** The pool's histogram as it registered it in the runtime's registry (see the pool's recorder). */
    private void addSummary(Families.Summary summary, String pool, String figure, Labels labels) {
        Metric metric = metrics.getMetrics().get("trimtab.pool." + pool + "." + figure);
        if (metric instanceof Histogram histogram) {
            summary.add(histogram, histogram.getCount(), NANOS_TO_SECONDS, labels);
        }
    }
}
