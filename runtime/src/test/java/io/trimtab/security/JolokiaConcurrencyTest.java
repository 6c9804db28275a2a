package io.trimtab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trimtab.Trimtab;
import io.trimtab.testing.JolokiaHttp;
import io.trimtab.testing.Probe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A slow exec holds one request thread; other clients are still served. */
class JolokiaConcurrencyTest {

    @TempDir
    Path dataDir;

    @Test
    void readsAreAnsweredWhileAnExecIsBlocked() throws Exception {
        try (Trimtab trimtab = Trimtab.builder().name("slow").jmxDomain("test.slow").dataDir(dataDir).jolokiaPort(0).start()) {
            Probe probe = new Probe();
            Probe.register(trimtab, probe);
            URI url = trimtab.jolokiaUrl().orElseThrow();

            CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(url.resolve("exec/test.slow:type=Probe,name=probe/awaitRelease"))
                            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            awaitWaiting(probe, 1);

            JolokiaHttp other = new JolokiaHttp(url);
            for (int i = 0; i < 20; i++) {
                assertEquals(10, ((Number) other.read("test.slow:type=Probe,name=probe", "Limit")).intValue());
                other.read("java.lang:type=Memory", "HeapMemoryUsage");
            }
            assertEquals(1, probe.getWaiting(), "the exec returned before it was released");

            probe.release();
            Map<?, ?> answer = (Map<?, ?>) JolokiaHttp.parse(slow.get(20, TimeUnit.SECONDS).body());
            assertEquals(true, answer.get("value"), answer.toString());
        }
    }

    private static void awaitWaiting(Probe probe, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (probe.getWaiting() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the exec did not arrive");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}
