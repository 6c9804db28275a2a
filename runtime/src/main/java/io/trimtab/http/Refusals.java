package io.trimtab.http;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jolokia.json.JSONObject;

/** A refusal in the Jolokia JSON shape, {@code {"status":403,"error":"..."}}, with the same HTTP status. */
final class Refusals {

    private Refusals() {
    }

    static String json(int status, String message) {
        JSONObject answer = new JSONObject();
        answer.put("status", status);
        answer.put("error", message);
        return answer.toJSONString();
    }

    /** Answers the request with the refusal and completes it; the request's body, if any, is not read. */
    static boolean refuse(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, StandardCharsets.UTF_8.encode(json(status, message)), callback);
        return true;
    }
}
