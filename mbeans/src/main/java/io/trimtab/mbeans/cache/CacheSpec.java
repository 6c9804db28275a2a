package io.trimtab.mbeans.cache;

import static io.trimtab.mbeans.Checks.requireArgument;
import static io.trimtab.mbeans.Checks.requireState;

import java.time.Duration;
import java.util.Objects;

/**
 * How Trimtab creates a cache: its heap size in entries, an optional off-heap tier, how entries expire, and
 * the bounds within which its heap may be resized while the server runs.
 *
 * <pre>{@code
 * CacheSpec spec = CacheSpec.builder().heapEntries(10_000).timeToLive(Duration.ofMinutes(5))
 *         .entryBounds(1_000, 50_000).build();
 * }</pre>
 *
 * @param heapEntries  entries the heap tier holds at creation
 * @param offHeapBytes size of the off-heap tier in bytes, {@code 0} for none; it cannot change later
 * @param timeToLive   entries expire this long after they were written; {@link Duration#ZERO} for never
 * @param timeToIdle   entries expire this long after they were last read or written; {@link Duration#ZERO}
 *                     for never. Ehcache keeps one expiry per entry, so at most one of the two is non-zero.
 * @param minEntries   the smallest heap size a resize may set
 * @param maxEntries   the largest heap size a resize may set
 */
public record CacheSpec(long heapEntries, long offHeapBytes, Duration timeToLive, Duration timeToIdle,
                        long minEntries, long maxEntries) {

    public CacheSpec {
        Objects.requireNonNull(timeToLive, "timeToLive");
        Objects.requireNonNull(timeToIdle, "timeToIdle");
        requireArgument(heapEntries >= 1, "heapEntries must be at least 1 but was %d", heapEntries);
        requireArgument(offHeapBytes >= 0, "offHeapBytes must be 0 (none) or more but was %d", offHeapBytes);
        requireArgument(!timeToLive.isNegative(), "timeToLive must not be negative but was %s", timeToLive);
        requireArgument(!timeToIdle.isNegative(), "timeToIdle must not be negative but was %s", timeToIdle);
        requireState(timeToLive.isZero() || timeToIdle.isZero(),
                "timeToLive (%s) and timeToIdle (%s) cannot be combined: Ehcache keeps one expiry per entry",
                timeToLive, timeToIdle);
        requireArgument(minEntries >= 1, "minEntries must be at least 1 but was %d", minEntries);
        requireArgument(maxEntries >= minEntries, "maxEntries must be at least minEntries %d but was %d",
                minEntries, maxEntries);
        requireArgument(heapEntries >= minEntries && heapEntries <= maxEntries,
                "heapEntries must be between minEntries %d and maxEntries %d but was %d",
                minEntries, maxEntries, heapEntries);
    }

    /** A builder; {@code heapEntries} is required, everything else has a default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Entries expire by age, by idleness, or not at all. */
    public boolean expiresByIdleness() {
        return !timeToIdle.isZero();
    }

    /** Builds a {@link CacheSpec}; every setter's value is checked by {@link #build()}. */
    public static final class Builder {
        private long heapEntries = -1;
        private long offHeapBytes;
        private Duration timeToLive = Duration.ZERO;
        private Duration timeToIdle = Duration.ZERO;
        private long minEntries = 1;
        private long maxEntries = -1;

        private Builder() {
        }

        /** Entries the heap tier holds at creation (required). */
        public Builder heapEntries(long heapEntries) {
            this.heapEntries = heapEntries;
            return this;
        }

        /** An off-heap tier of this many bytes below the heap (default none). Its size is fixed at creation. */
        public Builder offHeapBytes(long offHeapBytes) {
            this.offHeapBytes = offHeapBytes;
            return this;
        }

        /** Expire entries this long after they were written (default never). Adjustable at run time. */
        public Builder timeToLive(Duration timeToLive) {
            this.timeToLive = timeToLive;
            return this;
        }

        /** Expire entries this long after their last read or write (default never). Adjustable at run time. */
        public Builder timeToIdle(Duration timeToIdle) {
            this.timeToIdle = timeToIdle;
            return this;
        }

        /**
         * The bounds of the heap size at run time (default: from 1 up to {@code heapEntries}, so a cache can
         * shrink but never grow past what was asked for).
         */
        public Builder entryBounds(long minEntries, long maxEntries) {
            this.minEntries = minEntries;
            this.maxEntries = maxEntries;
            return this;
        }

        /**
         * @throws IllegalArgumentException if a value is out of range, naming it and its limit
         * @throws IllegalStateException    if heapEntries is missing or TTL and TTI are both set
         */
        public CacheSpec build() {
            requireState(heapEntries != -1, "heapEntries is required");
            return new CacheSpec(heapEntries, offHeapBytes, timeToLive, timeToIdle, minEntries,
                    maxEntries == -1 ? Math.max(heapEntries, minEntries) : maxEntries);
        }
    }
}
