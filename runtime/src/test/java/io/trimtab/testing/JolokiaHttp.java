package io.trimtab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.jolokia.json.parser.JSONParser;
import org.jolokia.json.parser.ParseException;

/** A plain HTTP client for a Jolokia agent, as curl or a script would talk to it: JSON in, JSON out. */
public final class JolokiaHttp {

    private final URI base;
    private final HttpClient client;
    private final String authorization;

    public JolokiaHttp(URI base) {
        this(base, null, null);
    }

    public JolokiaHttp(URI base, String user, String password) {
        this.base = base;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** GET {@code <base><path>}, e.g. {@code read/java.lang:type=Memory}; the raw HTTP response. */
    public HttpResponse<String> getRaw(String path) {
        return send(request(path).GET().build());
    }

    /** POST a JSON request body to the agent; the raw HTTP response. */
    public HttpResponse<String> postRaw(String json) {
        return send(request("").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** GET and parse; the answer's JSON object with its {@code status}, {@code value} or {@code error}. */
    public Map<String, Object> get(String path) {
        return parseObject(requireOk(getRaw(path)).body());
    }

    /** POST and parse a single request's answer. */
    public Map<String, Object> post(String json) {
        return parseObject(requireOk(postRaw(json)).body());
    }

    /** The value of an attribute, failing the test unless Jolokia answers status 200. */
    public Object read(String mbean, String attribute) {
        Map<String, Object> answer = get("read/" + mbean + "/" + attribute);
        if (((Number) answer.get("status")).intValue() != 200) {
            throw new AssertionError("read " + mbean + " " + attribute + " answered " + answer);
        }
        return answer.get("value");
    }

    public static Object parse(String json) {
        try {
            return new JSONParser().parse(json);
        } catch (ParseException | IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseObject(String json) {
        return (Map<String, Object>) parse(json);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> requireOk(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
        }
        return response;
    }
}
