package io.trimtab.internal;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.trimtab.jolokia.AgentSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jolokia.json.JSONArray;
import org.jolokia.json.JSONObject;
import org.jolokia.json.parser.JSONParser;

/**
 * What every request passes before Jolokia sees it: the browser origin check, authentication, and the
 * bounds on what a request may carry. A refusal is an HTTP error with a JSON body naming the reason.
 *
 * <ul>
 *   <li>A request whose {@code Origin} (or, lacking one, {@code Referer}) is not a configured origin is
 *       refused, and so is a browser's cross-site request that carries neither ({@code Sec-Fetch-Site}):
 *       a foreign page can neither read answers nor trigger writes and execs. Clients that are not
 *       browsers send no origin and pass.</li>
 *   <li>With credentials configured, everything but a CORS preflight needs them; a 401 carries the CORS
 *       headers of an allowed origin, so a browser console can tell the user what is wrong.</li>
 *   <li>A POST body may hold at most {@link AgentSettings#MAX_REQUEST_BYTES}, a bulk at most
 *       {@link AgentSettings#MAX_BULK_REQUESTS} requests, must be JSON in UTF-8, and no request in it may name a
 *       proxy {@code target}.</li>
 *   <li>Error answers lose the exception classes Jolokia puts in them ({@link ErrorAnswerStream}).</li>
 * </ul>
 */
final class RequestGuard extends Filter {

    /** How Jolokia finds the charset of a POST body in its Content-Type. */
    private static final Pattern CHARSET = Pattern.compile(".*;\\s*charset=([^;,]+)\\s*.*", Pattern.CASE_INSENSITIVE);

    private final List<String> allowedOrigins;
    private final Authenticator authenticator;

    /** @param authenticator checks credentials, or {@code null} when none are configured */
    RequestGuard(List<String> allowedOrigins, Authenticator authenticator) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.authenticator = authenticator;
    }

    @Override
    public String description() {
        return "Trimtab's origin, authentication and size checks";
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Headers headers = exchange.getRequestHeaders();
        String origin = BrowserOrigin.of(headers);
        if (origin != null && !allowedOrigins.contains(origin)) {
            refuse(exchange, 403, "Origin " + origin + " is not allowed to call this agent (jolokia.corsOrigins)");
            return;
        }
        if (origin == null && BrowserOrigin.isCrossSite(headers)) {
            refuse(exchange, 403, "A cross-site browser request without Origin is not allowed");
            return;
        }
        if ("OPTIONS".equalsIgnoreCase(exchange.getRequestMethod())) {
            answerPreflight(exchange, origin);
            return;
        }
        if (authenticator != null && !(authenticator.authenticate(exchange) instanceof Authenticator.Success)) {
            allowOrigin(exchange, origin);
            refuse(exchange, 401, "Authentication required");
            return;
        }
        if ("POST".equalsIgnoreCase(exchange.getRequestMethod()) && !boundedBody(exchange)) {
            return;
        }
        exchange.setStreams(null, new ErrorAnswerStream(exchange.getResponseBody()));
        chain.doFilter(exchange);
    }

    /**
     * A CORS preflight carries no credentials and reaches no MBean, so it is answered here (Jolokia's own
     * answer to OPTIONS is a 500, which browsers treat as a failed preflight).
     */
    private static void answerPreflight(HttpExchange exchange, String origin) throws IOException {
        Headers response = exchange.getResponseHeaders();
        response.set("Allow", "GET, POST, OPTIONS");
        if (origin != null) {
            allowOrigin(exchange, origin);
            response.set("Access-Control-Allow-Methods", "GET, POST");
            response.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
            response.set("Access-Control-Max-Age", "3600");
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    private static void allowOrigin(HttpExchange exchange, String origin) {
        if (origin != null) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
            exchange.getResponseHeaders().set("Access-Control-Allow-Credentials", "true");
            exchange.getResponseHeaders().add("Vary", "Origin");
        }
    }

    /** Reads the body up to the limit and hands it on; false when it refused the request. */
    private static boolean boundedBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parseLength(declared) > AgentSettings.MAX_REQUEST_BYTES) {
            refuse(exchange, 413, "Request body of " + declared.trim() + " bytes exceeds the limit of "
                    + AgentSettings.MAX_REQUEST_BYTES + " bytes");
            return false;
        }
        Matcher charset = CHARSET.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
        if (charset.matches() && !charset.group(1).trim().equalsIgnoreCase("utf-8")) {
            // Jolokia would decode with this charset; the checks below read UTF-8, so both must agree.
            refuse(exchange, 415, "Request charset " + charset.group(1).trim() + " is not supported: send UTF-8");
            return false;
        }
        byte[] body = exchange.getRequestBody().readNBytes(AgentSettings.MAX_REQUEST_BYTES + 1);
        if (body.length > AgentSettings.MAX_REQUEST_BYTES) {
            refuse(exchange, 413, "Request body exceeds the limit of " + AgentSettings.MAX_REQUEST_BYTES + " bytes");
            return false;
        }
        Refusal refusal = refusalOf(body);
        if (refusal != null) {
            refuse(exchange, refusal.status(), refusal.message());
            return false;
        }
        exchange.setStreams(new ByteArrayInputStream(body), null);
        return true;
    }

    private record Refusal(int status, String message) {
    }

    /** Why a body is refused: not JSON, too many requests in a bulk, a proxy target; or null. */
    private static Refusal refusalOf(byte[] body) {
        Object json;
        try {
            json = new JSONParser().parse(new String(body, StandardCharsets.UTF_8));
        } catch (Exception e) {
            return new Refusal(400, "Invalid JSON request: " + e.getMessage());
        }
        List<?> requests = json instanceof JSONArray ? (JSONArray) json : List.of(json);
        if (requests.size() > AgentSettings.MAX_BULK_REQUESTS) {
            return new Refusal(413, "Bulk request of " + requests.size() + " requests exceeds the limit of "
                    + AgentSettings.MAX_BULK_REQUESTS);
        }
        for (Object request : requests) {
            if (request instanceof JSONObject && namesProxyTarget((JSONObject) request)) {
                return new Refusal(403, "Proxy requests (target) are disabled: this agent opens no JMX connection elsewhere");
            }
        }
        return null;
    }

    private static boolean namesProxyTarget(Map<?, ?> request) {
        Object options = request.get("options");
        return request.containsKey("target")
                || options instanceof Map && (((Map<?, ?>) options).containsKey("target") || ((Map<?, ?>) options).containsKey("targetId"));
    }

    /**
     * Reads what is left of a refused request's body, up to a bound, so that the client can read the
     * refusal instead of a reset connection; a longer body is cut off with the connection.
     */
    private static void drain(HttpExchange exchange) {
        try {
            long left = 4L * AgentSettings.MAX_REQUEST_BYTES;
            byte[] sink = new byte[8192];
            int read;
            while (left > 0 && (read = exchange.getRequestBody().read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
                left -= read;
            }
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void refuse(HttpExchange exchange, int status, String message) throws IOException {
        drain(exchange);
        JSONObject answer = new JSONObject();
        answer.put("status", status);
        answer.put("error", message);
        byte[] bytes = answer.toJSONString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
