package io.trimtab.cache.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.TrimtabBuilder;
import io.trimtab.mbeans.cache.CacheSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad cluster settings and specs: refused with a message naming the setting, and nothing stays started. */
class ClusterSettingsTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dataDir;

    private TrimtabBuilder runtime(String name) {
        return Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dataDir).jolokiaEnabled(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9410/trimtab", "terracotta://", "terracotta://127.0.0.1:9410",
            "terracotta://127.0.0.1:9410/a/b", "terracotta://127.0.0.1:99999/trimtab", "terracotta://host name/x",
            "terracotta://127.0.0.1:9410/trimtab?x=1"})
    void aMalformedClusterUriIsRefusedBeforeAnythingStarts(String uri) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> runtime("cluster-malformed").setting("caches.cluster.uri", uri).start());
        assertTrue(refused.getMessage().startsWith("config caches.cluster.uri=" + uri + " (from the builder) must be a"
                + " cluster URI such as terracotta://tc.example.com:9410/trimtab but "), refused.getMessage());
        assertEquals(Set.of(), registered("test.cluster-malformed"));
    }

    @Test
    void anUnreachableServerFailsTheStartNamingTheSettingAndTheCause() throws IOException {
        URI nobody = URI.create("terracotta://127.0.0.1:" + freePort() + "/trimtab");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> runtime("cluster-unreachable")
                .setting("caches.cluster.uri", nobody.toString()).setting("caches.cluster.connectionTimeout", "1s").start());
        assertEquals("caches.cluster.uri=" + nobody + ": the caches cannot connect to the cluster: connection timeout in"
                + " 1000 (caches.cluster.connectionTimeout is 1000ms)", refused.getMessage());
        assertEquals(Set.of(), registered("test.cluster-unreachable"));

        try (Trimtab again = runtime("cluster-unreachable").start()) {
            assertTrue(again.caches().cluster().isEmpty(), "the same name and domain start again without a cluster");
        }
    }

    @Test
    void clusterSettingsWithoutTheUriAreRefused() {
        IllegalStateException pools = assertThrows(IllegalStateException.class,
                () -> runtime("cluster-partial").setting("caches.cluster.sharedPools", "fleet:16MB").start());
        assertEquals("config caches.cluster.sharedPools is set but caches.cluster.uri is not: set the cluster's URI too,"
                + " or neither", pools.getMessage());
        IllegalArgumentException badPools = assertThrows(IllegalArgumentException.class, () -> runtime("cluster-partial")
                .setting("caches.cluster.uri", "terracotta://127.0.0.1:9410/x")
                .setting("caches.cluster.sharedPools", "fleet:16").start());
        assertTrue(badPools.getMessage().startsWith("config caches.cluster.sharedPools=fleet:16 (from the builder) entry"
                + " 'fleet:16' must be name:<size>MB"), badPools.getMessage());
        IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class, () -> runtime("cluster-partial")
                .setting("caches.cluster.uri", "terracotta://127.0.0.1:9410/x")
                .setting("caches.cluster.operationTimeout", "10ms").start());
        assertTrue(timeout.getMessage().startsWith("config caches.cluster.operationTimeout=10ms (from the builder) must be"
                + " between 100ms and 5m"), timeout.getMessage());
        assertEquals(Set.of(), registered("test.cluster-partial"));
    }

    @Test
    void aClusteredCacheWithoutAClusterIsRefusedAndNothingIsRegistered() {
        try (Trimtab trimtab = runtime("cluster-none").start()) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> trimtab.caches()
                    .create("orders", String.class, String.class, CacheSpec.builder().heapEntries(10).clusteredDedicated(4).build()));
            assertEquals("cache 'orders' asks for a clustered tier (4 MB dedicated on the default resource) but this"
                    + " runtime has no cluster: set caches.cluster.uri", refused.getMessage());
            assertFalse(SERVER.isRegistered(trimtab.context().objectName("Cache", "orders")));
            assertEquals(0, trimtab.caches().names().size());
        }
    }

    @Test
    void aClusteredTierNeedsASizeOrAPool() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> CacheSpec.builder().heapEntries(10).clusteredDedicated(0).build());
        assertEquals("a dedicated clustered tier needs at least 1 MB but was 0", empty.getMessage());
        IllegalArgumentException pool = assertThrows(IllegalArgumentException.class,
                () -> CacheSpec.builder().heapEntries(10).clusteredShared("no spaces").build());
        assertEquals("sharedPool must be 1 to 64 letters, digits, '_', '.' or '-' but was 'no spaces'", pool.getMessage());
    }

    private static Set<ObjectName> registered(String domain) {
        try {
            return SERVER.queryNames(new ObjectName(domain + "*:*"), null);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
