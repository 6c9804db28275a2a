package io.trimtab.mbeans.pool.internal;

import io.trimtab.mbeans.Checks;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether borrowers may reach the pool: always while it runs; after a wait for {@link #resume()} (or at once
 * with an error, when suspended fail-fast) while it is suspended; never once it is closed. A running pool
 * costs a borrower one volatile read.
 */
final class PoolGate {

    private enum State { RUNNING, SUSPENDED, CLOSED }

    private record Phase(State state, CountDownLatch resumed, boolean failFast) {
    }

    private static final Phase RUNNING = new Phase(State.RUNNING, null, false);

    private final String poolName;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile Phase phase = RUNNING;

    PoolGate(String poolName) {
        this.poolName = poolName;
    }

    boolean closedOrSuspended() {
        return phase != RUNNING;
    }

    /**
     * Lets the caller through once the pool runs.
     *
     * @param maxWaitMillis how long to wait for a suspended pool to resume; negative waits for ever
     * @throws SQLException when the pool is closed, suspended fail-fast, or not resumed within maxWait
     */
    void pass(long maxWaitMillis, PoolRecorder recorder) throws SQLException {
        Phase current = phase;
        if (current.state == State.SUSPENDED) {
            if (current.failFast) {
                throw new SQLTransientConnectionException("Connection pool '" + poolName + "' is suspended");
            }
            awaitResume(current.resumed, maxWaitMillis, recorder);
            current = phase;
        }
        if (current.state == State.CLOSED) {
            throw new SQLException("Connection pool '" + poolName + "' is closed");
        }
    }

    private void awaitResume(CountDownLatch resumed, long maxWaitMillis, PoolRecorder recorder) throws SQLException {
        waiting.incrementAndGet();
        long start = System.nanoTime();
        try {
            if (maxWaitMillis < 0) {
                resumed.await();
            } else if (!resumed.await(maxWaitMillis, TimeUnit.MILLISECONDS)) {
                recorder.timeouts.inc();
                throw new SQLTransientConnectionException("Connection pool '" + poolName + "' timed out after waiting "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms for a connection (maxWait "
                        + maxWaitMillis + " ms): the pool is suspended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while connection pool '" + poolName + "' was suspended", e);
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Holds new borrowers back; a second call only changes whether they wait or fail. */
    synchronized void suspend(boolean failFast) {
        Phase current = phase;
        Checks.requireState(current.state != State.CLOSED, "connection pool '%s' is closed and cannot be suspended", poolName);
        CountDownLatch resumed = current.state == State.SUSPENDED ? current.resumed : new CountDownLatch(1);
        phase = new Phase(State.SUSPENDED, resumed, failFast);
    }

    /** Lets borrowers through again; resuming a running pool does nothing. */
    synchronized void resume() {
        Phase current = phase;
        Checks.requireState(current.state != State.CLOSED, "connection pool '%s' is closed and cannot be resumed", poolName);
        phase = RUNNING;
        if (current.resumed != null) {
            current.resumed.countDown();
        }
    }

    /** Turns every borrower away for good, those waiting on a suspended pool too. */
    synchronized void close() {
        Phase current = phase;
        phase = new Phase(State.CLOSED, null, false);
        if (current.resumed != null) {
            current.resumed.countDown();
        }
    }

    String state() {
        return phase.state.name();
    }

    /** Borrowers waiting now for a suspended pool to resume. */
    int waiting() {
        return waiting.get();
    }
}
