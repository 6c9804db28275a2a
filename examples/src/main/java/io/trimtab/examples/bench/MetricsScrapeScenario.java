package io.trimtab.examples.bench;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.trimtab.Trimtab;
import io.trimtab.http.FrontDoor;
import io.trimtab.http.FrontDoorConfig;
import io.trimtab.prometheus.PrometheusEndpoint;

/**
 * {@code metrics-scrape}: one GET of {@code /metrics} with 100 caches, 10 databases and their 10 pools, the sampler
 * running every second, on a kept-alive connection as Prometheus scrapes; beside a bare client_java registry of the
 * same series (names, labels and values copied from a scrape, set once) served by client_java's servlet on a bare
 * Jetty server in the same JVM. Rounds alternate between the two. In process, without HTTP, the collect alone of
 * each registry is timed too.
 */
final class MetricsScrapeScenario implements Scenario {

    @Override
    public String name() {
        return "metrics-scrape";
    }

    @Override
    public String description() {
        return "p50 and p99 of one /metrics scrape with 100 caches, 10 pools and 10 databases, beside a bare"
                + " client_java registry of the same series";
    }

    @Override
    public void run(RunLength length, Report report) throws Exception {
        try (JolokiaFleet fleet = new JolokiaFleet("bench.metrics", true, 100, 10)) {
            fleet.queryEveryDatabase(20); // the pools' acquire and lease summaries have samples
            Trimtab trimtab = fleet.trimtab;
            FrontDoor unstarted = FrontDoor.create("bench-metrics-copy", FrontDoorConfig.from(trimtab.config()));
            // A second endpoint over the same resources, never served: its registry is what a scrape collects.
            try (PrometheusEndpoint collected = PrometheusEndpoint.mount(unstarted, trimtab.metrics(), trimtab.optimizer(),
                    trimtab.caches(), trimtab.pools(), trimtab.databases(), trimtab.jobs());
                 BareRegistry bare = new BareRegistry(collected.registry().scrape());
                 AgentClient ours = new AgentClient(trimtab.metricsUrl().orElseThrow());
                 AgentClient theirs = new AgentClient(bare.url())) {
                String page = ours.get("/metrics");
                String floor = theirs.get("/metrics");
                report.detail("Trimtab: %d series in %d families, %d KiB; the bare registry: %d series in %d families, %d KiB",
                        series(page), families(page), page.length() / 1024, series(floor), families(floor),
                        floor.length() / 1024);
                int rounds = length.pick(2, 10);
                int perRound = length.pick(30, 200);
                Latencies trimtabScrapes = new Latencies();
                Latencies bareScrapes = new Latencies();
                Latencies trimtabCollects = new Latencies();
                Latencies bareCollects = new Latencies();
                Latencies.warmUp(perRound, () -> ours.get("/metrics"));
                Latencies.warmUp(perRound, () -> theirs.get("/metrics"));
                for (int round = 0; round < rounds; round++) {
                    trimtabScrapes.time(perRound, () -> ours.get("/metrics"));
                    bareScrapes.time(perRound, () -> theirs.get("/metrics"));
                    trimtabCollects.time(perRound, () -> collected.registry().scrape());
                    bareCollects.time(perRound, () -> bare.registry.scrape());
                }
                report.detail("bare client_java registry, same series: p50 %.2f ms, p99 %.2f ms (%d scrapes)",
                        bareScrapes.millis(0.5), bareScrapes.millis(0.99), bareScrapes.count());
                report.detail("in process, collect alone (no text format, no HTTP): Trimtab p50 %.3f ms, bare %.3f ms",
                        trimtabCollects.millis(0.5), bareCollects.millis(0.5));
                report.detail("Trimtab's /metrics: p50 %.2f ms, p99 %.2f ms (%d scrapes)", trimtabScrapes.millis(0.5),
                        trimtabScrapes.millis(0.99), trimtabScrapes.count());
                report.result("metrics-scrape", trimtabScrapes.millis(0.5), "ms", Report.Goal.atMost(5));
                report.result("metrics-scrape-p99", trimtabScrapes.millis(0.99), "ms");
                report.result("metrics-scrape-vs-bare", trimtabScrapes.millis(0.5) / bareScrapes.millis(0.5), "x");
            } finally {
                unstarted.close();
            }
        }
    }

    private static long series(String exposition) {
        return exposition.lines().filter(line -> !line.isEmpty() && !line.startsWith("#")).count();
    }

    private static long families(String exposition) {
        return exposition.lines().filter(line -> line.startsWith("# TYPE ")).count();
    }
}
