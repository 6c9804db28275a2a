package io.trimtab.mbeans.cache.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Times one lookup in {@value #ONE_IN} so that the average get time costs the hot path a thread-local random
 * number rather than two clock reads per lookup (a clock read can cost more than a cache hit on a virtual
 * machine).
 */
final class GetTimer {

    static final int ONE_IN = 1024;

    private final LongAdder count = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    static boolean timeThisOne() {
        return (ThreadLocalRandom.current().nextInt() & (ONE_IN - 1)) == 0;
    }

    void record(long elapsedNanos) {
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
