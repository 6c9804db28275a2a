package io.trimtab.examples.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * POSTs JSON requests to a Jolokia agent, on one kept-alive connection ({@link HttpClient}, as jolokia.js in a
 * browser or Hawtio would) or on a fresh connection per request ({@code Connection: close}, as curl in a loop).
 * Every answer must be a 200 whose body is not an error answer.
 */
final class AgentClient {

    private final URI url;
    private final HttpClient keepAlive = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    AgentClient(URI url) {
        this.url = url;
    }

    /** The answer's body, over the kept-alive connection. */
    String post(String json) throws IOException, InterruptedException {
        HttpResponse<String> response = keepAlive.send(HttpRequest.newBuilder(url)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        return requireAnswered(response.statusCode(), response.body());
    }

    /** Sends the request on a connection opened for it alone, and reads the answer to the connection's end. */
    void postOnFreshConnection(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1;
            requireAnswered(status, answer.substring(answer.indexOf("\r\n\r\n") + 4));
        }
    }

    private static String requireAnswered(int status, String body) {
        if (status != 200 || body.contains("\"error\"")) {
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
