package io.trimtab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.testing.JolokiaHttp;
import io.trimtab.testing.Probe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JMX notifications reach a Jolokia client by pull, with what the default policy allows and no more. */
class JolokiaNotificationTest {

    @TempDir
    Path dataDir;

    @Test
    @SuppressWarnings("unchecked")
    void aClientPullsTheNotificationsOfTheRuntimesBeans() {
        try (Trimtab trimtab = Trimtab.builder().name("notif").jmxDomain("test.notif").dataDir(dataDir).jolokiaPort(0).start()) {
            Probe probe = new Probe();
            Probe.register(trimtab, probe);
            JolokiaHttp jolokia = new JolokiaHttp(trimtab.jolokiaUrl().orElseThrow());

            Map<String, Object> registered = value(jolokia.post("{\"type\":\"notification\",\"command\":\"register\"}"));
            String client = (String) registered.get("id");
            String store = (String) ((Map<String, Object>) ((Map<String, Object>) registered.get("backend")).get("pull")).get("store");
            assertTrue(store.startsWith("jolokia:type=NotificationStore"), store);
            assertEquals(List.of("pull"), List.copyOf(((Map<String, Object>) registered.get("backend")).keySet()),
                    "server-sent events are off");
            Map<String, Object> added = jolokia.post("{\"type\":\"notification\",\"command\":\"add\",\"client\":\"" + client
                    + "\",\"mode\":\"pull\",\"mbean\":\"test.notif:type=Probe,name=probe\"}");
            assertEquals(200, status(added), added.toString());
            String handle = (String) added.get("value");

            probe.setLimit(42);

            Map<String, Object> pulled = value(jolokia.post("{\"type\":\"exec\",\"mbean\":\"" + store
                    + "\",\"operation\":\"pull\",\"arguments\":[\"" + client + "\",\"" + handle + "\"]}"));
            List<Map<String, Object>> notifications = (List<Map<String, Object>>) pulled.get("notifications");
            assertEquals(1, notifications.size(), pulled.toString());
            assertEquals("limit changed from 10 to 42", notifications.get(0).get("message"));

            Map<String, Object> otherExec = jolokia.post("{\"type\":\"exec\",\"mbean\":\"" + store.replace("NotificationStore", "Config")
                    + "\",\"operation\":\"resetHistoryEntries\"}");
            assertEquals(403, status(otherExec), otherExec.toString());
            assertEquals(200, status(jolokia.post("{\"type\":\"notification\",\"command\":\"unregister\",\"client\":\"" + client + "\"}")));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> value(Map<String, Object> answer) {
        assertEquals(200, status(answer), answer.toString());
        return (Map<String, Object>) answer.get("value");
    }

    private static int status(Map<String, Object> answer) {
        return ((Number) answer.get("status")).intValue();
    }
}
