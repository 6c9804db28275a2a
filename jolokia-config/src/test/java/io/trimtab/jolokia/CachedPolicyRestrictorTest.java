package io.trimtab.jolokia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javax.management.ObjectName;
import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.Test;

/** The remembered answers are the policy's, however often asked, and their number is bounded. */
class CachedPolicyRestrictorTest {

    private CachedPolicyRestrictor defaultPolicy() {
        return (CachedPolicyRestrictor) AccessPolicy.defaultFor("acme.tuning", List.of()).restrictor();
    }

    @Test
    void answersAsThePolicyEveryTime() throws Exception {
        CachedPolicyRestrictor restrictor = defaultPolicy();
        for (int i = 0; i < 3; i++) {
            assertTrue(restrictor.isAttributeReadAllowed(new ObjectName("acme.tuning:type=Cache,name=users"), "Hits"));
            assertTrue(restrictor.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "Uptime"));
            assertFalse(restrictor.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "SystemProperties"));
            assertFalse(restrictor.isAttributeReadAllowed(new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
                    "DiagnosticOptions"));
        }
        assertEquals(4, restrictor.remembered());
        assertTrue(restrictor.isTypeAllowed(RequestType.READ));
        assertFalse(restrictor.isTypeAllowed(RequestType.EXEC));
        assertTrue(restrictor.isOperationAllowed(new ObjectName("acme.tuning:type=Cache,name=users"), "clear"));
        assertFalse(restrictor.isOperationAllowed(new ObjectName("java.lang:type=Memory"), "gc"));
        assertFalse(restrictor.isAttributeWriteAllowed(new ObjectName("java.lang:type=Memory"), "Verbose"));
        assertFalse(restrictor.isOriginAllowed("http://evil.example", false));
    }

    @Test
    void remembersABoundedNumberOfAnswers() throws Exception {
        CachedPolicyRestrictor restrictor = defaultPolicy();
        for (int i = 0; i < CachedPolicyRestrictor.MAX_REMEMBERED + 10; i++) {
            assertTrue(restrictor.isAttributeReadAllowed(new ObjectName("acme.tuning:type=Cache,name=c" + i), "Hits"));
        }
        assertEquals(CachedPolicyRestrictor.MAX_REMEMBERED, restrictor.remembered());
        assertFalse(restrictor.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "InputArguments"));
    }
}
