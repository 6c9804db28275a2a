package io.trimtab.mbeans.pool.internal;

import io.trimtab.mbeans.pool.ResizeBounds;
import java.time.Clock;

/**
 * Sizing advice by Little's law: connections in use on average = borrow rate x mean lease time. The advice
 * adds 25 % headroom for bursts and stays within the resize bounds. The borrow rate is measured over windows
 * of at least a second of the runtime's clock, so frequent readers all see the same figure.
 */
final class SizingAdvisor {

    static final double HEADROOM = 1.25;
    private static final long MIN_WINDOW_MILLIS = 1_000;

    private final Clock clock;
    private long windowStartMillis;
    private long windowStartBorrows;
    private double borrowsPerSecond = Double.NaN;

    SizingAdvisor(Clock clock, long borrowsSoFar) {
        this.clock = clock;
        this.windowStartMillis = clock.millis();
        this.windowStartBorrows = borrowsSoFar;
    }

    /** Borrows per second over the last full window, NaN before the first window ends. */
    synchronized double borrowsPerSecond(long borrowsSoFar) {
        long now = clock.millis();
        long elapsed = now - windowStartMillis;
        if (elapsed >= MIN_WINDOW_MILLIS) {
            borrowsPerSecond = (borrowsSoFar - windowStartBorrows) * 1000.0 / elapsed;
            windowStartMillis = now;
            windowStartBorrows = borrowsSoFar;
        }
        return borrowsPerSecond;
    }

    /**
     * The advised max total; {@code current} while no rate is known yet.
     *
     * @param borrowsPerSecond measured borrow rate, NaN if unknown
     * @param meanLeaseMillis  mean time a connection is held
     */
    static int recommend(double borrowsPerSecond, double meanLeaseMillis, int current, ResizeBounds bounds) {
        if (Double.isNaN(borrowsPerSecond)) {
            return current;
        }
        double inUse = borrowsPerSecond * meanLeaseMillis / 1000.0;
        long wanted = (long) Math.ceil(inUse * HEADROOM);
        return (int) Math.max(bounds.minTotal(), Math.min(bounds.maxTotal(), wanted));
    }
}
