package io.trimtab.examples.bench;

import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import io.trimtab.mbeans.sqlite.DatabaseDefaults;
import io.trimtab.mbeans.sqlite.Databases;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import io.trimtab.mbeans.sqlite.SqlWork;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * One writer of small transactions (BEGIN IMMEDIATE, one insert, COMMIT) and two readers (or {@code --readers N}) selecting by key, over
 * SQLite through DBCP2: the driver's defaults, plain WAL setups, and Trimtab's profiles side by side in one run.
 * A workload driver rather than JMH, because the figures that matter are throughput under contention and the
 * writer's tail latency.
 *
 * <pre>{@code java -cp examples/target/trimtab-bench.jar io.trimtab.examples.bench.SqliteProfilesBenchmark --seconds 3}</pre>
 */
public final class SqliteProfilesBenchmark {

    private static final int SEED_ROWS = 10_000;
    private static final String INSERT = "INSERT INTO t (k, payload) VALUES (?, ?)";

    /** A variant: how its data source is made and how its writer runs one transaction. */
    private interface Variant extends AutoCloseable {
        DataSource open(Path file) throws SQLException;

        /** Closes what {@link #open} opened. */
        @Override
        void close() throws SQLException;

        default void write(SqlWork<Integer> work, DataSource dataSource) throws SQLException {
            try (Connection c = dataSource.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("BEGIN IMMEDIATE");
                }
                work.run(c);
                try (Statement s = c.createStatement()) {
                    s.execute("COMMIT");
                }
            }
        }
    }

    private record Result(double writesPerSecond, double readsPerSecond, long p50Micros, long p99Micros,
                          long readErrors, long walBytes) {
    }

    private final Path dir;
    private final int readerThreads;
    private final ManagementContext context;

    private SqliteProfilesBenchmark(Path dir, int readerThreads) {
        this.dir = dir;
        this.readerThreads = readerThreads;
        this.context = new ManagementContext("bench.sqlite",
                new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer()), new MetricRegistry(), dir,
                Clock.systemUTC());
    }

    public static void main(String[] args) throws Exception {
        int seconds = 3;
        int rounds = 1;
        int readers = 2;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--readers")) {
                readers = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("usage: SqliteProfilesBenchmark [--seconds N] [--rounds N] [--readers N]");
            }
        }
        Path dir = Files.createTempDirectory("sqlite-profiles");
        SqliteProfilesBenchmark benchmark = new SqliteProfilesBenchmark(dir, readers);
        try {
            benchmark.run(seconds, rounds);
        } finally {
            deleteQuietly(dir);
        }
    }

    private void run(int seconds, int rounds) throws Exception {
        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("driver default (DELETE, FULL)", plain(Map.of()));
        variants.put("plain WAL + NORMAL", plain(Map.of("journal_mode", "WAL", "synchronous", "NORMAL",
                "busy_timeout", "5000", "temp_store", "MEMORY", "cache_size", "-16000")));
        variants.put("plain WAL + OFF (unsafe ceiling)", plain(Map.of("journal_mode", "WAL", "synchronous", "OFF",
                "busy_timeout", "5000", "temp_store", "MEMORY", "cache_size", "-16000")));
        for (Profile profile : Profile.values()) {
            variants.put("trimtab " + profile.id(), managed(profile, true, true));
        }
        variants.put("trimtab safe-wal, dataSource() measured", managed(Profile.SAFE_WAL, true, false));
        variants.put("trimtab safe-wal, pool() unmeasured", managed(Profile.SAFE_WAL, false, false));
        Map<String, List<Result>> results = new LinkedHashMap<>();
        variants.keySet().forEach(name -> results.put(name, new ArrayList<>()));
        List<Map.Entry<String, Variant>> order = new ArrayList<>(variants.entrySet());
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, Variant> variant : order) {
                Result result = measure(variant.getKey(), variant.getValue(), seconds);
                results.get(variant.getKey()).add(result);
                System.out.printf(Locale.ROOT, "round %d  %-36s %9.0f writes/s %12.0f reads/s  p50 %6d us  p99 %6d us"
                                + "  WAL %,d bytes%s%n", round, variant.getKey(), result.writesPerSecond,
                        result.readsPerSecond, result.p50Micros, result.p99Micros, result.walBytes,
                        result.readErrors > 0 ? "  (" + result.readErrors + " reads failed busy)" : "");
            }
            Collections.rotate(order, -1); // another variant goes first each round, so drift spreads evenly
        }
        report(results, seconds, rounds);
    }

    private Result measure(String name, Variant variant, int seconds) throws Exception {
        Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9]+", "-") + "-" + System.nanoTime() + ".db");
        DataSource dataSource = variant.open(file);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER NOT NULL, payload TEXT NOT NULL)");
            s.execute("BEGIN");
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                for (int i = 0; i < SEED_ROWS; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "seed row " + i);
                    insert.executeUpdate();
                }
            }
            s.execute("COMMIT");
        }
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        long[] reads = new long[readerThreads];
        long[] readErrors = new long[readerThreads];
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < readerThreads; r++) {
            int reader = r;
            Thread thread = new Thread(() -> read(dataSource, measuring, stop, reads, readErrors, reader), "reader-" + r);
            thread.start();
            readers.add(thread);
        }
        long[] latencies = new long[1 << 16];
        int writes = 0;
        long warmupEnd = System.nanoTime() + 1_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        SqlWork<Integer> insertOne = c -> {
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                insert.setInt(1, ThreadLocalRandom.current().nextInt());
                insert.setString(2, "a small row written by the benchmark");
                return insert.executeUpdate();
            }
        };
        for (long now = System.nanoTime(); now < end; ) {
            variant.write(insertOne, dataSource);
            long done = System.nanoTime();
            if (done >= warmupEnd) {
                if (!measuring.get()) {
                    measuring.set(true);
                } else {
                    if (writes == latencies.length) {
                        latencies = Arrays.copyOf(latencies, writes * 2);
                    }
                    latencies[writes++] = done - now;
                }
            }
            now = done;
        }
        stop.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        Path wal = Path.of(file + "-wal");
        long walBytes = Files.exists(wal) ? Files.size(wal) : 0;
        variant.close();
        long[] sorted = Arrays.copyOf(latencies, writes);
        Arrays.sort(sorted);
        return new Result(writes / (double) seconds, Arrays.stream(reads).sum() / (double) seconds,
                percentile(sorted, 0.50) / 1_000, percentile(sorted, 0.99) / 1_000, Arrays.stream(readErrors).sum(),
                walBytes);
    }

    private static void read(DataSource dataSource, AtomicBoolean measuring, AtomicBoolean stop, long[] reads,
                             long[] errors, int reader) {
        long count = 0;
        long failed = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT payload FROM t WHERE id = ?")) {
            while (!stop.get()) {
                select.setInt(1, 1 + ThreadLocalRandom.current().nextInt(SEED_ROWS));
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    if (measuring.get()) {
                        count++;
                    }
                } catch (SQLException e) {
                    failed++;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        reads[reader] = count;
        errors[reader] = failed;
    }

    private void report(Map<String, List<Result>> results, int seconds, int rounds) {
        Map<String, Result> medians = new LinkedHashMap<>();
        results.forEach((name, list) -> medians.put(name, median(list)));
        Result base = medians.get("driver default (DELETE, FULL)");
        Result walNormal = medians.get("plain WAL + NORMAL");
        Result ceiling = medians.get("plain WAL + OFF (unsafe ceiling)");
        System.out.printf(Locale.ROOT, "%n%d round(s) of %d s, medians; one writer (BEGIN IMMEDIATE + 1 insert), %d"
                + " reader(s) by key%n", rounds, seconds, readerThreads);
        System.out.printf(Locale.ROOT, "| variant | writes/s | reads/s | writer p50/p99 us | writes vs default | reads vs default"
                + " | writes vs WAL+OFF | p99 vs WAL+NORMAL |%n|---|---|---|---|---|---|---|---|%n");
        medians.forEach((name, r) -> System.out.printf(Locale.ROOT,
                "| %s | %,.0f | %,.0f | %d / %d | %.1fx | %,.0fx | %.2f | %.2f |%n", name, r.writesPerSecond,
                r.readsPerSecond, r.p50Micros, r.p99Micros, r.writesPerSecond / base.writesPerSecond,
                r.readsPerSecond / Math.max(1, base.readsPerSecond), r.writesPerSecond / ceiling.writesPerSecond,
                r.p99Micros / (double) walNormal.p99Micros));
    }

    private static Result median(List<Result> list) {
        List<Result> byWrites = new ArrayList<>(list);
        byWrites.sort((a, b) -> Double.compare(a.writesPerSecond, b.writesPerSecond));
        return byWrites.get(byWrites.size() / 2);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    /** A DBCP2 pool whose connections get these pragmas as driver properties, automatic checkpoints as SQLite has them. */
    private static Variant plain(Map<String, String> pragmas) {
        return new Variant() {
            private BasicDataSource pool;

            @Override
            public DataSource open(Path file) {
                pool = new BasicDataSource();
                pool.setUrl("jdbc:sqlite:" + file);
                pragmas.forEach(pool::addConnectionProperty);
                pool.setMaxTotal(8);
                pool.setTestOnBorrow(false);
                return pool;
            }

            @Override
            public void close() throws SQLException {
                pool.close();
            }
        };
    }

    /**
     * A database under Trimtab's management with this profile. Measured: through {@code dataSource()}, whose every
     * statement is timed; unmeasured: straight on the DBCP2 pool. With the write helper, transactions run through
     * {@code inWriteTransaction} (always measured), which the background checkpointer can hold back for a RESTART;
     * without it, as the other variants run them, so measured vs unmeasured shows what timing alone costs.
     */
    private Variant managed(Profile profile, boolean measured, boolean writeHelper) {
        return new Variant() {
            private Databases databases;
            private ManagedDatabase database;

            @Override
            public DataSource open(Path file) {
                databases = new Databases(context, new DatabaseDefaults(16_000, true));
                database = databases.open("bench-" + profile.id(), file, profile);
                return measured ? database.dataSource() : database.pool();
            }

            @Override
            public void write(SqlWork<Integer> work, DataSource dataSource) throws SQLException {
                if (writeHelper) {
                    database.inWriteTransaction(work);
                } else {
                    Variant.super.write(work, dataSource);
                }
            }

            @Override
            public void close() {
                databases.close();
            }
        };
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory; the OS cleans it up eventually
        }
    }
}
