package io.trimtab.jobs.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.postgresql.Driver;
import org.quartz.utils.ConnectionProvider;

/**
 * The connections of one instance to the fleet database: a small DBCP2 pool that Quartz's job store draws on
 * (as its {@link ConnectionProvider}) and Trimtab's own reads and writes of the fleet tables share. The pool is
 * never registered over JMX, so its password stays in it.
 */
final class FleetConnections implements ConnectionProvider {

    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final BasicDataSource pool = new BasicDataSource();
    private final String maskedUrl;

    /** @param maxConnections Quartz wants its worker threads plus its scheduler, check-in and misfire threads */
    FleetConnections(FleetConfig config, String applicationName, int maxConnections) {
        this.maskedUrl = FleetConfig.maskUrl(config.jdbcUrl());
        pool.setDriver(new Driver());
        pool.setUrl(config.jdbcUrl());
        if (config.user() != null) {
            pool.setUsername(config.user());
        }
        if (config.password() != null) {
            pool.setPassword(config.password());
        }
        pool.addConnectionProperty("ApplicationName", applicationName);
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMinIdle(0);
        pool.setMaxWait(MAX_WAIT);
    }

    /** The same pool, for Trimtab's own statements; each connection is handed back in auto-commit mode. */
    DataSource dataSource() {
        return pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void initialize() {
    }

    /** Closes the pool; idle connections close now, borrowed ones when handed back. Calling it again does nothing. */
    @Override
    public void shutdown() throws SQLException {
        pool.close();
    }

    @Override
    public String toString() {
        return "FleetConnections[" + maskedUrl + "]";
    }
}
