package io.trimtab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.testing.JolokiaHttp;
import io.trimtab.testing.Threads;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrimtabLifecycleTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dataDir;

    private TrimtabBuilder builder(String name) {
        return Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dataDir).jolokiaPort(0);
    }

    @Test
    void startServesTheRuntimeMBeanOverJolokiaAndCloseUndoesEverything() throws Exception {
        Trimtab trimtab = builder("life").start();
        ObjectName runtime = new ObjectName("test.life:type=Runtime,name=life");
        URI url = trimtab.jolokiaUrl().orElseThrow();
        assertTrue(SERVER.isRegistered(runtime));
        assertEquals("127.0.0.1", url.getHost());

        JolokiaHttp jolokia = new JolokiaHttp(url);
        assertEquals("life", jolokia.read(runtime.toString(), "Name"));
        assertEquals("RUNNING", jolokia.read(runtime.toString(), "State"));
        assertEquals(url.toString(), jolokia.read(runtime.toString(), "JolokiaUrl"));
        assertEquals(dataDir.toAbsolutePath().normalize().toString(), jolokia.read(runtime.toString(), "DataDir"));
        assertTrue(((Number) jolokia.read(runtime.toString(), "UptimeMillis")).longValue() >= 0);

        trimtab.close();

        assertFalse(SERVER.isRegistered(runtime));
        assertTrue(SERVER.queryNames(new ObjectName("test.life:*"), null).isEmpty());
        assertEquals(List.of(), Threads.awaitGone("trimtab-life"));
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), url.getPort()));
        }
        trimtab.close();
    }

    @Test
    void metricsGoToTheirOwnDomain() throws Exception {
        try (Trimtab trimtab = builder("metrics").start()) {
            trimtab.metrics().counter("probe").inc(3);
            ObjectName counter = new ObjectName("test.metrics.metrics:name=probe,type=counters");
            assertEquals(3L, SERVER.getAttribute(counter, "Count"));
            assertTrue(SERVER.queryNames(new ObjectName("test.metrics:name=probe,*"), null).isEmpty());
        }
        assertTrue(SERVER.queryNames(new ObjectName("test.metrics.metrics:*"), null).isEmpty());
    }

    @Test
    void aTakenPortFailsTheStartAndLeavesNothingBehind() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> builder("taken").jolokiaPort(port).start());
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
            assertTrue(e.getMessage().contains("jolokia.port"), e.getMessage());
        }
        assertTrue(SERVER.queryNames(new ObjectName("test.taken:*"), null).isEmpty());
        assertTrue(SERVER.queryNames(new ObjectName("test.taken.metrics:*"), null).isEmpty());
        assertEquals(List.of(), Threads.awaitGone("trimtab-taken"));
    }

    @Test
    void twoRuntimesRunSideBySideAndOneDomainTakesOnlyOne() {
        try (Trimtab first = builder("first").start(); Trimtab second = builder("second").start()) {
            assertNotEquals(first.jolokiaUrl(), second.jolokiaUrl());
            assertEquals("first", new JolokiaHttp(first.jolokiaUrl().orElseThrow())
                    .read("test.first:type=Runtime,name=first", "Name"));
            assertEquals("second", new JolokiaHttp(second.jolokiaUrl().orElseThrow())
                    .read("test.second:type=Runtime,name=second", "Name"));

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Trimtab.builder().name("third").jmxDomain("test.first").dataDir(dataDir).jolokiaPort(0).start());
            assertTrue(e.getMessage().contains("test.first is already used by the running Trimtab first"), e.getMessage());
            assertEquals("RUNNING", new JolokiaHttp(first.jolokiaUrl().orElseThrow())
                    .read("test.first:type=Runtime,name=first", "State"));
        }
    }

    @Test
    void keepAliveClientsDoNotWaitForDelayedAcks() {
        try (Trimtab trimtab = builder("keepalive").start()) {
            JolokiaHttp jolokia = new JolokiaHttp(trimtab.jolokiaUrl().orElseThrow());
            jolokia.read("test.keepalive:type=Runtime,name=keepalive", "Name");
            long started = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                jolokia.read("test.keepalive:type=Runtime,name=keepalive", "UptimeMillis");
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            // A 40 ms stall per request would take 2 s; without it 50 requests take a few tens of ms.
            assertTrue(millis < 1_000, "50 keep-alive requests took " + millis + " ms");
        }
    }

    @Test
    void theDefaultPolicyAllowsReadsAndDeniesDangerousOperations() {
        try (Trimtab trimtab = builder("policy").start()) {
            JolokiaHttp jolokia = new JolokiaHttp(trimtab.jolokiaUrl().orElseThrow());
            assertEquals(200, status(jolokia.get("read/java.lang:type=Memory/HeapMemoryUsage")));
            assertEquals(403, status(jolokia.post("{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\","
                    + "\"operation\":\"vmSystemProperties\",\"arguments\":[]}")));
            assertEquals(403, status(jolokia.get("read/java.lang:type=Runtime/SystemProperties")));
            assertEquals(403, status(jolokia.post("{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\","
                    + "\"attribute\":\"Verbose\",\"value\":true}")));
        }
    }

    @Test
    void credentialsAreRequiredWhenSet() {
        try (Trimtab trimtab = builder("auth").jolokiaCredentials("ops", "s3cret").start()) {
            URI url = trimtab.jolokiaUrl().orElseThrow();
            HttpResponse<String> anonymous = new JolokiaHttp(url).getRaw("read/test.auth:type=Runtime,name=auth/Name");
            assertEquals(401, anonymous.statusCode());
            HttpResponse<String> wrong = new JolokiaHttp(url, "ops", "guess").getRaw("read/test.auth:type=Runtime,name=auth/Name");
            assertEquals(401, wrong.statusCode());
            assertEquals("auth", new JolokiaHttp(url, "ops", "s3cret").read("test.auth:type=Runtime,name=auth", "Name"));
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = (Map<String, Object>) new JolokiaHttp(url, "ops", "s3cret")
                    .read("test.auth:type=Runtime,name=auth", "Settings");
            assertEquals("<masked>", settings.get("jolokia.password"));
        }
    }

    @Test
    void aNonLoopbackBindWithoutCredentialsRefusesToStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> builder("open").jolokiaHost("0.0.0.0").start());
        assertTrue(e.getMessage().contains("jolokia.host=0.0.0.0 is not a loopback address"), e.getMessage());
    }

    @Test
    void everyAttributeOfTheRuntimeMBeanIsDescribed() throws Exception {
        try (Trimtab trimtab = builder("described").jolokiaEnabled(false).start()) {
            MBeanInfo info = SERVER.getMBeanInfo(trimtab.objectName());
            assertTrue(info.getDescription().startsWith("A Trimtab runtime"), info.getDescription());
            for (MBeanAttributeInfo attribute : info.getAttributes()) {
                assertFalse(attribute.getDescription().isBlank(), attribute.getName());
                assertNotEquals("Attribute exposed for management", attribute.getDescription(), attribute.getName());
            }
            assertEquals("", SERVER.getAttribute(trimtab.objectName(), "JolokiaUrl"));
        }
    }

    private static int status(Map<String, Object> answer) {
        return ((Number) answer.get("status")).intValue();
    }
}
