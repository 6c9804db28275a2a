package io.trimtab.mbeans.cache;

import static io.trimtab.mbeans.Checks.requireArgument;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Terracotta server that a runtime's clustered caches share: its URI, the server's off-heap resource that
 * dedicated tiers draw on unless they name another, the shared pools the caches may use, and how long a cache
 * operation or the connection may wait for the server.
 *
 * @param uri               {@code terracotta://host[:port][,host[:port]...]/entity}; the entity names the caches'
 *                          cluster tier manager on the server, shared by every instance that names it
 * @param defaultResource   the server's off-heap resource (the kit's is {@code main}) of dedicated tiers that name none
 * @param sharedPools       pools on the server that several caches share, by name
 * @param operationTimeout  how long a read or write waits for the server before Ehcache's resilience strategy answers
 * @param connectionTimeout how long connecting may take before the runtime gives up
 */
public record CacheCluster(URI uri, String defaultResource, Map<String, SharedPool> sharedPools,
                           Duration operationTimeout, Duration connectionTimeout) {

    public static final String URI_KEY = "caches.cluster.uri";
    public static final String DEFAULT_RESOURCE_KEY = "caches.cluster.defaultResource";
    public static final String SHARED_POOLS_KEY = "caches.cluster.sharedPools";
    public static final String OPERATION_TIMEOUT_KEY = "caches.cluster.operationTimeout";
    public static final String CONNECTION_TIMEOUT_KEY = "caches.cluster.connectionTimeout";

    /** The off-heap resource the server kit's default configuration declares. */
    public static final String DEFAULT_RESOURCE = "main";
    public static final int DEFAULT_PORT = 9410;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?");
    private static final Pattern POOL = Pattern.compile("([^:@]+):(\\d{1,9})MB(?:@(.+))?", Pattern.CASE_INSENSITIVE);

    /**
     * A pool of {@code megabytes} on the server's off-heap {@code resource}, shared by the caches that name it.
     *
     * @param resource the server's off-heap resource, or {@code null} for the cluster's default resource
     */
    public record SharedPool(String name, long megabytes, String resource) {
        public SharedPool {
            requireName("shared pool name", name);
            requireArgument(megabytes >= 1, "shared pool '%s' must have at least 1 MB but had %d", name, megabytes);
            if (resource != null) {
                requireName("server resource of shared pool '" + name + "'", resource);
            }
        }
    }

    public CacheCluster {
        Objects.requireNonNull(uri, URI_KEY);
        parseUri(uri.toString());
        requireName(DEFAULT_RESOURCE_KEY, defaultResource);
        sharedPools = Map.copyOf(Objects.requireNonNull(sharedPools, SHARED_POOLS_KEY));
        requireArgument(!operationTimeout.isNegative() && !operationTimeout.isZero(),
                "%s must be positive but was %s", OPERATION_TIMEOUT_KEY, operationTimeout);
        requireArgument(!connectionTimeout.isNegative() && !connectionTimeout.isZero(),
                "%s must be positive but was %s", CONNECTION_TIMEOUT_KEY, connectionTimeout);
    }

    /** A cluster at {@code uri} with the default resource, no shared pools and Ehcache's 5 s operation timeout. */
    public static CacheCluster at(URI uri) {
        return new CacheCluster(uri, DEFAULT_RESOURCE, Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    /**
     * Parses a cluster URI as Ehcache takes it.
     *
     * @throws IllegalArgumentException saying what is wrong, without the setting's name: callers put it in front
     */
    public static URI parseUri(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw malformed(e.getReason());
        }
        if (!"terracotta".equalsIgnoreCase(uri.getScheme())) {
            throw malformed("the scheme must be terracotta");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw malformed("it names no server");
        }
        for (String server : authority.split(",", -1)) {
            Matcher hostPort = HOST_PORT.matcher(server);
            if (!hostPort.matches()) {
                throw malformed("'" + server + "' is not host or host:port");
            }
            if (hostPort.group(2) != null && (Integer.parseInt(hostPort.group(2)) < 1 || Integer.parseInt(hostPort.group(2)) > 65_535)) {
                throw malformed("port " + hostPort.group(2) + " is not between 1 and 65535");
            }
        }
        String entity = uri.getPath() == null || uri.getPath().length() <= 1 ? "" : uri.getPath().substring(1);
        if (!NAME.matcher(entity).matches() || uri.getQuery() != null || uri.getFragment() != null) {
            throw malformed("the path must be one name of 1 to 64 letters, digits, '_', '.' or '-' (the entity shared"
                    + " by the instances), with no query");
        }
        return uri;
    }

    /**
     * Parses {@code name:64MB[@resource]} entries separated by commas; an empty text is no pools.
     *
     * @throws IllegalArgumentException saying which entry is wrong
     */
    public static Map<String, SharedPool> parseSharedPools(String text) {
        Map<String, SharedPool> pools = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return pools;
        }
        for (String entry : text.split(",")) {
            Matcher pool = POOL.matcher(entry.trim());
            requireArgument(pool.matches(), "entry '%s' must be name:<size>MB or name:<size>MB@resource, such as"
                    + " fleet:64MB@main", entry.trim());
            SharedPool parsed = new SharedPool(pool.group(1).trim(), Long.parseLong(pool.group(2)),
                    pool.group(3) == null ? null : pool.group(3).trim());
            requireArgument(pools.put(parsed.name(), parsed) == null, "pool '%s' is named twice", parsed.name());
        }
        return pools;
    }

    /** The names of {@link #sharedPools()}, for messages. */
    public List<String> sharedPoolNames() {
        return new ArrayList<>(new TreeSet<>(sharedPools.keySet()));
    }

    /**
     * Returns {@code text} if it can name a server resource or a pool.
     *
     * @throws IllegalArgumentException saying what is allowed
     */
    public static String parseName(String text) {
        requireArgument(text != null && NAME.matcher(text).matches(),
                "must be 1 to 64 letters, digits, '_', '.' or '-', such as %s", DEFAULT_RESOURCE);
        return text;
    }

    static void requireName(String what, String name) {
        requireArgument(name != null && NAME.matcher(name).matches(),
                "%s must be 1 to 64 letters, digits, '_', '.' or '-' but was '%s'", what, name);
    }

    private static IllegalArgumentException malformed(String reason) {
        return new IllegalArgumentException(String.format(Locale.ROOT, "must be a cluster URI such as"
                + " terracotta://tc.example.com:%d/trimtab but %s", DEFAULT_PORT, reason));
    }
}
