package io.trimtab.mbeans.cache.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.ehcache.Cache;

/**
 * Loads missing values so that concurrent misses on one key run the loader once. The first caller loads on
 * its own thread; the others wait for its result or its exception. Nothing is cached after a failure or a
 * {@code null}.
 */
final class SingleFlight<K, V> {

    private final ConcurrentMap<K, Flight<V>> inFlight = new ConcurrentHashMap<>();

    private record Flight<V>(Thread loader, CompletableFuture<V> result) {
    }

    /** Called after a miss: joins a load of {@code key} under way, or loads it and puts the value in {@code cache}. */
    V load(K key, Cache<K, V> cache, Function<? super K, ? extends V> loader) {
        Flight<V> mine = new Flight<>(Thread.currentThread(), new CompletableFuture<>());
        Flight<V> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            if (running.loader() == Thread.currentThread()) {
                throw new IllegalStateException("the loader of key " + key + " asked for the same key: it would wait"
                        + " for itself");
            }
            return await(running.result());
        }
        try {
            // A load that finished between our miss and our registration has already put its value.
            V value = cache.containsKey(key) ? cache.get(key) : null;
            if (value == null) {
                value = loader.apply(key);
                if (value != null) {
                    cache.put(key, value);
                }
            }
            mine.result().complete(value);
            return value;
        } catch (Throwable e) {
            mine.result().completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private static <V> V await(CompletableFuture<V> running) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return running.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the load runs on another caller's thread; keep waiting for it
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new CompletionException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
