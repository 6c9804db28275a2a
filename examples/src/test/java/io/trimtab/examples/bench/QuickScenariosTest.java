package io.trimtab.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The in-process scenarios of the benchmark runner run through in quick mode and report every figure they promise,
 * each a finite number. The figures themselves are not checked: speed is measured by running the runner, not in tests.
 */
class QuickScenariosTest {

    static Stream<Arguments> scenarios() {
        return Stream.of(
                scenario(new OptimizerCycleScenario(), "optimizer-cycle-quiet", "optimizer-cycle"),
                scenario(new CacheAdaptiveScenario(), "cache-adaptive", "cache-adaptive-cycles"),
                scenario(new PoolAdaptiveScenario(), "pool-adaptive", "pool-adaptive-cycles"),
                scenario(new VerificationHonestyScenario(), "verification-false-improved", "verification-true-improved",
                        "verification-cycles-to-verdict"),
                scenario(new SqliteScenario(), "sqlite-tuned-vs-default", "sqlite-reads-tuned-vs-default",
                        "sqlite-vs-unsafe-ceiling", "sqlite-writer-p99-vs-wal"),
                scenario(new MetricsScrapeScenario(), "metrics-scrape", "metrics-scrape-p99", "metrics-scrape-vs-bare"),
                scenario(new DashboardDataScenario(), "dashboard-data", "dashboard-data-p99", "dashboard-data-unprepared",
                        "dashboard-data-idle", "dashboard-data-full"));
    }

    private static Arguments scenario(Scenario scenario, String... figures) {
        return Arguments.of(scenario.name(), scenario, List.of(figures));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void reportsEveryFigureItPromises(String name, Scenario scenario, List<String> figures) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Report report = new Report(new PrintStream(out, true, StandardCharsets.UTF_8));

        scenario.run(RunLength.QUICK, report);

        List<String> reported = report.results().stream().map(Report.Result::name).toList();
        assertEquals(figures, reported.stream().filter(figures::contains).toList(), out.toString(StandardCharsets.UTF_8));
        for (Report.Result result : report.results()) {
            if (!result.name().endsWith("-cycles")) { // "never" is reported as infinitely many cycles
                assertTrue(Double.isFinite(result.value()), result.toString());
            }
        }
    }
}
