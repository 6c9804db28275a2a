package io.trimtab.mbeans.sqlite;

import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * Hands each database's DBCP2 pool to whoever manages connection pools, so that a database's connections are
 * measured and resizable like any other pool's. A runtime binds its databases to its pools.
 */
public interface PoolBinding {

    /** Leaves the pools unmanaged: borrowers use the DBCP2 pool directly. */
    PoolBinding NONE = new PoolBinding() {
        @Override
        public DataSource manage(String database, BasicDataSource pool) {
            return pool;
        }

        @Override
        public void release(String database) {
        }
    };

    /** Takes over the pool of {@code database}; returns the data source its borrowers go through. */
    DataSource manage(String database, BasicDataSource pool);

    /** Ends management of the pool of {@code database}; the database closes the pool itself afterwards. */
    void release(String database);
}
