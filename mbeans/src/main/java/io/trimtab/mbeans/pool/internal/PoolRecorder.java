package io.trimtab.mbeans.pool.internal;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import io.trimtab.mbeans.pool.ConnectionPoolMXBean;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A pool's own figures in the runtime's metric registry, under {@code trimtab.pool.<name>.}: what the hot path
 * records (LongAdder counters of every borrow and return, two lock-free histograms of timed borrows in
 * nanoseconds) and gauges that read DBCP2 and the MXBean only when asked.
 */
final class PoolRecorder {

    /**
     * A borrow is timed unless another borrow of the pool was timed less than this long before it started: a
     * pool lending up to 1,000 connections a second has every borrow timed, a busier one 1,000 a second, far more
     * than the reservoir's 1,028 samples over its five minutes need. A timed borrow costs two reservoir updates
     * and two more clock reads, together a few times a whole DBCP2 borrow: at 10,000 a second they would cost a
     * busy pool several per cent.
     */
    static final long TIMING_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final MetricRegistry registry;
    private final String prefix;
    final Histogram acquireNanos = new Histogram(LockFreeExponentiallyDecayingReservoir.builder().build());
    final Histogram leaseNanos = new Histogram(LockFreeExponentiallyDecayingReservoir.builder().build());
    final Counter borrowed = new Counter();
    final Counter returned = new Counter();
    final Counter timeouts = new Counter();
    final Counter leaksReported = new Counter();
    final Counter closedByResize = new Counter();
    final Counter closedBySoftReset = new Counter();
    final Counter closedAbandoned = new Counter();
    /** The start after which the next borrow is timed; written only by timed borrows. */
    private volatile long nextTimedStartNanos = System.nanoTime();

    PoolRecorder(MetricRegistry registry, String poolName) {
        this.registry = registry;
        this.prefix = "trimtab.pool." + poolName + ".";
    }

    /**
     * Whether the borrow that started at {@code startNanos} is timed: yes if no borrow was timed in the
     * {@link #TIMING_INTERVAL_NANOS} before it. Two borrows starting together may both be timed; that is harmless.
     */
    boolean timeBorrowStartedAt(long startNanos) {
        if (startNanos - nextTimedStartNanos < 0) {
            return false;
        }
        nextTimedStartNanos = startNanos + TIMING_INTERVAL_NANOS;
        return true;
    }

    /** Puts the figures into the registry; fails if a metric of this pool's prefix already exists. */
    void register(ConnectionPoolMXBean pool) {
        registry.register(prefix + "acquireNanos", acquireNanos);
        registry.register(prefix + "leaseNanos", leaseNanos);
        registry.register(prefix + "borrowed", borrowed);
        registry.register(prefix + "returned", returned);
        registry.register(prefix + "timeouts", timeouts);
        registry.register(prefix + "leaksReported", leaksReported);
        gauge("active", pool::getActive);
        gauge("idle", pool::getIdle);
        gauge("waiters", pool::getWaiters);
        gauge("maxTotal", pool::getMaxTotal);
        gauge("utilization", pool::getUtilization);
        gauge("created", pool::getCreated);
        gauge("destroyed", pool::getDestroyed);
        gauge("recommendedMaxTotal", pool::getRecommendedMaxTotal);
        for (String reason : pool.getClosedByReason().keySet()) {
            gauge("closed." + reason, () -> pool.getClosedByReason().get(reason));
        }
    }

    /** Takes this pool's figures out of the registry again. */
    void remove() {
        registry.removeMatching(MetricFilter.startsWith(prefix));
    }

    static double millis(Snapshot snapshot, double quantile) {
        return snapshot.getValue(quantile) / 1e6;
    }

    static Map<String, Long> closedByReason(long idleEviction, long validation, long abandoned, long resize,
                                            long softReset, long destroyed) {
        long known = idleEviction + validation + abandoned + resize + softReset;
        return Map.of("idleEviction", idleEviction, "validationFailure", validation, "abandoned", abandoned,
                "resize", resize, "softReset", softReset, "other", Math.max(0, destroyed - known));
    }

    private <T> void gauge(String figure, Supplier<T> value) {
        registry.register(prefix + figure, (Gauge<T>) value::get);
    }
}
