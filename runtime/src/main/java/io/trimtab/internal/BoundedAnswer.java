package io.trimtab.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.jolokia.json.JSONObject;

/**
 * Holds Jolokia's answer until it is complete, up to {@link #MAX_BYTES}: an answer that grows beyond is dropped as it
 * grows and replaced by a refusal naming the limit, so that no request can make the agent hold an answer of any size.
 * A complete answer goes out without the internals of its errors ({@link AnswerInternals}); Jolokia's plain-text
 * refusals (a bad request) go out in the JSON shape of every other answer.
 */
final class BoundedAnswer extends HttpServletResponseWrapper {

    /** Largest answer sent; a full {@code list} of a busy JVM takes a few hundred KiB. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private final Buffer buffer = new Buffer();
    private int status = 200;
    private String contentType;

    BoundedAnswer(HttpServletResponse response) {
        super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return buffer;
    }

    @Override
    public PrintWriter getWriter() {
        return new PrintWriter(buffer, false, StandardCharsets.UTF_8);
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public void setContentType(String type) {
        contentType = type;
    }

    @Override
    public void addHeader(String name, String value) {
        if (name.equalsIgnoreCase("Content-Type")) {
            contentType = value;
        } else {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setContentLength(int len) {
        // Set when the answer goes out.
    }

    @Override
    public void flushBuffer() {
        // Nothing goes out before the answer is complete.
    }

    /** The answer as Jolokia wrote it, or null if it overflowed. */
    String complete() {
        return buffer.overflowed ? null : buffer.toString(StandardCharsets.UTF_8);
    }

    /** Sends what Jolokia answered, or the refusal that replaces it. */
    void send() throws IOException {
        HttpServletResponse response = (HttpServletResponse) getResponse();
        String text;
        if (buffer.overflowed) {
            status = 413;
            text = refusal(413, "The answer exceeds the limit of " + MAX_BYTES + " bytes: ask for less (a path in the"
                    + " bean, fewer attributes, fewer requests in the bulk)");
        } else if (status >= 400 && (contentType == null || !contentType.contains("json"))) {
            // "400 (Bad Request)\n\nmessage": the message alone, in Jolokia's JSON shape.
            String[] lines = buffer.toString(StandardCharsets.UTF_8).trim().split("\n", 2);
            String message = lines.length > 1 ? lines[1].trim() : lines[0].trim();
            text = refusal(status, AnswerInternals.withoutClassNames(message));
        } else {
            text = AnswerInternals.strip(buffer.toString(StandardCharsets.UTF_8));
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(status >= 400 || contentType == null ? "application/json; charset=utf-8" : contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    static String refusal(int status, String message) {
        JSONObject answer = new JSONObject();
        answer.put("status", status);
        answer.put("error", message);
        return answer.toJSONString();
    }

    /** Keeps bytes up to the limit; past it keeps none and remembers that it overflowed. */
    private static final class Buffer extends ServletOutputStream {
        private ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        private boolean overflowed;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            if (overflowed) {
                return;
            }
            if (bytes.size() + length > MAX_BYTES) {
                overflowed = true;
                bytes = null;
                return;
            }
            bytes.write(data, offset, length);
        }

        String toString(java.nio.charset.Charset charset) {
            return bytes.toString(charset);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException("Jolokia writes its answers blocking");
        }
    }
}
