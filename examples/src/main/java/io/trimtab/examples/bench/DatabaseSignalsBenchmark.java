package io.trimtab.examples.bench;

import io.trimtab.Trimtab;
import io.trimtab.mbeans.optimizer.SignalWindow;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
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
 * What the sampler pays to read one database signal, each signal side by side, on a real database with 10,000
 * rows and 50 query fingerprints. {@code fullScanQueries} is the cached count (the advisor is asked once a minute).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DatabaseSignalsBenchmark {

    @Param({"walBytes", "freelistRatio", "secondsSinceOptimize", "writesSinceOptimize", "queryP99Millis",
            "fullScanQueries"})
    String signal;

    private Path dir;
    private Trimtab trimtab;
    private DoubleSupplier reader;

    @Setup(Level.Trial)
    public void start() throws IOException, SQLException {
        dir = Files.createTempDirectory("trimtab-bench-dbsignals");
        trimtab = Trimtab.builder().name("bench-dbsignals").jmxDomain("bench.dbsignals").dataDir(dir)
                .jolokiaEnabled(false).setting("jobs.sampling", "1h").start();
        ManagedDatabase db = trimtab.databases().open("bench", Path.of("bench.db"), Profile.SAFE_WAL);
        db.inWriteTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER, v TEXT)");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
                for (int i = 0; i < 10_000; i++) {
                    insert.setInt(1, i % 100);
                    insert.setString(2, "value " + i);
                    insert.executeUpdate();
                }
            }
            return null;
        });
        try (Connection c = db.dataSource().getConnection()) {
            for (int shape = 0; shape < 50; shape++) {
                for (int i = 0; i < 300; i++) {
                    // The alias makes each shape a fingerprint of its own.
                    try (PreparedStatement query = c.prepareStatement("SELECT count(*) AS c" + shape + " FROM t WHERE id > ?")) {
                        query.setInt(1, 9_990 - i);
                        try (ResultSet rs = query.executeQuery()) {
                            rs.next();
                        }
                    }
                }
            }
        }
        SignalWindow window = trimtab.optimizer().signals().window("db.bench." + signal).orElseThrow();
        reader = window.signal().supplier();
        reader.getAsDouble();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        trimtab.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public double read() {
        return reader.getAsDouble();
    }
}
