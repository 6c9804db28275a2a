package io.trimtab.internal;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jolokia.json.JSONStructure;
import org.jolokia.json.parser.JSONParser;

/**
 * Takes what Jolokia keeps in an error answer even with {@code allowErrorDetails=false} out of it: the Java
 * class of the exception ({@code error_type}, {@code error_type_jmx}), and any stack trace or serialized
 * exception. The status and the message stay. Answers without errors pass unchanged.
 */
final class ErrorAnswerStream extends FilterOutputStream {

    private static final List<String> INTERNALS = List.of("error_type", "error_type_jmx", "stacktrace", "error_value");

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean closed;

    ErrorAnswerStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) {
        buffer.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        buffer.write(bytes, offset, length);
    }

    @Override
    public void flush() {
        // Everything goes out at close, once the whole answer is known.
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.write(withoutInternals(buffer.toByteArray()));
        } finally {
            out.close();
        }
    }

    static byte[] withoutInternals(byte[] answer) {
        String text = new String(answer, StandardCharsets.UTF_8);
        if (!text.contains("\"error_type\"")) {
            return answer;
        }
        Object json;
        try {
            json = new JSONParser().parse(text);
        } catch (Exception notJson) {
            // A JSONP answer or plain text: Jolokia's own details stay, there is no structure to edit.
            return answer;
        }
        if (!(json instanceof JSONStructure)) {
            return answer;
        }
        strip(json, 0);
        return ((JSONStructure) json).toJSONString().getBytes(StandardCharsets.UTF_8);
    }

    /** Strips every error object in a bulk, in an answer, and in the values of a read with ignoreErrors. */
    private static void strip(Object node, int depth) {
        if (depth > 3) {
            return;
        }
        if (node instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) node;
            if (map.containsKey("error")) {
                INTERNALS.forEach(map::remove);
            }
            map.values().forEach(value -> strip(value, depth + 1));
        } else if (node instanceof List) {
            ((List<?>) node).forEach(element -> strip(element, depth + 1));
        }
    }
}
