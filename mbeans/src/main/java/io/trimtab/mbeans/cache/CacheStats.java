package io.trimtab.mbeans.cache;

import static io.trimtab.mbeans.Checks.requireArgument;

import java.time.Instant;
import java.util.Objects;

/**
 * An immutable snapshot of a cache's counters at one instant. Counters run from the cache's creation or its
 * last {@code resetStatistics}; {@link #minus(CacheStats)} gives the figures of the interval between two
 * snapshots, which is how a caller samples cheaply: keep the previous snapshot, subtract.
 *
 * @param at            when the snapshot was taken, by the runtime's clock
 * @param gets          lookups, {@code hits + misses}
 * @param hits          lookups that found a value
 * @param misses        lookups that found none
 * @param puts          values written
 * @param removals      entries removed by a caller; {@code clear()} is not counted per entry
 * @param evictions     entries dropped to respect the size bound
 * @param expirations   entries dropped because they expired
 * @param timedGets     lookups through the managed cache whose duration was measured: those that followed
 *                      a snapshot
 * @param timedGetNanos total duration of the timed lookups, in nanoseconds
 */
public record CacheStats(Instant at, long gets, long hits, long misses, long puts, long removals, long evictions,
                         long expirations, long timedGets, long timedGetNanos) {

    public CacheStats {
        Objects.requireNonNull(at, "at");
        requireNonNegative("gets", gets);
        requireNonNegative("hits", hits);
        requireNonNegative("misses", misses);
        requireNonNegative("puts", puts);
        requireNonNegative("removals", removals);
        requireNonNegative("evictions", evictions);
        requireNonNegative("expirations", expirations);
        requireNonNegative("timedGets", timedGets);
        requireNonNegative("timedGetNanos", timedGetNanos);
    }

    /** All counters zero. */
    public static CacheStats empty(Instant at) {
        return new CacheStats(at, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** {@code hits / gets}, from 0 to 1; 0 when there were no gets. */
    public double hitRatio() {
        return gets == 0 ? 0 : (double) hits / gets;
    }

    /** Mean duration of the timed lookups in microseconds; 0 when none was timed. */
    public double averageGetMicros() {
        return timedGets == 0 ? 0 : timedGetNanos / 1_000.0 / timedGets;
    }

    /**
     * The figures of the interval from {@code previous} to this snapshot. A counter that went down (statistics
     * were reset in between) gives 0 rather than a negative count.
     */
    public CacheStats minus(CacheStats previous) {
        return new CacheStats(at, sub(gets, previous.gets), sub(hits, previous.hits), sub(misses, previous.misses),
                sub(puts, previous.puts), sub(removals, previous.removals), sub(evictions, previous.evictions),
                sub(expirations, previous.expirations), sub(timedGets, previous.timedGets),
                sub(timedGetNanos, previous.timedGetNanos));
    }

    private static long sub(long a, long b) {
        return Math.max(0, a - b);
    }

    private static void requireNonNegative(String field, long value) {
        requireArgument(value >= 0, "%s must not be negative but was %d", field, value);
    }
}
