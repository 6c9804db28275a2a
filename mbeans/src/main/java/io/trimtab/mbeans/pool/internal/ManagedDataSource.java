package io.trimtab.mbeans.pool.internal;

import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.jdbc.ForwardingDataSource;
import io.trimtab.mbeans.pool.ConnectionPoolMXBean;
import io.trimtab.mbeans.pool.ManagedPool;
import io.trimtab.mbeans.pool.ResizeBounds;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.commons.dbcp2.PoolableConnection;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path of a managed pool: every borrow and return passes here and is counted, and borrows are timed
 * as {@link PoolRecorder#timeNextBorrow} draws; the gate holds borrowers back while the pool is suspended
 * or closed. Settings and figures live in {@link PoolControl}.
 */
public final class ManagedDataSource extends ForwardingDataSource implements ManagedPool {

    /** A borrow that failed within this much of maxWait still waited out maxWait: clocks differ a little. */
    private static final long TIMEOUT_TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * pool2 waits for a returned connection for at most this (it does not wait at all for a duration this short),
     * and for one that another borrower is opening at the pool's max total for at most about a millisecond; a
     * zero would wait for that one without limit.
     */
    static final Duration WITHOUT_WAITING = Duration.ofNanos(1);
    private static final Logger LOG = LoggerFactory.getLogger(ManagedDataSource.class);

    final String name;
    final BasicDataSource dataSource;
    /** DBCP2's object pool; a new one after its BasicDataSource's restart. */
    volatile GenericObjectPool<PoolableConnection> pool;
    final PoolRecorder recorder;
    /** Null unless leak detection or DBCP2's abandoned-connection removal needs the outstanding leases. */
    final LeaseTracker leases;
    final PoolGate gate;
    /** Whether leased connections hand out DBCP2's connection, as DBCP2's own guard does when allowed. */
    final boolean accessToUnderlyingConnectionAllowed;
    /** Set when a borrow found no connection at once, cleared when one leaves a connection idle: borrows may wait. */
    private volatile boolean exhausted;
    /** Set by a shrink; while set, a return closes its connection if the pool holds more than max total. */
    volatile boolean shrinking;
    private final ObjectName objectName;
    private final boolean adopted;
    private final PoolControl control;

    /**
     * Manages a started {@code dataSource}.
     *
     * @param leakThresholdNanos lease time that makes a suspected leak; 0 turns leak detection off
     */
    public ManagedDataSource(String name, ObjectName objectName, BasicDataSource dataSource, boolean adopted,
                             ResizeBounds bounds, long leakThresholdNanos, MetricRegistry metrics, Clock clock) {
        super(dataSource);
        this.name = name;
        this.objectName = objectName;
        this.dataSource = dataSource;
        this.pool = dataSource.getConnectionPool();
        this.adopted = adopted;
        this.accessToUnderlyingConnectionAllowed = dataSource.isAccessToUnderlyingConnectionAllowed();
        this.recorder = new PoolRecorder(metrics, name);
        boolean abandonedRemoval = dataSource.getRemoveAbandonedOnBorrow() || dataSource.getRemoveAbandonedOnMaintenance();
        long abandonedAfterNanos = abandonedRemoval ? dataSource.getRemoveAbandonedTimeoutDuration().toNanos() : -1;
        this.leases = leakThresholdNanos > 0 || abandonedRemoval
                ? new LeaseTracker(name, leakThresholdNanos, abandonedAfterNanos, () -> pool.getNumActive(), recorder, clock)
                : null;
        this.gate = new PoolGate(name);
        this.control = new PoolControl(this, bounds, clock);
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (gate.closedOrSuspended()) {
            gate.pass(dataSource.getMaxWaitDuration().toMillis(), recorder);
        }
        boolean timed = recorder.timeNextBorrow();
        long start = timed ? System.nanoTime() : 0;
        PoolableConnection connection = borrow();
        recorder.borrowed.inc();
        if (leases == null && !timed) {
            return new LeasedConnection(connection, this, false, 0, null);
        }
        long leasedAt = System.nanoTime();
        if (timed) {
            recorder.recordTimedBorrow(start, leasedAt);
        }
        if (leases == null) {
            return new LeasedConnection(connection, this, true, leasedAt, null);
        }
        LeasedConnection leased = new LeasedConnection(connection, this, timed, leasedAt, leases.open());
        leases.track(leased);
        return leased;
    }

    /**
     * Borrows from DBCP2's object pool, as DBCP2's own data source does, so that the leased connection takes the
     * place of DBCP2's pool guard instead of wrapping it. Only a borrow that may wait reads the clock, to tell a
     * timeout (a wait of maxWait) from another failure: while the pool is not exhausted, a first attempt that
     * does not wait for a returned connection lends one without a clock read. pool2 fails that attempt as it fails
     * a timeout, and also when a new connection fails its validation, so the waiting borrow that follows opens one
     * more connection in that case; a failure with a cause (activation) is not tried again.
     */
    private PoolableConnection borrow() throws SQLException {
        if (!exhausted) {
            try {
                return borrowObject(WITHOUT_WAITING);
            } catch (NoSuchElementException e) {
                if (e.getCause() != null) {
                    throw couldNotLend(e);
                }
                exhausted = true;
            }
        }
        long start = System.nanoTime();
        try {
            PoolableConnection connection = borrowObject(pool.getMaxWaitDuration());
            if (pool.getNumIdle() > 0) {
                exhausted = false;
            }
            return connection;
        } catch (NoSuchElementException e) {
            throw failure(e, System.nanoTime() - start);
        }
    }

    /** pool2's borrow with its other failures as SQLExceptions that name the pool; NoSuchElementException passes. */
    private PoolableConnection borrowObject(Duration maxWait) throws SQLException {
        GenericObjectPool<PoolableConnection> lending = pool;
        try {
            return lending.borrowObject(maxWait);
        } catch (NoSuchElementException | SQLException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection of pool '" + name + "'", e);
        } catch (RuntimeException e) {
            if (lending.isClosed()) {
                if (followRestart(lending)) {
                    return borrowObject(maxWait);
                }
                throw new SQLException("Connection pool '" + name + "' is closed", e);
            }
            throw e;
        } catch (Exception e) {
            throw new SQLException("Connection pool '" + name + "' could not lend a connection: " + e, e);
        }
    }

    /**
     * Whether the owner of an adopted pool restarted it: DBCP2 then lends from a new object pool, which this pool
     * takes up in place of the closed one.
     */
    private boolean followRestart(GenericObjectPool<PoolableConnection> closed) {
        GenericObjectPool<PoolableConnection> current = dataSource.getConnectionPool();
        if (current == null || current == closed || current.isClosed()) {
            return false;
        }
        pool = current;
        exhausted = false;
        LOG.info("Pool '{}' follows its BasicDataSource's restart", name);
        return true;
    }

    /**
     * Records the end of a lease and, when the connection must not go back (DBCP2 dropped it as abandoned, or the
     * pool shrinks), closes it; the caller then gives it back, which for a closed connection does nothing.
     */
    void release(LeasedConnection leased, PoolableConnection connection) throws SQLException {
        recorder.returned.inc();
        if (leased.timed) {
            recorder.leaseNanos.update(System.nanoTime() - leased.leasedAtNanos);
        }
        forget(leased);
        if (leased.lease != null && leased.lease.abandoned) {
            connection.reallyClose();
        } else if (shrinking) {
            closeAboveMaxTotal(connection);
        }
    }

    /** Stops tracking a lease that ends without a return (an aborted connection). */
    void forget(LeasedConnection connection) {
        if (leases != null) {
            leases.untrack(connection);
        }
    }

    private void closeAboveMaxTotal(PoolableConnection connection) {
        if (pool.getNumActive() + pool.getNumIdle() <= pool.getMaxTotal()) {
            shrinking = false;
            return;
        }
        dataSource.invalidateConnection(connection);
        recorder.closedByResize.inc();
    }

    /**
     * A timeout is a pool2 NoSuchElementException after a wait of maxWait; its message names pool and wait. The
     * same exception after a shorter wait is another failure, such as a connection that failed its validation.
     */
    private SQLException failure(NoSuchElementException e, long waitedNanos) {
        long maxWaitNanos = dataSource.getMaxWaitDuration().toNanos();
        if (maxWaitNanos < 0 || waitedNanos < maxWaitNanos - TIMEOUT_TOLERANCE_NANOS) {
            return couldNotLend(e);
        }
        recorder.timeouts.inc();
        return new SQLTransientConnectionException(String.format(
                "Connection pool '%s' timed out after waiting %d ms for a connection (maxWait %d ms): %d active of"
                        + " maxTotal %d, %d threads waiting", name, TimeUnit.NANOSECONDS.toMillis(waitedNanos),
                TimeUnit.NANOSECONDS.toMillis(maxWaitNanos), pool.getNumActive(), pool.getMaxTotal(),
                pool.getNumWaiters()), e);
    }

    private SQLException couldNotLend(NoSuchElementException e) {
        return new SQLException("Connection pool '" + name + "' could not lend a connection: " + e.getMessage(), e);
    }

    /** Closes the gate; closes the DBCP2 pool too unless it was adopted. */
    public void close() {
        gate.close();
        if (!adopted) {
            try {
                dataSource.close();
            } catch (SQLException e) {
                throw new IllegalStateException("closing pool '" + name + "' failed: " + e.getMessage(), e);
            }
        }
    }

    /** Puts this pool's figures into the metric registry. */
    public void registerMetrics() {
        recorder.register(control);
    }

    /** Takes this pool's figures out of the metric registry. */
    public void removeMetrics() {
        recorder.remove();
    }

    /** Counts abandoned leases and reports suspected leaks; a no-op when no one tracks leases. */
    public void sweepLeases() {
        if (leases != null) {
            leases.sweep();
        }
    }

    /** Whether {@link #sweepLeases()} has anything to do. */
    public boolean tracksLeases() {
        return leases != null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ObjectName objectName() {
        return objectName;
    }

    @Override
    public boolean adopted() {
        return adopted;
    }

    @Override
    public ConnectionPoolMXBean control() {
        return control;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("pool '" + name + "' lends connections of its configured user only");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(dataSource)) {
            return iface.cast(dataSource);
        }
        throw new SQLException("pool '" + name + "' is not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface.isInstance(dataSource);
    }

    @Override
    public String toString() {
        return "ManagedPool[" + name + (adopted ? ", adopted" : "") + "]";
    }
}
