package io.trimtab.mbeans.pool.internal;

import io.trimtab.mbeans.optimizer.OutcomeModel;
import io.trimtab.mbeans.pool.ConnectionPoolMXBean;
import java.util.OptionalDouble;

/**
 * A pool's queueing model, the knob's prediction of how many threads wait at a given size. By Little's law the
 * offered load in connections is the threads holding one plus those waiting for one; at size c, an M/M/c queue
 * (Erlang C) gives the mean number waiting, {@code C(c, a) * a / (c - a)}, at most one (see {@link #waiting}), and a
 * pool no larger than its load leaves the surplus waiting. The load is smoothed over the samples so that one busy instant does not
 * decide a size, and refreshed at most every {@value #REFRESH_NANOS} ns, so that the many sizes asked about in one
 * cycle see the same load.
 */
public final class WaitModel implements OutcomeModel {

    static final long REFRESH_NANOS = 500_000_000L;
    /** Weight of the newest reading in the smoothed load. */
    static final double SMOOTHING = 0.3;

    private final String signal;
    private final ConnectionPoolMXBean control;
    private double load = Double.NaN;
    private long refreshedNanos;

    public WaitModel(String waitersSignal, ConnectionPoolMXBean control) {
        this.signal = waitersSignal;
        this.control = control;
    }

    @Override
    public String signal() {
        return signal;
    }

    @Override
    public synchronized OptionalDouble predict(double size) {
        long now = System.nanoTime();
        if (Double.isNaN(load) || now - refreshedNanos >= REFRESH_NANOS) {
            double reading = control.getActive() + control.getWaiters();
            load = Double.isNaN(load) ? reading : SMOOTHING * reading + (1 - SMOOTHING) * load;
            refreshedNanos = now;
        }
        return OptionalDouble.of(waiting((int) Math.round(size), load));
    }

    /**
     * Mean threads waiting for one of {@code servers} connections under {@code load} Erlangs. Above the load, Erlang
     * C's queue, at most one thread: its arrivals are Poisson from an endless population, while a server's threads
     * are few and each waits for its own answer, so a pool one larger than their number leaves none waiting where
     * Erlang C would count a dozen. At or below the load, the surplus waits, plus that queue.
     */
    static double waiting(int servers, double load) {
        if (load <= 0) {
            return 0;
        }
        int stable = Math.max(servers, (int) Math.floor(load) + 1);
        return Math.max(0, load - servers) + Math.min(1, erlangQueue(stable, load));
    }

    private static double erlangQueue(int servers, double load) {
        double erlangB = 1;
        for (int k = 1; k <= servers; k++) {
            erlangB = load * erlangB / (k + load * erlangB);
        }
        double erlangC = servers * erlangB / (servers - load * (1 - erlangB));
        return erlangC * load / (servers - load);
    }
}
