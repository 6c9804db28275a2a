package io.trimtab.jolokia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.ObjectName;
import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policies as Jolokia's own restrictor reads them. */
class AccessPolicyTest {

    private final PolicyRestrictor policy = restrictor(AccessPolicy.defaultFor("acme.tuning", List.of()));

    @TempDir
    Path dir;

    private static PolicyRestrictor restrictor(AccessPolicy policy) {
        return new PolicyRestrictor(new ByteArrayInputStream(policy.xml().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsAreAllowedButNotOfSecretsOrDiagnostics() throws Exception {
        assertTrue(policy.isTypeAllowed(RequestType.READ));
        assertTrue(policy.isTypeAllowed(RequestType.LIST));
        assertTrue(policy.isTypeAllowed(RequestType.NOTIFICATION));
        assertTrue(policy.isAttributeReadAllowed(new ObjectName("java.lang:type=Memory"), "HeapMemoryUsage"));
        assertFalse(policy.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "SystemProperties"));
        assertFalse(policy.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "InputArguments"));
        assertTrue(policy.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "Uptime"));
        assertFalse(policy.isAttributeReadAllowed(new ObjectName("com.sun.management:type=HotSpotDiagnostic"), "DiagnosticOptions"));
        assertFalse(policy.isAttributeReadAllowed(new ObjectName("JMImplementation:type=MBeanServerDelegate"), "MBeanServerId"));
    }

    @Test
    void writeAndExecOnlyOnTheRuntimesDomainAndNotificationPull() throws Exception {
        assertTrue(policy.isAttributeWriteAllowed(new ObjectName("acme.tuning:type=Cache,name=users"), "TtlSeconds"));
        assertTrue(policy.isOperationAllowed(new ObjectName("acme.tuning:type=Cache,name=users"), "clear"));
        assertTrue(policy.isOperationAllowed(new ObjectName("jolokia:type=NotificationStore,agent=a"), "pull"));
        assertFalse(policy.isOperationAllowed(new ObjectName("jolokia:type=Config,agent=a"), "resetHistoryEntries"));
        assertFalse(policy.isOperationAllowed(new ObjectName("io.trimtab:type=Cache,name=users"), "clear"));
        assertFalse(policy.isOperationAllowed(new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmSystemProperties"));
        assertFalse(policy.isOperationAllowed(new ObjectName("com.sun.management:type=HotSpotDiagnostic"), "dumpHeap"));
        assertFalse(policy.isOperationAllowed(new ObjectName("java.lang:type=Memory"), "gc"));
        assertFalse(policy.isAttributeWriteAllowed(new ObjectName("java.lang:type=Memory"), "Verbose"));
    }

    @Test
    void onlyConfiguredOriginsGetCorsHeaders() {
        assertFalse(policy.isOriginAllowed("http://evil.example", false));
        assertFalse(policy.isOriginAllowed("null", false));
        PolicyRestrictor withConsole = restrictor(AccessPolicy.defaultFor("acme.tuning", List.of("https://console.example.com")));
        assertTrue(withConsole.isOriginAllowed("https://console.example.com", false));
        assertFalse(withConsole.isOriginAllowed("https://console.example.com.evil.example", false));
        assertFalse(withConsole.isOriginAllowed("http://console.example.com", false));
    }

    @Test
    void theSummaryNamesWhatIsAllowedAndDenied() {
        String summary = AccessPolicy.defaultFor("acme.tuning", List.of("https://console.example.com")).summary();
        assertTrue(summary.startsWith("Jolokia access policy default: HTTP get, post; commands read, list, search,"
                + " version, notification; also allowed on [acme.tuning:*, jolokia:type=NotificationStore,*]; denied on"
                + " [com.sun.management:type=DiagnosticCommand,"), summary);
        assertTrue(summary.endsWith("; CORS origins [https://console.example.com]"), summary);
        assertFalse(summary.contains("\n"), summary);
    }

    @Test
    void aUserPolicyIsReadWithTheDomainFilledIn() throws Exception {
        Path file = dir.resolve("policy.xml");
        Files.writeString(file, "<restrict><commands><command>read</command></commands>"
                + "<allow><mbean><name>${trimtab.domain}:*</name><operation>*</operation></mbean></allow></restrict>");
        AccessPolicy user = AccessPolicy.fromFile(file, "acme.tuning");
        assertEquals(file.toString(), user.source());
        PolicyRestrictor restrictor = restrictor(user);
        assertTrue(restrictor.isOperationAllowed(new ObjectName("acme.tuning:type=Cache,name=users"), "clear"));
        assertFalse(restrictor.isTypeAllowed(RequestType.LIST));
    }

    @Test
    void aMissingOrMalformedUserPolicyIsRefusedWithTheReason() throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> AccessPolicy.fromFile(dir.resolve("absent.xml"), "acme.tuning"));
        assertTrue(missing.getMessage().startsWith("config jolokia.policy=" + dir.resolve("absent.xml") + " cannot be read"),
                missing.getMessage());

        Path broken = Files.writeString(dir.resolve("broken.xml"), "<restrict><commands><command>read</commands>");
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> AccessPolicy.fromFile(broken, "acme.tuning"));
        assertTrue(malformed.getMessage().startsWith("Jolokia access policy " + broken + " is not valid"), malformed.getMessage());

        Path badName = Files.writeString(dir.resolve("bad-name.xml"),
                "<restrict><deny><mbean><name>::not an object name</name><attribute>*</attribute></mbean></deny></restrict>");
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.fromFile(badName, "acme.tuning"));

        Path empty = Files.writeString(dir.resolve("empty.xml"), " ");
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.fromFile(empty, "acme.tuning"));
    }

    @Test
    void originsMustBeBareSchemeHostAndPort() {
        assertEquals(List.of("https://console.example.com", "http://localhost:3000"),
                CorsOrigins.parse(" https://Console.example.com , http://localhost:3000"));
        assertEquals(List.of(), CorsOrigins.parse(""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CorsOrigins.parse("https://console.example.com/path"));
        assertEquals("origin 'https://console.example.com/path' must be http://host[:port] or https://host[:port]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CorsOrigins.parse("*"));
        assertThrows(IllegalArgumentException.class, () -> CorsOrigins.parse("ftp://x"));
    }

    @Test
    void aDomainThatCouldInjectIntoTheXmlIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.defaultFor("x</name><name>*:*", List.of()));
    }
}
