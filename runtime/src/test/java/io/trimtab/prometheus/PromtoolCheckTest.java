package io.trimtab.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prometheus' own linter finds nothing to fault in a scrape of a runtime with every kind of resource. */
class PromtoolCheckTest {

    @TempDir
    Path dataDir;

    @Test
    void promtoolCheckMetricsReportsNoProblems() throws Exception {
        Path promtool = Servers.program("promtool");
        try (Trimtab trimtab = Trimtab.builder().name("lint").jmxDomain("test.lint").dataDir(dataDir).jolokiaPort(0)
                .start()) {
            Servers.populate(trimtab, dataDir);
            Scrape scrape = Scrape.get(trimtab.metricsUrl().orElseThrow());
            assertEquals(200, scrape.status());
            for (String family : new String[] {"trimtab_cache_requests_total", "trimtab_pool_acquire_seconds",
                    "trimtab_database_query_seconds", "trimtab_optimizer_health_score", "trimtab_rule_firings_total",
                    "trimtab_job_runs_total", "trimtab_knob_value", "trimtab_rule_info"}) {
                assertTrue(scrape.body().contains("# TYPE " + family + " "), family + " missing from\n" + scrape.body());
            }
            Path saved = Path.of("target", "prometheus-scrape.txt");
            Files.writeString(saved, scrape.body());

            Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectErrorStream(true).redirectInput(saved.toFile()).start();
            String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(check.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
            assertEquals("", report.strip(), "promtool check metrics on " + saved.toAbsolutePath());
            assertEquals(0, check.exitValue(), report);
        }
    }
}
