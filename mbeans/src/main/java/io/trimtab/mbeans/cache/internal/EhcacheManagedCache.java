package io.trimtab.mbeans.cache.internal;

import static io.trimtab.mbeans.Checks.requireArgument;
import static io.trimtab.mbeans.Checks.requireState;

import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.CacheStats;
import io.trimtab.mbeans.cache.ClusterState;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.cache.MissRatioCurve;
import io.trimtab.mbeans.cache.TierStats;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.ehcache.Cache;
import org.ehcache.config.ResourcePool;
import org.ehcache.config.ResourceType;
import org.ehcache.config.SizedResourcePool;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.core.statistics.CacheStatistics;
import org.ehcache.core.statistics.TierStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link ManagedCache} over an Ehcache 3 cache, its Ehcache statistics and, if Trimtab created it, its expiry. */
public final class EhcacheManagedCache<K, V> implements ManagedCache<K, V> {

    private static final Logger LOG = LoggerFactory.getLogger(EhcacheManagedCache.class);
    private static final List<String> TIER_ORDER = List.of(TierStats.ON_HEAP, "OffHeap", "Disk", TierStats.CLUSTERED);

    private final String name;
    private final Cache<K, V> cache;
    private final Class<K> keyType;
    private final Class<V> valueType;
    private final boolean adopted;
    private final CacheStatistics statistics;
    private final AdjustableExpiry expiry;
    private final long minEntries;
    private final long maxEntriesBound;
    private final Clock clock;
    private final GetTimer timer = new GetTimer();
    private final SingleFlight<K, V> flights = new SingleFlight<>();
    private final RecentWindow window;
    /** Null for a heap sized in bytes, which has no size in entries to predict at. */
    private final MissRatioSampler ghost;
    /** Null for a cache without a clustered tier in Trimtab's own cache manager. */
    private final ClusterWatch cluster;

    /**
     * @param expiry  the cache's policy if it can be adjusted, {@code null} if the cache has a policy of its own
     * @param cluster the connection of the cache's clustered tier, {@code null} without one
     */
    public EhcacheManagedCache(String name, Cache<K, V> cache, Class<K> keyType, Class<V> valueType, boolean adopted,
                               CacheStatistics statistics, AdjustableExpiry expiry, long minEntries,
                               long maxEntriesBound, Clock clock, ClusterWatch cluster) {
        this.name = name;
        this.cache = cache;
        this.keyType = keyType;
        this.valueType = valueType;
        this.adopted = adopted;
        this.statistics = statistics;
        this.expiry = expiry;
        this.minEntries = minEntries;
        this.maxEntriesBound = maxEntriesBound;
        this.clock = clock;
        this.cluster = cluster;
        this.window = new RecentWindow(stats());
        this.ghost = maxEntries() > 0 ? new MissRatioSampler(minEntries, maxEntriesBound) : null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Class<K> keyType() {
        return keyType;
    }

    @Override
    public Class<V> valueType() {
        return valueType;
    }

    @Override
    public boolean adopted() {
        return adopted;
    }

    @Override
    public V get(K key) {
        if (ghost != null) {
            ghost.offer(key);
        }
        return timer.armed() ? timedGet(key) : cache.get(key);
    }

    /** Kept out of {@link #get} so that the hot path stays small enough to inline. */
    private V timedGet(K key) {
        long start = System.nanoTime();
        V value = cache.get(key);
        timer.record(System.nanoTime() - start);
        return value;
    }

    @Override
    public void put(K key, V value) {
        cache.put(key, value);
    }

    @Override
    public V getOrLoad(K key, Function<? super K, ? extends V> loader) {
        V value = get(key);
        return value != null ? value : flights.load(key, cache, loader);
    }

    @Override
    public Function<K, V> memoize(Function<? super K, ? extends V> function) {
        return key -> getOrLoad(key, function);
    }

    @Override
    public boolean invalidate(K key) {
        boolean cached = cache.containsKey(key);
        cache.remove(key);
        return cached;
    }

    @Override
    public long invalidateMatching(String glob) {
        Pattern pattern = Glob.compile(glob);
        requireState(keyType == String.class, "cache '%s' has %s keys; invalidateMatching needs String keys",
                name, keyType.getSimpleName());
        List<K> matching = EhcacheInternals.keys(cache, key -> pattern.matcher((String) key).matches());
        matching.forEach(cache::remove);
        LOG.info("Cache '{}': invalidated {} entries matching '{}'", name, matching.size(), glob);
        return matching.size();
    }

    @Override
    public void clear() {
        cache.clear();
        LOG.info("Cache '{}' cleared", name);
    }

    @Override
    public long size() {
        return statistics.getTierStatistics().values().stream().mapToLong(TierStatistics::getMappings).max().orElse(0);
    }

    @Override
    public Optional<Instant> expiresAt(K key) {
        return EhcacheInternals.expiresAt(cache, key);
    }

    @Override
    public long maxEntries() {
        SizedResourcePool heap = heapPool();
        return heap != null && heap.getUnit() instanceof EntryUnit ? heap.getSize() : -1;
    }

    @Override
    public OptionalDouble predictHitRatio(long entries) {
        requireArgument(entries >= minEntries && entries <= maxEntriesBound,
                "entries must be within the cache's entry bounds [%d, %d] but was %d", minEntries, maxEntriesBound, entries);
        return ghost == null ? OptionalDouble.empty() : ghost.hitRatioAt(entries);
    }

    @Override
    public Optional<MissRatioCurve> missRatioCurve() {
        return ghost == null ? Optional.empty() : Optional.of(ghost.curve());
    }

    @Override
    public long minEntriesBound() {
        return minEntries;
    }

    @Override
    public long maxEntriesBound() {
        return maxEntriesBound;
    }

    @Override
    public synchronized long resize(long maxEntries) {
        long before = maxEntries();
        requireState(before != -1, "cache '%s' has no heap tier sized in entries: it cannot be resized by entries",
                name);
        requireArgument(maxEntries >= minEntries && maxEntries <= maxEntriesBound,
                "maxEntries must be between %d and %d but was %d", minEntries, maxEntriesBound, maxEntries);
        cache.getRuntimeConfiguration().updateResourcePools(
                ResourcePoolsBuilder.newResourcePoolsBuilder().heap(maxEntries, EntryUnit.ENTRIES).build());
        long now = maxEntries();
        EhcacheInternals.evictToCapacity(cache, now, this::size);
        LOG.info("Cache '{}' resized from {} to {} entries", name, before, now);
        return now;
    }

    @Override
    public Optional<Duration> timeToLive() {
        return expiry == null ? Optional.empty() : Optional.of(expiry.byIdleness() ? Duration.ZERO : expiry.duration());
    }

    @Override
    public Duration timeToLive(Duration timeToLive) {
        return adjustExpiry(false, timeToLive);
    }

    @Override
    public Optional<Duration> timeToIdle() {
        return expiry == null ? Optional.empty() : Optional.of(expiry.byIdleness() ? expiry.duration() : Duration.ZERO);
    }

    @Override
    public Duration timeToIdle(Duration timeToIdle) {
        return adjustExpiry(true, timeToIdle);
    }

    private synchronized Duration adjustExpiry(boolean byIdleness, Duration duration) {
        String knob = byIdleness ? "timeToIdle" : "timeToLive";
        requireArgument(duration != null && !duration.isNegative(), "%s must not be negative but was %s",
                knob, duration);
        requireState(expiry != null, "cache '%s' was adopted with its own ExpiryPolicy, which Ehcache fixes at creation:"
                + " its %s cannot change", name, knob);
        requireState(expiry.byIdleness() == byIdleness, "cache '%s' expires entries by %s: set its %s instead",
                name, expiry.byIdleness() ? "idleness" : "age", expiry.byIdleness() ? "timeToIdle" : "timeToLive");
        Duration before = expiry.duration();
        expiry.duration(duration);
        LOG.info("Cache '{}': {} changed from {} to {}", name, knob, before, expiry.duration());
        return expiry.duration();
    }

    @Override
    public CacheStats stats() {
        if (ghost != null) {
            ghost.drain(); // every statistics read keeps the curve's ring from falling behind
        }
        timer.arm();
        return new CacheStats(clock.instant(), statistics.getCacheGets(), statistics.getCacheHits(),
                statistics.getCacheMisses(), statistics.getCachePuts(), statistics.getCacheRemovals(),
                statistics.getCacheEvictions(), statistics.getCacheExpirations(), timer.count(), timer.nanos());
    }

    @Override
    public double recentHitRatio() {
        return window.record(stats()).hitRatio();
    }

    @Override
    public CacheStats sample() {
        if (ghost != null) {
            ghost.drain();
        }
        CacheStats now = stats();
        window.record(now);
        return now;
    }

    @Override
    public synchronized void resetStatistics() {
        statistics.clear();
        timer.reset();
        window.reset(stats());
        LOG.info("Cache '{}': statistics reset", name);
    }

    @Override
    public List<TierStats> tiers() {
        return statistics.getTierStatistics().entrySet().stream()
                .sorted(Comparator.comparingInt(tier -> TIER_ORDER.indexOf(tier.getKey())))
                .map(tier -> figures(tier.getKey(), tier.getValue())).toList();
    }

    private static TierStats figures(String tier, TierStatistics figures) {
        return new TierStats(tier, figures.getHits(), figures.getMisses(), figures.getPuts(), figures.getRemovals(),
                figures.getEvictions(), figures.getExpirations(), figures.getMappings());
    }

    @Override
    public Optional<CacheSpec.ClusteredTier> clusteredTier() {
        return ClusteredPools.of(cache.getRuntimeConfiguration().getResourcePools());
    }

    @Override
    public Optional<URI> clusterUri() {
        return cluster == null ? Optional.empty() : Optional.of(cluster.uri());
    }

    @Override
    public ClusterState clusterState() {
        return cluster == null ? ClusterState.NOT_CLUSTERED : cluster.state();
    }

    @Override
    public Optional<Instant> clusterStateSince() {
        return cluster == null ? Optional.empty() : Optional.of(cluster.since());
    }

    @Override
    public long clusterLosses() {
        return cluster == null ? 0 : cluster.losses();
    }

    @Override
    public synchronized void resizeClusteredTier(long megabytes) {
        requireArgument(megabytes >= 1, "megabytes must be at least 1 but was %d", megabytes);
        CacheSpec.ClusteredTier tier = clusteredTier().orElseThrow(() -> new IllegalStateException(
                "cache '" + name + "' has no clustered tier to resize"));
        try {
            cache.getRuntimeConfiguration().updateResourcePools(ClusteredPools.dedicated(tier, megabytes));
        } catch (UnsupportedOperationException | IllegalArgumentException refused) {
            throw new IllegalStateException("cache '" + name + "': its clustered tier (" + tier + ") cannot be resized"
                    + " while the cache runs, Ehcache refuses: " + refused.getMessage() + ". Nothing changed; to change"
                    + " it, create the cache anew with another CacheSpec", refused);
        }
        LOG.info("Cache '{}': clustered tier resized from {} to {} MB", name, tier, megabytes);
    }

    @Override
    public Cache<K, V> unwrap() {
        return cache;
    }

    private SizedResourcePool heapPool() {
        ResourcePool pool = cache.getRuntimeConfiguration().getResourcePools().getPoolForResource(ResourceType.Core.HEAP);
        return (SizedResourcePool) pool;
    }

    @Override
    public String toString() {
        return "ManagedCache[" + name + "]";
    }
}
