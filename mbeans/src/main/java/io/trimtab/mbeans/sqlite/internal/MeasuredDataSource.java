package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.jdbc.ForwardingDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The data source a database hands to the application: its pool, with every statement run through a borrowed
 * connection timed into the query statistics (see {@link MeasuredStatements}).
 */
final class MeasuredDataSource extends ForwardingDataSource {

    private final DataSource pool;
    private final QueryStatistics statistics;

    MeasuredDataSource(DataSource pool, QueryStatistics statistics) {
        super(pool);
        this.pool = pool;
        this.statistics = statistics;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return MeasuredStatements.connection(pool.getConnection(), statistics);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return MeasuredStatements.connection(pool.getConnection(username, password), statistics);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}
