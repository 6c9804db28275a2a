package io.trimtab.mbeans.cache.internal;

import static io.trimtab.mbeans.Checks.requireArgument;

import io.trimtab.mbeans.cache.CacheMXBean;
import io.trimtab.mbeans.cache.CacheStats;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.cache.MissRatioCurve;
import io.trimtab.mbeans.cache.TierStats;
import io.trimtab.mbeans.jmx.SnapshotReads;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The {@link CacheMXBean} of one managed cache: the operator's view, keys written as text. Attributes read together
 * share one statistics snapshot, so that Gets is Hits + Misses within a read.
 */
public final class CacheBean<K> implements CacheMXBean, SnapshotReads {

    private final ManagedCache<K, ?> cache;
    private final LongConsumer resizedByOperator;
    /** The statistics of the read in progress on this thread, if any. */
    private final ThreadLocal<CacheStats> readTogether = new ThreadLocal<>();

    /** @param resizedByOperator told the size in effect after each successful {@link #resize} */
    public CacheBean(ManagedCache<K, ?> cache, LongConsumer resizedByOperator) {
        this.cache = cache;
        this.resizedByOperator = resizedByOperator;
    }

    @Override
    public <T> T readTogether(Supplier<T> read) {
        readTogether.set(cache.stats());
        try {
            return read.get();
        } finally {
            readTogether.remove();
        }
    }

    private CacheStats stats() {
        CacheStats snapshot = readTogether.get();
        return snapshot != null ? snapshot : cache.stats();
    }

    @Override
    public String getKeyType() {
        return cache.keyType().getName();
    }

    @Override
    public String getValueType() {
        return cache.valueType().getName();
    }

    @Override
    public boolean isAdopted() {
        return cache.adopted();
    }

    @Override
    public long getSize() {
        return cache.size();
    }

    @Override
    public long getMaxEntries() {
        return cache.maxEntries();
    }

    @Override
    public long getMinEntriesBound() {
        return cache.minEntriesBound();
    }

    @Override
    public long getMaxEntriesBound() {
        return cache.maxEntriesBound();
    }

    @Override
    public long getTtlSeconds() {
        return cache.timeToLive().map(Duration::toSeconds).orElse(-1L);
    }

    @Override
    public void setTtlSeconds(long ttlSeconds) {
        requireArgument(ttlSeconds >= 0, "ttlSeconds must be 0 (never) or more but was %d", ttlSeconds);
        cache.timeToLive(Duration.ofSeconds(ttlSeconds));
    }

    @Override
    public long getTtiSeconds() {
        return cache.timeToIdle().map(Duration::toSeconds).orElse(-1L);
    }

    @Override
    public void setTtiSeconds(long ttiSeconds) {
        requireArgument(ttiSeconds >= 0, "ttiSeconds must be 0 (never) or more but was %d", ttiSeconds);
        cache.timeToIdle(Duration.ofSeconds(ttiSeconds));
    }

    @Override
    public long getGets() {
        return stats().gets();
    }

    @Override
    public long getHits() {
        return stats().hits();
    }

    @Override
    public long getMisses() {
        return stats().misses();
    }

    @Override
    public double getHitRatio() {
        return stats().hitRatio();
    }

    @Override
    public double getRecentHitRatio() {
        return cache.recentHitRatio();
    }

    @Override
    public long getPuts() {
        return stats().puts();
    }

    @Override
    public long getRemovals() {
        return stats().removals();
    }

    @Override
    public long getEvictions() {
        return stats().evictions();
    }

    @Override
    public long getExpirations() {
        return stats().expirations();
    }

    @Override
    public double getAverageGetMicros() {
        return stats().averageGetMicros();
    }

    @Override
    public MissRatioCurve getMissRatioCurve() {
        return cache.missRatioCurve().orElse(null);
    }

    @Override
    public double predictHitRatio(long entries) {
        return cache.predictHitRatio(entries).orElseThrow(() -> new IllegalStateException(
                "too few lookups sampled yet to predict the hit ratio of cache '" + cache.name() + "'"));
    }

    @Override
    public List<TierStats> getTiers() {
        return cache.tiers();
    }

    @Override
    public String getClusteredTier() {
        return cache.clusteredTier().map(Object::toString).orElse("");
    }

    @Override
    public String getClusterUri() {
        return cache.clusterUri().map(URI::toString).orElse("");
    }

    @Override
    public String getClusterState() {
        return cache.clusterState().name();
    }

    @Override
    public String getClusterStateSince() {
        return cache.clusterStateSince().map(Instant::toString).orElse("");
    }

    @Override
    public long getClusterLosses() {
        return cache.clusterLosses();
    }

    @Override
    public void resizeClusteredTier(long megabytes) {
        cache.resizeClusteredTier(megabytes);
    }

    @Override
    public long resize(long maxEntries) {
        long inEffect = cache.resize(maxEntries);
        resizedByOperator.accept(inEffect);
        return inEffect;
    }

    @Override
    public boolean invalidate(String key) {
        return cache.invalidate(parseKey(key));
    }

    @Override
    public long invalidateMatching(String glob) {
        return cache.invalidateMatching(glob);
    }

    @Override
    public void clear() {
        cache.clear();
    }

    @Override
    public void resetStatistics() {
        cache.resetStatistics();
    }

    @Override
    public String expiresAt(String key) {
        return cache.expiresAt(parseKey(key))
                .map(at -> at.equals(Instant.MAX) ? "never" : at.toString())
                .orElse("not cached");
    }

    private K parseKey(String key) {
        requireArgument(key != null, "key must not be null");
        Class<K> type = cache.keyType();
        try {
            if (type == String.class) {
                return type.cast(key);
            } else if (type == Long.class) {
                return type.cast(Long.valueOf(key.trim()));
            } else if (type == Integer.class) {
                return type.cast(Integer.valueOf(key.trim()));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("key must be a " + type.getSimpleName() + " for cache '"
                    + cache.name() + "' but was '" + key + "'", e);
        }
        throw new IllegalStateException("cache '" + cache.name() + "' has " + type.getName()
                + " keys, which cannot be written as text: use its Java API");
    }
}
