package io.trimtab.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What a browser may do. A request whose {@code Origin} (or, lacking one, {@code Referer}) is neither this server's own
 * origin nor a configured one ({@code jolokia.corsOrigins}) is refused, and so is a browser's cross-site request that
 * carries neither ({@code Sec-Fetch-Site}). Clients that are not browsers send no origin and pass. A CORS preflight
 * carries no credentials and reaches no servlet, so it is answered here.
 */
final class BrowserCheck extends Handler.Wrapper {

    private final List<String> allowedOrigins;

    BrowserCheck(List<String> allowedOrigins, Handler next) {
        super(next);
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields headers = request.getHeaders();
        String origin = originOf(headers);
        boolean sameOrigin = origin != null && origin.equals(ownOrigin(request));
        if (origin != null && !sameOrigin && !allowedOrigins.contains(origin)) {
            return Refusals.refuse(response, callback, 403,
                    "Origin " + origin + " is not allowed to call this agent (jolokia.corsOrigins)");
        }
        if (origin == null && isCrossSite(headers)) {
            return Refusals.refuse(response, callback, 403, "A cross-site browser request without Origin is not allowed");
        }
        if (origin != null && !sameOrigin) {
            allowOrigin(response, origin);
        }
        if ("OPTIONS".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, POST, OPTIONS");
            if (origin != null) {
                response.getHeaders().put("Access-Control-Allow-Methods", "GET, POST");
                response.getHeaders().put("Access-Control-Allow-Headers", "Authorization, Content-Type");
                response.getHeaders().put("Access-Control-Max-Age", "3600");
            }
            response.setStatus(204);
            callback.succeeded();
            return true;
        }
        return super.handle(request, response, callback);
    }

    /** Lets the browser read the answer, a refusal included, so that a console can tell its user what is wrong. */
    private static void allowOrigin(Response response, String origin) {
        response.getHeaders().put("Access-Control-Allow-Origin", origin);
        response.getHeaders().put("Access-Control-Allow-Credentials", "true");
        response.getHeaders().add(HttpHeader.VARY, "Origin");
    }

    private static String ownOrigin(Request request) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        return host == null ? null : request.getHttpURI().getScheme() + "://" + host.toLowerCase(Locale.ROOT);
    }

    /**
     * The request's {@code Origin}, or the origin of its {@code Referer}, as {@code scheme://host[:port]} in lower
     * case; {@code null} when it has neither. An unparsable value is returned as sent, so that it matches nothing.
     */
    static String originOf(HttpFields headers) {
        String origin = headers.get(HttpHeader.ORIGIN);
        if (origin != null) {
            return normalize(origin.trim(), origin.trim());
        }
        String referer = headers.get(HttpHeader.REFERER);
        return referer == null ? null : normalize(referer.trim(), "referer " + referer.trim());
    }

    /** Whether a browser marked the request as coming from another site. */
    private static boolean isCrossSite(HttpFields headers) {
        String site = headers.get("Sec-Fetch-Site");
        return site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none");
    }

    private static String normalize(String url, String asSent) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return asSent;
            }
            return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (URISyntaxException e) {
            return asSent;
        }
    }
}
