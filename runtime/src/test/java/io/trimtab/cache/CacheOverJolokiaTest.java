package io.trimtab.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.trimtab.Trimtab;
import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.testing.JolokiaHttp;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheOverJolokiaTest {

    private static final String MBEAN = "test.cachehttp:type=Cache,name=users";

    @TempDir
    Path dataDir;

    @Test
    void anOperatorReadsWritesAndOperatesTheCacheOverHttp() throws Exception {
        MetricRegistry metrics;
        try (Trimtab trimtab = Trimtab.builder().name("cachehttp").jmxDomain("test.cachehttp").dataDir(dataDir)
                .jolokiaPort(0).start()) {
            ManagedCache<String, String> cache = trimtab.caches().create("users", String.class, String.class,
                    CacheSpec.builder().heapEntries(100).entryBounds(10, 1_000).timeToLive(Duration.ofMinutes(10)).build());
            for (int i = 0; i < 50; i++) {
                cache.put("user:" + i, "name " + i);
            }
            cache.get("user:1");
            cache.get("nobody");
            JolokiaHttp jolokia = new JolokiaHttp(trimtab.jolokiaUrl().orElseThrow());

            assertEquals(50L, number(jolokia.read(MBEAN, "Size")));
            assertEquals(100L, number(jolokia.read(MBEAN, "MaxEntries")));
            assertEquals(600L, number(jolokia.read(MBEAN, "TtlSeconds")));
            assertEquals(2L, number(jolokia.read(MBEAN, "Gets")));
            assertEquals(0.5, ((Number) jolokia.read(MBEAN, "HitRatio")).doubleValue());
            assertEquals(50L, number(jolokia.read(MBEAN, "Puts")));

            assertOk(jolokia.post(write("TtlSeconds", "60")));
            assertEquals(60L, number(jolokia.read(MBEAN, "TtlSeconds")));
            assertEquals(Duration.ofMinutes(1), cache.timeToLive().orElseThrow());

            Map<String, Object> expires = assertOk(jolokia.post(exec("expiresAt", "\"nobody\"")));
            assertEquals("not cached", expires.get("value"));
            cache.put("user:x:1", "a");
            cache.put("user:x:2", "b");
            assertEquals(2L, number(assertOk(jolokia.post(exec("invalidateMatching", "\"user:x:*\""))).get("value")));
            assertEquals(50L, cache.size());

            assertEquals(20L, number(assertOk(jolokia.post(exec("resize", "20"))).get("value")));
            assertEquals(20L, cache.maxEntries());
            assertEquals(20L, cache.size());


            assertRefused(jolokia.post(write("TtlSeconds", "-1")), "ttlSeconds must be 0 (never) or more but was -1");
            assertRefused(jolokia.post(exec("resize", "0")), "maxEntries must be between 10 and 1000 but was 0");
            assertRefused(jolokia.post(exec("resize", "5000")), "maxEntries must be between 10 and 1000 but was 5000");
            assertRefused(jolokia.post(exec("invalidateMatching", "\"\"")), "glob must not be empty but was ''");
            assertRefused(jolokia.post(write("TtiSeconds", "30")),
                    "cache 'users' expires entries by age: set its timeToLive instead");
            assertEquals(60L, number(jolokia.read(MBEAN, "TtlSeconds")));
            assertEquals(20L, number(jolokia.read(MBEAN, "MaxEntries")));
            assertEquals(20L, number(jolokia.read(MBEAN, "Size")));

            assertOk(jolokia.post(exec("clear", null)));
            assertEquals(0L, cache.size());

            assertEquals(2L, number(jolokia.read("test.cachehttp.metrics:name=trimtab.cache.users.gets,type=gauges",
                    "Value")), "the same figures as gauges in the runtime's metrics");
            metrics = trimtab.metrics();
        }
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName(MBEAN)));
        assertTrue(metrics.getNames().stream().noneMatch(name -> name.startsWith("trimtab.cache.")));
    }

    private static String write(String attribute, String value) {
        return "{\"type\":\"write\",\"mbean\":\"" + MBEAN + "\",\"attribute\":\"" + attribute + "\",\"value\":" + value + "}";
    }

    private static String exec(String operation, String argument) {
        return "{\"type\":\"exec\",\"mbean\":\"" + MBEAN + "\",\"operation\":\"" + operation + "\",\"arguments\":["
                + (argument == null ? "" : argument) + "]}";
    }

    private static Map<String, Object> assertOk(Map<String, Object> answer) {
        assertEquals(200, ((Number) answer.get("status")).intValue(), answer::toString);
        return answer;
    }

    private static void assertRefused(Map<String, Object> answer, String message) {
        int status = ((Number) answer.get("status")).intValue();
        assertNotEquals(200, status, answer::toString);
        assertTrue(status >= 400, answer::toString);
        assertTrue(String.valueOf(answer.get("error")).contains(message), answer::toString);
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
