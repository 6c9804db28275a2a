package io.trimtab.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jolokia.json.JSONStructure;
import org.jolokia.json.parser.JSONParser;

/**
 * Takes out of an error answer what Jolokia keeps in it even with {@code allowErrorDetails=false}: the Java class of the
 * exception ({@code error_type}, {@code error_type_jmx}), any stack trace or serialized exception, and class names
 * inside the message. The status and the rest of the message stay. Answers without errors pass unchanged.
 */
final class AnswerInternals {

    private static final List<String> INTERNALS = List.of("error_type", "error_type_jmx", "stacktrace", "error_value");
    /** {@code javax.management.InstanceNotFoundException : } and the like, as Jolokia prefixes them to messages. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*?)(?:Exception|Error|Throwable)\\b\\s*:?\\s*");

    private AnswerInternals() {
    }

    /** The answer without internals; {@code text} itself when it holds no error. */
    static String strip(String text) {
        if (!text.contains("\"error")) {
            return text;
        }
        Object json;
        try {
            json = new JSONParser().parse(text);
        } catch (Exception notJson) {
            return withoutClassNames(text);
        }
        if (!(json instanceof JSONStructure)) {
            return text;
        }
        strip(json, 0);
        return ((JSONStructure) json).toJSONString();
    }

    /** The message with each exception class named in words instead: {@code Instance not found: io.trimtab:...}. */
    static String withoutClassNames(String message) {
        Matcher matcher = CLASS_NAME.matcher(message);
        StringBuilder words = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(words, Matcher.quoteReplacement(inWords(matcher.group(1)) + ": "));
        }
        matcher.appendTail(words);
        String text = words.toString().trim();
        return text.endsWith(":") ? text.substring(0, text.length() - 1) : text;
    }

    /** {@code InstanceNotFound} as {@code Instance not found}. */
    private static String inWords(String simpleName) {
        String spaced = simpleName.replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ").toLowerCase(java.util.Locale.ROOT);
        return spaced.isEmpty() ? "Error" : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    /** Strips every error object in a bulk, in an answer, and in the values of a read with ignoreErrors. */
    @SuppressWarnings("unchecked")
    private static void strip(Object node, int depth) {
        if (depth > 3) {
            return;
        }
        if (node instanceof Map) {
            Map<String, Object> map = (Map<String, Object>) node;
            if (map.containsKey("error")) {
                INTERNALS.forEach(map::remove);
                if (map.get("error") instanceof String message) {
                    map.put("error", withoutClassNames(message));
                }
            }
            map.values().forEach(value -> strip(value, depth + 1));
        } else if (node instanceof List) {
            ((List<?>) node).forEach(element -> strip(element, depth + 1));
        }
    }
}
