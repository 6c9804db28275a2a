package io.trimtab.mbeans.cache;

import java.time.Instant;

/**
 * The counters of one tier of a cache, as Ehcache's statistics hold them. A lookup that a tier cannot answer is a
 * miss there and goes on to the tier below: the heap tier's misses are the clustered tier's lookups.
 *
 * @param tier        Ehcache's name for it: {@code OnHeap}, {@code OffHeap} or {@code Clustered}
 * @param hits        lookups this tier answered
 * @param misses      lookups it could not answer
 * @param puts        values written to it
 * @param removals    entries removed from it
 * @param evictions   entries it dropped to respect its size
 * @param expirations entries it dropped because they expired
 * @param mappings    entries it holds now; -1 where Ehcache does not know (the clustered tier's count is the server's)
 */
public record TierStats(String tier, long hits, long misses, long puts, long removals, long evictions,
                        long expirations, long mappings) {

    public static final String ON_HEAP = "OnHeap";
    public static final String CLUSTERED = "Clustered";

    /** This tier's figures as a cache's statistics, to sample the tier as a cache (gets are its hits + misses). */
    public CacheStats asCacheStats(Instant at) {
        return new CacheStats(at, hits + misses, hits, misses, puts, removals, evictions, expirations, 0, 0);
    }
}
