package io.trimtab.internal;

import io.trimtab.mbeans.pool.Pools;
import io.trimtab.mbeans.pool.ResizeBounds;
import io.trimtab.mbeans.sqlite.PoolBinding;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * Each database's pool becomes a connection pool of the runtime, under the database's name: measured on every
 * borrow, visible as {@code type=ConnectionPool}, opened at {@code sqlite.pool.maxTotal} connections and resizable
 * within {@code sqlite.pool.resizeMin..resizeMax} (more readers in WAL mode; there is one writer whatever the size).
 */
public final class DatabasePools implements PoolBinding {

    private final Pools pools;
    private final int maxTotal;
    private final ResizeBounds bounds;

    /** @throws IllegalArgumentException if {@code maxTotal} is outside the bounds, naming the settings */
    public DatabasePools(Pools pools, int maxTotal, int resizeMin, int resizeMax) {
        if (resizeMin > maxTotal || maxTotal > resizeMax) {
            throw new IllegalArgumentException("sqlite.pool.maxTotal must be within sqlite.pool.resizeMin.."
                    + "sqlite.pool.resizeMax [" + resizeMin + ", " + resizeMax + "] but was " + maxTotal);
        }
        this.pools = pools;
        this.maxTotal = maxTotal;
        this.bounds = new ResizeBounds(resizeMin, resizeMax);
    }

    @Override
    public DataSource manage(String database, BasicDataSource pool) {
        pool.setMaxTotal(maxTotal);
        pool.setMaxIdle(maxTotal);
        return pools.adopt(database, pool, bounds, Duration.ZERO);
    }

    @Override
    public void release(String database) {
        pools.release(database);
    }
}
