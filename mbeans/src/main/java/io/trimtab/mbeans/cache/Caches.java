package io.trimtab.mbeans.cache;

import static io.trimtab.mbeans.Checks.requireArgument;
import static io.trimtab.mbeans.Checks.requireState;

import io.trimtab.mbeans.Listeners;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.cache.internal.AdjustableExpiry;
import io.trimtab.mbeans.cache.internal.CacheBean;
import io.trimtab.mbeans.cache.internal.CacheMetrics;
import io.trimtab.mbeans.cache.internal.ClusterConnection;
import io.trimtab.mbeans.cache.internal.ClusterWatch;
import io.trimtab.mbeans.cache.internal.ClusteredPools;
import io.trimtab.mbeans.cache.internal.EhcacheManagedCache;
import io.trimtab.mbeans.jmx.DescribedMXBean;
import io.trimtab.mbeans.jmx.ObjectNames;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.management.ObjectName;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.Status;
import org.ehcache.config.CacheConfiguration;
import org.ehcache.config.ResourcePool;
import org.ehcache.config.ResourceType;
import org.ehcache.config.SizedResourcePool;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.core.internal.statistics.DefaultStatisticsService;
import org.ehcache.impl.internal.TimeSourceConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runtime's managed caches: those Trimtab creates and those of the CacheManagers it adopts, each with its
 * MBean {@code <domain>:type=Cache,name=<name>} and its gauges {@code trimtab.cache.<name>.*}.
 *
 * <p>With a {@link CacheCluster}, Trimtab's own CacheManager connects to that Terracotta server as the registry is
 * made, and caches whose {@link CacheSpec} asks for a clustered tier keep it there, shared by every instance that
 * names the same cluster URI.
 *
 * <p>{@link #close()} unregisters the MBeans, removes the gauges and closes the CacheManager of the caches
 * Trimtab created; adopted CacheManagers stay open for their owner.
 */
public final class Caches implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Caches.class);
    private static final String TYPE = "Cache";

    private final ManagementContext context;
    private final Map<String, ObjectName> objectNames = new LinkedHashMap<>();
    private final Map<String, ManagedCache<?, ?>> caches = new LinkedHashMap<>();
    private final DefaultStatisticsService statistics = new DefaultStatisticsService();
    private final Listeners<Listener> listeners = new Listeners<>("Cache");
    private final CacheCluster cluster;
    private final ClusterWatch watch;
    private CacheManager manager;
    private boolean closed;

    /** Caches on this JVM only: a clustered {@link CacheSpec} is refused. */
    public Caches(ManagementContext context) {
        this(context, null);
    }

    /**
     * Caches whose clustered tiers live on {@code cluster}: connects to it now.
     *
     * @param cluster the Terracotta server, or {@code null} for none
     * @throws IllegalStateException naming {@code caches.cluster.uri} and the cause if the server cannot be reached
     *                               or refuses the configuration; nothing stays connected then
     */
    public Caches(ManagementContext context, CacheCluster cluster) {
        this.context = Objects.requireNonNull(context, "context");
        this.cluster = cluster;
        this.watch = cluster == null ? null : new ClusterWatch(cluster.uri(), context.clock());
        if (cluster != null) {
            manager = ClusterConnection.connect(cluster, managerBuilder().using(watch));
            LOG.info("Caches connected to the cluster {}", cluster.uri());
        }
    }

    /** The cluster the clustered tiers live on, if any. */
    public Optional<CacheCluster> cluster() {
        return Optional.ofNullable(cluster);
    }

    /**
     * Creates a cache in Trimtab's own CacheManager; a clustered tier is created on the cluster's server, or joined
     * if another instance created it first.
     *
     * @throws IllegalArgumentException if the name is not a legal ObjectName value or is taken, the spec names a
     *                                  shared pool {@code caches.cluster.sharedPools} does not declare, or Ehcache
     *                                  (or the server) refuses the configuration, with its reasons
     * @throws IllegalStateException    if the spec asks for a clustered tier and there is no cluster
     */
    public synchronized <K, V> ManagedCache<K, V> create(String name, Class<K> keyType, Class<V> valueType,
                                                         CacheSpec spec) {
        requireOpen();
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(spec, "spec");
        requireNewName(name);
        requireClusterFor(name, spec);
        AdjustableExpiry expiry = new AdjustableExpiry(spec.expiresByIdleness(),
                spec.expiresByIdleness() ? spec.timeToIdle() : spec.timeToLive());
        // Created one above its largest size, then set to its own: Ehcache ignores an update back to the size a cache
        // was created with (the store keeps its previous capacity), and no resize can ask for a size out of bounds.
        long createdAt = spec.maxEntries() == Long.MAX_VALUE ? spec.maxEntries() : spec.maxEntries() + 1;
        ResourcePoolsBuilder pools = ResourcePoolsBuilder.newResourcePoolsBuilder().heap(createdAt, EntryUnit.ENTRIES);
        if (spec.offHeapBytes() > 0) {
            pools = pools.offheap(spec.offHeapBytes(), MemoryUnit.B);
        }
        if (spec.isClustered()) {
            pools = ClusteredPools.with(pools, spec.clustered());
        }
        Cache<K, V> cache;
        try {
            cache = manager().createCache(name, CacheConfigurationBuilder
                    .newCacheConfigurationBuilder(keyType, valueType, pools).withExpiry(expiry).build());
            cache.getRuntimeConfiguration().updateResourcePools(ResourcePoolsBuilder.newResourcePoolsBuilder()
                    .heap(spec.heapEntries(), EntryUnit.ENTRIES).build());
        } catch (RuntimeException e) {
            if (manager != null && manager.getCache(name, keyType, valueType) != null) {
                manager.removeCache(name);
            }
            throw new IllegalArgumentException("cache '" + name + "' cannot be created: "
                    + ClusterConnection.causes(e), e);
        }
        ManagedCache<K, V> managed = new EhcacheManagedCache<>(name, cache, keyType, valueType, false,
                statistics.getCacheStatistics(name), expiry, spec.minEntries(), spec.maxEntries(), context.clock(),
                spec.isClustered() ? watch : null);
        try {
            register(managed);
        } catch (RuntimeException e) {
            manager.removeCache(name);
            throw e;
        }
        if (spec.isClustered()) {
            watch.add(cache);
        }
        LOG.info("Cache '{}' created: {}", name, spec);
        return managed;
    }

    /**
     * Manages every cache {@code cacheManager} holds now, under its alias. Their heaps may be resized between
     * 1 and their current size; their expiry stays what Ehcache fixed at their creation. Caches are adopted
     * in alphabetical order; caches the manager creates later are not adopted.
     *
     * @throws IllegalArgumentException if an alias is not a legal ObjectName value or is taken; nothing is adopted
     * @throws IllegalStateException    if the manager is not initialized
     */
    public synchronized List<ManagedCache<?, ?>> adopt(CacheManager cacheManager) {
        requireOpen();
        requireState(cacheManager.getStatus() == Status.AVAILABLE,
                "a CacheManager must be initialized (AVAILABLE) to be adopted but was %s", cacheManager.getStatus());
        Map<String, CacheConfiguration<?, ?>> configurations =
                new TreeMap<>(cacheManager.getRuntimeConfiguration().getCacheConfigurations());
        configurations.keySet().forEach(this::requireNewName);
        DefaultStatisticsService adoptedStatistics = new DefaultStatisticsService();
        List<ManagedCache<?, ?>> adopted = new ArrayList<>();
        for (Map.Entry<String, CacheConfiguration<?, ?>> entry : configurations.entrySet()) {
            adopted.add(adoptOne(cacheManager, entry.getKey(), entry.getValue(), adoptedStatistics));
        }
        LOG.info("Adopted the caches {}", configurations.keySet());
        return adopted;
    }

    private <K, V> ManagedCache<K, V> adoptOne(CacheManager cacheManager, String alias, CacheConfiguration<K, V> config,
                                               DefaultStatisticsService adoptedStatistics) {
        Cache<K, V> cache = cacheManager.getCache(alias, config.getKeyType(), config.getValueType());
        adoptedStatistics.cacheAdded(alias, cache);
        AdjustableExpiry expiry = config.getExpiryPolicy() instanceof AdjustableExpiry own ? own : null;
        ResourcePool heap = config.getResourcePools().getPoolForResource(ResourceType.Core.HEAP);
        long heapEntries = heap instanceof SizedResourcePool sized && sized.getUnit() instanceof EntryUnit
                ? sized.getSize() : -1;
        ManagedCache<K, V> managed = new EhcacheManagedCache<>(alias, cache, config.getKeyType(),
                config.getValueType(), true, adoptedStatistics.getCacheStatistics(alias), expiry,
                heapEntries == -1 ? -1 : 1, heapEntries, context.clock(), null);
        register(managed);
        return managed;
    }

    /**
     * The cache named {@code name}, typed.
     *
     * @throws IllegalArgumentException if there is none, or its key or value type differs
     */
    @SuppressWarnings("unchecked")
    public synchronized <K, V> ManagedCache<K, V> get(String name, Class<K> keyType, Class<V> valueType) {
        ManagedCache<?, ?> cache = caches.get(name);
        requireArgument(cache != null, "no cache named '%s'; the caches are %s", name, caches.keySet());
        requireArgument(cache.keyType() == keyType && cache.valueType() == valueType,
                "cache '%s' maps %s to %s, not %s to %s", name, cache.keyType().getName(),
                cache.valueType().getName(), keyType.getName(), valueType.getName());
        return (ManagedCache<K, V>) cache;
    }

    /** The names of the managed caches, in the order they were created or adopted. */
    public synchronized List<String> names() {
        return List.copyOf(caches.keySet());
    }

    /** Every managed cache, in the order they were created or adopted. */
    public synchronized List<ManagedCache<?, ?>> all() {
        return List.copyOf(caches.values());
    }

    /**
     * Hears of every cache managed here from now on, and at once of those already managed. A listener that
     * throws is logged and the registry goes on.
     */
    public synchronized void addListener(Listener listener) {
        listeners.add(listener);
        caches.values().forEach(cache -> listeners.tell(listener, "added", cache.name(), l -> l.cacheAdded(cache)));
    }

    /** Stops telling {@code listener}; a listener not added is ignored. */
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        caches.values().forEach(cache -> listeners.fire("closing", cache.name(), l -> l.cacheClosing(cache)));
        objectNames.forEach((name, objectName) -> {
            context.registrar().unregister(objectName);
            CacheMetrics.remove(context.metrics(), name);
        });
        objectNames.clear();
        caches.clear();
        if (manager != null && cluster != null) {
            ClusterConnection.close(manager, cluster);
        } else if (manager != null) {
            manager.close();
        }
    }

    private <K> void register(ManagedCache<K, ?> cache) {
        ObjectName objectName = context.objectName(TYPE, cache.name());
        CacheBean<K> bean = new CacheBean<>(cache,
                maxEntries -> listeners.fire("resized by an operator", cache.name(), l -> l.cacheResizedByOperator(cache, maxEntries)));
        context.registrar().register(objectName, new DescribedMXBean(bean, CacheMXBean.class));
        try {
            CacheMetrics.register(context.metrics(), cache.name(), bean);
        } catch (IllegalArgumentException e) {
            context.registrar().unregister(objectName);
            CacheMetrics.remove(context.metrics(), cache.name());
            throw e;
        }
        objectNames.put(cache.name(), objectName);
        caches.put(cache.name(), cache);
        listeners.fire("added", cache.name(), l -> l.cacheAdded(cache));
    }

    /**
     * Hears caches come and go, e.g. to bind them to the optimizer ({@link CacheSignals#listener}). Calls come
     * under the registry's lock (except {@link #cacheResizedByOperator}): keep them short and do not call back
     * into {@link Caches}.
     */
    public interface Listener {

        /** A cache was created or adopted; its MBean is registered. */
        default void cacheAdded(ManagedCache<?, ?> cache) {
        }

        /** The registry is closing: the cache is still usable now and goes right after. */
        default void cacheClosing(ManagedCache<?, ?> cache) {
        }

        /** An operator resized the cache through its MBean (JMX or Jolokia); {@code maxEntries} is now in effect. */
        default void cacheResizedByOperator(ManagedCache<?, ?> cache, long maxEntries) {
        }
    }

    private void requireNewName(String name) {
        ObjectNames.requireLegalName("cache", name);
        requireArgument(!caches.containsKey(name), "cache name '%s' is already taken in this runtime", name);
    }

    private void requireClusterFor(String name, CacheSpec spec) {
        if (!spec.isClustered()) {
            return;
        }
        requireState(cluster != null, "cache '%s' asks for a clustered tier (%s) but this runtime has no cluster: set %s",
                name, spec.clustered(), CacheCluster.URI_KEY);
        String pool = spec.clustered().sharedPool();
        requireArgument(pool == null || cluster.sharedPools().containsKey(pool),
                "cache '%s' asks for the shared pool '%s' but %s declares %s", name, pool, CacheCluster.SHARED_POOLS_KEY,
                cluster.sharedPools().isEmpty() ? "none" : cluster.sharedPoolNames());
    }

    private void requireOpen() {
        requireState(!closed, "the caches of this runtime are closed");
    }

    private CacheManager manager() {
        if (manager == null) {
            manager = managerBuilder().build(true);
        }
        return manager;
    }

    private CacheManagerBuilder<CacheManager> managerBuilder() {
        CacheManagerBuilder<CacheManager> builder = CacheManagerBuilder.newCacheManagerBuilder().using(statistics);
        if (!context.clock().equals(Clock.systemUTC())) {
            // Expiry follows the runtime's clock; the system clock is Ehcache's own default.
            builder = builder.using(new TimeSourceConfiguration(context.clock()::millis));
        }
        return builder;
    }
}
