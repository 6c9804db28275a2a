package io.trimtab.mbeans.pool.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;
import org.apache.commons.dbcp2.DelegatingConnection;
import org.apache.commons.dbcp2.PoolableConnection;

/**
 * The connection a borrower gets from a managed pool, in the place of DBCP2's own pool guard: like it, a
 * {@link DelegatingConnection} over the pooled connection that cannot be used once closed, whose statements
 * answer {@code getConnection()} with it, and whose {@link #close()} gives the connection back. It also
 * remembers, when the lease is timed or tracked, the moment it was leased, so that closing it can record the
 * lease time. One object per borrow, as with DBCP2 alone.
 */
final class LeasedConnection extends DelegatingConnection<PoolableConnection> {

    /** Whether {@link #close()} records the lease time. */
    final boolean timed;
    /** {@code System.nanoTime()} at the lease if timed or tracked, else 0. */
    final long leasedAtNanos;
    /** What leak detection knows of this lease, or null when no one tracks leases. */
    final LeaseTracker.Lease lease;
    private final ManagedDataSource pool;

    LeasedConnection(PoolableConnection connection, ManagedDataSource pool, boolean timed, long leasedAtNanos,
                     LeaseTracker.Lease lease) {
        super(connection);
        this.pool = pool;
        this.timed = timed;
        this.leasedAtNanos = leasedAtNanos;
        this.lease = lease;
    }

    /**
     * Records the end of the lease, closes the statements opened through this connection and gives the
     * connection back to the pool; a second call does nothing, as JDBC asks.
     */
    @Override
    public void close() throws SQLException {
        PoolableConnection connection = getDelegateInternal();
        if (connection == null) {
            return;
        }
        try {
            pool.release(this, connection);
            super.close();
        } finally {
            setDelegate(null);
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        return getDelegateInternal() == null || super.isClosed();
    }

    /** Ends the lease without a return: the connection is the driver's to abort, not the pool's to lend. */
    @Override
    public void abort(Executor executor) throws SQLException {
        PoolableConnection connection = getDelegateInternal();
        if (connection == null) {
            return;
        }
        pool.forget(this);
        setDelegate(null);
        connection.abort(executor);
    }

    /** The pooled connection, only if the pool allows access to it, as with DBCP2's own guard. */
    @Override
    public PoolableConnection getDelegate() {
        return pool.accessToUnderlyingConnectionAllowed ? super.getDelegate() : null;
    }

    @Override
    public Connection getInnermostDelegate() {
        return pool.accessToUnderlyingConnectionAllowed ? super.getInnermostDelegate() : null;
    }
}
