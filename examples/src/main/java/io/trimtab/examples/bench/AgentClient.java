package io.trimtab.examples.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * POSTs JSON requests to a Jolokia agent, on one kept-alive connection (as jolokia.js or Hawtio would) or on a
 * fresh connection per request ({@code Connection: close}, as curl in a loop), and GETs other pages of the same
 * server (the metrics, the dashboard's data) on the kept-alive connection, as a scraper or a browser would. A plain
 * socket speaking HTTP/1.1, so that what is timed is the agent: the JDK's {@code HttpClient} alone adds about a
 * millisecond per request on a small machine. Every answer must be a 200, a Jolokia answer one that is not an error.
 */
final class AgentClient implements AutoCloseable {

    private final URI url;
    private Socket socket;
    private BufferedInputStream in;
    /** Set by the last answer that asked for the connection to be closed. */
    private boolean closeAfterAnswer;

    AgentClient(URI url) {
        this.url = url;
    }

    /** The answer's body, over the kept-alive connection (opened on first use, again if the agent closed it). */
    String post(String json) throws IOException {
        return onKeptAlive(request(json, false), true);
    }

    /** The body of a GET of {@code pathAndQuery} on this agent's server, over the kept-alive connection. */
    String get(String pathAndQuery) throws IOException {
        return onKeptAlive(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), false);
    }

    private String onKeptAlive(byte[] request, boolean jolokia) throws IOException {
        if (socket == null) {
            socket = new Socket(url.getHost(), url.getPort());
            socket.setTcpNoDelay(true); // the client's own writes must not wait: only the agent's are measured
            in = new BufferedInputStream(socket.getInputStream());
        }
        socket.getOutputStream().write(request);
        String body = readAnswer(in, jolokia);
        if (closeAfterAnswer) {
            close();
        }
        return body;
    }

    /** Sends the request on a connection opened for it alone, and reads the answer. */
    void postOnFreshConnection(String json) throws IOException {
        try (Socket fresh = new Socket(url.getHost(), url.getPort())) {
            fresh.setTcpNoDelay(true);
            fresh.getOutputStream().write(request(json, true));
            readAnswer(new BufferedInputStream(fresh.getInputStream()), true);
        }
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    /** Request line, headers and body in one write. */
    private byte[] request(String json, boolean close) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + (close ? "\r\nConnection: close" : "") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /** Reads one HTTP/1.1 answer, fixed-length or chunked, and returns its body. */
    private String readAnswer(BufferedInputStream input, boolean jolokia) throws IOException {
        String statusLine = readLine(input);
        int status = statusLine.startsWith("HTTP/1.1 ") ? Integer.parseInt(statusLine.substring(9, 12)) : -1;
        long length = -1;
        boolean chunked = false;
        closeAfterAnswer = false;
        for (String header = readLine(input); !header.isEmpty(); header = readLine(input)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closeAfterAnswer = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(readLine(input).split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(readLine(input).split(";")[0].trim(), 16)) {
                body.write(input.readNBytes(size));
                readLine(input);
            }
            readLine(input); // the empty line after the last chunk
        } else if (length >= 0) {
            return requireAnswered(status, new String(input.readNBytes((int) length), StandardCharsets.UTF_8), jolokia);
        } else {
            body.write(input.readAllBytes());
            closeAfterAnswer = true;
        }
        return requireAnswered(status, body.toString(StandardCharsets.UTF_8), jolokia);
    }

    private static String readLine(InputStream input) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = input.read(); b != '\n'; b = input.read()) {
            if (b < 0) {
                throw new EOFException("the agent closed the connection mid-answer");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static String requireAnswered(int status, String body, boolean jolokia) {
        if (status != 200 || (jolokia && body.contains("\"error\""))) {
            throw new IllegalStateException("the agent did not answer: HTTP " + status + " "
                    + body.substring(0, Math.min(300, body.length())));
        }
        return body;
    }

    /** The {@code p}-quantile (0 to 1) of nanosecond samples, in milliseconds. */
    static double quantileMillis(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }
}
