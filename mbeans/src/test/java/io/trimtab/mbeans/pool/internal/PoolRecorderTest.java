package io.trimtab.mbeans.pool.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;

class PoolRecorderTest {

    private static final long INTERVAL = PoolRecorder.TIMING_INTERVAL_NANOS;

    @Test
    void atMostOneBorrowPerTimingIntervalIsTimed() {
        PoolRecorder recorder = new PoolRecorder(new MetricRegistry(), "timing");
        long start = System.nanoTime();

        assertTrue(recorder.timeBorrowStartedAt(start), "the first borrow");
        assertFalse(recorder.timeBorrowStartedAt(start));
        assertFalse(recorder.timeBorrowStartedAt(start + INTERVAL - 1));
        assertTrue(recorder.timeBorrowStartedAt(start + INTERVAL));
        assertFalse(recorder.timeBorrowStartedAt(start + INTERVAL + INTERVAL / 2));
        assertTrue(recorder.timeBorrowStartedAt(start + 10 * INTERVAL), "after a quiet spell");
        assertFalse(recorder.timeBorrowStartedAt(start + 10 * INTERVAL + 1));
    }
}
