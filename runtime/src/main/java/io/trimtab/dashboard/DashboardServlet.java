package io.trimtab.dashboard;

import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.cache.Caches;
import io.trimtab.mbeans.optimizer.Optimizer;
import io.trimtab.mbeans.pool.Pools;
import io.trimtab.mbeans.sqlite.Databases;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard under {@code /trimtab/}: the page, its scripts and style, uPlot from its WebJar, and
 * {@code api/state}, one read-only JSON document of what the sampler and the optimizer hold ({@link DashboardState};
 * {@code ?since=<epoch ms>} for the samples since then only).
 * Mounted on the front door, it sits behind the same Host check, authentication and TLS as Jolokia. Only GET and HEAD;
 * every answer carries a Content-Security-Policy that allows no inline script or style and nothing from elsewhere.
 *
 * <p>The page changes nothing itself: its controls send Jolokia exec and write requests to {@code /jolokia}, where the
 * access policy decides. The document's {@code canExec} asks that policy the questions Jolokia would ask of the page's
 * request (POST, this client's address, this origin, an exec on the Optimizer MBean), so that a viewer the policy
 * would refuse is not offered the controls.
 */
public final class DashboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServlet.class);

    /** Where the front door mounts the dashboard. */
    public static final String CONTEXT = "/trimtab";
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'";
    static final String STATE_PATH = "/api/state";
    /** A sample time: up to 18 digits, so that it always parses as a long. */
    private static final Pattern SINCE = Pattern.compile("[0-9]{1,18}");
    /** The exec the controls' permission is judged by: pinning a knob. */
    static final String PROBE_OPERATION = "setKnob";

    private final transient Map<String, StaticFiles.StaticFile> files;
    private final transient DashboardState state;
    private final transient Restrictor policy;

    /**
     * @param policy the access policy as the Jolokia agent on the same front door enforces it
     * @throws IllegalStateException if the page's files are missing from the classpath
     */
    public DashboardServlet(ManagementContext context, Optimizer optimizer, Caches caches, Pools pools,
                            Databases databases, Restrictor policy) {
        this.files = StaticFiles.load();
        this.state = new DashboardState(context, optimizer, caches, pools, databases);
        this.policy = policy;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        String method = request.getMethod();
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            response.setHeader("Allow", "GET, HEAD");
            answer(response, 405, "text/plain; charset=utf-8", "no-store",
                    ("HTTP method " + method + " is not allowed here: use GET or HEAD").getBytes(StandardCharsets.UTF_8), head);
            return;
        }
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        if (path.equals(STATE_PATH)) {
            String since = request.getParameter("since");
            if (since != null && !SINCE.matcher(since).matches()) {
                answer(response, 400, "text/plain; charset=utf-8", "no-store", ("since must be a sample time in epoch"
                        + " milliseconds, 0 or more, but was '" + abbreviate(since) + "'").getBytes(StandardCharsets.UTF_8), head);
                return;
            }
            List<byte[]> json = state.json(canExec(request), since == null ? 0 : Long.parseLong(since));
            answer(response, 200, "application/json; charset=utf-8", "no-store", json, head);
            return;
        }
        StaticFiles.StaticFile file = files.get(path);
        if (file == null) {
            answer(response, 404, "text/plain; charset=utf-8", "no-store",
                    ("Not found: " + CONTEXT + path).getBytes(StandardCharsets.UTF_8), head);
            return;
        }
        answer(response, 200, file.contentType(), "no-cache", file.body(), head);
    }

    /**
     * To be called after each sample of the optimizer's signals: while a page watches, the data of its next poll is made
     * now, on the caller's thread. Never throws: the sampler goes on whatever the dashboard does.
     */
    public void sampled() {
        try {
            state.sampled();
        } catch (RuntimeException e) {
            LOG.debug("The dashboard's data was not made ahead of the next poll: {}", e.toString());
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }

    /** Whether the access policy would let this viewer's page exec, asked as Jolokia asks it. */
    private boolean canExec(HttpServletRequest request) {
        String origin = request.getScheme() + "://" + request.getHeader("Host");
        return policy.isHttpMethodAllowed(HttpMethod.POST)
                && policy.isRemoteAccessAllowed(request.getRemoteAddr())
                && policy.isOriginAllowed(origin, true)
                && policy.isOperationAllowed(state.optimizerName(), PROBE_OPERATION);
    }

    private static void answer(HttpServletResponse response, int status, String contentType, String cacheControl,
                               byte[] body, boolean head) throws IOException {
        answer(response, status, contentType, cacheControl, List.of(body), head);
    }

    private static void answer(HttpServletResponse response, int status, String contentType, String cacheControl,
                               List<byte[]> body, boolean head) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setHeader("Cache-Control", cacheControl);
        response.setContentLengthLong(body.stream().mapToLong(part -> part.length).sum());
        if (!head) {
            for (byte[] part : body) {
                response.getOutputStream().write(part);
            }
        }
    }

    @Override
    public void destroy() {
        state.close();
    }
}
