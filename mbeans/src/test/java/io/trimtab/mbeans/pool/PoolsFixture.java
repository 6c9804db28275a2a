package io.trimtab.mbeans.pool;

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
import java.util.function.BooleanSupplier;

/** A pool registry over the platform MBeanServer, its own domain and metric registry, and SQLite files. */
final class PoolsFixture implements AutoCloseable {

    final String domain;
    final MBeanRegistrar registrar = new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer());
    final MetricRegistry metrics = new MetricRegistry();
    final Pools pools;
    private final Path dir;

    PoolsFixture(String name, Path dir) {
        this.domain = "test.pools." + name;
        this.dir = dir;
        this.pools = new Pools(new ManagementContext(domain, registrar, metrics, dir, Clock.systemUTC()));
    }

    /** A spec over a SQLite file of that name, with no check on borrow so that counts stay simple. */
    PoolSpec.Builder spec(String file) {
        return PoolSpec.builder("jdbc:sqlite:" + dir.resolve(file + ".db")).testOnBorrow(false);
    }

    static int selectOne(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("SELECT 1")) {
            row.next();
            return row.getInt(1);
        }
    }

    /** Waits up to ten seconds for the condition; whether it came true. */
    static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Override
    public void close() {
        pools.close();
        registrar.close();
    }
}
