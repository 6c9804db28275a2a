package io.trimtab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.trimtab.Trimtab;
import io.trimtab.testing.JolokiaHttp;
import io.trimtab.testing.Probe;
import io.trimtab.testing.RawHttp;
import io.trimtab.testing.RawHttp.Answer;
import io.trimtab.testing.Sockets;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication under guessing, bounded notifications, the plain-HTTP opt-in and kept-alive reads beside a JDK server. */
class FrontDoorLimitsTest {

    private static final String PROBE = "test.limits:type=Probe,name=probe";

    @TempDir
    Path dataDir;

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void guessingIsSlowedPerClientWhileTheRightPasswordIsAnsweredAtOnce() throws Exception {
        try (Trimtab trimtab = Trimtab.builder().name("guess").jmxDomain("test.guess").dataDir(dataDir).jolokiaPort(0)
                .jolokiaCredentials("ops", "right-password").start()) {
            URI url = trimtab.jolokiaUrl().orElseThrow();
            Answer wrongUser = RawHttp.send(url, "GET", "version", null, basic("admin", "right-password"), false);
            Answer wrongPassword = RawHttp.send(url, "GET", "version", null, basic("ops", "guess"), false);
            assertEquals(401, wrongUser.status());
            assertEquals(wrongUser.status(), wrongPassword.status());
            assertEquals(wrongUser.body(), wrongPassword.body());
            assertEquals(wrongUser.header("WWW-Authenticate"), wrongPassword.header("WWW-Authenticate"));

            RawHttp.send(url, "GET", "version", null, basic("ops", "guess-2"), false);
            long started = System.nanoTime();
            Answer slowed = RawHttp.send(url, "GET", "version", null, basic("ops", "guess-3"), false);
            long slowedMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(401, slowed.status());
            assertTrue(slowedMillis >= 200, "the fourth failure was answered after " + slowedMillis + " ms");

            JolokiaHttp normal = new JolokiaHttp(url, "ops", "right-password");
            assertEquals("guess", normal.read("test.guess:type=Runtime,name=guess", "Name"));
        }
    }

    @Test
    void notificationsAreBoundedAndOnlyOnReadableBeans() {
        try (Trimtab trimtab = Trimtab.builder().name("limits").jmxDomain("test.limits").dataDir(dataDir).jolokiaPort(0).start()) {
            Probe.register(trimtab, new Probe());
            JolokiaHttp jolokia = new JolokiaHttp(trimtab.jolokiaUrl().orElseThrow());
            String client = (String) ((Map<?, ?>) send(jolokia, "{\"type\":\"notification\",\"command\":\"register\"}").get("value")).get("id");
            for (String denied : new String[] {"com.sun.management:type=DiagnosticCommand", "JMImplementation:type=MBeanServerDelegate",
                    "jdk.management.jfr:type=FlightRecorder", "test.limits:*"}) {
                Map<String, Object> answer = send(jolokia, add(client, denied, null));
                assertEquals(403, status(answer), denied + ": " + answer);
            }
            Map<String, Object> big = send(jolokia, add(client, PROBE, "x".repeat(250 * 1024)));
            assertEquals(403, status(big));
            assertTrue(String.valueOf(big.get("error")).contains("exceed the limit of 2048"), big.toString());
            for (int i = 0; i < 16; i++) {
                assertEquals(200, status(send(jolokia, add(client, PROBE, "h" + i))));
            }
            Map<String, Object> seventeenth = send(jolokia, add(client, PROBE, "h16"));
            assertEquals(403, status(seventeenth));
            assertTrue(String.valueOf(seventeenth.get("error")).contains("limit of 16 notification listeners"), seventeenth.toString());
            for (int i = 1; i < 32; i++) {
                Map<String, Object> registered = send(jolokia, "{\"type\":\"notification\",\"command\":\"register\"}");
                assertEquals(200, status(registered), registered.toString());
            }
            Map<String, Object> tooMany = send(jolokia, "{\"type\":\"notification\",\"command\":\"register\"}");
            assertEquals(403, status(tooMany));
            assertTrue(String.valueOf(tooMany.get("error")).contains("limit of 32 notification clients"), tooMany.toString());
            Map<String, Object> unregistered = send(jolokia, "{\"type\":\"notification\",\"command\":\"unregister\",\"client\":\"" + client + "\"}");
            assertEquals(200, status(unregistered), unregistered.toString());
            assertEquals(200, status(send(jolokia, "{\"type\":\"notification\",\"command\":\"register\"}")));
            assertEquals(405, jolokia.getRaw("notification/register").statusCode());
            assertEquals(10, ((Number) jolokia.read(PROBE, "Limit")).intValue());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> send(JolokiaHttp jolokia, String json) {
        return (Map<String, Object>) JolokiaHttp.parse(jolokia.postRaw(json).body());
    }

    private static String add(String client, String mbean, String handback) {
        return "{\"type\":\"notification\",\"command\":\"add\",\"mode\":\"pull\",\"client\":\"" + client + "\",\"mbean\":\""
                + mbean + "\"" + (handback == null ? "" : ",\"handback\":\"" + handback + "\"") + "}";
    }

    private static int status(Map<String, Object> answer) {
        return ((Number) answer.get("status")).intValue();
    }

    @Test
    void oneClientGetsEightRequestsServedAtOnceAndTheNinthWaitsForOne() throws Exception {
        try (Trimtab trimtab = Trimtab.builder().name("perclient").jmxDomain("test.perclient").dataDir(dataDir)
                .jolokiaPort(0).start()) {
            Probe probe = new Probe();
            Probe.register(trimtab, probe);
            URI url = trimtab.jolokiaUrl().orElseThrow();
            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> blocked = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                blocked.add(http.sendAsync(HttpRequest.newBuilder(url.resolve("exec/test.perclient:type=Probe,name=probe/awaitRelease"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (probe.getWaiting() < 8 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            assertEquals(8, probe.getWaiting());
            CompletableFuture<HttpResponse<String>> ninth = http.sendAsync(HttpRequest.newBuilder(
                    url.resolve("read/test.perclient:type=Probe,name=probe/Limit")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            TimeUnit.MILLISECONDS.sleep(500);
            assertFalse(ninth.isDone(), "the ninth request of one client was served beside eight");
            probe.release();
            assertTrue(ninth.get(20, TimeUnit.SECONDS).body().contains("\"value\":10"));
            for (CompletableFuture<HttpResponse<String>> one : blocked) {
                assertEquals(200, one.get(20, TimeUnit.SECONDS).statusCode());
            }
        }
    }

    @Test
    void aNonLoopbackBindWithoutTlsNeedsTheNamedOptIn() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trimtab.builder().name("plain")
                .jmxDomain("test.plain").dataDir(dataDir).jolokiaPort(0).jolokiaHost("0.0.0.0")
                .jolokiaCredentials("ops", "pw").start());
        assertTrue(e.getMessage().contains("jolokia.allowPlainHttp=true"), e.getMessage());
    }

    /**
     * A JDK HttpServer started first fixes that JVM's nodelay setting for every later JDK server; Jetty sets TCP_NODELAY
     * itself. 400 reads on one kept-alive connection: their median stays under 2 ms (about 0.1 ms here), where a
     * delayed-ACK stall would cost 40 ms each.
     */
    @Test
    void keptAliveReadsStayFastWithAnotherJdkServerStartedFirst() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.start();
        try (Trimtab trimtab = Trimtab.builder().name("nodelay").jmxDomain("test.nodelay").dataDir(dataDir).jolokiaPort(0).start();
             Socket socket = Sockets.open(trimtab.jolokiaUrl().orElseThrow())) {
            String request = "GET /jolokia/read/test.nodelay:type=Runtime,name=nodelay/Name HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            long[] nanos = new long[400];
            for (int i = -100; i < nanos.length; i++) {
                long started = System.nanoTime();
                Sockets.write(socket, request);
                String answer = Sockets.readAnswer(socket);
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - started;
                }
                assertTrue(answer.contains("\"value\":\"nodelay\""), answer);
            }
            Arrays.sort(nanos);
            double medianMillis = nanos[nanos.length / 2] / 1e6;
            assertTrue(medianMillis < 2.0, "median of a kept-alive read: " + medianMillis + " ms");
        } finally {
            other.stop(0);
        }
    }
}
