package io.trimtab.examples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.examples.demo.Demo;
import io.trimtab.examples.demo.DemoOptions;
import io.trimtab.jobs.JobStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's own load with sampling and optimization cycles every 100 ms in auto mode, for
 * {@code -Dreliability.soak.seconds} (default 9): no error logged or recorded by a job, no deadlock at any
 * sample, and from the first to the last third of the run the thread count (the last third's highest against
 * the first third's lowest) grows by at most {@value #THREAD_GROWTH} and the mean heap left after a full GC by
 * at most 25 % plus {@value #HEAP_SLACK_MIB} MiB.
 */
@Tag("reliability")
class SoakTest {

    static final int THREAD_GROWTH = 8;
    static final long HEAP_SLACK_MIB = 16;
    private static final long SAMPLE_MILLIS = 500;
    private static final long WARM_UP_MILLIS = 2_000;

    @TempDir
    Path dir;

    @Test
    void theDemoUnderFrequentCyclesStaysHealthyAndDoesNotGrow() throws Exception {
        // Not trimtab.*: every system property under trimtab. is a Trimtab setting, and unknown ones fail start().
        long seconds = Long.getLong("reliability.soak.seconds", 9);
        Path config = Files.writeString(dir.resolve("trimtab.properties"), String.join("\n",
                "jolokia.port=0", "optimizer.mode=auto", "jobs.sampling=100ms", "jobs.optimizationCycle=100ms", ""));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Integer> threadCounts = new ArrayList<>();
        List<Long> retainedHeap = new ArrayList<>();
        List<String> logged;
        try (StderrCapture log = new StderrCapture();
             Demo demo = Demo.start(DemoOptions.parse("--port", "0", "--config", config.toString(),
                     "--data-dir", dir.resolve("data").toString()))) {
            Trimtab trimtab = demo.trimtab();
            TimeUnit.MILLISECONDS.sleep(WARM_UP_MILLIS);
            long cyclesBefore = trimtab.jobs().get(Trimtab.OPTIMIZATION_CYCLE_JOB).status().runCount();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                long[] deadlocked = threads.findDeadlockedThreads();
                assertNull(deadlocked, () -> "deadlock: " + Arrays.toString(threads.getThreadInfo(deadlocked, true, true)));
                System.gc();
                retainedHeap.add(memory.getHeapMemoryUsage().getUsed());
                threadCounts.add(threadsExceptIdleHttpClients());
                TimeUnit.MILLISECONDS.sleep(SAMPLE_MILLIS);
            }
            assertTrue(trimtab.jobs().get(Trimtab.OPTIMIZATION_CYCLE_JOB).status().runCount() > cyclesBefore,
                    "optimization cycles ran during the soak");
            for (String job : List.of(Trimtab.SAMPLING_JOB, Trimtab.OPTIMIZATION_CYCLE_JOB, Trimtab.DATABASE_MAINTENANCE_JOB)) {
                JobStatus status = trimtab.jobs().get(job).status();
                assertEquals(0, status.failureCount(), job + " failed: " + status.lastError());
            }
            HttpResponse<String> user = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(demo.url().resolve("users/42")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, user.statusCode(), user.body());
            logged = log.problems();
        }
        assertTrue(logged.isEmpty(), "logged: " + logged);
        assertTrue(threadCounts.size() >= 3, "samples: " + threadCounts.size());

        int third = threadCounts.size() / 3;
        // The fewest of the first third: threads a previous test left for the collector are gone by then.
        int firstThreads = threadCounts.subList(0, third).stream().mapToInt(Integer::intValue).min().orElseThrow();
        int lastThreads = max(threadCounts.subList(threadCounts.size() - third, threadCounts.size()));
        assertTrue(lastThreads <= firstThreads + THREAD_GROWTH, "threads grew from " + firstThreads + " to " + lastThreads
                + ": " + threadCounts);
        double firstHeap = mean(retainedHeap.subList(0, third));
        double lastHeap = mean(retainedHeap.subList(retainedHeap.size() - third, retainedHeap.size()));
        double bound = firstHeap * 1.25 + HEAP_SLACK_MIB * 1024 * 1024;
        System.out.printf("soak %d s: threads %d -> %d, retained heap %.1f -> %.1f MiB, %d samples%n", seconds,
                firstThreads, lastThreads, firstHeap / 1048576, lastHeap / 1048576, retainedHeap.size());
        assertTrue(lastHeap <= bound, String.format("retained heap grew from %.1f MiB to %.1f MiB (bound %.1f MiB): %s",
                firstHeap / 1048576, lastHeap / 1048576, bound / 1048576, retainedHeap));
    }

    /**
     * Live threads, without the JDK HttpClient's workers: clients of earlier tests in this JVM leave them idle
     * for a minute, and the soak itself uses none until its end.
     */
    private static int threadsExceptIdleHttpClients() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !thread.getName().startsWith("HttpClient-")).count();
    }

    private static int max(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    private static double mean(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).average().orElseThrow();
    }
}
