package io.trimtab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.TrimtabBuilder;
import io.trimtab.testing.JolokiaHttp;
import io.trimtab.testing.Probe;
import io.trimtab.testing.RawHttp;
import io.trimtab.testing.RawHttp.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic authentication on every path of the agent, CORS on refusals, and credentials kept out of sight. */
class JolokiaAuthenticationTest {

    private static final String PASSWORD = "pw-7f3a9c-never-shown";
    private static final String CONSOLE = "http://localhost:3000";

    @TempDir
    Path dataDir;

    private TrimtabBuilder builder(String name) {
        return Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dataDir).jolokiaPort(0)
                .jolokiaCredentials("ops", PASSWORD);
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyPathOfTheAgentNeedsCredentials() {
        try (Trimtab trimtab = builder("cfg").start()) {
            URI url = trimtab.jolokiaUrl().orElseThrow();
            String read = "{\"type\":\"read\",\"mbean\":\"test.cfg:type=Runtime,name=cfg\",\"attribute\":\"Name\"}";
            assertEquals(401, RawHttp.send(url, "POST", "config", read, Map.of(), false).status());
            assertEquals(401, RawHttp.send(url, "GET", "config", null, Map.of(), false).status());
            assertEquals(401, RawHttp.send(url, "POST", "config/", read, Map.of(), false).status());
            assertEquals(401, RawHttp.send(url, "GET", "read/test.cfg:type=Runtime,name=cfg/Name", null, Map.of(), false).status());
            assertEquals(401, RawHttp.send(url, "GET", "version", null, basic("ops", "guess"), false).status());
            assertEquals(401, RawHttp.send(url, "GET", "version", null, basic("admin", PASSWORD), false).status());
            Answer ok = RawHttp.send(url, "GET", "config", null, basic("ops", PASSWORD), false);
            assertEquals(200, ok.status(), ok.body());
        }
    }

    @Test
    void aRefusalCarriesCorsHeadersForAnAllowedOriginSoABrowserCanReadIt() {
        try (Trimtab trimtab = builder("cors").jolokiaCorsOrigins(CONSOLE).start()) {
            URI url = trimtab.jolokiaUrl().orElseThrow();
            Answer unauthorized = RawHttp.send(url, "GET", "version", null, Map.of("Origin", CONSOLE), false);
            assertEquals(401, unauthorized.status());
            assertEquals(CONSOLE, unauthorized.header("Access-Control-Allow-Origin"));
            assertEquals("true", unauthorized.header("Access-Control-Allow-Credentials"));
            assertTrue(unauthorized.header("WWW-Authenticate").startsWith("Basic realm=\"trimtab\""), unauthorized.header("WWW-Authenticate"));

            Answer preflight = RawHttp.send(url, "OPTIONS", "", null, Map.of("Origin", CONSOLE,
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type"), false);
            assertEquals(204, preflight.status());
            assertEquals("GET, POST", preflight.header("Access-Control-Allow-Methods"));
            assertEquals(CONSOLE, preflight.header("Access-Control-Allow-Origin"));

            Answer read = RawHttp.send(url, "GET", "read/test.cors:type=Runtime,name=cors/Name", null,
                    Map.of("Origin", CONSOLE, "Authorization", basic("ops", PASSWORD).get("Authorization")), false);
            assertEquals(200, read.status());
            assertEquals(CONSOLE, read.header("Access-Control-Allow-Origin"));
            assertEquals("cors", ((Map<?, ?>) JolokiaHttp.parse(read.body())).get("value"));

            Answer foreign = RawHttp.send(url, "GET", "version", null, Map.of("Origin", "http://localhost:3001"), false);
            assertEquals(403, foreign.status());
            assertNull(foreign.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void credentialsAppearInNoLogNoMBeanAttributeAndNoAnswer() throws Exception {
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        StringBuilder answers = new StringBuilder();
        String attributes;
        System.setErr(capture);
        System.setOut(capture);
        try (Trimtab trimtab = builder("secret").start()) {
            Probe.register(trimtab, new Probe());
            URI url = trimtab.jolokiaUrl().orElseThrow();
            Map<String, String> auth = basic("ops", PASSWORD);
            answers.append(RawHttp.send(url, "GET", "version", null, basic("ops", PASSWORD + "x"), false).body());
            answers.append(RawHttp.send(url, "GET", "config", null, auth, false).body());
            answers.append(RawHttp.send(url, "GET", "read/test.secret:type=Runtime,name=secret", null, auth, false).body());
            answers.append(RawHttp.send(url, "GET", "exec/com.sun.management:type=DiagnosticCommand/vmSystemProperties", null, auth, false).body());
            answers.append(RawHttp.send(url, "GET", "write/test.secret:type=Probe,name=probe/Limit/0?includeStackTrace=true&serializeException=true", null, auth, false).body());
            answers.append(RawHttp.send(url, "GET", "list/jolokia", null, auth, false).body());
            answers.append(RawHttp.send(url, "GET", "read/jolokia:*?ignoreErrors=true", null, auth, false).body());
            attributes = everyReadableAttribute();
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("Trimtab 'secret': Jolokia at http://127.0.0.1:"), "the log was not captured: " + log);
        assertTrue(log.contains("basic authentication"), log);
        assertFalse(log.contains(PASSWORD), log);
        assertTrue(answers.toString().contains("limit must be between 1 and 100 but was 0"), answers.toString());
        assertFalse(answers.toString().contains(PASSWORD), answers.toString());
        assertFalse(answers.toString().contains("\tat "), "a stack trace in " + answers);
        assertFalse(answers.toString().contains("error_type"), "an exception class in " + answers);
        assertTrue(attributes.contains("<masked>"), "the runtime's Settings were not read");
        assertFalse(attributes.contains(PASSWORD), "an MBean attribute shows the password");
    }

    /** The value of every readable attribute of every MBean in this JVM, as text. */
    private static String everyReadableAttribute() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        StringBuilder values = new StringBuilder();
        for (ObjectName name : server.queryNames(null, null)) {
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                if (attribute.isReadable()) {
                    try {
                        values.append(server.getAttribute(name, attribute.getName())).append('\n');
                    } catch (Exception | Error unsupported) {
                        // Some platform attributes are unsupported on this JVM; they hold no credentials.
                    }
                }
            }
        }
        return values.toString();
    }

    @Test
    void aKeystoreWithoutPasswordOrAnUnusableOneFailsTheStart() throws Exception {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Trimtab.builder().name("tls")
                .jmxDomain("test.tls").dataDir(dataDir).jolokiaPort(0)
                .jolokiaKeystore(dataDir.resolve("absent.p12"), "store-pw-never-shown").start());
        assertTrue(bad.getMessage().startsWith("config jolokia.keystore=" + dataDir.resolve("absent.p12") + " cannot be used"), bad.getMessage());
        assertFalse(bad.getMessage().contains("store-pw-never-shown"), bad.getMessage());
        assertTrue(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("test.tls:*"), null).isEmpty());
    }
}
