package io.trimtab.internal;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Where a browser says a request comes from, in the form configured origins are compared with. */
final class BrowserOrigin {

    private BrowserOrigin() {
    }

    /**
     * The request's {@code Origin}, or the origin of its {@code Referer}, as {@code scheme://host[:port]}
     * in lower case; {@code null} when it has neither. An unparsable value is returned as sent, so that it
     * matches no configured origin.
     */
    static String of(Headers headers) {
        String origin = headers.getFirst("Origin");
        if (origin != null) {
            return normalize(origin.trim(), origin.trim());
        }
        String referer = headers.getFirst("Referer");
        return referer == null ? null : normalize(referer.trim(), "referer " + referer.trim());
    }

    /** Whether a browser marked the request as coming from another site ({@code Sec-Fetch-Site}). */
    static boolean isCrossSite(Headers headers) {
        String site = headers.getFirst("Sec-Fetch-Site");
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
