package io.trimtab.mbeans.sqlite.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source a database hands to the application: its pool, with every statement run through a borrowed
 * connection timed into the query statistics (see {@link MeasuredStatements}).
 */
final class MeasuredDataSource implements DataSource {

    private final DataSource pool;
    private final QueryStatistics statistics;

    MeasuredDataSource(DataSource pool, QueryStatistics statistics) {
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
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
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
