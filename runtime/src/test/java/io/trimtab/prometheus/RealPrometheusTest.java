package io.trimtab.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.testing.JolokiaHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus server, started on a free loopback port, scrapes a runtime every second; PromQL through its HTTP
 * API then finds the series with the labels a dashboard groups by, and every query of the Grafana dashboard in
 * {@code examples/grafana} answers.
 */
class RealPrometheusTest {

    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dataDir;
    @TempDir
    Path prometheusDir;

    @Test
    void prometheusScrapesTheRuntimeAndAnswersPromqlByLabel() throws Exception {
        Path prometheus = Servers.program("prometheus");
        try (Trimtab trimtab = Trimtab.builder().name("scraped").jmxDomain("test.scraped").dataDir(dataDir)
                .jolokiaPort(0).start()) {
            ManagedCache<String, String> cache = Servers.populate(trimtab, dataDir);
            URI metrics = trimtab.metricsUrl().orElseThrow();
            int port = Servers.freePort();
            Path config = prometheusDir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 900ms
                    scrape_configs:
                      - job_name: trimtab
                        metrics_path: /metrics
                        static_configs:
                          - targets: ['%s:%d']
                    """.formatted(metrics.getHost(), metrics.getPort()));
            Path log = Path.of("target", "prometheus-server.log");
            Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + prometheusDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=");
                List<Map<String, Object>> entries = awaitSeries(api, "trimtab_cache_entries", server, log);
                assertEquals(1, entries.size(), entries.toString());
                assertEquals("x", labels(entries.get(0)).get("cache"));
                assertEquals("trimtab", labels(entries.get(0)).get("job"));
                assertEquals("1", value(entries.get(0)));

                List<Map<String, Object>> connections = awaitSeries(api, "trimtab_pool_connections{state=\"idle\"}", server, log);
                assertTrue(connections.stream().anyMatch(s -> "orders".equals(labels(s).get("pool"))), connections.toString());

                for (int i = 0; i < 50; i++) {
                    cache.get("a");
                }
                List<Map<String, Object>> hitRate = awaitSeries(api,
                        "sum by (cache) (rate(trimtab_cache_requests_total{result=\"hit\"}[30s]))", server, log);
                assertEquals("x", labels(hitRate.get(0)).get("cache"), hitRate.toString());
                List<Map<String, Object>> acquire = awaitSeries(api,
                        "trimtab_pool_acquire_seconds{quantile=\"0.99\",pool=\"orders\"}", server, log);
                assertTrue(Double.parseDouble(value(acquire.get(0))) < 10, "seconds: " + acquire);
                awaitSeries(api, "trimtab_database_wal_bytes{database=\"shop\"} > 0", server, log);
                for (String expr : dashboardQueries()) {
                    String promql = expr.replace("$instance", ".*").replace("$__rate_interval", "30s");
                    assertTrue(!awaitSeries(api, promql, server, log).isEmpty(), promql);
                }
            } finally {
                server.destroy();
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Polls the query until it returns a non-empty vector, up to {@link #WAIT_NANOS}; fails with Prometheus' log. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> awaitSeries(URI api, String promql, Process server, Path log)
            throws InterruptedException {
        URI query = URI.create(api + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + WAIT_NANOS;
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("prometheus exited with " + server.exitValue() + ":\n" + read(log));
            }
            try {
                var response = Scrape.get(query);
                last = response.body();
                if (response.status() != 200) { // 503 while Prometheus starts
                    Thread.sleep(250);
                    continue;
                }
                Map<String, Object> answer = (Map<String, Object>) JolokiaHttp.parse(last);
                List<Map<String, Object>> result = (List<Map<String, Object>>) ((Map<String, Object>) answer.get("data"))
                        .get("result");
                if (!result.isEmpty()) {
                    return result;
                }
            } catch (RuntimeException notYetListening) {
                last = notYetListening.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no series for " + promql + " within 30 s; last answer " + last + "\n" + read(log));
    }

    /** Every query of the Grafana dashboard shipped in examples/. */
    @SuppressWarnings("unchecked")
    private static List<String> dashboardQueries() throws IOException {
        Path dashboard = Path.of("..", "examples", "grafana", "trimtab-dashboard.json");
        Map<String, Object> json = (Map<String, Object>) JolokiaHttp.parse(Files.readString(dashboard));
        List<String> queries = ((List<Map<String, Object>>) json.get("panels")).stream()
                .flatMap(panel -> ((List<Map<String, Object>>) panel.get("targets")).stream())
                .map(target -> (String) target.get("expr")).toList();
        assertTrue(queries.size() >= 10, queries.toString());
        return queries;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(Map<String, Object> series) {
        return (Map<String, String>) series.get("metric");
    }

    @SuppressWarnings("unchecked")
    private static String value(Map<String, Object> series) {
        return ((List<Object>) series.get("value")).get(1).toString();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
