package io.trimtab.mbeans.pool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;

class PoolRecorderTest {

    private static final long INTERVAL = PoolRecorder.TIMING_INTERVAL_NANOS;

    @Test
    void theOddsOfTimingKeepTimedBorrowsToAboutOnePerInterval() {
        PoolRecorder recorder = new PoolRecorder(new MetricRegistry(), "timing");
        long now = System.nanoTime();
        assertEquals(0, recorder.timingMask(), "a new pool times every borrow");

        recorder.adaptTiming(now += 10 * INTERVAL, 1);
        assertEquals(0, recorder.timingMask(), "one borrow in ten intervals");
        recorder.adaptTiming(now += INTERVAL, 2);
        assertEquals(0, recorder.timingMask(), "one borrow in one interval");
        recorder.adaptTiming(now += INTERVAL, 6);
        assertEquals(3, recorder.timingMask(), "four borrows in one interval: one in four");
        recorder.adaptTiming(now += INTERVAL / 2, 6 + 50);
        assertEquals(63, recorder.timingMask(), "100 borrows per interval: one in 64");
        recorder.adaptTiming(now += INTERVAL, 56 + 1_000_000);
        assertEquals(PoolRecorder.MAX_TIMING_MASK, recorder.timingMask(), "never fewer than one in 1,024");
        recorder.adaptTiming(now += 100 * INTERVAL, 1_000_057);
        assertEquals(0, recorder.timingMask(), "after a quiet spell every borrow again");
    }

    @Test
    void aBorrowIsTimedAtTheOddsSet() {
        PoolRecorder recorder = new PoolRecorder(new MetricRegistry(), "draws");
        long now = System.nanoTime();
        recorder.adaptTiming(now, 0);
        recorder.adaptTiming(now + INTERVAL, 16);
        assertEquals(15, recorder.timingMask());
        int timed = 0;
        for (int i = 0; i < 160_000; i++) {
            timed += recorder.timeNextBorrow() ? 1 : 0;
        }
        assertTrue(timed > 8_000 && timed < 12_000, "about one in 16 of 160,000: " + timed);
    }
}
