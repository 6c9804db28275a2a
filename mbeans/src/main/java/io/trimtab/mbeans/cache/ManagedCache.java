package io.trimtab.mbeans.cache;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.ehcache.Cache;

/**
 * An Ehcache 3 cache that Trimtab watches and may resize: the hot-path operations, a memoizing loader, the
 * live knobs and the statistics. Anything else goes through {@link #unwrap()}; Ehcache counts those calls
 * in the statistics too.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface ManagedCache<K, V> {

    /** The cache's name: its Ehcache alias and the {@code name} of its MBean. */
    String name();

    Class<K> keyType();

    Class<V> valueType();

    /** Whether this cache belongs to a CacheManager Trimtab adopted rather than created. */
    boolean adopted();

    /** The value for {@code key}, or {@code null}. */
    V get(K key);

    void put(K key, V value);

    /**
     * The cached value for {@code key}, else the loader's value, cached and returned. Concurrent misses on one
     * key run the loader once and all get its result. If the loader throws, nothing is cached and every
     * caller waiting on that load gets the same exception. A {@code null} result is returned and not cached;
     * to cache absence, give the cache an {@code Optional} value type and load {@code Optional.empty()}.
     */
    V getOrLoad(K key, Function<? super K, ? extends V> loader);

    /** {@code function}, memoized through this cache by {@link #getOrLoad}. */
    Function<K, V> memoize(Function<? super K, ? extends V> function);

    /** Removes {@code key}; returns whether it was cached. */
    boolean invalidate(K key);

    /**
     * Removes every entry whose key matches {@code glob}: {@code *} matches any run of characters, {@code ?}
     * one character, {@code \} makes the next character literal. Needs String keys; scans the cache.
     *
     * @return how many entries were removed
     * @throws IllegalArgumentException if the glob is empty or ends in a lone {@code \}
     * @throws IllegalStateException    if the keys are not Strings
     */
    long invalidateMatching(String glob);

    /** Removes every entry. */
    void clear();

    /**
     * Entries in the cache now: the largest count a tier knows (the off-heap tier's when there is one; the heap's for a
     * clustered cache, whose server does not report its count).
     */
    long size();

    /**
     * When the entry for {@code key} expires: empty if it is not cached, {@link Instant#MAX} if it never
     * expires. Reads the entry without touching it (a time-to-idle entry keeps its expiry); scans the cache,
     * so it is meant for an operator, not the hot path.
     */
    Optional<Instant> expiresAt(K key);

    /** The heap size in entries now in effect; -1 if the heap is sized in bytes. */
    long maxEntries();

    /** The smallest heap size {@link #resize} accepts. */
    long minEntriesBound();

    /** The largest heap size {@link #resize} accepts. */
    long maxEntriesBound();

    /**
     * Sets the heap size; when it shrinks, entries are evicted at once down to the new bound, least recently
     * used first (by Ehcache's sampling). Returns the size now in effect.
     *
     * @throws IllegalArgumentException if {@code maxEntries} is outside the bounds
     * @throws IllegalStateException    if the heap is sized in bytes (an adopted cache)
     */
    long resize(long maxEntries);

    /** Time to live now in effect, {@link Duration#ZERO} for never; empty for an adopted cache. */
    Optional<Duration> timeToLive();

    /**
     * Sets the time to live ({@code ZERO}: never) and returns the value in effect. Applies to entries written
     * from now on; entries already cached keep the expiry computed when they were written.
     *
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException    if the cache expires by idleness or is adopted (Ehcache fixed its expiry)
     */
    Duration timeToLive(Duration timeToLive);

    /** Time to idle now in effect, {@link Duration#ZERO} for never; empty for an adopted cache. */
    Optional<Duration> timeToIdle();

    /**
     * Sets the time to idle ({@code ZERO}: never) and returns the value in effect. Applies to entries written
     * from now on and to cached entries at their next read.
     *
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException    if the cache expires by age or is adopted (Ehcache fixed its expiry)
     */
    Duration timeToIdle(Duration timeToIdle);

    /**
     * The counters now; cheap enough to call every second. Each call also has the next 64 lookups through
     * {@link #get} timed, so the average get time follows whoever watches and costs nothing otherwise.
     */
    CacheStats stats();

    /**
     * Hit ratio over about the last minute, 0 when there were no gets. Computed against a small ring of
     * snapshots that this call and {@link #sample()} fill, at most one per five seconds: the interval starts
     * at the newest snapshot at least a minute old, or at the oldest one kept while the cache is younger or
     * rarely asked.
     */
    double recentHitRatio();

    /** Records a snapshot in the recent-window ring and returns it; a scheduler may call it periodically. */
    CacheStats sample();

    /** Sets every counter back to zero. */
    void resetStatistics();

    /** The counters of each tier, the fastest first: OnHeap, then OffHeap and Clustered where the cache has them. */
    List<TierStats> tiers();

    /** The clustered tier as Ehcache holds it; empty without one. */
    Optional<CacheSpec.ClusteredTier> clusteredTier();

    /** The cluster of the clustered tier; empty for a cache without one in Trimtab's own cache manager. */
    Optional<URI> clusterUri();

    /** Where the cache stands with its cluster, after a look at the connection; NOT_CLUSTERED without a cluster. */
    ClusterState clusterState();

    /** When {@link #clusterState()} last changed, or the caches connected; empty without a cluster. */
    Optional<Instant> clusterStateSince();

    /** Losses of the cluster seen since the runtime's caches connected to it; 0 for a cache without one. */
    long clusterLosses();

    /**
     * Asks Ehcache to give the clustered tier {@code megabytes} of its own, which Ehcache refuses while the cache runs
     * ("Updating CLUSTERED resource is not supported"): the refusal comes back as an exception naming the tier, and
     * nothing changes. Change the tier by creating the cache anew with another {@link CacheSpec}.
     *
     * @throws IllegalArgumentException if {@code megabytes} is below 1
     * @throws IllegalStateException    with Ehcache's refusal, or if the cache has no clustered tier
     */
    void resizeClusteredTier(long megabytes);

    /**
     * The hit ratio this cache would have had at {@code entries} on the traffic seen lately, from miniature caches fed a
     * hashed sample of its key stream; empty while too few lookups were sampled, or for a heap sized in bytes.
     *
     * @throws IllegalArgumentException if {@code entries} is outside the cache's entry bounds, naming them
     */
    OptionalDouble predictHitRatio(long entries);

    /** The predicted hit ratio at sizes across the entry bounds; empty for a heap sized in bytes. */
    Optional<MissRatioCurve> missRatioCurve();

    /** The Ehcache cache underneath. */
    Cache<K, V> unwrap();
}
