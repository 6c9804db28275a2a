package io.trimtab.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.trimtab.Trimtab;
import io.trimtab.http.FrontDoor;
import io.trimtab.http.FrontDoorConfig;
import io.trimtab.jobs.JobHandle;
import io.trimtab.jobs.JobSchedule;
import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.optimizer.RuleMXBean;
import io.trimtab.mbeans.optimizer.RuleSpec;
import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.mbeans.pool.ManagedPool;
import io.trimtab.mbeans.pool.PoolSpec;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} of a running runtime with a real cache, pool, SQLite database and jobs, read over real HTTP. */
class MetricsEndpointTest {

    @TempDir
    Path dataDir;

    private Trimtab start(String name) {
        // The built-in sampling and cycle jobs wait an hour: the test samples and runs cycles itself.
        return Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dataDir).jolokiaPort(0)
                .setting("jobs.sampling", "1h").setting("jobs.optimizationCycle", "1h").start();
    }

    @Test
    void cacheSeriesFollowTheGetsAndPutsMade() {
        try (Trimtab trimtab = start("pcache")) {
            ManagedCache<String, String> cache = trimtab.caches().create("x", String.class, String.class,
                    CacheSpec.builder().heapEntries(100).entryBounds(10, 1_000).build());
            for (int i = 0; i < 3; i++) {
                cache.put("k" + i, "v" + i);
            }
            int gets = 10;
            int hits = 0;
            for (int i = 0; i < gets; i++) {
                if (cache.get("k" + (i % 4)) != null) { // k3 was never put: a miss
                    hits++;
                }
            }

            Scrape scrape = Scrape.get(trimtab.metricsUrl().orElseThrow());
            assertEquals(200, scrape.status(), scrape.body());
            assertEquals(hits, scrape.value("trimtab_cache_requests_total", "cache", "x", "result", "hit"));
            assertEquals(gets - hits, scrape.value("trimtab_cache_requests_total", "cache", "x", "result", "miss"));
            assertEquals(3, scrape.value("trimtab_cache_puts_total", "cache", "x"));
            assertEquals(3, scrape.value("trimtab_cache_entries", "cache", "x"));
            assertEquals(100, scrape.value("trimtab_cache_max_entries", "cache", "x"));
            assertEquals(0, scrape.value("trimtab_cache_evictions_total", "cache", "x"));
            assertEquals(1_000, scrape.value("trimtab_cache_max_entries_bound", "cache", "x"));

            cache.resize(10);
            for (int i = 0; i < 30; i++) {
                cache.put("more" + i, "v");
            }
            Scrape later = Scrape.get(trimtab.metricsUrl().orElseThrow());
            assertEquals(10, later.value("trimtab_cache_max_entries", "cache", "x"));
            assertEquals(33, later.value("trimtab_cache_puts_total", "cache", "x"));
            assertEquals(33 - later.value("trimtab_cache_entries", "cache", "x"),
                    later.value("trimtab_cache_evictions_total", "cache", "x"));
            assertTrue(later.value("trimtab_cache_evictions_total", "cache", "x") >= 23, later.body());
        }
    }

    @Test
    void poolSeriesShowConnectionsByStateBorrowsAndAcquireTimesInSeconds() throws Exception {
        try (Trimtab trimtab = start("ppool")) {
            ManagedPool pool = trimtab.pools().create("orders", PoolSpec.builder("jdbc:sqlite:" + dataDir.resolve("o.db"))
                    .maxTotal(4).minIdle(0).maxIdle(4).resizeBounds(2, 8).build());
            for (int i = 0; i < 5; i++) {
                pool.getConnection().close();
            }
            try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
                Scrape scrape = Scrape.get(trimtab.metricsUrl().orElseThrow());
                assertEquals(2, scrape.value("trimtab_pool_connections", "pool", "orders", "state", "active"));
                assertEquals(pool.control().getIdle(), scrape.value("trimtab_pool_connections", "pool", "orders", "state", "idle"));
                assertEquals(7, scrape.value("trimtab_pool_borrows_total", "pool", "orders"));
                assertEquals(5, scrape.value("trimtab_pool_returns_total", "pool", "orders"));
                assertEquals(4, scrape.value("trimtab_pool_max_connections", "pool", "orders"));
                assertEquals(8, scrape.value("trimtab_pool_max_connections_bound", "pool", "orders"));
                assertEquals(0, scrape.value("trimtab_pool_timeouts_total", "pool", "orders"));
                assertEquals(pool.control().getOpened(), scrape.value("trimtab_pool_connections_opened_total", "pool", "orders"));
                // The summary counts the borrows the pool timed: a sample of them, at least the first.
                long timed = trimtab.metrics().getHistograms().get("trimtab.pool.orders.acquireNanos").getCount();
                assertTrue(timed >= 1 && timed <= 7, "timed " + timed);
                assertEquals(timed, scrape.value("trimtab_pool_acquire_seconds_count", "pool", "orders"));
                double p99 = scrape.value("trimtab_pool_acquire_seconds", "pool", "orders", "quantile", "0.99");
                assertEquals(pool.control().getAcquireP99Millis() / 1_000, p99, 1e-9);
                assertTrue(p99 > 0 && p99 < 10, "seconds, not nanoseconds: " + p99);
                assertEquals(1, scrape.value("trimtab_pool_info", "pool", "orders", "state", "running", "adopted", "false"));
            }
            Scrape returned = Scrape.get(trimtab.metricsUrl().orElseThrow());
            assertEquals(0, returned.value("trimtab_pool_connections", "pool", "orders", "state", "active"));
        }
    }

    @Test
    void databaseSeriesCountTheStatementsRunAndReadSizesWithoutSql() throws Exception {
        try (Trimtab trimtab = start("pdb")) {
            ManagedDatabase shop = trimtab.databases().open("shop", Path.of("shop.db"), Profile.SAFE_WAL);
            try (Connection c = shop.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            }
            URI metrics = trimtab.metricsUrl().orElseThrow();
            double before = Scrape.get(metrics).value("trimtab_database_query_seconds_count", "database", "shop");
            int statements = 25;
            try (Connection c = shop.dataSource().getConnection();
                 PreparedStatement insert = c.prepareStatement("INSERT INTO items (name) VALUES (?)")) {
                for (int i = 0; i < statements; i++) {
                    insert.setString(1, "item" + i);
                    insert.executeUpdate();
                }
            }

            Scrape scrape = Scrape.get(metrics);
            assertEquals(before + statements, scrape.value("trimtab_database_query_seconds_count", "database", "shop"));
            assertEquals(shop.management().getExecutionMillis() / 1_000,
                    scrape.value("trimtab_database_query_seconds_sum", "database", "shop"), 1e-9);
            double wal = scrape.value("trimtab_database_wal_bytes", "database", "shop");
            assertTrue(wal > 0, "a WAL database that was written has a WAL file: " + wal);
            assertEquals(shop.management().getWalSizeBytes(), wal);
            assertTrue(scrape.value("trimtab_database_size_bytes", "database", "shop") > 0);
            assertEquals(1, scrape.value("trimtab_database_info", "database", "shop", "profile", "safe-wal"));
            assertTrue(scrape.find("trimtab_database_query_seconds", "database", "shop", "quantile", "0.99").isEmpty(),
                    "no quantile before the sampler's first sample");

            trimtab.optimizer().sample();
            Scrape sampled = Scrape.get(metrics);
            assertEquals(shop.management().getQueryP99Millis() / 1_000,
                    sampled.value("trimtab_database_query_seconds", "database", "shop", "quantile", "0.99"), 1e-9);
            assertEquals(0, sampled.value("trimtab_database_freelist_ratio", "database", "shop"));
            // The database's pool is one of the runtime's pools, under the database's name.
            assertTrue(sampled.value("trimtab_pool_borrows_total", "pool", "shop") >= 2);
        }
    }

    @Test
    void optimizerRulesAndJobsAreSeriesWithHelpAndNames() throws Exception {
        try (Trimtab trimtab = start("popt")) {
            JobHandle ok = trimtab.jobs().register("tick", JobSchedule.parse("1h"), context -> { });
            JobHandle broken = trimtab.jobs().register("broken", JobSchedule.parse("1h"), context -> {
                throw new IllegalStateException("no luck");
            });
            ok.triggerNow();
            broken.triggerNow();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((ok.status().runCount() < 1 || broken.status().runCount() < 1) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            trimtab.optimizer().runCycle();

            Scrape scrape = Scrape.get(trimtab.metricsUrl().orElseThrow());
            assertEquals(1, scrape.value("trimtab_job_runs_total", "job", "tick"));
            assertEquals(0, scrape.value("trimtab_job_failures_total", "job", "tick"));
            assertEquals(1, scrape.value("trimtab_job_runs_total", "job", "broken"));
            assertEquals(1, scrape.value("trimtab_job_failures_total", "job", "broken"));
            assertEquals(1, scrape.value("trimtab_job_duration_seconds_count", "job", "tick"));
            assertEquals(1, scrape.value("trimtab_job_info", "job", "sampling", "schedule", "1h", "state", "scheduled"));
            assertEquals(trimtab.optimizer().healthScore(), scrape.value("trimtab_optimizer_health_score"));
            assertEquals(1, scrape.value("trimtab_optimizer_cycle_seconds_count"));
            assertEquals(1, scrape.value("trimtab_optimizer_info", "mode", trimtab.optimizer().mode().lowerCase()));
            for (var rule : trimtab.optimizer().rules()) {
                assertEquals(0, scrape.value("trimtab_rule_firings_total", "rule", rule.name()));
                assertEquals(0, scrape.value("trimtab_rule_episodes_total", "rule", rule.name()));
                assertEquals(1, scrape.value("trimtab_rule_info", "rule", rule.name(), "mode", rule.mode().lowerCase()));
            }
            assertEquals(0, scrape.value("trimtab_optimizer_alerts", "severity", "critical"));

            Set<String> helped = new HashSet<>();
            Set<String> typed = new HashSet<>();
            for (String line : scrape.body().split("\n")) {
                String[] words = line.split(" ", 4);
                if (line.startsWith("# HELP ")) {
                    assertTrue(words.length == 4 && !words[3].isBlank(), line);
                    helped.add(words[2]);
                } else if (line.startsWith("# TYPE ")) {
                    typed.add(words[2]);
                }
            }
            assertEquals(typed, helped, "every metric has help text");
            assertTrue(typed.containsAll(Set.of("trimtab_rule_firings_total", "trimtab_rule_episodes_total",
                    "trimtab_job_duration_seconds",
                    "trimtab_optimizer_info")), typed.toString());
            assertFalse(typed.contains("trimtab_cache_entries"), "a family with no resource is left out: " + typed);
        }
    }

    @Test
    void aRulesEpisodesCountTheTimesItsConditionBeganToHoldAndItsFiringsEachTimeItActed() {
        try (Trimtab trimtab = start("pepisode")) {
            AtomicInteger backlog = new AtomicInteger();
            trimtab.optimizer().signals().publish(new Signal("app.orders.backlog", "count", backlog::get));
            trimtab.optimizer().addRule(RuleSpec.builder("app.backlog").description("Orders pile up.")
                    .above("app.orders.backlog", 100, 50).sustain(1).build());
            URI metrics = trimtab.metricsUrl().orElseThrow();
            for (int level : new int[] {500, 600, 10, 700}) { // holds, holds on, clears, holds again
                backlog.set(level);
                trimtab.optimizer().sample();
                trimtab.optimizer().runCycle();
            }

            Scrape scrape = Scrape.get(metrics);
            RuleMXBean rule = trimtab.optimizer().rule("app.backlog").orElseThrow();
            assertEquals(2, rule.getEpisodes());
            assertEquals(2, scrape.value("trimtab_rule_episodes_total", "rule", "app.backlog"));
            assertEquals(rule.getFirings(), scrape.value("trimtab_rule_firings_total", "rule", "app.backlog"));
            assertEquals(1, scrape.value("trimtab_rule_info", "rule", "app.backlog", "signal", "app.orders.backlog"));
        }
    }

    @Test
    void aBadAcceptOrUnknownParametersGetThePlainTextFormat() {
        try (Trimtab trimtab = start("pformat")) {
            URI metrics = trimtab.metricsUrl().orElseThrow();
            for (Scrape scrape : new Scrape[] {Scrape.get(metrics, "Accept", "no/such;;type=="),
                    Scrape.get(URI.create(metrics + "?colour=blue&x"), "Accept", "*/*")}) {
                assertEquals(200, scrape.status());
                assertTrue(scrape.contentType().startsWith("text/plain; version=0.0.4"), scrape.contentType());
                assertTrue(scrape.body().contains("# TYPE trimtab_optimizer_health_score gauge"), scrape.body());
            }
        }
    }

    @Test
    void withCredentialsConfiguredMetricsWithoutThemAre401AndNoData() {
        try (Trimtab trimtab = Trimtab.builder().name("pauth").jmxDomain("test.pauth").dataDir(dataDir).jolokiaPort(0)
                .jolokiaCredentials("ops", "s3cret-for-metrics").start()) {
            URI metrics = trimtab.metricsUrl().orElseThrow();
            for (Scrape refused : new Scrape[] {Scrape.get(metrics), Scrape.get(metrics, "Authorization", basic("ops", "wrong")),
                    Scrape.get(URI.create(metrics + "/")), Scrape.get(URI.create(metrics + "?name[]=trimtab_optimizer_health_score"))}) {
                assertEquals(401, refused.status());
                assertFalse(refused.body().contains("trimtab_"), refused.body());
            }
            Scrape allowed = Scrape.get(metrics, "Authorization", basic("ops", "s3cret-for-metrics"));
            assertEquals(200, allowed.status());
            assertTrue(allowed.find("trimtab_optimizer_health_score").isPresent(), allowed.body());
        }
    }

    @Test
    void closingTheEndpointUnregistersItsCollectorsFromTheRuntimesOwnRegistry() {
        try (Trimtab trimtab = start("pclose")) {
            trimtab.caches().create("x", String.class, String.class, CacheSpec.builder().heapEntries(10).build());
            FrontDoor door = FrontDoor.create("pclose-test", FrontDoorConfig.from(trimtab.config()));
            PrometheusEndpoint endpoint = PrometheusEndpoint.mount(door, trimtab.metrics(), trimtab.optimizer(),
                    trimtab.caches(), trimtab.pools(), trimtab.databases(), trimtab.jobs());
            assertTrue(endpoint.registry().scrape().stream()
                    .anyMatch(family -> family.getMetadata().getName().equals("trimtab_cache_entries")));
            assertFalse(PrometheusRegistry.defaultRegistry.scrape().stream()
                    .anyMatch(family -> family.getMetadata().getName().startsWith("trimtab_")), "not the default registry");
            endpoint.close();
            assertEquals(0, endpoint.registry().scrape().size());
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
