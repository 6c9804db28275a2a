package io.trimtab.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** HTTP as an attacker sends it: any method, any header, any body, streamed without a length if asked. */
public final class RawHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RawHttp() {
    }

    /** An answer: HTTP status and body. */
    public record Answer(int status, String body, HttpHeaders headers) {

        /** Whether the agent said no: an HTTP error, or a JSON answer (any one in a bulk) with an error status. */
        public boolean refused() {
            if (status >= 400) {
                return true;
            }
            Object json = JolokiaHttp.parse(body);
            List<?> answers = json instanceof List ? (List<?>) json : List.of(json);
            return answers.stream().anyMatch(a -> a instanceof Map && ((Number) ((Map<?, ?>) a).get("status")).intValue() >= 400);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /**
     * Sends one request to {@code base.resolve(path)}.
     *
     * @param chunked send the body as a stream of unknown length instead of with a Content-Length
     */
    public static Answer send(URI base, String method, String path, String body, Map<String, String> headers, boolean chunked) {
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else if (chunked) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
        } else {
            publisher = HttpRequest.BodyPublishers.ofString(body);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, publisher);
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
