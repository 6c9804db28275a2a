package io.trimtab.mbeans.pool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Erlang C's mean queue length against textbook values (below one thread), and the saturated pool's surplus. */
class WaitModelTest {

    @Test
    void matchesTheMmcQueueLengths() {
        assertEquals(1.0 / 3, WaitModel.waiting(2, 1), 1e-9, "M/M/2 at utilization 0.5");
        assertEquals(0.5 * 0.5 / 0.5, WaitModel.waiting(1, 0.5), 1e-9, "M/M/1: rho^2 / (1 - rho)");
        assertEquals(0, WaitModel.waiting(4, 0), 1e-12);
    }

    @Test
    void moreConnectionsNeverPredictMoreWaitingAndASaturatedPoolLeavesItsSurplus() {
        double previous = Double.MAX_VALUE;
        for (int size = 1; size <= 40; size++) {
            double waiting = WaitModel.waiting(size, 16);
            assertTrue(waiting <= previous, size + ": " + waiting + " after " + previous);
            previous = waiting;
        }
        assertEquals(16 - 8 + 1, WaitModel.waiting(8, 16), 1e-9, "the surplus, and Erlang C's queue capped at one");
        assertTrue(WaitModel.waiting(32, 16) < 0.01, "twice the load: next to no one waits");
    }
}
