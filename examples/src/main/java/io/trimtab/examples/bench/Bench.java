package io.trimtab.examples.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark command: {@code java -jar trimtab-bench.jar [--quick] [scenario ...]} runs the named scenarios (all
 * of them when none is named) and prints a {@code RESULT} line per headline figure, then a summary against the
 * goals. {@code --list} names the scenarios; {@code jmh [JMH options]} hands over to JMH for the microbenchmarks.
 */
public final class Bench {

    private static final List<Scenario> SCENARIOS = List.of(
            new SqliteScenario(),
            new AdvisorVsExpertScenario(),
            new HostOverheadScenario(),
            new JolokiaScenario(),
            new MetricsScrapeScenario(),
            new DashboardDataScenario(),
            new OptimizerCycleScenario(),
            new PoolAdaptiveScenario(),
            new CacheAdaptiveScenario(),
            new VerificationHonestyScenario(),
            new StartupScenario());

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // The optimizer journals every action at info; in a benchmark that is noise between the figures.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        RunLength length = RunLength.FULL;
        List<Scenario> chosen = new ArrayList<>();
        for (String arg : args) {
            switch (arg) {
                case "--quick" -> length = RunLength.QUICK;
                case "--list" -> {
                    SCENARIOS.forEach(s -> System.out.printf(Locale.ROOT, "%-24s %s%n", s.name(), s.description()));
                    return;
                }
                default -> {
                    Scenario scenario = SCENARIOS.stream().filter(s -> s.name().equals(arg)).findFirst().orElse(null);
                    if (scenario == null) {
                        System.err.println("unknown scenario or option '" + arg + "'; scenarios: "
                                + SCENARIOS.stream().map(Scenario::name).toList()
                                + "; options: --quick, --list, jmh [JMH options]");
                        System.exit(2);
                    }
                    chosen.add(scenario);
                }
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(SCENARIOS);
        }
        Report report = new Report(System.out);
        long started = System.nanoTime();
        for (Scenario scenario : chosen) {
            System.out.printf(Locale.ROOT, "%n== %s: %s%n", scenario.name(), scenario.description());
            long scenarioStarted = System.nanoTime();
            scenario.run(length, report);
            System.out.printf(Locale.ROOT, "  (%s took %.1f s)%n", scenario.name(), (System.nanoTime() - scenarioStarted) / 1e9);
        }
        report.printSummary();
        System.out.printf(Locale.ROOT, "%n%s run of %d scenario(s) in %.1f s, %d cores, Java %s%n",
                length.name().toLowerCase(Locale.ROOT), chosen.size(), (System.nanoTime() - started) / 1e9,
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        // Scenarios close what they start, but a library's stray non-daemon thread must not keep the run alive.
        System.exit(0);
    }
}
