package io.trimtab.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.jolokia.json.JSONObject;
import org.jolokia.json.parser.JSONParser;
import org.jolokia.server.core.service.api.Restrictor;

/**
 * Bounds on Jolokia's pull notifications, which keep every client, listener and handback until told otherwise: at most
 * {@link #MAX_CLIENTS} clients, {@link #MAX_LISTENERS_PER_CLIENT} listeners each, handbacks, filters and configs of at
 * most {@link #MAX_LISTENER_BYTES} together, and clients idle for {@link #CLIENT_IDLE} (no command, no pull) are
 * unregistered. A listener may only be added to one bean (no pattern) that the policy lets the caller read. Commands go
 * one per request, by POST, so that their answers can be followed.
 */
final class NotificationLimits {

    static final int MAX_CLIENTS = 32;
    static final int MAX_LISTENERS_PER_CLIENT = 16;
    static final int MAX_LISTENER_BYTES = 2_048;
    static final Duration CLIENT_IDLE = Duration.ofMinutes(10);
    private static final String STORE = "jolokia:type=NotificationStore";

    private final Restrictor restrictor;
    private final LongSupplier clock;
    private final ConcurrentMap<String, Client> clients = new ConcurrentHashMap<>();

    private static final class Client {
        volatile long lastSeen;
        /** The handles of its listeners, so they can be removed one by one before the client is unregistered. */
        final List<String> handles = new ArrayList<>();

        Client(long now) {
            lastSeen = now;
        }
    }

    NotificationLimits(Restrictor restrictor, LongSupplier clock) {
        this.restrictor = restrictor;
        this.clock = clock;
    }

    /** Why a request is refused, or null; a pull from a known client counts as it being active. */
    String refusal(Map<?, ?> request, int requestsInBulk) {
        if ("exec".equals(request.get("type")) && String.valueOf(request.get("mbean")).startsWith(STORE)
                && request.get("arguments") instanceof List<?> arguments && !arguments.isEmpty()) {
            touch(String.valueOf(arguments.get(0)));
            return null;
        }
        if (!"notification".equals(request.get("type"))) {
            return null;
        }
        if (requestsInBulk > 1) {
            return "Notification commands go one per request, not in a bulk";
        }
        String command = String.valueOf(request.get("command"));
        String id = String.valueOf(request.get("client"));
        switch (command) {
            case "register":
                return clients.size() >= MAX_CLIENTS ? "The limit of " + MAX_CLIENTS + " notification clients is reached:"
                        + " unregister one, or wait until an idle one expires after " + CLIENT_IDLE.toMinutes() + " min" : null;
            case "add":
                return addRefusal(request, id);
            case "open":
                return "Notifications are delivered by pull only (mode pull)";
            default:
                if (!clients.containsKey(id)) {
                    return unknown(id);
                }
                touch(id);
                return null;
        }
    }

    private String addRefusal(Map<?, ?> request, String id) {
        Client client = clients.get(id);
        if (client == null) {
            return unknown(id);
        }
        if (!"pull".equals(request.get("mode"))) {
            return "Notifications are delivered by pull only (mode pull)";
        }
        ObjectName bean;
        try {
            bean = new ObjectName(String.valueOf(request.get("mbean")));
        } catch (MalformedObjectNameException e) {
            return "Invalid MBean name " + request.get("mbean") + " for a notification listener";
        }
        if (bean.isPattern()) {
            return "A notification listener goes on one MBean, not on the pattern " + bean;
        }
        if (restrictor.isObjectNameHidden(bean) || !restrictor.isAttributeReadAllowed(bean, "*")) {
            return "Reading " + bean + " is not allowed by the access policy, so neither are its notifications";
        }
        JSONObject extras = new JSONObject();
        for (String key : List.of("handback", "filter", "config")) {
            if (request.get(key) != null) {
                extras.put(key, request.get(key));
            }
        }
        int bytes = extras.toJSONString().length();
        if (bytes > MAX_LISTENER_BYTES) {
            return "A listener's handback, filter and config of " + bytes + " bytes exceed the limit of " + MAX_LISTENER_BYTES;
        }
        synchronized (client) {
            if (client.handles.size() >= MAX_LISTENERS_PER_CLIENT) {
                return "Client " + id + " has the limit of " + MAX_LISTENERS_PER_CLIENT + " notification listeners";
            }
        }
        touch(id);
        return null;
    }

    /** Follows what Jolokia answered to a notification command that was let through. */
    void answered(Map<?, ?> request, String answer) {
        if (!"notification".equals(request.get("type")) || answer == null) {
            return;
        }
        Object value;
        try {
            Object json = new JSONParser().parse(answer);
            if (!(json instanceof Map<?, ?> map) || !(map.get("status") instanceof Number status) || status.intValue() != 200) {
                return;
            }
            value = map.get("value");
        } catch (Exception notAnAnswer) {
            return;
        }
        String id = String.valueOf(request.get("client"));
        switch (String.valueOf(request.get("command"))) {
            case "register" -> {
                if (value instanceof Map<?, ?> registered && registered.get("id") != null) {
                    clients.put(String.valueOf(registered.get("id")), new Client(clock.getAsLong()));
                }
            }
            case "add" -> change(id, handles -> handles.add(String.valueOf(value)));
            case "remove" -> change(id, handles -> handles.remove(String.valueOf(request.get("handle"))));
            case "unregister" -> clients.remove(id);
            default -> {
            }
        }
    }

    /** The clients idle for longer than {@link #CLIENT_IDLE}; the caller unregisters them at the agent. */
    List<String> idle() {
        long oldest = clock.getAsLong() - CLIENT_IDLE.toMillis();
        return clients.entrySet().stream().filter(e -> e.getValue().lastSeen < oldest).map(Map.Entry::getKey).toList();
    }

    void forget(String id) {
        clients.remove(id);
    }

    int clients() {
        return clients.size();
    }

    private void change(String id, java.util.function.Consumer<List<String>> change) {
        Client client = clients.get(id);
        if (client != null) {
            synchronized (client) {
                change.accept(client.handles);
            }
        }
    }

    /**
     * The handles of a client's listeners. Jolokia's own unregister fails on a client with two listeners or more (it
     * removes them while iterating over them), so the guard removes them one by one first.
     */
    List<String> handles(String id) {
        Client client = clients.get(id);
        if (client == null) {
            return List.of();
        }
        synchronized (client) {
            return List.copyOf(client.handles);
        }
    }

    private void touch(String id) {
        Client client = clients.get(id);
        if (client != null) {
            client.lastSeen = clock.getAsLong();
        }
    }

    private static String unknown(String id) {
        return "Unknown notification client " + id + " (clients idle for " + CLIENT_IDLE.toMinutes()
                + " min are unregistered): register again";
    }
}
