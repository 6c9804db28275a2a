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
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * One writer of small transactions (BEGIN IMMEDIATE, one insert, COMMIT) and reader threads selecting by key, over
 * a fresh SQLite file per measurement: the workload of {@link SqliteProfilesBenchmark} and {@link SqliteScenario}.
 * Readers run flat out (the workload: on two cores, three busy threads oversubscribe the CPU) or paced to a
 * fixed rate each, which leaves the writer a core of its own.
 *
 * <p>Diagnosed runs also record, for every write, the writer thread's CPU time and run-queue wait (Linux
 * {@code /proc/thread-self/schedstat}) and whether a checkpoint advanced or the WAL was rewound meanwhile (the
 * wal-index header in the {@code -shm} file), so the slowest writes can be attributed. That costs two reads of
 * small files per write, so headline figures come from undiagnosed runs.
 */
final class SqliteWorkload {

    static final int SEED_ROWS = 10_000;
    private static final String INSERT = "INSERT INTO t (k, payload) VALUES (?, ?)";
    /** Paced readers check their schedule after this many reads. */
    private static final int PACING_BATCH = 32;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The calling thread's CPU time, run-queue wait (ns) and time slices. */
    private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

    /** A variant: how its data source is made and how its writer runs one transaction. */
    interface Variant extends AutoCloseable {
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

    /**
     * Where the writes at or above the p99 spent their time, as fractions of them; null fields when not diagnosed.
     *
     * @param count             writes at or above the p99
     * @param mostlyRunnable    waited on the run queue for at least half of their time (ready, but no CPU free)
     * @param mostlyBlocked     neither on a CPU nor runnable for at least half of their time (I/O or a lock)
     * @param checkpointed      a checkpoint copied frames back while they ran (on this thread or another)
     * @param walRewound        the WAL was rewound while they ran
     * @param runQueueWaitShare the run-queue wait of all writes over their total time
     */
    record SlowWrites(int count, double mostlyRunnable, double mostlyBlocked, double checkpointed, double walRewound,
                      double runQueueWaitShare) {

        String describe() {
            return String.format(Locale.ROOT, "%d writes >= p99: %.0f%% mostly waiting for a CPU, %.0f%% mostly"
                            + " blocked, %.0f%% during a checkpoint, %.0f%% during a WAL rewind; all writes waited"
                            + " %.0f%% of their time for a CPU", count, 100 * mostlyRunnable, 100 * mostlyBlocked,
                    100 * checkpointed, 100 * walRewound, 100 * runQueueWaitShare);
        }
    }

    /**
     * @param writerCpuMicrosPerWrite the writer thread's CPU time per write: what the write rate is made of when the
     *                                CPU is oversubscribed, and little disturbed by other processes
     */
    record Result(double writesPerSecond, double readsPerSecond, long p50Micros, long p99Micros, long p999Micros,
                  double writerCpuMicrosPerWrite, long readErrors, long walBytes, SlowWrites slowWrites) {
    }

    private final Path dir;
    private final int readerThreads;
    private final int readsPerSecondEach;
    private final boolean diagnosed;

    /**
     * @param readsPerSecondEach 0 for readers that never pause, else each reader's fixed rate
     * @param diagnosed          whether to attribute the slow writes (costs two small file reads per write)
     */
    SqliteWorkload(Path dir, int readerThreads, int readsPerSecondEach, boolean diagnosed) {
        if (diagnosed && !canDiagnose()) {
            throw new IllegalStateException("diagnosing the writes needs Linux's " + SCHEDSTAT);
        }
        this.dir = dir;
        this.readerThreads = readerThreads;
        this.readsPerSecondEach = readsPerSecondEach;
        this.diagnosed = diagnosed;
    }

    /** Whether this machine shows a thread's run-queue wait, which diagnosed runs read. */
    static boolean canDiagnose() {
        return Files.isReadable(SCHEDSTAT);
    }

    /** A DBCP2 pool whose connections get these pragmas as driver properties; SQLite's automatic checkpoints. */
    static Variant plain(Map<String, String> pragmas) {
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

    /** A plain tuned setup: WAL, this {@code synchronous}, a busy timeout, temp store in memory, 16 MB of cache. */
    static Variant plainWal(String synchronous) {
        return plain(Map.of("journal_mode", "WAL", "synchronous", synchronous, "busy_timeout", "5000",
                "temp_store", "MEMORY", "cache_size", "-16000"));
    }

    /**
     * A database under Trimtab's management with this profile. Measured: through {@code dataSource()}, whose every
     * statement is timed; unmeasured: straight on the DBCP2 pool. With the write helper, transactions run through
     * {@code inWriteTransaction} (always measured), which the background checkpointer can hold back for a RESTART;
     * without it, as the other variants run them, so measured vs unmeasured shows what timing alone costs.
     */
    static Variant managed(ManagementContext context, Profile profile, boolean measured, boolean writeHelper) {
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

    /** One measurement on a fresh file: warm up, then count writes and reads and time every write. */
    Result measure(String name, Variant variant, long warmupNanos, long measureNanos) throws Exception {
        Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9]+", "-") + "-" + System.nanoTime() + ".db");
        DataSource dataSource = variant.open(file);
        seed(dataSource);
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
        SqlWork<Integer> insertOne = c -> {
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                insert.setInt(1, ThreadLocalRandom.current().nextInt());
                insert.setString(2, "a small row written by the benchmark");
                return insert.executeUpdate();
            }
        };
        WriteLog log = new WriteLog(diagnosed ? Path.of(file + "-shm") : null);
        long measured;
        long writerCpu;
        try {
            long warmupEnd = System.nanoTime() + warmupNanos;
            long end = warmupEnd + measureNanos;
            long measuringSince = 0;
            long cpuSince = 0;
            for (long now = System.nanoTime(); now < end; ) {
                variant.write(insertOne, dataSource);
                long done = System.nanoTime();
                if (done >= warmupEnd) {
                    if (!measuring.get()) {
                        measuring.set(true);
                        measuringSince = done;
                        cpuSince = THREADS.getCurrentThreadCpuTime();
                        log.observe(); // the baseline of the first measured write's diagnosis
                    } else {
                        log.add(done - now);
                    }
                }
                now = done;
            }
            measured = System.nanoTime() - measuringSince;
            writerCpu = THREADS.getCurrentThreadCpuTime() - cpuSince;
        } finally {
            stop.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
            log.close();
        }
        Path wal = Path.of(file + "-wal");
        long walBytes = Files.exists(wal) ? Files.size(wal) : 0;
        variant.close();
        double seconds = measured / 1e9;
        long[] sorted = Arrays.copyOf(log.latencies, log.size);
        Arrays.sort(sorted);
        long p99 = percentile(sorted, 0.99);
        return new Result(log.size / seconds, Arrays.stream(reads).sum() / seconds, percentile(sorted, 0.50) / 1_000,
                p99 / 1_000, percentile(sorted, 0.999) / 1_000, writerCpu / 1e3 / Math.max(1, log.size),
                Arrays.stream(readErrors).sum(), walBytes,
                diagnosed ? log.slowWrites(p99) : null);
    }

    /** One statement, so seeding costs milliseconds and no JDBC round trip per row. */
    private static void seed(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER NOT NULL, payload TEXT NOT NULL)");
            s.execute("INSERT INTO t (k, payload) WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n"
                    + " WHERE i < " + (SEED_ROWS - 1) + ") SELECT i, 'seed row ' || i FROM n");
        }
    }

    /**
     * One reader: selects by key until stopped. A read that fails (under the rollback journal, SQLITE_BUSY while the
     * writer commits, even when opening the connection or preparing the statement) counts as a failed read while
     * measuring, and the reader goes on with a fresh connection: a reader thread never dies of it.
     */
    private void read(DataSource dataSource, AtomicBoolean measuring, AtomicBoolean stop, long[] reads, long[] errors,
                      int reader) {
        long count = 0;
        long failed = 0;
        long issued = 0;
        long began = System.nanoTime();
        long nanosPerRead = readsPerSecondEach > 0 ? 1_000_000_000L / readsPerSecondEach : 0;
        while (!stop.get()) {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement select = c.prepareStatement("SELECT payload FROM t WHERE id = ?")) {
                while (!stop.get()) {
                    select.setInt(1, 1 + ThreadLocalRandom.current().nextInt(SEED_ROWS));
                    try (ResultSet rs = select.executeQuery()) {
                        rs.next();
                        count += measuring.get() ? 1 : 0;
                    } catch (SQLException e) {
                        failed += measuring.get() ? 1 : 0;
                    }
                    if (nanosPerRead > 0 && ++issued % PACING_BATCH == 0) {
                        long ahead = began + issued * nanosPerRead - System.nanoTime();
                        if (ahead > 0) {
                            LockSupport.parkNanos(ahead);
                        }
                    }
                }
            } catch (SQLException e) {
                failed += measuring.get() ? 1 : 0;
            }
        }
        reads[reader] = count;
        errors[reader] = failed;
    }

    /** Told of each measurement as it ends. */
    interface Progress {
        void measured(int round, String variant, Result result);
    }

    /** A context whose MBeans go to the platform MBeanServer, for the managed variants. */
    static ManagementContext context(Path dir) {
        return new ManagementContext("bench.sqlite", new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer()),
                new MetricRegistry(), dir, Clock.systemUTC());
    }

    /** Runs every variant once per round, a different one first each round so drift spreads evenly; the medians. */
    Map<String, Result> rounds(Map<String, Variant> variants, int rounds, long warmupNanos, long measureNanos,
                               Progress progress) throws Exception {
        Map<String, List<Result>> results = new LinkedHashMap<>();
        variants.keySet().forEach(name -> results.put(name, new ArrayList<>()));
        List<Map.Entry<String, Variant>> order = new ArrayList<>(variants.entrySet());
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, Variant> variant : order) {
                Result result = measure(variant.getKey(), variant.getValue(), warmupNanos, measureNanos);
                results.get(variant.getKey()).add(result);
                progress.measured(round, variant.getKey(), result);
            }
            Collections.rotate(order, -1);
        }
        Map<String, Result> medians = new LinkedHashMap<>();
        results.forEach((name, list) -> medians.put(name, median(list)));
        return medians;
    }

    /** The median of a variant's rounds, by write rate. */
    private static Result median(List<Result> rounds) {
        List<Result> byWrites = new ArrayList<>(rounds);
        byWrites.sort((a, b) -> Double.compare(a.writesPerSecond, b.writesPerSecond));
        return byWrites.get(byWrites.size() / 2);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    /**
     * The writer's latencies and, when diagnosed, what each write went through since the previous one: read on the
     * writer thread right after each write, so a write's figures also cover the few microseconds between writes.
     */
    private static final class WriteLog implements AutoCloseable {

        /** wal-index header (SQLite's WAL format): mxFrame, the salts that change on every rewind, nBackfill. */
        private static final int SALT_OFFSET = 32;
        private static final int BACKFILL_OFFSET = 96;
        private static final byte CHECKPOINTED = 1;
        private static final byte REWOUND = 2;

        private final Path shm;
        private long[] latencies = new long[1 << 16];
        private long[] cpu;
        private long[] runQueue;
        private byte[] events;
        private int size;
        private FileChannel schedstat;
        private FileChannel walIndex;
        private final ByteBuffer walHeader = ByteBuffer.allocate(BACKFILL_OFFSET + 4).order(ByteOrder.nativeOrder());
        private final ByteBuffer statLine = ByteBuffer.allocate(128);
        private long lastCpu;
        private long lastRunQueue;
        private long lastSalt;
        private int lastBackfill;
        private byte pending;

        WriteLog(Path shm) {
            this.shm = shm;
            if (shm != null) {
                cpu = new long[latencies.length];
                runQueue = new long[latencies.length];
                events = new byte[latencies.length];
            }
        }

        /** Reads the writer's scheduler figures and the wal-index; remembers what changed since the last call. */
        void observe() throws IOException {
            if (shm == null) {
                return;
            }
            if (schedstat == null) {
                schedstat = FileChannel.open(SCHEDSTAT, StandardOpenOption.READ);
                walIndex = Files.exists(shm) ? FileChannel.open(shm, StandardOpenOption.READ) : null;
            }
            statLine.clear();
            schedstat.read(statLine, 0);
            String[] fields = new String(statLine.array(), 0, statLine.position(), StandardCharsets.US_ASCII).trim()
                    .split(" ");
            lastCpu = Long.parseLong(fields[0]);
            lastRunQueue = Long.parseLong(fields[1]);
            pending = 0;
            if (walIndex != null) {
                walHeader.clear();
                walIndex.read(walHeader, 0);
                long salt = walHeader.getLong(SALT_OFFSET);
                int backfill = walHeader.getInt(BACKFILL_OFFSET);
                if (salt != lastSalt) {
                    pending |= REWOUND;
                }
                if (backfill > lastBackfill) {
                    pending |= CHECKPOINTED;
                }
                lastSalt = salt;
                lastBackfill = backfill;
            }
        }

        void add(long latencyNanos) throws IOException {
            if (size == latencies.length) {
                latencies = Arrays.copyOf(latencies, size * 2);
                if (shm != null) {
                    cpu = Arrays.copyOf(cpu, size * 2);
                    runQueue = Arrays.copyOf(runQueue, size * 2);
                    events = Arrays.copyOf(events, size * 2);
                }
            }
            latencies[size] = latencyNanos;
            if (shm != null) {
                long cpuBefore = lastCpu;
                long runQueueBefore = lastRunQueue;
                observe();
                cpu[size] = lastCpu - cpuBefore;
                runQueue[size] = lastRunQueue - runQueueBefore;
                events[size] = pending;
            }
            size++;
        }

        SlowWrites slowWrites(long p99Nanos) {
            int count = 0;
            int runnable = 0;
            int blocked = 0;
            int checkpointed = 0;
            int rewound = 0;
            long totalLatency = 0;
            long totalRunQueue = 0;
            for (int i = 0; i < size; i++) {
                totalLatency += latencies[i];
                totalRunQueue += runQueue[i];
                if (latencies[i] < p99Nanos) {
                    continue;
                }
                count++;
                // The scheduler figures also cover the bookkeeping between writes, hence the bound at the latency.
                long waiting = Math.min(runQueue[i], latencies[i]);
                long offCpu = latencies[i] - Math.min(latencies[i], cpu[i] + waiting);
                runnable += 2 * waiting >= latencies[i] ? 1 : 0;
                blocked += 2 * offCpu >= latencies[i] ? 1 : 0;
                checkpointed += (events[i] & CHECKPOINTED) != 0 ? 1 : 0;
                rewound += (events[i] & REWOUND) != 0 ? 1 : 0;
            }
            double n = Math.max(1, count);
            return new SlowWrites(count, runnable / n, blocked / n, checkpointed / n, rewound / n,
                    totalRunQueue / (double) Math.max(1, totalLatency));
        }

        @Override
        public void close() throws IOException {
            if (schedstat != null) {
                schedstat.close();
            }
            if (walIndex != null) {
                walIndex.close();
            }
        }
    }
}
