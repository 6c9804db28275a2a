package io.trimtab.mbeans.pool.internal;

import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.commons.dbcp2.PoolableConnection;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes a running pool's max total. DBCP2's max total only limits how many connections are created: a pool
 * that shrinks keeps lending the connections it has. So a shrink closes idle connections above the new
 * maximum at once and busy ones when they come back; a growth opens connections for borrowers already waiting,
 * whom nothing else would wake before their maxWait.
 */
final class PoolResizer {

    private static final Logger LOG = LoggerFactory.getLogger(PoolResizer.class);

    private final ManagedDataSource managed;
    private final BasicDataSource dataSource;

    PoolResizer(ManagedDataSource managed) {
        this.managed = managed;
        this.dataSource = managed.dataSource;
    }

    /**
     * Sets a checked max total. A maxIdle above it is lowered to it (idle connections beyond it are of no use); a
     * maxIdle that was equal to it grows with it, or the grown pool would close every connection returned above the
     * old size, and commons-pool would drop the connections opened for waiting borrowers.
     */
    void resize(int maxTotal) {
        int before = dataSource.getMaxTotal();
        int maxIdle = dataSource.getMaxIdle();
        if (maxIdle > maxTotal || (maxIdle == before && maxTotal > before)) {
            LOG.info("Pool '{}': maxIdle {} -> {} with maxTotal", managed.name, maxIdle, maxTotal);
            dataSource.setMaxIdle(maxTotal);
        }
        dataSource.setMaxTotal(maxTotal);
        if (maxTotal < before) {
            managed.shrinking = true;
            closeIdleAboveMaxTotal();
        } else {
            serveWaiters(maxTotal - before);
        }
        LOG.info("Pool '{}': maxTotal {} -> {}", managed.name, before, maxTotal);
    }

    private void closeIdleAboveMaxTotal() {
        GenericObjectPool<PoolableConnection> pool = managed.pool;
        while (pool.getNumIdle() > 0 && pool.getNumActive() + pool.getNumIdle() > pool.getMaxTotal()) {
            try {
                PoolableConnection idle = pool.borrowObject(ManagedDataSource.WITHOUT_WAITING);
                pool.invalidateObject(idle);
                managed.recorder.closedByResize.inc();
            } catch (Exception e) {
                return; // another borrower took the last idle connection first
            }
        }
    }

    /** Opens a connection per waiting borrower, as many as the new slots and maxIdle allow (commons-pool drops more). */
    private void serveWaiters(int newSlots) {
        // Counted once: each connection opened here takes a waiter off the count.
        GenericObjectPool<PoolableConnection> pool = managed.pool;
        int toOpen = Math.min(Math.min(newSlots, pool.getMaxIdle() - pool.getNumIdle()), pool.getNumWaiters());
        for (int i = 0; i < toOpen; i++) {
            try {
                pool.addObject();
            } catch (Exception e) {
                LOG.warn("Pool '{}': could not open a connection for a waiting borrower: {}", managed.name, e.toString());
                return;
            }
        }
    }
}
