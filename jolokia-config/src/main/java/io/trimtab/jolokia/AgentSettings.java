package io.trimtab.jolokia;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings Trimtab gives its embedded Jolokia agent, as the agent's own property names, and the limits
 * Trimtab enforces in front of it. The HTTP server, its threads, TLS and authentication are set up by the
 * runtime, which owns them.
 */
public final class AgentSettings {

    /** The context path under which the agent answers. */
    public static final String CONTEXT = "/jolokia";
    /** Most requests in one bulk request. */
    public static final int MAX_BULK_REQUESTS = 200;
    /** How deep an answer's value goes before Jolokia cuts it off. */
    public static final int MAX_DEPTH = 12;
    /** Most elements of one collection or array in an answer. */
    public static final int MAX_COLLECTION_SIZE = 1_000;
    /** Most objects serialized into one answer. */
    public static final int MAX_OBJECTS = 100_000;

    private AgentSettings() {
    }

    /**
     * The agent settings for a runtime.
     *
     * The access policy is given to the agent as a restrictor object ({@link AccessPolicy#restrictor()}), so that no
     * file of it exists and no answer names one.
     *
     * @param agentId unique per agent in this JVM; it qualifies the agent's own MBeans
     */
    public static Map<String, String> defaults(String agentId) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("agentId", agentId);
        // No multicast announcements and no probing for application servers: Trimtab knows where it runs.
        settings.put("discoveryEnabled", "false");
        settings.put("disableDetectors", "true");
        // Notifications by pull only: server-sent events would hold a request thread per subscriber. No history:
        // it is switched on by exec on jolokia:type=Config, which the policy denies, yet it builds an ObjectName
        // for every attribute of every read to look up a limit that is never set, a seventh of a bulk read.
        settings.put("disabledServices", String.join(",", "org.jolokia.service.notif.sse.SseNotificationBackend",
                "org.jolokia.service.history.HistoryMBeanRequestInterceptor"));
        // An error answer carries a message, never a stack trace or the exception's value.
        settings.put("allowErrorDetails", "false");
        settings.put("includeStackTrace", "false");
        // No JSONP: an answer served as text/javascript could be read by a foreign page's script tag.
        settings.put("mimeType", "application/json");
        settings.put("serializeException", "false");
        // Hard limits: a request may ask for less, never for more.
        settings.put("maxDepth", Integer.toString(MAX_DEPTH));
        settings.put("maxCollectionSize", Integer.toString(MAX_COLLECTION_SIZE));
        settings.put("maxObjects", Integer.toString(MAX_OBJECTS));
        return settings;
    }
}
