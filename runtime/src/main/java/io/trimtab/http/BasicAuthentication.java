package io.trimtab.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * HTTP basic authentication against the one user and password configured. Both are compared as SHA-256 digests in
 * constant time, so that neither their content nor their length shows in the answer time, and a wrong user gets the
 * same answer as a wrong password. After {@link #FREE_FAILURES} failures from one address, each further failure is
 * answered only after a delay that doubles up to {@link #MAX_DELAY_MILLIS}; the delay is a timer, not a waiting
 * thread. A success clears the address's count. The authenticated user goes to the request attribute
 * {@link FrontDoor#USER_ATTRIBUTE}.
 */
final class BasicAuthentication extends Handler.Wrapper {

    static final int FREE_FAILURES = 3;
    static final long MAX_DELAY_MILLIS = 4_000;
    /** Addresses remembered at most; past that the oldest counts are forgotten all at once. */
    private static final int MAX_TRACKED = 10_000;

    private final String user;
    private final byte[] expected;
    private final ConcurrentMap<String, Integer> failures = new ConcurrentHashMap<>();

    BasicAuthentication(String user, String password, Handler next) {
        super(next);
        this.user = user;
        this.expected = digest(user + ":" + password);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String address = Request.getRemoteAddr(request);
        if (matches(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            failures.remove(address);
            request.setAttribute(FrontDoor.USER_ATTRIBUTE, user);
            return super.handle(request, response, callback);
        }
        if ("OPTIONS".equals(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        if (failures.size() > MAX_TRACKED) {
            failures.clear();
        }
        int failed = request.getHeaders().contains(HttpHeader.AUTHORIZATION) ? failures.merge(address, 1, Integer::sum)
                : failures.getOrDefault(address, 0);
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"trimtab\", charset=\"UTF-8\"");
        long delay = delayMillis(failed);
        if (delay == 0) {
            return Refusals.refuse(response, callback, 401, "Authentication required");
        }
        request.getComponents().getScheduler().schedule(
                () -> Refusals.refuse(response, callback, 401, "Authentication required"), delay, TimeUnit.MILLISECONDS);
        return true;
    }

    /** No delay for the first failures, then 250 ms doubling per failure up to the maximum. */
    static long delayMillis(int failures) {
        if (failures <= FREE_FAILURES) {
            return 0;
        }
        int doublings = Math.min(failures - FREE_FAILURES - 1, 10);
        return Math.min(MAX_DELAY_MILLIS, 250L << doublings);
    }

    private boolean matches(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String given;
        try {
            given = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(expected, digest(given));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
