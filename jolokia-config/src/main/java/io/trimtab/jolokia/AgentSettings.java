package io.trimtab.jolokia;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings Trimtab gives its embedded Jolokia agent, as the agent's own property names. The HTTP
 * server, its threads and authentication are set up by the runtime, which owns them.
 */
public final class AgentSettings {

    /** The context path under which the agent answers. */
    public static final String CONTEXT = "/jolokia";

    private AgentSettings() {
    }

    /**
     * The agent settings for a runtime.
     *
     * @param agentId        unique per agent in this JVM; it qualifies the agent's own MBeans
     * @param policyLocation a {@code file:} or {@code classpath:} URL of the access policy
     */
    public static Map<String, String> defaults(String agentId, String policyLocation) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("agentContext", CONTEXT);
        settings.put("agentId", agentId);
        settings.put("policyLocation", policyLocation);
        // No multicast announcements and no probing for application servers: Trimtab knows where it runs.
        settings.put("discoveryEnabled", "false");
        settings.put("disableDetectors", "true");
        // An error answer carries a message, never a stack trace or the exception's class and value.
        settings.put("allowErrorDetails", "false");
        settings.put("includeStackTrace", "false");
        settings.put("serializeException", "false");
        return settings;
    }
}
