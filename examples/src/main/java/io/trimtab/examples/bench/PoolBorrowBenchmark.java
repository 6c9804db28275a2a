package io.trimtab.examples.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import io.trimtab.mbeans.pool.PoolSpec;
import io.trimtab.mbeans.pool.Pools;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Borrow and return of a connection over a SQLite file: Trimtab's managed pool (every borrow and return
 * measured) beside the bare DBCP2 pool it wraps and HikariCP. All three hold up to 8 connections and do not
 * check a connection on borrow, so the difference is the pool's own work.
 *
 * <pre>java -jar examples/target/trimtab-bench.jar PoolBorrowBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PoolBorrowBenchmark {

    private static final int MAX_TOTAL = 8;

    @State(Scope.Benchmark)
    public static class Pool {

        @Param({"trimtab", "dbcp2", "hikari"})
        String variant;

        DataSource dataSource;
        private Path dir;
        private AutoCloseable closer;

        @Setup(Level.Trial)
        public void open() throws IOException, SQLException {
            dir = Files.createTempDirectory("pool-bench");
            String url = "jdbc:sqlite:" + dir.resolve("bench.db");
            switch (variant) {
                case "trimtab" -> {
                    // The pools alone, without a runtime's scheduler and optimizer working beside the benchmark.
                    MBeanRegistrar registrar = new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer());
                    Pools pools = new Pools(new ManagementContext("bench.pool", registrar, new MetricRegistry(), dir,
                            Clock.systemUTC()));
                    dataSource = pools.create("bench", PoolSpec.builder(url).maxTotal(MAX_TOTAL).testOnBorrow(false)
                            .build());
                    closer = () -> {
                        pools.close();
                        registrar.close();
                    };
                }
                case "dbcp2" -> {
                    BasicDataSource dbcp2 = new BasicDataSource();
                    dbcp2.setUrl(url);
                    dbcp2.setMaxTotal(MAX_TOTAL);
                    dbcp2.setMaxIdle(MAX_TOTAL);
                    dbcp2.setTestOnBorrow(false);
                    dataSource = dbcp2;
                    closer = dbcp2;
                }
                case "hikari" -> {
                    HikariConfig config = new HikariConfig();
                    config.setJdbcUrl(url);
                    config.setMaximumPoolSize(MAX_TOTAL);
                    HikariDataSource hikari = new HikariDataSource(config);
                    dataSource = hikari;
                    closer = hikari;
                }
                default -> throw new IllegalArgumentException("variant must be trimtab, dbcp2 or hikari but was " + variant);
            }
            try (Connection warm = dataSource.getConnection()) {
                warm.isValid(1);
            }
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            closer.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Benchmark
    @Threads(1)
    public boolean borrowAndReturn1Thread(Pool pool) throws SQLException {
        return borrowAndReturn(pool.dataSource);
    }

    @Benchmark
    @Threads(2)
    public boolean borrowAndReturn2Threads(Pool pool) throws SQLException {
        return borrowAndReturn(pool.dataSource);
    }

    private static boolean borrowAndReturn(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getAutoCommit();
        }
    }
}
