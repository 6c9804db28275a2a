package io.trimtab.mbeans.cache.internal;

import io.trimtab.mbeans.cache.ClusterState;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ehcache.Cache;
import org.ehcache.clustered.client.service.ClusteringService;
import org.ehcache.spi.service.Service;
import org.ehcache.spi.service.ServiceDependencies;
import org.ehcache.spi.service.ServiceProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.terracotta.connection.Connection;

/**
 * Watches the connection of a clustered CacheManager. It is an Ehcache service, started with the manager after its
 * clustering service: it hears Ehcache's reconnections, and reads the connection's state whenever it is asked (a
 * few field reads, cheap enough for every sample). What it sees moves the state from CONNECTED to DISCONNECTED to
 * RECONNECTED, each move logged; a reconnection whose loss no read saw counts that loss too.
 *
 * <p>A server that comes back empty refuses the old connection, which the client then closes; Ehcache makes a new
 * one at the next operation on a clustered tier. So that an idle instance is back as soon as a busy one, a look that
 * finds the connection closed touches the clustered tier of each cache it watches (a lookup past the heap that
 * counts no get).
 */
@ServiceDependencies(ClusteringService.class)
public final class ClusterWatch implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);

    private final URI uri;
    private final Clock clock;
    private final TerracottaInternals internals = new TerracottaInternals();
    private final Runnable reconnected = this::reconnected;
    private final List<Cache<?, ?>> caches = new CopyOnWriteArrayList<>();
    private volatile ClusteringService clustering;
    /** The connection the last look found up: Ehcache replaces it when it reconnects to a restarted server. */
    private Connection seenUp;
    private ClusterState state = ClusterState.CONNECTED;
    private Instant since;
    private long losses;

    public ClusterWatch(URI uri, Clock clock) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.since = clock.instant();
    }

    @Override
    public void start(ServiceProvider<Service> serviceProvider) {
        ClusteringService service = serviceProvider.getService(ClusteringService.class);
        service.addConnectionRecoveryListener(reconnected);
        synchronized (this) {
            since = clock.instant();
        }
        clustering = service;
    }

    @Override
    public void stop() {
        ClusteringService service = clustering;
        clustering = null;
        if (service != null) {
            service.removeConnectionRecoveryListener(reconnected);
        }
    }

    public URI uri() {
        return uri;
    }

    /** Watches {@code cache}, one with a clustered tier of this manager. */
    public void add(Cache<?, ?> cache) {
        caches.add(cache);
    }

    /** The state now, after a look at the connection. */
    public ClusterState state() {
        boolean closed;
        ClusterState now;
        synchronized (this) {
            closed = look();
            now = state;
        }
        if (closed) {
            // Outside the lock: Ehcache's reconnection calls back into reconnected().
            caches.forEach(EhcacheInternals::touchLowestTier);
        }
        return now;
    }

    /** When the state last changed (or the manager connected). */
    public synchronized Instant since() {
        return since;
    }

    /** Losses of the server seen since the manager connected, after a look at the connection. */
    public long losses() {
        state();
        synchronized (this) {
            return losses;
        }
    }

    /** Ehcache made a new connection after the old one was closed (a restarted server refuses the old one). */
    private synchronized void reconnected() {
        ClusteringService service = clustering;
        if (service == null) {
            return;
        }
        Connection now = TerracottaInternals.connection(service);
        if (state.connected() && now != seenUp) {
            losses++;
            seenUp = now;
            LOG.warn("Cache cluster {}: the connection was lost and is back, too briefly for a look to see it", uri);
            move(ClusterState.RECONNECTED);
        } else {
            look();
        }
    }

    /** Moves the state by what the connection shows now; returns whether the connection is closed for good. */
    private boolean look() {
        ClusteringService service = clustering;
        if (service == null) {
            return false; // not started yet, or stopped: nothing to look at
        }
        Connection connection = TerracottaInternals.connection(service);
        boolean connected = internals.connected(connection);
        if (connected) {
            seenUp = connection;
        }
        if (state.connected() && !connected) {
            losses++;
            LOG.warn("Cache cluster {} lost after {} connected: each read or write of a clustered tier waits up to the"
                    + " operation timeout, then Ehcache's resilience strategy answers (a get misses); Ehcache"
                    + " reconnects in the background", uri, Duration.between(since, clock.instant()));
            move(ClusterState.DISCONNECTED);
        } else if (state == ClusterState.DISCONNECTED && connected) {
            LOG.info("Cache cluster {} reachable again after {} away; a restarted server comes back empty", uri,
                    Duration.between(since, clock.instant()));
            move(ClusterState.RECONNECTED);
        }
        return connection != null && !connection.isValid();
    }

    private void move(ClusterState next) {
        state = next;
        since = clock.instant();
    }

    @Override
    public String toString() {
        return "ClusterWatch[" + uri + "]";
    }
}
