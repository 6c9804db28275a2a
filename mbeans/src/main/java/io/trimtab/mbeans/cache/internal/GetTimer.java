package io.trimtab.mbeans.cache.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Times lookups in bursts: each statistics snapshot asks for the next {@value #BURST} lookups to be timed.
 * While nobody watches the cache its hot path pays one read of a field that does not change, rather than a
 * random number or two clock reads per lookup (a clock read can cost more than a cache hit on a virtual
 * machine).
 */
final class GetTimer {

    static final int BURST = 64;

    private final AtomicInteger left = new AtomicInteger();
    private final LongAdder count = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    boolean armed() {
        return left.get() > 0;
    }

    /** Times the next {@value #BURST} lookups. */
    void arm() {
        left.set(BURST);
    }

    void record(long elapsedNanos) {
        left.decrementAndGet();
        count.increment();
        nanos.add(elapsedNanos);
    }

    long count() {
        return count.sum();
    }

    long nanos() {
        return nanos.sum();
    }

    void reset() {
        count.reset();
        nanos.reset();
    }
}
