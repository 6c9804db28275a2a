package io.trimtab.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.testing.JolokiaHttp;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

    @TempDir
    Path dir;

    @Test
    void theDemoServesUsersAndIsManagedByTrimtab() throws Exception {
        Path config = Files.writeString(dir.resolve("trimtab.properties"), "jolokia.port=0\n");
        Demo demo = Demo.start(DemoOptions.parse("--port", "0", "--no-load",
                "--config", config.toString(), "--data-dir", dir.resolve("data").toString()));
        try (demo) {
            assertTrue(Files.exists(dir.resolve("data").resolve("demo.db")));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> user = http.send(HttpRequest.newBuilder(demo.url().resolve("users/42")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, user.statusCode());
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) JolokiaHttp.parse(user.body());
            assertEquals(42L, ((Number) json.get("id")).longValue());

            assertEquals(404, http.send(HttpRequest.newBuilder(demo.url().resolve("users/999999")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(400, http.send(HttpRequest.newBuilder(demo.url().resolve("users/abc")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());

            URI jolokia = demo.trimtab().jolokiaUrl().orElseThrow();
            JolokiaHttp management = new JolokiaHttp(jolokia);
            assertEquals("demo", management.read("io.trimtab:type=Runtime,name=demo", "Name"));
            http.send(HttpRequest.newBuilder(demo.url().resolve("users/42")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(((Number) management.read("io.trimtab:type=Cache,name=users", "Hits")).longValue() >= 1);
            assertEquals("safe-wal", management.read("io.trimtab:type=Database,name=demo", "Profile"));
            assertTrue(((Number) management.read("io.trimtab:type=ConnectionPool,name=demo", "Borrowed")).longValue() >= 2);

            demo.store().recordVisit(42, 1_000);
            assertEquals(java.util.List.of(42L), demo.store().recentVisitors(999, 5));
        }
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName("io.trimtab:type=Runtime,name=demo")));
    }

    @Test
    void badOptionsAreExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--port", "-1"));
        assertTrue(e.getMessage().startsWith("--port -1 must be between 0 and 65535"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--verbose"));
        assertTrue(e.getMessage().startsWith("unknown option '--verbose'"), e.getMessage());
    }
}
