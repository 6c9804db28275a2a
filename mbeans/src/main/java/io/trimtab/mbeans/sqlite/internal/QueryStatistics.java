package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.QueryStats;
import io.trimtab.mbeans.sqlite.SlowQuery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Statistics of every statement timed through the database's data source, grouped by fingerprint. The hot path
 * is a lookup by statement text, a few adders and one slot of a ring; percentiles are computed only when asked.
 * The first execution of each fingerprint is kept as a sample (text and parameters) for the index advisor.
 */
final class QueryStatistics {

    static final int MAX_FINGERPRINTS = 1_000;
    static final int SLOW_LOG_SIZE = 100;
    private static final int RING = 256;
    private static final List<String> TRANSACTION_CONTROL =
            List.of("begin", "commit", "end", "rollback", "savepoint", "release");

    /** The first execution of a fingerprint, replayable by the advisor. */
    record Sample(String sql, Object[] parameters) {
    }

    static final class Entry {
        final String id;
        final String normalized;
        final Sample sample;
        final LongAdder calls = new LongAdder();
        final LongAdder totalNanos = new LongAdder();
        final LongAdder rows = new LongAdder();
        final LongAdder rowsRead = new LongAdder();
        final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
        final AtomicLongArray recent = new AtomicLongArray(RING);
        final AtomicInteger next = new AtomicInteger();

        Entry(String normalized, Sample sample) {
            this.id = Fingerprints.id(normalized);
            this.normalized = normalized;
            this.sample = sample;
        }

        void record(long nanos, long changedRows, long readRows) {
            calls.increment();
            totalNanos.add(nanos);
            if (changedRows > 0) {
                rows.add(changedRows);
            }
            if (readRows > 0) {
                rowsRead.add(readRows);
            }
            maxNanos.accumulate(nanos);
            // The first executions fill the ring in order; later ones replace a random slot, so threads running
            // the same statement do not all bump one shared counter.
            int slot = next.get() < RING ? next.getAndIncrement() : RING;
            recent.set(slot < RING ? slot : ThreadLocalRandom.current().nextInt(RING), nanos);
        }

        QueryStats snapshot() {
            long count = calls.sum();
            long total = totalNanos.sum();
            int filled = (int) Math.min(count, RING);
            long[] latest = new long[filled];
            for (int i = 0; i < filled; i++) {
                latest[i] = recent.get(i);
            }
            Arrays.sort(latest);
            long p95 = filled == 0 ? 0 : latest[Math.min(filled - 1, (int) Math.ceil(filled * 0.95) - 1)];
            return new QueryStats(id, normalized, count, total / 1e6, count == 0 ? 0 : total / count / 1_000,
                    maxNanos.get() / 1_000, p95 / 1_000, rows.sum(), rowsRead.sum());
        }
    }

    /** Where the texts of transaction control point: known, and not tracked. */
    private static final Entry TRANSACTION_CONTROL_ENTRY = new Entry("", new Sample("", new Object[0]));
    /** Where texts point whose fingerprint came after {@link #MAX_FINGERPRINTS} others: known, counted as untracked. */
    private static final Entry OVER_LIMIT_ENTRY = new Entry("", new Sample("", new Object[0]));

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Statement text as the application sent it to its entry: the hot path's one lookup. */
    private final Map<String, Entry> byText = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<SlowQuery> slow = new ConcurrentLinkedDeque<>();
    private final AtomicInteger slowCount = new AtomicInteger();
    private final AtomicLong slowThresholdNanos = new AtomicLong(100_000_000L);
    private final LongAdder untracked = new LongAdder();
    private final Clock clock;

    QueryStatistics(Clock clock) {
        this.clock = clock;
    }

    /** Whether {@code sql} has been seen: tracked, or known not to be (transaction control). */
    boolean knows(String sql) {
        return byText.containsKey(sql);
    }

    /**
     * Records one execution of {@code sql} that took {@code nanos} (a query: until its rows were exhausted or
     * closed), returned {@code result} (an update count, batch counts, or anything else for no count) and stepped
     * {@code rowsRead} rows. {@code parameters}, if given, are those it ran with: they make the sample of a
     * fingerprint seen for the first time.
     */
    void record(String sql, Object[] parameters, long nanos, Object result, long rowsRead) {
        if (sql == null) {
            return;
        }
        Entry entry = byText.get(sql);
        if (entry == null) {
            entry = entryFor(sql, parameters);
        }
        if (entry == OVER_LIMIT_ENTRY) {
            untracked.increment();
            return;
        }
        if (entry == TRANSACTION_CONTROL_ENTRY) {
            return;
        }
        entry.record(nanos, changedRows(result), rowsRead);
        if (nanos >= slowThresholdNanos.get()) {
            slow.addLast(new SlowQuery(entry.id, entry.normalized, nanos / 1_000, clock.instant().toString()));
            if (slowCount.incrementAndGet() > SLOW_LOG_SIZE && slow.pollFirst() != null) {
                slowCount.decrementAndGet();
            }
        }
    }

    private Entry entryFor(String sql, Object[] parameters) {
        if (isTransactionControl(sql)) {
            remember(sql, TRANSACTION_CONTROL_ENTRY);
            return TRANSACTION_CONTROL_ENTRY;
        }
        String normalized = Fingerprints.fold(sql);
        Entry entry = entries.get(normalized);
        if (entry == null) {
            if (entries.size() >= MAX_FINGERPRINTS) {
                remember(sql, OVER_LIMIT_ENTRY);
                return OVER_LIMIT_ENTRY;
            }
            Object[] values = parameters == null ? new Object[0] : parameters.clone();
            entry = entries.computeIfAbsent(normalized, n -> new Entry(n, new Sample(sql, values)));
        }
        remember(sql, entry);
        return entry;
    }

    private void remember(String sql, Entry entry) {
        if (byText.size() < MAX_FINGERPRINTS * 10) {
            byText.put(sql, entry);
        }
    }

    private static boolean isTransactionControl(String sql) {
        String start = sql.stripLeading();
        for (String keyword : TRANSACTION_CONTROL) {
            if (start.regionMatches(true, 0, keyword, 0, keyword.length())
                    && (start.length() == keyword.length() || !Character.isLetterOrDigit(start.charAt(keyword.length())))) {
                return true;
            }
        }
        return false;
    }

    /** The {@code n} fingerprints with the most total time (a query's until its rows were read), most first. */
    List<QueryStats> top(int n) {
        List<QueryStats> all = new ArrayList<>();
        entries.values().forEach(entry -> all.add(entry.snapshot()));
        all.sort(Comparator.comparingDouble(QueryStats::totalMillis).reversed());
        return all.subList(0, Math.min(n, all.size()));
    }

    /**
     * Rows changed by the tracked statements since open: the update counts that {@code executeUpdate} and
     * {@code executeBatch} returned (a plain {@code execute} returns no count and adds nothing).
     */
    long changedRows() {
        long sum = 0;
        for (Entry entry : entries.values()) {
            sum += entry.rows.sum();
        }
        return sum;
    }

    /** Executions of the tracked statements since open: what {@link #top} counts as calls, over every fingerprint. */
    long executions() {
        long sum = 0;
        for (Entry entry : entries.values()) {
            sum += entry.calls.sum();
        }
        return sum;
    }

    /** Summed time of those executions in nanoseconds. */
    long executionNanos() {
        long sum = 0;
        for (Entry entry : entries.values()) {
            sum += entry.totalNanos.sum();
        }
        return sum;
    }

    /**
     * The 99th percentile over the recent executions of every fingerprint together (up to {@value #RING} each, in
     * nanoseconds), 0 if none ran. Each fingerprint contributes at most its ring, so a rarely run statement weighs
     * more than its share of calls, and a ring follows recent executions only once it is full.
     */
    long p99Nanos() {
        int filled = 0;
        for (Entry entry : entries.values()) {
            filled += (int) Math.min(entry.calls.sum(), RING);
        }
        long[] all = new long[filled];
        int n = 0;
        for (Entry entry : entries.values()) {
            int count = (int) Math.min(entry.calls.sum(), RING);
            for (int i = 0; i < count && n < all.length; i++) {
                all[n++] = entry.recent.get(i);
            }
        }
        if (n == 0) {
            return 0;
        }
        return select(all, n, Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1));
    }

    /** The {@code k}-th smallest of the first {@code n} values (reordering them): a selection, cheaper than a sort. */
    static long select(long[] values, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            long pivot = values[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long swap = values[i];
                    values[i++] = values[j];
                    values[j--] = swap;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return values[k];
            }
        }
        return values[k];
    }

    Entry entry(String fingerprint) {
        for (Entry entry : entries.values()) {
            if (entry.id.equals(fingerprint)) {
                return entry;
            }
        }
        return null;
    }

    List<SlowQuery> slowQueries() {
        return List.copyOf(slow);
    }

    long slowThresholdMillis() {
        return slowThresholdNanos.get() / 1_000_000;
    }

    void slowThresholdMillis(long millis) {
        slowThresholdNanos.set(millis * 1_000_000);
    }

    /** Executions not counted because {@link #MAX_FINGERPRINTS} distinct statements were already tracked. */
    long untracked() {
        return untracked.sum();
    }

    private static long changedRows(Object result) {
        if (result instanceof Integer) {
            return Math.max(0, (Integer) result);
        }
        if (result instanceof Long) {
            return Math.max(0, (Long) result);
        }
        if (result instanceof int[]) {
            return Arrays.stream((int[]) result).filter(r -> r > 0).sum();
        }
        if (result instanceof long[]) {
            return Arrays.stream((long[]) result).filter(r -> r > 0).sum();
        }
        return 0;
    }
}
