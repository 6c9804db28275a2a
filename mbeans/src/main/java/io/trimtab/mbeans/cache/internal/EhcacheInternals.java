package io.trimtab.mbeans.cache.internal;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.ehcache.Cache;
import org.ehcache.core.EhcacheBase;
import org.ehcache.core.spi.store.Store;
import org.ehcache.impl.internal.store.heap.OnHeapStore;
import org.ehcache.impl.internal.store.tiering.TieredStore;
import org.ehcache.spi.resilience.StoreAccessException;

/**
 * What Ehcache's public API does not offer and an operator needs: an entry's expiry time, the keys without
 * counting a hit per entry, and evicting down to a smaller heap at once (Ehcache itself evicts at most two
 * entries per later write). They reach into Ehcache's store; if a future Ehcache changes it, they fail with
 * a message instead of guessing.
 */
final class EhcacheInternals {

    private static final Field STORE = field(EhcacheBase.class, "store");
    private static final Method ENFORCE_CAPACITY = method(OnHeapStore.class, "enforceCapacity");
    private static final Field AUTHORITY = field(TieredStore.class, "authoritativeTier");
    /** Any key: the clustered tier looks a key up by its hash and compares it, so a probe of another type finds nothing. */
    private static final Object PROBE = new Object();

    private EhcacheInternals() {
    }

    /** When the entry expires, {@link Instant#MAX} for never, empty if absent; the entry is not touched. */
    static <K> Optional<Instant> expiresAt(Cache<K, ?> cache, K key) {
        try {
            Store.Iterator<Cache.Entry<K, Store.ValueHolder<Object>>> entries = store(cache).iterator();
            while (entries.hasNext()) {
                Cache.Entry<K, Store.ValueHolder<Object>> entry = entries.next();
                if (Objects.equals(entry.getKey(), key)) {
                    long expiration = entry.getValue().expirationTime();
                    return Optional.of(expiration == Store.ValueHolder.NO_EXPIRE ? Instant.MAX
                            : Instant.ofEpochMilli(expiration));
                }
            }
            return Optional.empty();
        } catch (StoreAccessException e) {
            throw new IllegalStateException("cannot read the expiry of " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * The keys that {@code test} accepts, read from the store: iterating the cache itself would count every
     * entry as a hit and distort the statistics.
     */
    static <K> List<K> keys(Cache<K, ?> cache, Predicate<K> test) {
        try {
            List<K> keys = new ArrayList<>();
            Store.Iterator<Cache.Entry<K, Store.ValueHolder<Object>>> entries = store(cache).iterator();
            while (entries.hasNext()) {
                K key = entries.next().getKey();
                if (test.test(key)) {
                    keys.add(key);
                }
            }
            return keys;
        } catch (StoreAccessException e) {
            throw new IllegalStateException("cannot read the keys: " + e.getMessage(), e);
        }
    }

    /**
     * Evicts from a heap-only cache until {@code size} is within {@code capacity}; a cache with an off-heap
     * tier keeps its entries there and needs no eviction.
     */
    static void evictToCapacity(Cache<?, ?> cache, long capacity, LongSupplier size) {
        Store<?, ?> store = store(cache);
        if (!(store instanceof OnHeapStore)) {
            return;
        }
        long before = size.getAsLong();
        while (before > capacity) {
            invoke(ENFORCE_CAPACITY, store);
            long after = size.getAsLong();
            if (after >= before) {
                return; // nothing evictable; Ehcache keeps trying on later writes
            }
            before = after;
        }
    }

    /**
     * Looks a key up in the lowest tier of a tiered cache (its clustered tier), past the heap and without counting
     * a get: a clustered tier whose connection was closed reconnects on its next operation, and this is one. What it
     * finds, or the failure of a closed connection, does not matter.
     */
    @SuppressWarnings("unchecked")
    static void touchLowestTier(Cache<?, ?> cache) {
        if (store(cache) instanceof TieredStore<?, ?> tiered) {
            try {
                ((Store<Object, ?>) AUTHORITY.get(tiered)).containsKey(PROBE);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot reach the lowest tier of an Ehcache cache: " + e.getMessage(), e);
            } catch (StoreAccessException | RuntimeException failed) {
                // a closed connection fails at once: Ehcache has started to reconnect
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <K> Store<K, Object> store(Cache<K, ?> cache) {
        if (!(cache instanceof EhcacheBase)) {
            throw new IllegalStateException("not a heap/off-heap Ehcache cache: " + cache.getClass().getName());
        }
        try {
            return (Store<K, Object>) STORE.get(cache);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot reach the store of an Ehcache cache: " + e.getMessage(), e);
        }
    }

    private static void invoke(Method method, Object target) {
        try {
            method.invoke(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call Ehcache's " + method.getName() + ": " + e.getMessage(), e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Ehcache's " + method.getName() + " failed: " + e.getCause(), e.getCause());
        }
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this Ehcache version has no " + type.getSimpleName() + "." + name, e);
        }
    }

    private static Method method(Class<?> type, String name) {
        try {
            Method method = type.getDeclaredMethod(name);
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this Ehcache version has no " + type.getSimpleName() + "." + name + "()", e);
        }
    }
}
