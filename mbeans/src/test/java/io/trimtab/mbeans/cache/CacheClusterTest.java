package io.trimtab.mbeans.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.cache.CacheCluster.SharedPool;
import io.trimtab.mbeans.cache.internal.ClusterConnection;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class CacheClusterTest {

    @Test
    void urisAsEhcacheTakesThem() {
        for (String uri : List.of("terracotta://tc.example.com/fleet", "terracotta://127.0.0.1:9410/orders-fleet",
                "terracotta://tc1:9410,tc2:9510/fleet", "terracotta://[::1]:9410/fleet")) {
            assertEquals(URI.create(uri), CacheCluster.parseUri(uri));
        }
    }

    @Test
    void aUriWithoutServerOrEntityIsRefusedSayingWhy() {
        assertEquals("must be a cluster URI such as terracotta://tc.example.com:9410/trimtab but the path must be one"
                        + " name of 1 to 64 letters, digits, '_', '.' or '-' (the entity shared by the instances), with no query",
                assertThrows(IllegalArgumentException.class, () -> CacheCluster.parseUri("terracotta://tc:9410")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CacheCluster.parseUri("terracotta://tc:0/x"))
                .getMessage().endsWith("but port 0 is not between 1 and 65535"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CacheCluster.parseUri("terracotta://a,,b/x"))
                .getMessage().endsWith("but '' is not host or host:port"));
    }

    @Test
    void sharedPoolsByNameSizeAndResource() {
        assertEquals(Map.of("fleet", new SharedPool("fleet", 64, "main"), "small", new SharedPool("small", 8, null)),
                CacheCluster.parseSharedPools("fleet:64MB@main, small:8mb"));
        assertEquals(Map.of(), CacheCluster.parseSharedPools(""));
        assertEquals("pool 'fleet' is named twice", assertThrows(IllegalArgumentException.class,
                () -> CacheCluster.parseSharedPools("fleet:8MB,fleet:16MB")).getMessage());
        assertEquals("shared pool 'fleet' must have at least 1 MB but had 0", assertThrows(IllegalArgumentException.class,
                () -> CacheCluster.parseSharedPools("fleet:0MB")).getMessage());
    }

    @Test
    void aClusteredSpecNamesItsTier() {
        CacheSpec spec = CacheSpec.builder().heapEntries(100).clusteredDedicated("main", 64).build();
        assertEquals(CacheSpec.ClusteredTier.dedicated("main", 64), spec.clustered());
        assertEquals("64 MB dedicated on 'main'", spec.clustered().toString());
        assertEquals("shared pool 'fleet'", CacheSpec.ClusteredTier.shared("fleet").toString());
        assertEquals("a shared clustered tier takes its size and resource from pool 'fleet': give no megabytes (was 8)"
                + " or resource (was null)", assertThrows(IllegalArgumentException.class,
                () -> new CacheSpec.ClusteredTier(8, null, "fleet")).getMessage());
    }

    @Test
    void causesReadOutsideInEachOnceWithoutClassNames() {
        TimeoutException root = new TimeoutException("connection timeout in 2000");
        RuntimeException wrapped = new RuntimeException(new IllegalStateException(root));
        assertEquals("connection timeout in 2000", ClusterConnection.causes(wrapped));
        assertEquals("Could not create the tier: Default server resource 'x' is not defined", ClusterConnection.causes(
                new IllegalStateException("Could not create the tier", new Exception("Default server resource 'x' is not defined"))));
    }
}
