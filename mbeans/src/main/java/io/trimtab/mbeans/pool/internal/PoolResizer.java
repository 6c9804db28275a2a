package io.trimtab.mbeans.pool.internal;

import java.time.Duration;
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
    private final GenericObjectPool<PoolableConnection> pool;

    PoolResizer(ManagedDataSource managed) {
        this.managed = managed;
        this.dataSource = managed.dataSource;
        this.pool = managed.pool;
    }

    /** Sets a checked max total, lowering maxIdle to it if above: idle connections beyond it are of no use. */
    void resize(int maxTotal) {
        int before = dataSource.getMaxTotal();
        if (dataSource.getMaxIdle() > maxTotal) {
            LOG.info("Pool '{}': maxIdle lowered from {} to the new maxTotal {}", managed.name, dataSource.getMaxIdle(),
                    maxTotal);
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
        while (pool.getNumIdle() > 0 && pool.getNumActive() + pool.getNumIdle() > pool.getMaxTotal()) {
            try {
                PoolableConnection idle = pool.borrowObject(Duration.ZERO);
                pool.invalidateObject(idle);
                managed.recorder.closedByResize.inc();
            } catch (Exception e) {
                return; // another borrower took the last idle connection first
            }
        }
    }

    private void serveWaiters(int newSlots) {
        for (int i = 0; i < Math.min(newSlots, pool.getNumWaiters()); i++) {
            try {
                pool.addObject();
            } catch (Exception e) {
                LOG.warn("Pool '{}': could not open a connection for a waiting borrower: {}", managed.name, e.toString());
                return;
            }
        }
    }
}
