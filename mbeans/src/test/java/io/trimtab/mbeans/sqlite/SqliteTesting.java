package io.trimtab.mbeans.sqlite;

import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** A real management context on the platform MBeanServer, one JMX domain per test, and small SQL helpers. */
final class SqliteTesting {

    private static final AtomicInteger DOMAINS = new AtomicInteger();

    private SqliteTesting() {
    }

    static ManagementContext context(Path dataDir) {
        return new ManagementContext("test.sqlite" + DOMAINS.incrementAndGet(),
                new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer()), new MetricRegistry(), dataDir,
                Clock.systemUTC());
    }

    static String pragma(Connection connection, String name) throws SQLException {
        return queryString(connection, "PRAGMA " + name);
    }

    static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static long count(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return Long.parseLong(queryString(connection, "SELECT count(*) FROM " + table));
        }
    }

    static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
