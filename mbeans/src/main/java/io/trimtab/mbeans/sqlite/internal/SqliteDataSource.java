package io.trimtab.mbeans.sqlite.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.commons.dbcp2.ConnectionFactory;
import org.apache.commons.pool2.impl.DefaultPooledObjectInfo;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.sqlite.JDBC;

/**
 * The DBCP2 pool of one database. Its pragmas travel as the driver's own connection properties (sqlite-jdbc
 * applies each of them as it opens a connection), and every new connection is read back and refused if any
 * pragma does not have its value, so a misconfiguration fails loudly instead of running on the driver's defaults.
 */
public final class SqliteDataSource extends BasicDataSource {

    private static final int MAX_CONNECTIONS = 8;
    /**
     * Prepared statements kept per connection, least recently used evicted first: a re-run statement skips
     * SQLite's parse and plan, and dynamic SQL cannot grow the cache without bound.
     */
    static final int MAX_OPEN_PREPARED_STATEMENTS = 100;

    private final Supplier<ConnectionSettings> settings;

    private SqliteDataSource(Supplier<ConnectionSettings> settings) {
        this.settings = settings;
    }

    /** The pool for the database at {@code url}, configured by the settings in effect when it opens a connection. */
    public static SqliteDataSource pooled(String url, Supplier<ConnectionSettings> settings) {
        SqliteDataSource pool = new SqliteDataSource(settings);
        pool.setDriverClassName(JDBC.class.getName());
        pool.setUrl(url);
        pool.useDriverProperties(settings.get());
        pool.setMaxTotal(MAX_CONNECTIONS);
        pool.setMaxIdle(MAX_CONNECTIONS);
        pool.setMaxWait(Duration.ofSeconds(30));
        // A local file does not go stale; a validation query per borrow would only cost time.
        pool.setTestOnBorrow(false);
        pool.setDefaultAutoCommit(true);
        pool.setPoolPreparedStatements(true);
        pool.setMaxOpenPreparedStatements(MAX_OPEN_PREPARED_STATEMENTS);
        return pool;
    }

    /** Opens one connection outside the pool, configured and verified like the pooled ones. */
    static Connection openUnpooled(String url, ConnectionSettings settings) throws SQLException {
        return verified(DriverManager.getConnection(url, settings.driverProperties()), settings);
    }

    /**
     * Hands new settings to the driver and replaces every pooled connection: idle ones now, borrowed ones when
     * they are returned.
     */
    void reconfigure(ConnectionSettings newSettings) throws SQLException {
        useDriverProperties(newSettings);
        restart();
    }

    /** Age of the connection borrowed longest ago, 0 if none is borrowed. */
    long oldestBorrowedMillis(long nowMillis) {
        GenericObjectPool<?> pool = getConnectionPool();
        if (pool == null) {
            return 0;
        }
        long oldest = nowMillis;
        for (DefaultPooledObjectInfo info : pool.listAllObjects()) {
            if (info.getLastBorrowTime() > info.getLastReturnTime()) {
                oldest = Math.min(oldest, info.getLastBorrowTime());
            }
        }
        return nowMillis - oldest;
    }

    private void useDriverProperties(ConnectionSettings newSettings) {
        newSettings.driverProperties().forEach((key, value) -> addConnectionProperty((String) key, (String) value));
    }

    @Override
    protected ConnectionFactory createConnectionFactory() throws SQLException {
        ConnectionFactory driver = super.createConnectionFactory();
        return () -> verified(driver.createConnection(), settings.get());
    }

    private static Connection verified(Connection connection, ConnectionSettings settings) throws SQLException {
        try {
            settings.verify(connection);
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }
}
