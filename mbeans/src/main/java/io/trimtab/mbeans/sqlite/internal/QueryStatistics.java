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
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;

/**
 * Times every statement run through the database's data source and groups them by fingerprint. The hot path
 * is a cached fingerprint lookup, a few adders and one slot of a ring; percentiles are computed only when asked.
 * The first execution of each fingerprint is kept as a sample (text and parameters) for the index advisor.
 */
final class QueryStatistics implements QueryExecutionListener {

    static final int MAX_FINGERPRINTS = 1_000;
    static final int SLOW_LOG_SIZE = 100;
    private static final String STARTED = "trimtab.started";
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
        final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
        final AtomicLongArray recent = new AtomicLongArray(RING);
        final AtomicInteger next = new AtomicInteger();

        Entry(String normalized, Sample sample) {
            this.id = Fingerprints.id(normalized);
            this.normalized = normalized;
            this.sample = sample;
        }

        void record(long nanos, long changedRows) {
            calls.increment();
            totalNanos.add(nanos);
            rows.add(changedRows);
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
                    maxNanos.get() / 1_000, p95 / 1_000, rows.sum());
        }
    }

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

    @Override
    public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {
        execution.addCustomValue(STARTED, System.nanoTime());
    }

    @Override
    public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
        Long started = execution.getCustomValue(STARTED, Long.class);
        if (started == null || queries.isEmpty()) {
            return;
        }
        long nanos = System.nanoTime() - started;
        QueryInfo query = queries.get(0);
        String sql = query.getQuery();
        Entry entry = sql == null ? null : byText.get(sql);
        if (entry == null) {
            if (sql == null || isTransactionControl(sql)) {
                return;
            }
            entry = entryFor(sql, query);
            if (entry == null) {
                untracked.increment();
                return;
            }
        }
        entry.record(nanos, changedRows(execution.getResult()));
        if (nanos >= slowThresholdNanos.get()) {
            slow.addLast(new SlowQuery(entry.id, entry.normalized, nanos / 1_000, clock.instant().toString()));
            if (slowCount.incrementAndGet() > SLOW_LOG_SIZE && slow.pollFirst() != null) {
                slowCount.decrementAndGet();
            }
        }
    }

    private Entry entryFor(String sql, QueryInfo query) {
        String normalized = Fingerprints.fold(sql);
        Entry entry = entries.get(normalized);
        if (entry == null) {
            if (entries.size() >= MAX_FINGERPRINTS) {
                return null;
            }
            entry = entries.computeIfAbsent(normalized, n -> new Entry(n, new Sample(sql, parameters(query))));
        }
        if (byText.size() < MAX_FINGERPRINTS * 10) {
            byText.put(sql, entry);
        }
        return entry;
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

    /** The {@code n} fingerprints with the most total time, most first. */
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
        return 0;
    }

    private static Object[] parameters(QueryInfo query) {
        if (query.getParametersList().isEmpty()) {
            return new Object[0];
        }
        List<ParameterSetOperation> operations = query.getParametersList().get(0);
        int count = 0;
        for (ParameterSetOperation operation : operations) {
            Object[] args = operation.getArgs();
            if (args.length >= 2 && args[0] instanceof Integer) {
                count = Math.max(count, (Integer) args[0]);
            }
        }
        Object[] values = new Object[count];
        for (ParameterSetOperation operation : operations) {
            Object[] args = operation.getArgs();
            if (args.length >= 2 && args[0] instanceof Integer) {
                values[(Integer) args[0] - 1] = ParameterSetOperation.isSetNullParameterOperation(operation) ? null : args[1];
            }
        }
        return values;
    }
}
