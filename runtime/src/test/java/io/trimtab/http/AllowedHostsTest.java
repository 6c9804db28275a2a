package io.trimtab.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Host headers name the agent, without a DNS lookup. */
class AllowedHostsTest {

    @Test
    void loopbackLocalhostTheBoundAddressAndAddedNamesOnly() throws Exception {
        AllowedHosts hosts = new AllowedHosts(InetAddress.getByName("127.0.0.1"), AllowedHosts.parse(" ops.example.com ,10.0.0.5"));
        for (String allowed : List.of("127.0.0.1:8778", "127.0.0.2", "localhost:1", "LOCALHOST.", "[::1]:8778",
                "[0:0:0:0:0:0:0:1]", "ops.example.com:443", "10.0.0.5:8778")) {
            assertTrue(hosts.allows(allowed), allowed);
        }
        for (String refused : List.of("rebind.evil.example:8778", "localhost.evil.example", "127.0.0.1.evil.example",
                "10.0.0.6", "ops.example.com.evil", "", "[::2]")) {
            assertFalse(hosts.allows(refused), refused);
        }
    }

    @Test
    void anAgentBoundToEveryAddressIsNamedByEachInterfaceAddress() throws Exception {
        AllowedHosts hosts = new AllowedHosts(InetAddress.getByName("0.0.0.0"), List.of());
        assertTrue(hosts.allows("127.0.0.1"));
        assertFalse(hosts.allows("0.0.0.0"));
        assertFalse(hosts.allows("rebind.evil.example"));
    }

    @Test
    void anEntryThatIsNotAHostNameIsRefusedWithItsValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AllowedHosts.parse("ok.example, https://x.example"));
        assertEquals("'https://x.example' is not a host name (no scheme, port or path)", e.getMessage());
    }
}
