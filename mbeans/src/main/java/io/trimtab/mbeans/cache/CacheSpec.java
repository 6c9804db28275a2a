package io.trimtab.mbeans.cache;

import static io.trimtab.mbeans.Checks.requireArgument;
import static io.trimtab.mbeans.Checks.requireState;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How Trimtab creates a cache: its heap size in entries, an optional off-heap tier, an optional clustered tier on
 * the runtime's Terracotta server, how entries expire, and the bounds within which its heap may be resized while
 * the server runs.
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
 * @param clustered    the tier on the cluster ({@code caches.cluster.uri}) below the others, {@code null} for none;
 *                     it cannot change later
 */
public record CacheSpec(long heapEntries, long offHeapBytes, Duration timeToLive, Duration timeToIdle,
                        long minEntries, long maxEntries, ClusteredTier clustered) {

    /**
     * A clustered tier: either {@code megabytes} of its own on one of the server's off-heap resources, or a share of
     * a pool that several caches use ({@code caches.cluster.sharedPools}).
     *
     * @param megabytes   the dedicated size, 0 for a shared pool
     * @param resource    the server's off-heap resource of a dedicated tier, {@code null} for the cluster's default
     *                    ({@code caches.cluster.defaultResource}); {@code null} for a shared pool
     * @param sharedPool  the shared pool's name, {@code null} for a dedicated tier
     */
    public record ClusteredTier(long megabytes, String resource, String sharedPool) {
        public ClusteredTier {
            if (sharedPool != null) {
                CacheCluster.requireName("sharedPool", sharedPool);
                requireArgument(megabytes == 0 && resource == null,
                        "a shared clustered tier takes its size and resource from pool '%s': give no megabytes (was %d)"
                                + " or resource (was %s)", sharedPool, megabytes, resource);
            } else {
                requireArgument(megabytes >= 1, "a dedicated clustered tier needs at least 1 MB but was %d", megabytes);
                if (resource != null) {
                    CacheCluster.requireName("the clustered tier's server resource", resource);
                }
            }
        }

        /** {@code megabytes} of its own on the cluster's default off-heap resource. */
        public static ClusteredTier dedicated(long megabytes) {
            return new ClusteredTier(megabytes, null, null);
        }

        /** {@code megabytes} of its own on the server's off-heap resource {@code resource}. */
        public static ClusteredTier dedicated(String resource, long megabytes) {
            return new ClusteredTier(megabytes, Objects.requireNonNull(resource, "resource"), null);
        }

        /** A share of the cluster's pool {@code pool}. */
        public static ClusteredTier shared(String pool) {
            return new ClusteredTier(0, null, Objects.requireNonNull(pool, "pool"));
        }

        @Override
        public String toString() {
            return sharedPool != null ? "shared pool '" + sharedPool + "'"
                    : megabytes + " MB dedicated on " + (resource == null ? "the default resource" : "'" + resource + "'");
        }
    }

    /** A cache without a clustered tier. */
    public CacheSpec(long heapEntries, long offHeapBytes, Duration timeToLive, Duration timeToIdle, long minEntries,
                     long maxEntries) {
        this(heapEntries, offHeapBytes, timeToLive, timeToIdle, minEntries, maxEntries, null);
    }

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

    /** Whether the cache has a tier on the cluster. */
    public boolean isClustered() {
        return clustered != null;
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
        private Supplier<ClusteredTier> clustered = () -> null;

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
         * A clustered tier of {@code megabytes} of its own on the cluster's default off-heap resource. Its size is
         * fixed at creation; the heap in front of it stays resizable.
         */
        public Builder clusteredDedicated(long megabytes) {
            this.clustered = () -> ClusteredTier.dedicated(megabytes);
            return this;
        }

        /** A clustered tier of {@code megabytes} of its own on the server's off-heap resource {@code resource}. */
        public Builder clusteredDedicated(String resource, long megabytes) {
            this.clustered = () -> ClusteredTier.dedicated(resource, megabytes);
            return this;
        }

        /** A clustered tier in the cluster's shared pool {@code pool} ({@code caches.cluster.sharedPools}). */
        public Builder clusteredShared(String pool) {
            this.clustered = () -> ClusteredTier.shared(pool);
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
                    maxEntries == -1 ? Math.max(heapEntries, minEntries) : maxEntries, clustered.get());
        }
    }
}
