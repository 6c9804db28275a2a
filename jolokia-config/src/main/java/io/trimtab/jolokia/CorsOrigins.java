package io.trimtab.jolokia;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The browser origins allowed to call the agent, as configured: {@code scheme://host[:port]}, nothing more,
 * so that an origin can be compared exactly with what a browser sends.
 */
public final class CorsOrigins {

    private CorsOrigins() {
    }

    /**
     * Parses a comma-separated list of origins, e.g. {@code https://console.example.com, http://localhost:3000}.
     *
     * @throws IllegalArgumentException naming the first origin that is not {@code http(s)://host[:port]}
     */
    public static List<String> parse(String raw) {
        List<String> origins = new ArrayList<>();
        for (String part : raw.split(",")) {
            if (!part.isBlank()) {
                origins.add(requireOrigin(part.trim()));
            }
        }
        return List.copyOf(origins);
    }

    /** The origin in the form a browser sends it (lower case), or an exception saying what is wrong. */
    static String requireOrigin(String origin) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("origin '" + origin + "' is not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
            throw new IllegalArgumentException("origin '" + origin + "' must be http://host[:port] or https://host[:port]");
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
