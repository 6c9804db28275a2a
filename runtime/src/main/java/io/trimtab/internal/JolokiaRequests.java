package io.trimtab.internal;

import io.trimtab.jolokia.AgentSettings;
import java.util.List;
import java.util.Map;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * What one Jolokia request may ask, before the agent sees it: no proxy {@code target}, no read over every domain, and
 * the caps on an answer's size ({@code maxDepth}, {@code maxCollectionSize}, {@code maxObjects}) only lowered, never
 * lifted: 0, which means unlimited to Jolokia, means the cap here.
 */
final class JolokiaRequests {

    /** The caps by the name of the processing parameter that sets them. */
    static final Map<String, Integer> CAPS = Map.of("maxDepth", AgentSettings.MAX_DEPTH,
            "maxCollectionSize", AgentSettings.MAX_COLLECTION_SIZE, "maxObjects", AgentSettings.MAX_OBJECTS);
    /** Deepest nesting of JSON accepted in a request; Jolokia's parser recurses once per level. */
    static final int MAX_JSON_NESTING = 32;

    private JolokiaRequests() {
    }

    /** Why a request is refused, or {@code null}; {@code type} and {@code mbean} as the request names them. */
    static String refusal(String type, String mbean) {
        if ("read".equals(type) && mbean != null && readsEveryDomain(mbean)) {
            return "A read over every domain (" + mbean + ") is refused: name a domain, e.g. java.lang:*";
        }
        return null;
    }

    /** Why a request of a POST body is refused, or {@code null}. */
    static String refusal(Map<?, ?> request) {
        Object options = request.get("options");
        if (request.containsKey("target") || options instanceof Map<?, ?> map
                && (map.containsKey("target") || map.containsKey("targetId"))) {
            return "Proxy requests (target) are disabled: this agent opens no JMX connection elsewhere";
        }
        Object type = request.get("type");
        Object mbean = request.get("mbean");
        return refusal(type instanceof String t ? t : null, mbean instanceof String m ? m : null);
    }

    /** Whether a request lists, reads or searches many beans at once: a bulk holds only a few of them. */
    static boolean isHeavy(Map<?, ?> request) {
        Object type = request.get("type");
        Object mbean = request.get("mbean");
        Object path = request.get("path");
        return "list".equals(type) && (path == null || path.toString().replace("/", "").isBlank())
                || "read".equals(type) && mbean instanceof String name && isPattern(name)
                || "search".equals(type) && mbean instanceof String pattern && readsEveryDomain(pattern);
    }

    /** The value a cap parameter may take: at most the cap, and the cap for 0, a negative or an unparsable value. */
    static String capped(String parameter, Object value) {
        int cap = CAPS.get(parameter);
        long asked;
        try {
            asked = Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return Integer.toString(cap);
        }
        return Long.toString(asked <= 0 || asked > cap ? cap : asked);
    }

    /** Lowers the caps a POSTed request's {@code config} asks for; true when it changed anything. */
    @SuppressWarnings("unchecked")
    static boolean capConfig(Map<?, ?> request) {
        if (!(request.get("config") instanceof Map<?, ?> config)) {
            return false;
        }
        boolean changed = false;
        for (String parameter : CAPS.keySet()) {
            if (config.containsKey(parameter)) {
                ((Map<String, Object>) config).put(parameter, Integer.parseInt(capped(parameter, config.get(parameter))));
                changed = true;
            }
        }
        return changed;
    }

    /** How deep {@code json} nests objects and arrays, counted without parsing it. */
    static int nesting(CharSequence json) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return deepest;
    }

    private static boolean isPattern(String mbean) {
        try {
            return new ObjectName(mbean).isPattern();
        } catch (MalformedObjectNameException e) {
            return false;
        }
    }

    private static boolean readsEveryDomain(String mbean) {
        try {
            return new ObjectName(mbean).isDomainPattern();
        } catch (MalformedObjectNameException e) {
            return false;
        }
    }

    static List<?> asList(Object json) {
        return json instanceof List<?> list ? list : List.of(json);
    }
}
