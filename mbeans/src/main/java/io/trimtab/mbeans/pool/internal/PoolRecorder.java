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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A pool's own figures in the runtime's metric registry, under {@code trimtab.pool.<name>.}: what the hot path
 * records (LongAdder counters of every borrow and return; two lock-free histograms, in nanoseconds, of the borrows
 * drawn at odds that keep them to about one a millisecond) and gauges that read DBCP2 and the MXBean only when
 * asked.
 */
final class PoolRecorder {

    /**
     * Timed borrows aim at about one in this interval: a pool lending up to 2,000 connections a second has every
     * borrow timed, a busier one 1,000 to 2,000 a second, far more than the reservoir's 1,028 samples over its five
     * minutes need. A timed borrow costs two reservoir updates and two clock reads, together a few times a whole
     * DBCP2 borrow: at 10,000 a second they would cost a busy pool several per cent.
     */
    static final long TIMING_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** At least one borrow in 1,024 is timed, so that a pool whose rate falls soon times borrows again. */
    static final int MAX_TIMING_MASK = 1023;

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
    /**
     * A borrow is timed when a random int masked by this is 0. Set by timed borrows only, from the rate they see,
     * so the untimed ones read no clock and write nothing shared.
     */
    private volatile int timingMask;
    /** When the last timed borrow ended and how many borrows there had been then; racy, and harmless when lost. */
    private long lastTimedNanos = System.nanoTime();
    private long borrowedAtLastTimed;

    PoolRecorder(MetricRegistry registry, String poolName) {
        this.registry = registry;
        this.prefix = "trimtab.pool." + poolName + ".";
    }

    /** Whether the next borrow is timed: a draw at the odds the last timed borrow set. */
    boolean timeNextBorrow() {
        return (ThreadLocalRandom.current().nextInt() & timingMask) == 0;
    }

    /** Records a timed borrow's wait, and sets the odds of the next ones from the borrows since the last timed one. */
    void recordTimedBorrow(long startNanos, long leasedAtNanos) {
        acquireNanos.update(leasedAtNanos - startNanos);
        adaptTiming(leasedAtNanos, borrowed.getCount());
    }

    /**
     * Sets the odds so that about one borrow per {@link #TIMING_INTERVAL_NANOS} is timed at the rate seen since the
     * last timed borrow: every borrow while the pool lends fewer than two per interval, else one in the largest
     * power of two not above that rate.
     */
    void adaptTiming(long nowNanos, long borrowedSoFar) {
        long elapsed = Math.max(1, nowNanos - lastTimedNanos);
        long perInterval = (borrowedSoFar - borrowedAtLastTimed) * TIMING_INTERVAL_NANOS / elapsed;
        lastTimedNanos = nowNanos;
        borrowedAtLastTimed = borrowedSoFar;
        timingMask = perInterval < 2 ? 0 : (int) Math.min(MAX_TIMING_MASK, Long.highestOneBit(perInterval) - 1);
    }

    int timingMask() {
        return timingMask;
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
        gauge("maxTotal", pool::getMaxConnections);
        gauge("utilization", pool::getUtilization);
        gauge("created", pool::getOpened);
        gauge("destroyed", pool::getDestroyed);
        gauge("recommendedMaxTotal", pool::getRecommendedMaxConnections);
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
