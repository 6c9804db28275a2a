package io.trimtab.jolokia;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.management.ObjectName;
import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.Test;

/** The default policy as Jolokia's own restrictor reads it. */
class AccessPolicyTest {

    private final PolicyRestrictor policy = new PolicyRestrictor(
            new ByteArrayInputStream(AccessPolicy.forDomain("acme.tuning").getBytes(StandardCharsets.UTF_8)));

    @Test
    void readsAreAllowedButNotOfSecretsOrDiagnostics() throws Exception {
        assertTrue(policy.isTypeAllowed(RequestType.READ));
        assertTrue(policy.isTypeAllowed(RequestType.LIST));
        assertTrue(policy.isAttributeReadAllowed(new ObjectName("java.lang:type=Memory"), "HeapMemoryUsage"));
        assertFalse(policy.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "SystemProperties"));
        assertFalse(policy.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "InputArguments"));
        assertTrue(policy.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "Uptime"));
        assertFalse(policy.isAttributeReadAllowed(new ObjectName("com.sun.management:type=HotSpotDiagnostic"), "DiagnosticOptions"));
    }

    @Test
    void writeAndExecOnlyOnTheRuntimesDomain() throws Exception {
        assertTrue(policy.isAttributeWriteAllowed(new ObjectName("acme.tuning:type=Cache,name=users"), "TtlSeconds"));
        assertTrue(policy.isOperationAllowed(new ObjectName("acme.tuning:type=Cache,name=users"), "clear"));
        assertFalse(policy.isOperationAllowed(new ObjectName("io.trimtab:type=Cache,name=users"), "clear"));
        assertFalse(policy.isOperationAllowed(new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmSystemProperties"));
        assertFalse(policy.isOperationAllowed(new ObjectName("com.sun.management:type=HotSpotDiagnostic"), "dumpHeap"));
        assertFalse(policy.isOperationAllowed(new ObjectName("java.lang:type=Memory"), "gc"));
        assertFalse(policy.isAttributeWriteAllowed(new ObjectName("java.lang:type=Memory"), "Verbose"));
    }

    @Test
    void aDomainThatCouldInjectIntoTheXmlIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.forDomain("x</name><name>*:*"));
    }
}
