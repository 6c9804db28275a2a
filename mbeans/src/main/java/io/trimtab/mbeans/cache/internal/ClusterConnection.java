package io.trimtab.mbeans.cache.internal;

import io.trimtab.mbeans.cache.CacheCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.ehcache.CacheManager;
import org.ehcache.clustered.client.config.builders.ClusteringServiceConfigurationBuilder;
import org.ehcache.clustered.client.config.builders.ServerSideConfigurationBuilder;
import org.ehcache.clustered.client.config.builders.TimeoutsBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.units.MemoryUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a CacheManager to a Terracotta server. Its caches' cluster tier manager (the URI's entity) is created on
 * the server by the first instance that connects, and created again by whichever reconnects first after a restarted
 * server came back empty ({@code autoCreateOnReconnect}); every instance must declare the same resources and pools.
 */
public final class ClusterConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterConnection.class);
    /** How long a close may take beyond one operation timeout before the runtime goes on without it. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** A class name in front of a wrapped exception's message, as {@code new RuntimeException(cause)} writes it. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("^(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*: ");

    private ClusterConnection() {
    }

    /**
     * Builds and initializes the manager, connected.
     *
     * @throws IllegalStateException naming {@code caches.cluster.uri} and the causes when the server cannot be reached
     *                               or refuses the configuration
     */
    public static CacheManager connect(CacheCluster cluster, CacheManagerBuilder<CacheManager> builder) {
        ClusteringServiceConfigurationBuilder clustering = ClusteringServiceConfigurationBuilder.cluster(cluster.uri())
                .timeouts(TimeoutsBuilder.timeouts().read(cluster.operationTimeout()).write(cluster.operationTimeout())
                        .connection(cluster.connectionTimeout()))
                .autoCreateOnReconnect(server -> declare(server, cluster));
        try {
            return builder.with(clustering).build(true);
        } catch (RuntimeException e) {
            throw new IllegalStateException(CacheCluster.URI_KEY + "=" + cluster.uri() + ": the caches cannot connect to"
                    + " the cluster: " + causes(e) + " (" + CacheCluster.CONNECTION_TIMEOUT_KEY + " is "
                    + cluster.connectionTimeout().toMillis() + "ms)", e);
        }
    }

    /**
     * Closes the manager, waiting at most one operation timeout and {@link #CLOSE_WAIT} more. Ehcache releases each
     * clustered tier on the server as it closes, and with the server away that waits until the client gives the
     * connection up, minutes later; past the wait the close goes on on its own daemon thread, with a warning.
     */
    public static void close(CacheManager manager, CacheCluster cluster) {
        Thread closing = new Thread(() -> {
            try {
                manager.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the caches' connection to {} failed: {}", cluster.uri(), e.toString());
            }
        }, "trimtab-caches-close");
        closing.setDaemon(true);
        closing.start();
        Duration wait = cluster.operationTimeout().plus(CLOSE_WAIT);
        try {
            closing.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            LOG.warn("The caches' connection to {} did not close within {} ms (the server is away?): it goes on closing"
                    + " on a daemon thread, which does not keep the JVM alive", cluster.uri(), wait.toMillis());
        }
    }

    private static ServerSideConfigurationBuilder declare(ServerSideConfigurationBuilder server, CacheCluster cluster) {
        ServerSideConfigurationBuilder declared = server.defaultServerResource(cluster.defaultResource());
        for (CacheCluster.SharedPool pool : cluster.sharedPools().values()) {
            declared = pool.resource() == null ? declared.resourcePool(pool.name(), pool.megabytes(), MemoryUnit.MB)
                    : declared.resourcePool(pool.name(), pool.megabytes(), MemoryUnit.MB, pool.resource());
        }
        return declared;
    }

    /** The messages along {@code error}'s causes, each once and without class names: what went wrong, outside in. */
    public static String causes(Throwable error) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = error; cause != null && messages.size() < 6; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            while (CLASS_PREFIX.matcher(message).find()) {
                message = CLASS_PREFIX.matcher(message).replaceFirst("");
            }
            String text = message.strip();
            if (!text.isEmpty() && messages.stream().noneMatch(seen -> seen.contains(text))) {
                messages.removeIf(text::contains);
                messages.add(text);
            }
        }
        return String.join(": ", messages);
    }
}
