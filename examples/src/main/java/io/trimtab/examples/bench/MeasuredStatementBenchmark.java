package io.trimtab.examples.bench;

import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import io.trimtab.mbeans.sqlite.DatabaseDefaults;
import io.trimtab.mbeans.sqlite.Databases;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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

/**
 * What the query statistics cost one statement: a select by key on a managed database, straight on its pool
 * ({@code pool()}) and through its measured {@code dataSource()}, side by side. {@code borrowPrepareSelect} is one
 * request's pattern (borrow, prepare, bind, run, read, close); {@code select} re-runs one prepared statement.
 *
 * <pre>{@code java -jar examples/target/trimtab-bench.jar MeasuredStatementBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MeasuredStatementBenchmark {

    private static final int ROWS = 10_000;
    private static final String SELECT = "SELECT payload FROM t WHERE id = ?";

    @Param({"pool", "dataSource"})
    String through;

    private Path dir;
    private Databases databases;
    private DataSource dataSource;
    private Connection held;
    private PreparedStatement prepared;
    private int key;

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
        dir = Files.createTempDirectory("trimtab-bench-measured");
        ManagementContext context = new ManagementContext("bench.measured",
                new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer()), new MetricRegistry(), dir,
                Clock.systemUTC());
        databases = new Databases(context, new DatabaseDefaults(16_000, false));
        ManagedDatabase database = databases.open("measured", dir.resolve("measured.db"), Profile.SAFE_WAL);
        database.inWriteTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (payload) VALUES (?)")) {
                for (int i = 0; i < ROWS; i++) {
                    insert.setString(1, "row " + i);
                    insert.executeUpdate();
                }
            }
            return null;
        });
        dataSource = through.equals("pool") ? database.pool() : database.dataSource();
        held = dataSource.getConnection();
        prepared = held.prepareStatement(SELECT);
    }

    @Benchmark
    public String borrowPrepareSelect() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(SELECT)) {
            select.setInt(1, nextKey());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Benchmark
    public String select() throws SQLException {
        prepared.setInt(1, nextKey());
        try (ResultSet rs = prepared.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private int nextKey() {
        key = key == ROWS ? 1 : key + 1;
        return key;
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException, IOException {
        prepared.close();
        held.close();
        databases.close();
        TempDirs.delete(dir);
    }
}
