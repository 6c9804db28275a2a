package io.trimtab.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.jolokia.AccessPolicy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Idle notification clients expire; a pull or a command keeps a client alive. */
class NotificationLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final NotificationLimits limits = new NotificationLimits(
            AccessPolicy.defaultFor("test.notif", List.of()).restrictor(), now::get);

    private void register(String id) {
        limits.answered(Map.of("type", "notification", "command", "register"),
                "{\"status\":200,\"value\":{\"id\":\"" + id + "\"}}");
    }

    @Test
    void aClientIdleForTenMinutesExpiresAndOneThatPullsDoesNot() {
        register("idle");
        register("busy");
        now.addAndGet(NotificationLimits.CLIENT_IDLE.toMillis() / 2);
        assertNull(limits.refusal(Map.of("type", "exec", "mbean", "jolokia:type=NotificationStore,agent=x",
                "operation", "pull", "arguments", List.of("busy", "h1")), 1));
        now.addAndGet(NotificationLimits.CLIENT_IDLE.toMillis() / 2 + 1);
        assertEquals(List.of("idle"), limits.idle());
        limits.forget("idle");
        String refusal = limits.refusal(Map.of("type", "notification", "command", "ping", "client", "idle"), 1);
        assertTrue(refusal.startsWith("Unknown notification client idle"), refusal);
        assertNull(limits.refusal(Map.of("type", "notification", "command", "ping", "client", "busy"), 1));
        assertEquals(1, limits.clients());
    }
}
