package io.trimtab.examples.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.trimtab.Trimtab;
import io.trimtab.TrimtabBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.dbcp2.BasicDataSource;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;

/**
 * A small user service embedding Trimtab the way a server would: Trimtab first, then a SQLite file under
 * Trimtab's data directory behind a DBCP2 pool, an Ehcache cache in front of it, and an HTTP endpoint.
 */
public final class Demo implements AutoCloseable {

    private final Trimtab trimtab;
    private final BasicDataSource pool;
    private final CacheManager cacheManager;
    private final Cache<Long, String> users;
    private final UserStore store;
    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final LoadGenerator load;

    private Demo(DemoOptions options) throws IOException, SQLException {
        TrimtabBuilder builder = Trimtab.builder().name("demo");
        options.dataDir().ifPresent(builder::dataDir);
        options.configFile().ifPresent(builder::config);
        trimtab = builder.start();
        try {
            pool = new BasicDataSource();
            pool.setUrl("jdbc:sqlite:" + trimtab.dataDir().resolve("demo.db"));
            pool.addConnectionProperty("journal_mode", "WAL");
            pool.addConnectionProperty("synchronous", "NORMAL");
            pool.addConnectionProperty("busy_timeout", "5000");
            pool.setMaxTotal(4);
            store = new UserStore(pool);
            store.initialize();

            cacheManager = CacheManagerBuilder.newCacheManagerBuilder().build(true);
            users = cacheManager.createCache("users", CacheConfigurationBuilder
                    .newCacheConfigurationBuilder(Long.class, String.class, ResourcePoolsBuilder.heap(2_000))
                    .withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(Duration.ofMinutes(5))));

            http = HttpServer.create(new InetSocketAddress("127.0.0.1", options.port()), 0);
            httpThreads = Executors.newFixedThreadPool(4);
            http.setExecutor(httpThreads);
            http.createContext("/users/", this::serveUser);
            http.start();
            load = options.load() ? LoadGenerator.start(this) : null;
        } catch (IOException | SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts the demo; close it to stop everything it started. */
    public static Demo start(DemoOptions options) throws IOException, SQLException {
        return new Demo(options);
    }

    public Trimtab trimtab() {
        return trimtab;
    }

    /** The demo's own HTTP address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
    }

    /** A user as JSON, from the cache or, on a miss, from the database. */
    Optional<String> user(long id) throws SQLException {
        String cached = users.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> loaded = store.userJson(id);
        loaded.ifPresent(json -> users.put(id, json));
        return loaded;
    }

    UserStore store() {
        return store;
    }

    private void serveUser(HttpExchange exchange) throws IOException {
        try (exchange) {
            String id = exchange.getRequestURI().getPath().substring("/users/".length());
            Optional<String> body;
            try {
                body = user(Long.parseLong(id));
            } catch (NumberFormatException e) {
                respond(exchange, 400, "{\"error\":\"user id must be a number\"}");
                return;
            } catch (SQLException e) {
                respond(exchange, 500, "{\"error\":\"database unavailable\"}");
                return;
            }
            if (body.isPresent()) {
                respond(exchange, 200, body.get());
            } else {
                respond(exchange, 404, "{\"error\":\"no user " + id + "\"}");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (load != null) {
            load.close();
        }
        if (http != null) {
            http.stop(0);
            httpThreads.shutdownNow();
        }
        if (cacheManager != null) {
            cacheManager.close();
        }
        if (pool != null) {
            try {
                pool.close();
            } catch (SQLException ignored) {
                // closing idle connections of a file database does not fail in a way worth reporting
            }
        }
        trimtab.close();
    }
}
