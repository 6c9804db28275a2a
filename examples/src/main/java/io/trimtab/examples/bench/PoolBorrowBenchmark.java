package io.trimtab.examples.bench;

import com.codahale.metrics.MetricRegistry;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import io.trimtab.mbeans.pool.Pools;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
 * measured) beside a bare DBCP2 pool of the same settings and HikariCP. All three hold up to 8 connections, wait
 * up to 30 s for one and do not check a connection on borrow, so the difference is the pool's own work.
 *
 * <p>The {@code sideBySide} groups run managed and bare DBCP2 threads at the same time, each pool over its own
 * file, so that on a shared, busy machine both see the same interference and their ratio stays meaningful
 * when separate runs drift.
 *
 * <pre>java -jar examples/target/trimtab-bench.jar jmh PoolBorrowBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PoolBorrowBenchmark {

    private static final int MAX_TOTAL = 8;
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /** A pool and what closes it. */
    private record OpenPool(DataSource dataSource, AutoCloseable closer) {
    }

    @State(Scope.Benchmark)
    public static class Pool {

        @Param({"trimtab", "dbcp2", "hikari"})
        String variant;

        DataSource dataSource;
        private Path dir;
        private OpenPool open;

        @Setup(Level.Trial)
        public void open() throws IOException, SQLException {
            dir = Files.createTempDirectory("pool-bench");
            String url = "jdbc:sqlite:" + dir.resolve("bench.db");
            open = switch (variant) {
                case "trimtab" -> managed(url);
                case "dbcp2" -> dbcp2(url);
                case "hikari" -> hikari(url);
                default -> throw new IllegalArgumentException("variant must be trimtab, dbcp2 or hikari but was " + variant);
            };
            dataSource = warm(open);
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            open.closer().close();
            delete(dir);
        }
    }

    /** A managed pool and a bare DBCP2 pool of the same settings, each over its own file. */
    @State(Scope.Benchmark)
    public static class SideBySide {

        DataSource managed;
        DataSource dbcp2;
        private Path dir;
        private OpenPool openManaged;
        private OpenPool openDbcp2;

        @Setup(Level.Trial)
        public void open() throws IOException, SQLException {
            dir = Files.createTempDirectory("pool-bench");
            openManaged = managed("jdbc:sqlite:" + dir.resolve("managed.db"));
            openDbcp2 = dbcp2("jdbc:sqlite:" + dir.resolve("dbcp2.db"));
            managed = warm(openManaged);
            dbcp2 = warm(openDbcp2);
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            openManaged.closer().close();
            openDbcp2.closer().close();
            delete(dir);
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

    @Benchmark
    @Group("sideBySide")
    @GroupThreads(1)
    public boolean sideBySideManaged(SideBySide pools) throws SQLException {
        return borrowAndReturn(pools.managed);
    }

    @Benchmark
    @Group("sideBySide")
    @GroupThreads(1)
    public boolean sideBySideDbcp2(SideBySide pools) throws SQLException {
        return borrowAndReturn(pools.dbcp2);
    }

    @Benchmark
    @Group("sideBySide2Threads")
    @GroupThreads(2)
    public boolean sideBySide2ThreadsManaged(SideBySide pools) throws SQLException {
        return borrowAndReturn(pools.managed);
    }

    @Benchmark
    @Group("sideBySide2Threads")
    @GroupThreads(2)
    public boolean sideBySide2ThreadsDbcp2(SideBySide pools) throws SQLException {
        return borrowAndReturn(pools.dbcp2);
    }

    private static boolean borrowAndReturn(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getAutoCommit();
        }
    }

    /**
     * A DBCP2 pool of the same settings as {@link #dbcp2}, adopted by a managed pool: the difference is Trimtab's
     * own work alone. No runtime's scheduler and optimizer work beside the benchmark.
     */
    private static OpenPool managed(String url) {
        BasicDataSource dbcp2 = basicDataSource(url);
        MBeanRegistrar registrar = new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer());
        Pools pools = new Pools(new ManagementContext("bench.pool", registrar, new MetricRegistry(),
                Path.of(System.getProperty("java.io.tmpdir")), Clock.systemUTC()));
        DataSource managed = pools.adopt("bench", dbcp2);
        return new OpenPool(managed, () -> {
            pools.close();
            registrar.close();
            dbcp2.close();
        });
    }

    private static OpenPool dbcp2(String url) {
        BasicDataSource dbcp2 = basicDataSource(url);
        return new OpenPool(dbcp2, dbcp2);
    }

    /** Settings as a managed pool's defaults: a finite wait for a connection, no check on borrow. */
    private static BasicDataSource basicDataSource(String url) {
        BasicDataSource dbcp2 = new BasicDataSource();
        dbcp2.setUrl(url);
        dbcp2.setMaxTotal(MAX_TOTAL);
        dbcp2.setMaxIdle(MAX_TOTAL);
        dbcp2.setMaxWait(MAX_WAIT);
        dbcp2.setTestOnBorrow(false);
        return dbcp2;
    }

    private static OpenPool hikari(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(MAX_TOTAL);
        config.setConnectionTimeout(MAX_WAIT.toMillis());
        HikariDataSource hikari = new HikariDataSource(config);
        return new OpenPool(hikari, hikari);
    }

    /** Opens a first connection so that neither pool pays for it during the measurement. */
    private static DataSource warm(OpenPool pool) throws SQLException {
        try (Connection warm = pool.dataSource().getConnection()) {
            warm.isValid(1);
        }
        return pool.dataSource();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
