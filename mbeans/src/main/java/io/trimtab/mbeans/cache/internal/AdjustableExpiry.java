package io.trimtab.mbeans.cache.internal;

import java.time.Duration;
import java.util.function.Supplier;
import org.ehcache.expiry.ExpiryPolicy;

/**
 * An ExpiryPolicy whose duration can change while the cache runs. Ehcache fixes a cache's policy at
 * creation and asks it for an entry's expiry when the entry is written (and, for time to idle, read), so a
 * change applies from the next such moment on. {@code ZERO} means "never expires".
 */
public final class AdjustableExpiry implements ExpiryPolicy<Object, Object> {

    private final boolean byIdleness;
    private volatile Duration duration;

    public AdjustableExpiry(boolean byIdleness, Duration duration) {
        this.byIdleness = byIdleness;
        this.duration = duration;
    }

    /** Whether entries expire after their last access (time to idle) rather than after their last write. */
    public boolean byIdleness() {
        return byIdleness;
    }

    public Duration duration() {
        return duration;
    }

    public void duration(Duration duration) {
        this.duration = duration;
    }

    @Override
    public Duration getExpiryForCreation(Object key, Object value) {
        return effective();
    }

    @Override
    public Duration getExpiryForAccess(Object key, Supplier<?> value) {
        return byIdleness ? effective() : null;
    }

    @Override
    public Duration getExpiryForUpdate(Object key, Supplier<?> oldValue, Object newValue) {
        return effective();
    }

    private Duration effective() {
        Duration current = duration;
        return current.isZero() ? ExpiryPolicy.INFINITE : current;
    }
}
