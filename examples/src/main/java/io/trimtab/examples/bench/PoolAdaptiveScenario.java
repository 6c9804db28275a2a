package io.trimtab.examples.bench;

import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import io.trimtab.mbeans.pool.ManagedPool;
import io.trimtab.mbeans.pool.PoolSignals;
import io.trimtab.mbeans.pool.PoolSpec;
import io.trimtab.mbeans.pool.Pools;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code pool-adaptive}: a managed DBCP2 pool of 2 connections serves 2 clients, then the load steps up to 16
 * clients. Throughput with the optimizer in auto mode (the built-in rules, the runtime's default schedule on a
 * {@link SteppingClock}) against the best static pool size, found by sweeping the sizes the pool may take in
 * the same run, and the optimizer cycles it took after the step to come within 95 % of it (the steady state, the
 * mean of the last two cycles, says whether it stayed there).
 *
 * <p>Each request borrows a connection, reads a row from a real SQLite file and holds the connection a further
 * {@value #ROUND_TRIP_MICROS} µs, as a round trip to a remote database would: that wait is what makes pool size
 * matter. A local SQLite read alone is CPU-bound, so on a small machine a pool larger than the cores would not
 * serve more; and SQLite's single writer would make a write load indifferent to pool size.
 */
final class PoolAdaptiveScenario implements Scenario {

    private static final int LIGHT_CLIENTS = 2;
    private static final int HEAVY_CLIENTS = 16;
    private static final int START_SIZE = 2;
    private static final int MAX_SIZE = 32;
    private static final int[] STATIC_SIZES = {2, 4, 8, 12, 16, 24, 32};
    private static final int[] STATIC_SIZES_QUICK = {2, 4, 8, 16, 32};
    private static final long ROUND_TRIP_MICROS = 4_000;
    private static final int ROWS = 1_000;
    private static final double GOAL_FRACTION = 0.95;
    private static final int GOAL_CYCLES = 2;

    @Override
    public String name() {
        return "pool-adaptive";
    }

    @Override
    public String description() {
        return "load steps from 2 to 16 clients: throughput with the optimizer vs the best static pool size, and cycles taken";
    }

    @Override
    public void run(RunLength length, Report report) throws Exception {
        // Real time per sample: a cycle of optimizer time (30 samples) takes 30 of these.
        long sampleMillis = length.pick(4, 40);
        int cycles = length.pick(5, 10);
        Path dir = Files.createTempDirectory("trimtab-bench-pool");
        Path file = dir.resolve("orders.db");
        createTable(file);
        MBeanRegistrar registrar = new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer());
        // The pool's own figures (borrow rate, sizing advice) run on real time; only the optimizer's clock steps.
        ManagementContext context = new ManagementContext("bench.pooladaptive", registrar, new MetricRegistry(), dir,
                Clock.systemUTC());
        try (Pools pools = new Pools(context)) {
            ManagedPool pool = pools.create("orders", PoolSpec.builder("jdbc:sqlite:" + file).maxTotal(START_SIZE)
                    .resizeBounds(1, MAX_SIZE).maxWait(Duration.ofSeconds(30)).build());
            try (Clients clients = new Clients(pool, HEAVY_CLIENTS)) {
                long period = sampleMillis * CompressedOptimizer.SAMPLES_PER_CYCLE;
                clients.active(HEAVY_CLIENTS);
                double best = 0;
                int bestSize = 0;
                StringBuilder sweep = new StringBuilder();
                for (int size : length == RunLength.QUICK ? STATIC_SIZES_QUICK : STATIC_SIZES) {
                    pool.control().resize(size);
                    Thread.sleep(period / 4); // connections open, clients settle
                    double throughput = clients.measure(period);
                    sweep.append(String.format(Locale.ROOT, " %d:%.0f", size, throughput));
                    if (throughput > best) {
                        best = throughput;
                        bestSize = size;
                    }
                }
                report.detail("static sweep, 16 clients, requests/s by maxTotal:%s; best %d", sweep, bestSize);

                clients.active(0);
                clients.drain(0);
                Adaptation builtIn = adapt(context, file, sampleMillis, cycles);
                clients.active(HEAVY_CLIENTS);
                // The best size again after the adaptive runs, so that drift on a busy machine hits both sides.
                pool.control().resize(bestSize);
                Thread.sleep(period / 4);
                double bestAgain = clients.measure(period);
                double bestStatic = (best + bestAgain) / 2;
                report.detail("best static %d: %.0f requests/s (%.0f before, %.0f after); ideal %d clients / %.1f ms = %.0f",
                        bestSize, bestStatic, best, bestAgain, HEAVY_CLIENTS, ROUND_TRIP_MICROS / 1000.0,
                        HEAVY_CLIENTS * 1e6 / ROUND_TRIP_MICROS);
                builtIn.report(report, "built-in rules", "pool-adaptive", bestStatic);
            }
        } finally {
            registrar.close();
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * A fresh pool of the start size and a fresh optimizer: one cycle at the light load, then the step to the heavy
     * load and {@code cycles} cycles. The pool is not the sweep's: its acquire times decay over minutes of real time,
     * many cycles of the stepping clock, and would carry the sweep's waits into the light load.
     */
    private static Adaptation adapt(ManagementContext context, Path file, long sampleMillis, int cycles) throws Exception {
        double[] throughput = new double[cycles];
        int[] sizes = new int[cycles];
        try (CompressedOptimizer optimizer = new CompressedOptimizer("bench.pooladaptive.optimizer", 64L << 20);
             Pools pools = new Pools(context)) {
            Pools.Listener binding = PoolSignals.listener(optimizer.optimizer.signals());
            pools.addListener(binding);
            ManagedPool pool = pools.create("adaptive", PoolSpec.builder("jdbc:sqlite:" + file).maxTotal(START_SIZE)
                    .resizeBounds(1, MAX_SIZE).maxWait(Duration.ofSeconds(30)).build());
            try (Clients clients = new Clients(pool, HEAVY_CLIENTS)) {
                clients.active(LIGHT_CLIENTS);
                runCycle(optimizer, clients, sampleMillis); // a full window at the light load
                clients.active(HEAVY_CLIENTS);
                for (int i = 0; i < cycles; i++) {
                    // Period i runs at the size the first i cycles after the step left.
                    sizes[i] = pool.control().getMaxConnections();
                    throughput[i] = runCycle(optimizer, clients, sampleMillis);
                }
            } finally {
                pools.removeListener(binding);
                PoolSignals.unbind(pool, optimizer.optimizer.signals());
            }
            return new Adaptation(throughput, sizes, optimizer.changes(), optimizer.verdicts());
        }
    }

    /** What one adaptive run saw, period by period after the step. */
    private record Adaptation(double[] throughput, int[] sizes, List<String> changes, List<String> verdicts) {

        void report(Report report, String label, String figure, double bestStatic) {
            int first = -1;
            int stayed = -1;
            StringBuilder trace = new StringBuilder();
            for (int i = 0; i < throughput.length; i++) {
                trace.append(String.format(Locale.ROOT, " %d:%d/%.0f", i, sizes[i], throughput[i]));
                if (first < 0 && throughput[i] >= GOAL_FRACTION * bestStatic) {
                    first = i;
                }
            }
            for (int i = throughput.length - 1; i >= 0 && throughput[i] >= GOAL_FRACTION * bestStatic; i--) {
                stayed = i;
            }
            int steadyPeriods = 2;
            double steady = 0;
            for (int i = throughput.length - steadyPeriods; i < throughput.length; i++) {
                steady += throughput[i] / steadyPeriods;
            }
            report.detail("%s, by cycles after the step: maxTotal/requests/s:%s; steady state %.0f (last %d periods)",
                    label, trace, steady, steadyPeriods);
            report.detail("%s: %s", label, changes.isEmpty() ? "no change" : String.join("; ", changes));
            verdicts.forEach(v -> report.detail("%s, verdict: %s", label, v));
            report.detail("%s: first cycle within %.0f %% of the best static size: %s; within it from then on: %s", label,
                    GOAL_FRACTION * 100, first < 0 ? "none" : first, stayed < 0 ? "none" : stayed);
            report.result(figure, steady / bestStatic, "ratio", Report.Goal.atLeast(GOAL_FRACTION));
            report.result(figure + "-cycles", first < 0 ? Double.POSITIVE_INFINITY : first, "cycles",
                    Report.Goal.atMost(GOAL_CYCLES));
        }
    }

    /** One cycle's worth of samples at the current load, then the cycle; returns the period's requests/s. */
    private static double runCycle(CompressedOptimizer optimizer, Clients clients, long sampleMillis) throws InterruptedException {
        long before = clients.completed();
        long start = System.nanoTime();
        for (int s = 0; s < CompressedOptimizer.SAMPLES_PER_CYCLE; s++) {
            Thread.sleep(sampleMillis);
            optimizer.sample();
        }
        double throughput = (clients.completed() - before) / ((System.nanoTime() - start) / 1e9);
        optimizer.runCycle();
        return throughput;
    }

    private static void createTable(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO orders (id, total) VALUES (?, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    insert.setInt(1, i);
                    insert.setInt(2, i * 7);
                    insert.executeUpdate();
                }
            }
            c.commit();
        }
    }

    /** Client threads in a closed loop, of which the first {@code active} send requests. */
    private static final class Clients implements AutoCloseable {
        private final ManagedPool pool;
        private final List<Thread> threads = new ArrayList<>();
        private final LongAdder completed = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private volatile int active;
        private volatile boolean running = true;

        Clients(ManagedPool pool, int count) {
            this.pool = pool;
            for (int i = 0; i < count; i++) {
                int index = i;
                Thread thread = new Thread(() -> loop(index), "pool-adaptive-client-" + i);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        void active(int count) {
            active = count;
        }

        long completed() {
            return completed.sum();
        }

        /** Waits until no more than {@code count} connections are lent and nobody waits: the load has come down. */
        void drain(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (pool.control().getActive() > count || pool.control().getWaiters() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the clients did not come down to " + count + " connections");
                }
                Thread.sleep(1);
            }
        }

        /** Requests per second over {@code millis}. */
        double measure(long millis) throws InterruptedException {
            long before = completed();
            long start = System.nanoTime();
            Thread.sleep(millis);
            return (completed() - before) / ((System.nanoTime() - start) / 1e9);
        }

        private void loop(int index) {
            while (running) {
                if (index >= active) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    continue;
                }
                try (Connection c = pool.getConnection();
                     PreparedStatement select = c.prepareStatement("SELECT total FROM orders WHERE id = ?")) {
                    select.setInt(1, ThreadLocalRandom.current().nextInt(ROWS));
                    try (ResultSet rs = select.executeQuery()) {
                        rs.next();
                    }
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ROUND_TRIP_MICROS));
                    completed.increment();
                } catch (SQLException e) {
                    failed.increment();
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
            if (failed.sum() > 0) {
                throw new IllegalStateException(failed.sum() + " requests failed");
            }
        }
    }
}
