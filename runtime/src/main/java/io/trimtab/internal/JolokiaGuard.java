package io.trimtab.internal;

import io.trimtab.jolokia.AgentSettings;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jolokia.json.JSONStructure;
import org.jolokia.json.parser.JSONParser;

/**
 * What a request to the Jolokia servlet passes, after the front door's checks and before the agent: GET and POST only,
 * no JSONP and no other answer type than JSON, JSON nested no deeper than {@link JolokiaRequests#MAX_JSON_NESTING}, a
 * bulk of at most {@link AgentSettings#MAX_BULK_REQUESTS} requests of which at most {@link #MAX_HEAVY_PER_BULK} list or
 * read many beans, each request as {@link JolokiaRequests} allows, notifications as {@link NotificationLimits} allows,
 * and caps that can only be lowered. The answer is held by a {@link BoundedAnswer}. A refusal answers in Jolokia's JSON
 * shape with the HTTP status of the reason.
 */
final class JolokiaGuard implements Filter {

    /** Lists of everything, reads of bean patterns and searches over every domain in one bulk. */
    static final int MAX_HEAVY_PER_BULK = 4;

    private final NotificationLimits notifications;
    private final HttpServlet agent;

    /** @param agent the servlet behind, to which expired notification clients are unregistered */
    JolokiaGuard(NotificationLimits notifications, HttpServlet agent) {
        this.notifications = notifications;
        this.agent = agent;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("POST")) {
            refuse(response, 405, "HTTP method " + method + " is not allowed: use GET or POST");
            return;
        }
        String contentType = String.valueOf(request.getContentType()).toLowerCase(java.util.Locale.ROOT);
        if (method.equals("POST") && (contentType.startsWith("application/x-www-form-urlencoded")
                || contentType.startsWith("multipart/"))) {
            refuse(response, 415, "Request content type " + request.getContentType() + " is not supported: send JSON");
            return;
        }
        if (request.getParameter("callback") != null) {
            refuse(response, 400, "JSONP (callback) is off: read the answer as JSON");
            return;
        }
        String mimeType = request.getParameter("mimeType");
        if (mimeType != null && !mimeType.equals("application/json") && !mimeType.equals("text/plain")) {
            refuse(response, 400, "Answer type " + mimeType + " is not offered: application/json or text/plain");
            return;
        }
        String query = request.getQueryString();
        String path = request.getPathInfo();
        if (JolokiaRequests.nesting((query == null ? "" : query) + (path == null ? "" : path)) > JolokiaRequests.MAX_JSON_NESTING) {
            refuse(response, 400, "JSON in the request is nested deeper than " + JolokiaRequests.MAX_JSON_NESTING + " levels");
            return;
        }
        HttpServletRequest checked = method.equals("POST") ? checkedBody(request, response) : checkedPath(request, response);
        if (checked == null) {
            return;
        }
        Map<?, ?> notification = checked instanceof Body body ? body.notification : null;
        if (notification != null) {
            for (String client : notifications.idle()) {
                removeListeners(request, response, client);
                command(request, response, "{\"type\":\"notification\",\"command\":\"unregister\",\"client\":\"" + client + "\"}");
                notifications.forget(client);
            }
            if ("unregister".equals(notification.get("command"))) {
                removeListeners(request, response, String.valueOf(notification.get("client")));
            }
        }
        BoundedAnswer answer = new BoundedAnswer(response);
        chain.doFilter(new CappedParameters(checked), answer);
        if (notification != null) {
            notifications.answered(notification, answer.complete());
        }
        answer.send();
    }

    private void removeListeners(HttpServletRequest request, HttpServletResponse response, String client)
            throws IOException, ServletException {
        for (String handle : notifications.handles(client)) {
            org.jolokia.json.JSONObject remove = new org.jolokia.json.JSONObject();
            remove.putAll(Map.of("type", "notification", "command", "remove", "client", client, "handle", handle));
            String answer = command(request, response, remove.toJSONString());
            notifications.answered(remove, answer);
        }
    }

    /** Has the agent execute one command of the guard's own, on the thread of the request at hand; its answer. */
    private String command(HttpServletRequest request, HttpServletResponse response, String json)
            throws IOException, ServletException {
        BoundedAnswer answer = new BoundedAnswer(response);
        agent.service(new Body(request, json.getBytes(StandardCharsets.UTF_8), null), answer);
        return answer.complete();
    }

    /** The GET request if allowed, else null after refusing it. */
    private HttpServletRequest checkedPath(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getParameter("p") != null ? request.getParameter("p") : request.getPathInfo();
        String[] parts = path == null ? new String[0] : path.replaceFirst("^/+", "").split("/");
        String type = parts.length > 0 ? parts[0] : "";
        if (type.equals("notification")) {
            refuse(response, 405, "Send notification commands by POST");
            return null;
        }
        String refusal = JolokiaRequests.refusal(type, parts.length > 1 ? parts[1].replace("!/", "/") : null);
        if (refusal != null) {
            refuse(response, 403, refusal);
            return null;
        }
        return request;
    }

    /** The POST request with its checked (and possibly capped) body, or null after refusing it. */
    private HttpServletRequest checkedBody(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String encoding = request.getCharacterEncoding();
        if (encoding != null && !encoding.equalsIgnoreCase("utf-8")) {
            // Jolokia would decode with this charset; the checks here read UTF-8, so both must agree.
            refuse(response, 415, "Request charset " + encoding + " is not supported: send UTF-8");
            return null;
        }
        // The front door has read the body already, and bounded it.
        String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (JolokiaRequests.nesting(body) > JolokiaRequests.MAX_JSON_NESTING) {
            refuse(response, 400, "JSON in the request is nested deeper than " + JolokiaRequests.MAX_JSON_NESTING + " levels");
            return null;
        }
        Object json;
        try {
            json = new JSONParser().parse(body);
        } catch (Exception e) {
            refuse(response, 400, "Invalid JSON request: " + AnswerInternals.withoutClassNames(String.valueOf(e.getMessage())));
            return null;
        }
        List<?> requests = JolokiaRequests.asList(json);
        if (requests.size() > AgentSettings.MAX_BULK_REQUESTS) {
            refuse(response, 413, "Bulk request of " + requests.size() + " requests exceeds the limit of "
                    + AgentSettings.MAX_BULK_REQUESTS);
            return null;
        }
        int heavy = 0;
        boolean changed = false;
        for (Object item : requests) {
            if (!(item instanceof Map<?, ?> one)) {
                continue;
            }
            String refusal = JolokiaRequests.refusal(one);
            if (refusal == null) {
                refusal = notifications.refusal(one, requests.size());
            }
            if (refusal != null) {
                refuse(response, 403, refusal);
                return null;
            }
            heavy += JolokiaRequests.isHeavy(one) ? 1 : 0;
            changed |= JolokiaRequests.capConfig(one);
        }
        if (heavy > MAX_HEAVY_PER_BULK) {
            refuse(response, 413, "Bulk request with " + heavy + " lists, pattern reads or searches over every domain"
                    + " exceeds the limit of " + MAX_HEAVY_PER_BULK + ": send them in smaller bulks");
            return null;
        }
        String forwarded = changed && json instanceof JSONStructure structure ? structure.toJSONString() : body;
        Object single = requests.size() == 1 ? requests.get(0) : null;
        Map<?, ?> notification = single instanceof Map<?, ?> one && "notification".equals(one.get("type")) ? one : null;
        return new Body(request, forwarded.getBytes(StandardCharsets.UTF_8), notification);
    }

    static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        byte[] bytes = BoundedAnswer.refusal(status, message).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The request with the body as checked. */
    private static final class Body extends HttpServletRequestWrapper {
        private final byte[] body;
        /** The one notification command this request holds, or null. */
        private final Map<?, ?> notification;

        Body(HttpServletRequest request, byte[] body, Map<?, ?> notification) {
            super(request);
            this.body = body;
            this.notification = notification;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is read already");
                }
            };
        }

        @Override
        public String getCharacterEncoding() {
            return "UTF-8";
        }

        @Override
        public int getContentLength() {
            return body.length;
        }
    }

    /** The request with the caps of its query parameters lowered ({@link JolokiaRequests#capped}). */
    private static final class CappedParameters extends HttpServletRequestWrapper {
        private final Map<String, String[]> parameters;

        CappedParameters(HttpServletRequest request) {
            super(request);
            Map<String, String[]> capped = new LinkedHashMap<>(request.getParameterMap());
            capped.replaceAll((name, values) -> JolokiaRequests.CAPS.containsKey(name)
                    ? new String[] {JolokiaRequests.capped(name, values.length == 0 ? "" : values[0])} : values);
            this.parameters = Collections.unmodifiableMap(capped);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters.get(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        @Override
        public String[] getParameterValues(String name) {
            return parameters.get(name);
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }
    }
}
