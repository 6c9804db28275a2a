package io.trimtab.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import io.trimtab.testing.JolokiaHttp;
import io.trimtab.testing.Threads;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabasesOverJolokiaTest {

    @TempDir
    Path dataDir;

    @Test
    void aDatabaseIsReadAndMaintainedOverJolokiaAndClosedWithTheRuntime() throws Exception {
        String mbean = "test.sqlitejolokia:type=Database,name=orders";
        Path file;
        try (Trimtab trimtab = Trimtab.builder().name("sqlitejolokia").jmxDomain("test.sqlitejolokia")
                .dataDir(dataDir).jolokiaPort(0).sqliteCacheSizeKib(2048).start()) {
            ManagedDatabase db = trimtab.databases().open("orders", Path.of("orders.db"), Profile.SAFE_WAL);
            file = db.path();
            assertEquals(dataDir.toAbsolutePath().normalize().resolve("orders.db"), file);
            assertEquals(Set.of("orders"), trimtab.databases().names());
            db.inWriteTransaction(c -> c.createStatement().executeUpdate("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
            db.inWriteTransaction(c -> c.createStatement().executeUpdate("INSERT INTO t DEFAULT VALUES"));

            JolokiaHttp jolokia = new JolokiaHttp(trimtab.jolokiaUrl().orElseThrow());
            assertEquals("wal", jolokia.read(mbean, "JournalMode"));
            assertEquals("safe-wal", jolokia.read(mbean, "Profile"));
            assertEquals("NORMAL", jolokia.read(mbean, "Synchronous"));
            assertEquals(2048L, ((Number) jolokia.read(mbean, "CacheSizeKib")).longValue());

            Map<String, Object> checkpoint = jolokia.post("{\"type\":\"exec\",\"mbean\":\"" + mbean
                    + "\",\"operation\":\"checkpoint\",\"arguments\":[\"TRUNCATE\"]}");
            assertEquals(200, ((Number) checkpoint.get("status")).intValue(), checkpoint.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) checkpoint.get("value");
            assertEquals(true, result.get("completed"));
            assertEquals(0L, ((Number) jolokia.read(mbean, "WalSizeBytes")).longValue());

            Map<String, Object> refused = jolokia.post("{\"type\":\"exec\",\"mbean\":\"" + mbean
                    + "\",\"operation\":\"setPragma\",\"arguments\":[\"writable_schema\",\"ON\"]}");
            assertNotEquals(200, ((Number) refused.get("status")).intValue());
            assertTrue(String.valueOf(refused.get("error")).contains("pragma must be one of"), refused.toString());

            Map<String, Object> unsafe = jolokia.post("{\"type\":\"exec\",\"mbean\":\"" + mbean
                    + "\",\"operation\":\"applyProfile\",\"arguments\":[\"fast-unsafe\"]}");
            assertNotEquals(200, ((Number) unsafe.get("status")).intValue());
            assertEquals("safe-wal", jolokia.read(mbean, "Profile"));
        }
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName(mbean)));
        assertEquals(List.of(), Threads.awaitGone("trimtab-sqlite-checkpointer-test.sqlitejolokia"));
        Path wal = Path.of(file + "-wal");
        assertTrue(!Files.exists(wal) || Files.size(wal) == 0);
    }

    @Test
    void unsafeProfilesNeedTheConfigKey() {
        try (Trimtab trimtab = Trimtab.builder().name("sqliteunsafe").jmxDomain("test.sqliteunsafe")
                .dataDir(dataDir).jolokiaEnabled(false).start()) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> trimtab.databases().open("fast", Path.of("fast.db"), Profile.FAST_UNSAFE));
            assertTrue(refused.getMessage().contains("set sqlite.allowUnsafeProfiles=true"), refused.getMessage());
        }
        try (Trimtab trimtab = Trimtab.builder().name("sqliteunsafe").jmxDomain("test.sqliteunsafe")
                .dataDir(dataDir).jolokiaEnabled(false).sqliteAllowUnsafeProfiles(true).start()) {
            assertEquals(Profile.FAST_UNSAFE,
                    trimtab.databases().open("fast", Path.of("fast.db"), Profile.FAST_UNSAFE).profile());
        }
    }
}
