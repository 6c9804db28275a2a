package io.trimtab.examples.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.trimtab.Trimtab;
import io.trimtab.TrimtabBuilder;
import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small user service embedding Trimtab the way a server would: Trimtab first, then a SQLite database under
 * Trimtab's data directory (its pool a managed connection pool), a managed Ehcache cache in front of it, and
 * an HTTP endpoint.
 */
public final class Demo implements AutoCloseable {

    private final Trimtab trimtab;
    private final ManagedDatabase database;
    private final ManagedCache<Long, String> users;
    private final UserStore store;
    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final LoadGenerator load;

    private Demo(DemoOptions options) throws IOException, SQLException {
        // The demo lets the optimizer act, and soon, so that its work shows; a config file or -Dtrimtab.* overrides.
        TrimtabBuilder builder = Trimtab.builder().name("demo")
                .setting("optimizer.mode", "auto")
                .setting("optimizer.minHoldMillis", "30000")
                .setting("jobs.sampling", "2s")
                .setting("jobs.optimizationCycle", "10s");
        options.dataDir().ifPresent(builder::dataDir);
        options.configFile().ifPresent(builder::config);
        trimtab = builder.start();
        try {
            database = trimtab.databases().open("demo", Path.of("demo.db"), Profile.SAFE_WAL);
            store = new UserStore(database);
            store.initialize();
            users = trimtab.caches().create("users", Long.class, String.class, CacheSpec.builder()
                    .heapEntries(2_000)
                    .timeToLive(Duration.ofMinutes(5))
                    .entryBounds(200, 20_000)
                    .build());

            http = HttpServer.create(new InetSocketAddress("127.0.0.1", options.port()), 0);
            httpThreads = Executors.newFixedThreadPool(4);
            http.setExecutor(httpThreads);
            http.createContext("/users/", this::serveUser);
            http.start();
            load = options.load() ? LoadGenerator.start(this) : null;
        } catch (IOException | SQLException | RuntimeException e) {
            trimtab.close();
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

    /** A user as JSON, from the cache or, on a miss, from the database (one load for concurrent misses). */
    Optional<String> user(long id) {
        return Optional.ofNullable(users.getOrLoad(id, store::userJsonOrNull));
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
            } catch (RuntimeException e) {
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

    /** Stops the load and the HTTP server; closing Trimtab closes the cache, the database and its pool. */
    @Override
    public void close() {
        if (load != null) {
            load.close();
        }
        http.stop(0);
        httpThreads.shutdownNow();
        trimtab.close();
    }
}
