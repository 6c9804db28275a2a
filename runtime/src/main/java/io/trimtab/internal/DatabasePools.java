package io.trimtab.internal;

import io.trimtab.mbeans.pool.Pools;
import io.trimtab.mbeans.pool.ResizeBounds;
import io.trimtab.mbeans.sqlite.PoolBinding;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * Each database's pool becomes a connection pool of the runtime, under the database's name: measured on every
 * borrow, visible as {@code type=ConnectionPool}, resizable between one connection and its configured maximum.
 */
public final class DatabasePools implements PoolBinding {

    private final Pools pools;

    public DatabasePools(Pools pools) {
        this.pools = pools;
    }

    @Override
    public DataSource manage(String database, BasicDataSource pool) {
        return pools.adopt(database, pool, new ResizeBounds(1, pool.getMaxTotal()), Duration.ZERO);
    }

    @Override
    public void release(String database) {
        pools.release(database);
    }
}
