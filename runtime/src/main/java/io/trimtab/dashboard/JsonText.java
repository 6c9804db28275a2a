package io.trimtab.dashboard;

import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes the dashboard's document as UTF-8 JSON text: maps (keys in their order), collections, arrays ({@code long[]}
 * sample times unboxed), strings, numbers, booleans and nulls, as {@link JsonValues} makes them; anything else as its
 * string. One {@link StringBuilder}, no lock per character and no boxing of sample times: the whole windows of 100
 * caches make a document of 1.5 MB. Text made before ({@link Raw}) goes out as its own bytes, never copied into the
 * rest. A number that is not finite is written as null, as JSON has no NaN.
 */
final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** JSON text made before, as UTF-8, written as it is. */
    record Raw(byte[] utf8) {
    }

    private final StringBuilder out;
    private final List<byte[]> parts = new ArrayList<>();

    private JsonText(int capacity) {
        out = new StringBuilder(capacity);
    }

    /** {@code value} as UTF-8 JSON text, in parts to be sent one after the other. */
    static List<byte[]> utf8(Object value) {
        JsonText text = new JsonText(4096);
        text.value(value);
        text.flush();
        return text.parts;
    }

    /** {@code value} as JSON text, to be written into another document as it is. */
    static Raw raw(Object value, int capacity) {
        JsonText text = new JsonText(capacity);
        text.value(value);
        return new Raw(text.out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void flush() {
        if (out.length() > 0) {
            parts.add(out.toString().getBytes(StandardCharsets.UTF_8));
            out.setLength(0);
        }
    }

    private void value(Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Raw raw) {
            flush();
            parts.add(raw.utf8());
        } else if (value instanceof String string) {
            string(string);
        } else if (value instanceof Long || value instanceof Integer) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Float number) {
            out.append(Float.isFinite(number) ? number.toString() : "null");
        } else if (value instanceof Double number) {
            out.append(Double.isFinite(number) ? number.toString() : "null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            object(map);
        } else if (value instanceof Collection<?> collection) {
            array(collection);
        } else if (value instanceof long[] longs) {
            longs(longs);
        } else if (value.getClass().isArray()) {
            out.append('[');
            for (int i = 0; i < Array.getLength(value); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(Array.get(value, i));
            }
            out.append(']');
        } else {
            string(value.toString()); // as Jolokia's writer does with what it has no JSON type for
        }
    }

    private void object(Map<?, ?> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(String.valueOf(entry.getKey()));
            out.append(':');
            value(entry.getValue());
        }
        out.append('}');
    }

    private void array(Collection<?> collection) {
        out.append('[');
        boolean first = true;
        for (Object element : collection) {
            if (!first) {
                out.append(',');
            }
            first = false;
            value(element);
        }
        out.append(']');
    }

    private void longs(long[] longs) {
        out.append('[');
        for (int i = 0; i < longs.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(longs[i]);
        }
        out.append(']');
    }

    /** A string in quotes, escaping what JSON requires: quote, backslash and control characters. */
    private void string(String string) {
        out.append('"');
        int plain = 0;
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(string, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(string, plain, string.length()).append('"');
    }
}
