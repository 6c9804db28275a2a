package io.trimtab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.TrimtabBuilder;
import io.trimtab.testing.JolokiaHttp;
import io.trimtab.testing.Probe;
import io.trimtab.testing.Threads;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security settings: a policy of the user's own, CORS origins, keystore; each checked at start. */
class JolokiaSettingsTest {

    @TempDir
    Path dir;

    private TrimtabBuilder builder(String name) {
        return Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dir).jolokiaPort(0);
    }

    @Test
    void aUserPolicyReplacesTheDefault() throws Exception {
        Path policy = Files.writeString(dir.resolve("read-only.xml"), """
                <restrict>
                  <commands><command>read</command><command>version</command></commands>
                  <allow>
                    <mbean><name>${trimtab.domain}:type=Probe,*</name><operation>add</operation></mbean>
                  </allow>
                  <deny>
                    <mbean><name>java.lang:type=Memory</name><attribute>*</attribute></mbean>
                  </deny>
                </restrict>
                """);
        try (Trimtab trimtab = builder("own").jolokiaPolicy(policy).start()) {
            Probe.register(trimtab, new Probe());
            JolokiaHttp jolokia = new JolokiaHttp(trimtab.jolokiaUrl().orElseThrow());
            assertEquals(10, ((Number) jolokia.read("test.own:type=Probe,name=probe", "Limit")).intValue());
            assertEquals(3L, ((Number) jolokia.get("exec/test.own:type=Probe,name=probe/add/1/2").get("value")).longValue());
            assertEquals(403, status(jolokia.get("write/test.own:type=Probe,name=probe/Limit/20")));
            assertEquals(403, status(jolokia.get("read/java.lang:type=Memory/HeapMemoryUsage")));
            assertEquals(403, status(jolokia.get("list")));
        }
    }

    @Test
    void theReadOnlyPolicyOfTheReadmeWorksAsDescribed() throws Exception {
        Path policy = dir.resolve("read-only.xml");
        try (var in = getClass().getResourceAsStream("read-only-policy.xml")) {
            Files.write(policy, in.readAllBytes());
        }
        try (Trimtab trimtab = builder("readme").jolokiaPolicy(policy).start()) {
            Probe.register(trimtab, new Probe());
            JolokiaHttp jolokia = new JolokiaHttp(trimtab.jolokiaUrl().orElseThrow());
            assertEquals(10, ((Number) jolokia.read("test.readme:type=Probe,name=probe", "Limit")).intValue());
            assertEquals(200, status(jolokia.get("list/test.readme")));
            assertEquals(403, status(jolokia.get("write/test.readme:type=Probe,name=probe/Limit/20")));
            assertEquals(403, status(jolokia.get("exec/test.readme:type=Probe,name=probe/add/1/2")));
            assertEquals(403, status(jolokia.get("read/java.lang:type=Runtime/SystemProperties")));
            assertEquals(403, status(jolokia.get("exec/com.sun.management:type=DiagnosticCommand/vmSystemProperties")));
        }
    }

    @Test
    void aMissingOrMalformedPolicyFailsTheStartAndLeavesNothingBehind() throws Exception {
        Path absent = dir.resolve("absent.xml");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> builder("nopolicy").jolokiaPolicy(absent).start());
        assertTrue(missing.getMessage().startsWith("config jolokia.policy=" + absent + " cannot be read"), missing.getMessage());

        Path broken = Files.writeString(dir.resolve("broken.xml"), "<restrict><commands><command>read</command>");
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> builder("nopolicy").jolokiaPolicy(broken).start());
        assertTrue(malformed.getMessage().startsWith("Jolokia access policy " + broken + " is not valid"), malformed.getMessage());

        assertTrue(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("test.nopolicy:*"), null).isEmpty());
        assertEquals(List.of(), Threads.awaitGone("trimtab-nopolicy"));
    }

    @Test
    void originsAndKeystoreAreCheckedAtStart() {
        IllegalArgumentException origin = assertThrows(IllegalArgumentException.class,
                () -> builder("origins").jolokiaCorsOrigins("https://console.example.com/app").start());
        assertEquals("config jolokia.corsOrigins=https://console.example.com/app (from the builder) origin"
                + " 'https://console.example.com/app' must be http://host[:port] or https://host[:port]", origin.getMessage());

        Path config = dir.resolve("trimtab.properties");
        IllegalStateException keystore = assertThrows(IllegalStateException.class, () -> {
            Files.writeString(config, "jolokia.keystore=" + dir.resolve("agent.p12") + "\n");
            builder("keystore").config(config).start();
        });
        assertEquals("config jolokia.keystore and jolokia.keystorePassword go together: set both or neither", keystore.getMessage());
    }

    @Test
    void anAllowedOriginIsAnsweredWithCorsHeaders() {
        try (Trimtab trimtab = builder("origin").jolokiaCorsOrigins("http://localhost:3000", "http://127.0.0.1:3000").start()) {
            var answer = io.trimtab.testing.RawHttp.send(trimtab.jolokiaUrl().orElseThrow(), "GET",
                    "read/test.origin:type=Runtime,name=origin/Name", null, Map.of("Origin", "http://localhost:3000"), false);
            assertEquals(200, answer.status());
            assertEquals("http://localhost:3000", answer.header("Access-Control-Allow-Origin"));
        }
    }

    private static int status(Map<String, Object> answer) {
        return ((Number) answer.get("status")).intValue();
    }
}
