package io.trimtab.mbeans.cache;

import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.OutcomeModel;
import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a managed cache to the optimizer under the names the built-in cache rules expect:
 * <ul>
 *   <li>{@code cache.<name>.hitRatio}: hits / gets since the previous sample, 0-1; no sample when there were no gets;</li>
 *   <li>{@code cache.<name>.evictions}: entries evicted since the previous sample;</li>
 *   <li>{@code cache.<name>.fill}: entries / maxEntries, 0-1;</li>
 *   <li>knob {@code cache.<name>.maxEntries}: the heap size in entries, within the cache's entry bounds, set by
 *       {@link ManagedCache#resize}, tagged {@link Knob#SHRINKABLE}. Not published for a heap sized in bytes.</li>
 *   <li>for a clustered cache, {@code cache.<name>.clusterConnected}: 1 while the cluster was reachable at this sample
 *       and the previous one with no loss between, else 0; the built-in rule {@code cache.clusterLost} alerts on it.</li>
 * </ul>
 * For a clustered cache, hitRatio and evictions are the heap tier's: the knob sizes the heap in front of the
 * cluster, and the clustered tier (whose size Ehcache fixes at creation) never gets a knob.
 * Signals read the cache's own counters only when sampled and never throw: a failed read skips the sample.
 */
public final class CacheSignals {

    /**
     * Heap bytes one entry is assumed to hold, for the optimizer's memory budget. An estimate, not a
     * measurement: Ehcache's on-heap holder and map node (about 100 bytes) plus a small key and value.
     * Caches of large values hold more per entry than the budget counts.
     */
    public static final long ESTIMATED_BYTES_PER_ENTRY = 256;

    private static final Logger LOG = LoggerFactory.getLogger(CacheSignals.class);

    private CacheSignals() {
    }

    /** The resource name of a cache in the optimizer: {@code cache.<name>}. */
    public static String resource(ManagedCache<?, ?> cache) {
        return "cache." + cache.name();
    }

    /**
     * Publishes the cache's signals and its knob.
     *
     * @throws IllegalArgumentException if the cache's name does not make legal signal names
     * @throws IllegalStateException    if the cache is bound already; nothing is published then
     */
    public static void bind(ManagedCache<?, ?> cache, SignalRegistry registry) {
        Objects.requireNonNull(cache, "cache");
        String resource = resource(cache);
        if (registry.window(resource + ".hitRatio").isPresent()) {
            throw new IllegalStateException("cache '" + cache.name() + "' is bound to the optimizer already");
        }
        boolean clustered = cache.clusterState() != ClusterState.NOT_CLUSTERED;
        Supplier<CacheStats> counters = clustered ? () -> heapTier(cache) : cache::stats;
        try {
            registry.publish(new Signal(resource + ".hitRatio", "ratio",
                    interval(counters, s -> s.gets() == 0 ? Double.NaN : s.hitRatio())));
            registry.publish(new Signal(resource + ".evictions", "count", interval(counters, CacheStats::evictions)));
            registry.publish(new Signal(resource + ".fill", "ratio", guarded(() -> {
                long max = cache.maxEntries();
                return max > 0 ? (double) cache.size() / max : Double.NaN;
            })));
            if (cache.maxEntries() > 0) {
                registry.publish(Knob.builder(resource + ".maxEntries")
                        .bounds(cache.minEntriesBound(), cache.maxEntriesBound()).integral().tag(Knob.SHRINKABLE)
                        .bytesPerUnit(ESTIMATED_BYTES_PER_ENTRY).model(missRatioCurve(cache, resource + ".hitRatio"))
                        .reader(cache::maxEntries).setter(value -> cache.resize((long) value)).build());
            }
            if (clustered) {
                registry.publish(new Signal(resource + ".clusterConnected", "boolean", connectedSincePrevious(cache)));
            }
        } catch (RuntimeException e) {
            registry.removeResource(resource);
            throw e;
        }
    }

    /** The cache's miss-ratio curve as the knob's model of its hit ratio; empty outside the bounds or without data. */
    private static OutcomeModel missRatioCurve(ManagedCache<?, ?> cache, String hitRatio) {
        return new OutcomeModel() {
            @Override
            public String signal() {
                return hitRatio;
            }

            @Override
            public OptionalDouble predict(double entries) {
                long size = Math.round(entries);
                return size < cache.minEntriesBound() || size > cache.maxEntriesBound()
                        ? OptionalDouble.empty() : cache.predictHitRatio(size);
            }
        };
    }

    /** Removes everything the cache published. */
    public static void unbind(ManagedCache<?, ?> cache, SignalRegistry registry) {
        registry.removeResource(resource(cache));
    }

    /**
     * A listener that binds every cache of a {@link Caches} as it comes, unbinds it as it goes, and sets and pins
     * its knob when an operator resizes it through its MBean, so that no rule moves it back.
     */
    public static Caches.Listener listener(SignalRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new Caches.Listener() {
            @Override
            public void cacheAdded(ManagedCache<?, ?> cache) {
                bind(cache, registry);
            }

            @Override
            public void cacheClosing(ManagedCache<?, ?> cache) {
                unbind(cache, registry);
            }

            @Override
            public void cacheResizedByOperator(ManagedCache<?, ?> cache, long maxEntries) {
                registry.knob(resource(cache) + ".maxEntries").ifPresent(knob -> {
                    // Set again, under the knob's lock: a rule's change that landed between the resize and now is undone.
                    knob.setByOperator(maxEntries);
                    LOG.info("Cache '{}' resized to {} entries by an operator: the optimizer leaves it there until "
                            + "its knob is unpinned", cache.name(), maxEntries);
                });
            }

            @Override
            public String toString() {
                return "CacheSignals";
            }
        };
    }

    /** A figure of the interval since this signal's previous sample, from the difference of two snapshots. */
    private static DoubleSupplier interval(Supplier<CacheStats> counters, ToDoubleFunction<CacheStats> figure) {
        AtomicReference<CacheStats> previous = new AtomicReference<>(counters.get());
        return guarded(() -> {
            CacheStats now = counters.get();
            return figure.applyAsDouble(now.minus(previous.getAndSet(now)));
        });
    }

    /** The heap tier's counters as a cache's: what the heap in front of a cluster answers itself. */
    private static CacheStats heapTier(ManagedCache<?, ?> cache) {
        return cache.tiers().stream().filter(tier -> tier.tier().equals(TierStats.ON_HEAP)).findFirst()
                .orElseThrow(() -> new IllegalStateException("cache '" + cache.name() + "' has no heap tier"))
                .asCacheStats(Instant.now());
    }

    /** 1 if the cluster is reachable now and no loss was seen since the previous sample, else 0. */
    private static DoubleSupplier connectedSincePrevious(ManagedCache<?, ?> cache) {
        AtomicLong seenLosses = new AtomicLong(cache.clusterLosses());
        return guarded(() -> {
            boolean connected = cache.clusterState().connected();
            long losses = cache.clusterLosses();
            boolean noneSince = losses == seenLosses.getAndSet(losses);
            return connected && noneSince ? 1 : 0;
        });
    }

    private static DoubleSupplier guarded(DoubleSupplier read) {
        return () -> {
            try {
                return read.getAsDouble();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        };
    }
}
