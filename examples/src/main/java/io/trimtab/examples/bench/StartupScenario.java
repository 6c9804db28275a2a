package io.trimtab.examples.bench;

import io.trimtab.Trimtab;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code startup}: the time from {@code start()} to Jolokia answering a request, and the heap a started runtime
 * retains. Time: a first start and close load the libraries' classes (Quartz, Jolokia, Ehcache, the JDK's HTTP
 * server), which an application pays once whatever it manages them with; the starts measured after it are Trimtab's
 * own work. Heap: in a fresh JVM ({@link StartupProcess}), the heap in use after a full collection with a runtime
 * started, less that before, so including what the libraries keep in static state.
 */
final class StartupScenario implements Scenario {

    private static final String VERSION = "{\"type\":\"version\"}";

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public String description() {
        return "time from start() to Jolokia answering, after class loading, and the heap a started runtime retains";
    }

    @Override
    public void run(RunLength length, Report report) throws Exception {
        long[] fresh = inFreshJvm();
        report.detail("fresh JVM: first start %.0f ms, loading the libraries' classes", fresh[1] / 1e6);
        Path dataDir = Files.createTempDirectory("trimtab-bench-startup");
        try {
            startAndClose(dataDir, 0);
            int starts = length.pick(3, 20);
            long[] nanos = new long[starts];
            for (int i = 0; i < starts; i++) {
                nanos[i] = startAndClose(dataDir, i + 1);
            }
            report.detail("starts after the first: p50 %.1f ms, max %.1f ms (%d starts)",
                    AgentClient.quantileMillis(nanos, 0.5), Arrays.stream(nanos).max().orElseThrow() / 1e6, starts);
            report.result("startup", AgentClient.quantileMillis(nanos, 0.5), "ms", Report.Goal.atMost(300));
        } finally {
            JolokiaFleet.deleteTree(dataDir);
        }
        report.result("startup-retained-heap", fresh[0] / (1024.0 * 1024.0), "MiB", Report.Goal.atMost(32));
    }

    /** Retained bytes and the first start's nanoseconds, measured in a JVM of their own. */
    private static long[] inFreshJvm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), StartupProcess.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
        } finally {
            child.waitFor();
        }
        String[] words = line == null ? new String[0] : line.split(" ");
        if (words.length != 4 || !words[0].equals("retained")) {
            throw new IllegalStateException("the startup process did not report: " + line);
        }
        return new long[] {Long.parseLong(words[1]), Long.parseLong(words[3])};
    }

    /** Nanoseconds from {@code start()} to the first answer of the runtime's agent. */
    private static long startAndClose(Path dataDir, int round) throws Exception {
        long started = System.nanoTime();
        try (Trimtab trimtab = start(dataDir, "startup-" + round)) {
            answer(trimtab.jolokiaUrl().orElseThrow());
            return System.nanoTime() - started;
        }
    }

    static Trimtab start(Path dataDir, String name) {
        return Trimtab.builder().name(name).jmxDomain("bench." + name).dataDir(dataDir.resolve(name)).jolokiaPort(0).start();
    }

    static void answer(URI url) throws Exception {
        new AgentClient(url).postOnFreshConnection(VERSION);
    }
}
