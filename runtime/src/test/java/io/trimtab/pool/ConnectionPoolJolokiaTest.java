package io.trimtab.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.mbeans.pool.ManagedPool;
import io.trimtab.mbeans.pool.PoolSpec;
import io.trimtab.testing.JolokiaHttp;
import io.trimtab.testing.Threads;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionPoolJolokiaTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final String MBEAN = "test.jpool:type=ConnectionPool,name=orders";

    @TempDir
    Path dataDir;

    private Trimtab start(String name) {
        return Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dataDir).jolokiaPort(0).start();
    }

    @Test
    void thePoolIsReadWrittenAndOperatedOverJolokiaHttp() throws Exception {
        try (Trimtab trimtab = start("jpool")) {
            ManagedPool pool = trimtab.pools().create("orders", PoolSpec.builder("jdbc:sqlite:"
                    + dataDir.resolve("orders.db")).maxTotal(4).resizeBounds(1, 8)
                    .leakDetectionThreshold(Duration.ofMillis(20)).build());
            JolokiaHttp jolokia = new JolokiaHttp(trimtab.jolokiaUrl().orElseThrow());
            try (Connection held = pool.getConnection()) {
                Thread.sleep(30);
                assertEquals(1L, number(jolokia.read(MBEAN, "Active")));
                assertEquals(1L, number(jolokia.read(MBEAN, "Borrowed")));
                assertEquals(0.25, ((Number) jolokia.read(MBEAN, "Utilization")).doubleValue());
                assertEquals("RUNNING", jolokia.read(MBEAN, "State"));
                List<?> leaks = (List<?>) exec(jolokia, "leaks", "").get("value");
                assertEquals(1, leaks.size());
                Map<?, ?> suspect = (Map<?, ?>) leaks.get(0);
                assertTrue(((List<?>) suspect.get("stack")).get(0).toString()
                        .contains("ConnectionPoolJolokiaTest.thePoolIsReadWrittenAndOperatedOverJolokiaHttp"), suspect.toString());
            }
            for (String attribute : List.of("AcquireP50Millis", "AcquireP99Millis", "LeaseP99Millis",
                    "RecommendedMaxConnections", "Waiters", "Timeouts", "Idle", "MinIdle", "MaxIdle", "MaxWaitMillis")) {
                assertTrue(jolokia.read(MBEAN, attribute) instanceof Number, attribute);
            }
            assertEquals(0L, number(((Map<?, ?>) jolokia.read(MBEAN, "ClosedByReason")).get("resize")));

            assertEquals(200, status(write(jolokia, "MaxConnections", "6")));
            assertEquals(6, pool.control().getMaxConnections());
            assertEquals(200, status(exec(jolokia, "resize", "3")));
            assertEquals(3L, number(jolokia.read(MBEAN, "MaxConnections")));
            assertEquals(200, status(write(jolokia, "MaxWaitMillis", "1500")));
            assertEquals(1500L, number(jolokia.read(MBEAN, "MaxWaitMillis")));
            assertEquals(200, status(exec(jolokia, "suspend", "true")));
            assertEquals("SUSPENDED", jolokia.read(MBEAN, "State"));
            assertEquals(200, status(exec(jolokia, "resume", "")));
            assertEquals(200, status(exec(jolokia, "evictIdle", "")));
            assertEquals(200, status(exec(jolokia, "softReset", "")));

            assertBadInput(jolokia, write(jolokia, "MaxConnections", "0"),
                    "maxTotal must be between 1 and 8 (the resize bounds) but was 0");
            assertBadInput(jolokia, exec(jolokia, "resize", "9"),
                    "maxTotal must be between 1 and 8 (the resize bounds) but was 9");
            assertBadInput(jolokia, write(jolokia, "MaxWaitMillis", "-1"), "maxWaitMillis must be at least 0 but was -1");
            assertBadInput(jolokia, write(jolokia, "MinIdle", "4"), "minIdle must be between 0 and maxIdle (3) but was 4");
            assertBadInput(jolokia, write(jolokia, "MaxIdle", "5"),
                    "maxIdle must be between minIdle (0) and maxTotal (3) but was 5");
            assertEquals(3, pool.control().getMaxConnections());
            assertEquals(1500, pool.control().getMaxWaitMillis());

            Map<String, Object> unknown = jolokia.get("read/test.jpool:type=ConnectionPool,name=nope/Active");
            assertEquals(404, status(unknown));
            assertTrue(unknown.get("error").toString().contains("name=nope"), unknown.toString());
        }
    }

    @Test
    void closingTheRuntimeClosesItsPoolsLeavesAdoptedOnesOpenAndRemovesMBeansAndMetrics() throws Exception {
        BasicDataSource owned = new BasicDataSource();
        owned.setUrl("jdbc:sqlite:" + dataDir.resolve("owned.db"));
        ManagedPool created;
        try (Trimtab trimtab = start("jclose")) {
            created = trimtab.pools().create("created", PoolSpec.builder("jdbc:sqlite:" + dataDir.resolve("c.db"))
                    .leakDetectionThreshold(Duration.ofSeconds(1)).build());
            ManagedPool adopted = trimtab.pools().adopt("adopted", owned);
            try (Connection connection = adopted.getConnection()) {
                assertFalse(connection.isClosed());
            }
            assertEquals(1L, trimtab.metrics().counter("trimtab.pool.adopted.borrowed").getCount());
            assertEquals(1L, SERVER.getAttribute(new ObjectName("test.jclose.metrics:name=trimtab.pool.adopted.borrowed,"
                    + "type=counters"), "Count"));
        }
        assertTrue(SERVER.queryNames(new ObjectName("test.jclose:*"), null).isEmpty());
        assertTrue(SERVER.queryNames(new ObjectName("test.jclose.metrics:*"), null).isEmpty());
        assertTrue(created.unwrap(BasicDataSource.class).isClosed());
        assertFalse(owned.isClosed());
        try (Connection connection = owned.getConnection()) {
            assertFalse(connection.isClosed());
        }
        owned.close();
        assertEquals(List.of(), Threads.awaitGone("trimtab-pools-test.jclose"));
    }

    private static void assertBadInput(JolokiaHttp jolokia, Map<String, Object> answer, String message) {
        int status = status(answer);
        assertTrue(status >= 400 && status < 600, answer.toString());
        assertTrue(answer.get("error").toString().contains(message), answer.toString());
    }

    private static Map<String, Object> write(JolokiaHttp jolokia, String attribute, String value) {
        return jolokia.post("{\"type\":\"write\",\"mbean\":\"" + MBEAN + "\",\"attribute\":\"" + attribute
                + "\",\"value\":" + value + "}");
    }

    private static Map<String, Object> exec(JolokiaHttp jolokia, String operation, String arguments) {
        return jolokia.post("{\"type\":\"exec\",\"mbean\":\"" + MBEAN + "\",\"operation\":\"" + operation
                + "\",\"arguments\":[" + arguments + "]}");
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static int status(Map<String, Object> answer) {
        return ((Number) answer.get("status")).intValue();
    }
}
