package io.trimtab.examples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.jobs.JobSchedule;
import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.sqlite.Profile;
import io.trimtab.testing.JolokiaHttp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 32 keep-alive clients send 10,000 requests in all to Trimtab's Jolokia agent, mixing reads, writes and
 * execs on Trimtab's beans: every answer is a success and nothing is logged as a warning, error or exception.
 */
@Tag("reliability")
class JolokiaLoadTest {

    private static final int CLIENTS = 32;
    private static final int REQUESTS = 10_000;
    private static final String DOMAIN = "test.load";
    private static final String CACHE = DOMAIN + ":type=Cache,name=users";
    private static final String DATABASE = DOMAIN + ":type=Database,name=load";
    private static final String JOB = DOMAIN + ":type=Job,name=noop";

    @TempDir
    Path dir;

    @Test
    void thirtyTwoClientsTenThousandRequestsNoErrorAnswerNothingLogged() throws Exception {
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicLong noopRuns = new AtomicLong();
        List<String> logged;
        try (StderrCapture log = new StderrCapture();
             Trimtab trimtab = Trimtab.builder().name("load").jmxDomain(DOMAIN).dataDir(dir).jolokiaPort(0).start()) {
            ManagedCache<String, String> users = trimtab.caches().create("users", String.class, String.class,
                    CacheSpec.builder().heapEntries(1_000).timeToLive(Duration.ofMinutes(5)).build());
            trimtab.databases().open("load", Path.of("load.db"), Profile.SAFE_WAL);
            trimtab.jobs().register("noop", JobSchedule.every(Duration.ofHours(1)), context -> noopRuns.incrementAndGet());
            URI url = trimtab.jolokiaUrl().orElseThrow();

            AtomicInteger next = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                JolokiaHttp client = new JolokiaHttp(url);
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                        users.put("user:" + i, "value " + i);
                        check(client, i, errors);
                    }
                }));
            }
            clients.shutdown();
            for (Future<?> client : running) {
                client.get(5, TimeUnit.MINUTES);
            }
            assertTrue(clients.awaitTermination(1, TimeUnit.MINUTES));
            Faults.await("the triggered runs of the job", () -> trimtab.jobs().get("noop").status().runCount() >= 1
                    && !trimtab.jobs().get("noop").status().running());
            assertEquals(0, trimtab.jobs().get("noop").status().failureCount());
            logged = log.problems();
        }
        assertTrue(errors.isEmpty(), errors.size() + " error answers, e.g. " + errors.stream().limit(5).toList());
        assertTrue(noopRuns.get() >= 1, "triggerNow ran the job");
        assertTrue(logged.isEmpty(), "logged: " + logged);
    }

    /** One request of the mix: reads, writes and execs on the cache, the database, the job and the optimizer. */
    private static void check(JolokiaHttp client, int i, ConcurrentLinkedQueue<String> errors) {
        HttpResponse<String> answer = switch (i % 10) {
            case 0 -> client.getRaw("read/" + CACHE);
            case 1 -> client.getRaw("read/" + DATABASE + "/WalSizeBytes");
            case 2 -> client.getRaw("read/" + DOMAIN + ":type=Optimizer,name=load/HealthScore");
            case 3 -> client.getRaw("read/" + JOB);
            case 4 -> client.getRaw("write/" + CACHE + "/TtlSeconds/" + (60 + i % 600));
            case 5 -> client.getRaw("write/" + DATABASE + "/SlowQueryThresholdMillis/" + (50 + i % 100));
            case 6 -> client.getRaw("exec/" + JOB + "/triggerNow");
            case 7 -> client.getRaw("exec/" + CACHE + "/clear");
            case 8 -> client.postRaw("[{\"type\":\"read\",\"mbean\":\"" + CACHE + "\",\"attribute\":\"Size\"},"
                    + "{\"type\":\"read\",\"mbean\":\"" + DOMAIN + ":type=Runtime,name=load\",\"attribute\":\"UptimeMillis\"}]");
            default -> client.getRaw("exec/" + CACHE + "/resize/" + (500 + i % 500));
        };
        if (answer.statusCode() != 200) {
            errors.add("HTTP " + answer.statusCode() + " for request " + i + ": " + answer.body());
            return;
        }
        Object json = JolokiaHttp.parse(answer.body());
        for (Object one : json instanceof List<?> bulk ? bulk : List.of(json)) {
            Object status = ((Map<?, ?>) one).get("status");
            if (!(status instanceof Number n) || n.intValue() != 200) {
                errors.add("request " + i + " answered " + one);
            }
        }
    }
}
