package io.trimtab.mbeans.cache.internal;

import io.trimtab.mbeans.cache.CacheCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.ehcache.CacheManager;
import org.ehcache.clustered.client.config.builders.ClusteringServiceConfigurationBuilder;
import org.ehcache.clustered.client.config.builders.ServerSideConfigurationBuilder;
import org.ehcache.clustered.client.config.builders.TimeoutsBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.units.MemoryUnit;

/**
 * Connects a CacheManager to a Terracotta server. Its caches' cluster tier manager (the URI's entity) is created on
 * the server by the first instance that connects, and created again by whichever reconnects first after a restarted
 * server came back empty ({@code autoCreateOnReconnect}); every instance must declare the same resources and pools.
 */
public final class ClusterConnection {

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
