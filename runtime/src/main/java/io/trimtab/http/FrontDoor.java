package io.trimtab.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.server.handler.ThreadLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The one HTTP(S) server of a runtime, on one port: every servlet mounted on it sits behind the same checks, in this
 * order: the {@link AllowedHosts Host allow-list}, a per-client limit on concurrent requests, the {@link BrowserCheck
 * browser origin check}, {@link BasicAuthentication authentication} when credentials are configured, and the
 * {@link BodyLimit body limit}, and a bound on requests served at once and waiting ({@link QoSHandler}). Jetty itself
 * bounds what a client can hold: an idle timeout on every connection, small request headers, a bounded thread pool,
 * and a cap on open connections; {@link SlowClients} closes connections slow to send a request head or to take an
 * answer.
 *
 * <p>Use: {@link #create}, then {@link #mount} each servlet ({@code /jolokia}, {@code /trimtab}, {@code /metrics},
 * ...), then {@link #start}. A mounted servlet finds the authenticated user in {@code getRemoteUser()} (and in the
 * request attribute {@link #USER_ATTRIBUTE}); it is {@code null} when no credentials are configured.
 */
public final class FrontDoor implements AutoCloseable {

    /** Request attribute holding the authenticated user's name, absent when no credentials are configured. */
    public static final String USER_ATTRIBUTE = "io.trimtab.http.user";
    /** Largest request body accepted, on every context. */
    public static final int MAX_REQUEST_BYTES = 256 * 1024;
    /** A connection with nothing to read or write for this long is closed. */
    static final int IDLE_TIMEOUT_MILLIS = 10_000;
    /** Request line plus headers; Jetty answers 431 beyond. */
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final int MAX_THREADS = 32;
    static final int MIN_THREADS = 4;
    /** Requests served at once; the selector, the acceptor and Jetty's own tasks keep the rest of the threads. */
    static final int MAX_ACTIVE_REQUESTS = 24;
    /**
     * Requests waiting, without a thread, for one of the active ones to finish; past that a request is refused with 503
     * at once. The bound is on requests rather than on the thread pool's task queue, which Jetty itself fills with its
     * own tasks (timeouts, selector work) and must not refuse.
     */
    static final int MAX_WAITING_REQUESTS = 512;
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    static final int MAX_CONNECTIONS = 1_024;
    /** Requests of one client address served at once; the next wait, without a thread, for one to finish. */
    static final int MAX_REQUESTS_PER_CLIENT = 8;

    private final Server server;
    private final ServerConnector connector;
    private final ContextHandlerCollection contexts = new ContextHandlerCollection();
    private final String scheme;

    private FrontDoor(Server server, ServerConnector connector, String scheme) {
        this.server = server;
        this.connector = connector;
        this.scheme = scheme;
    }

    /**
     * A front door as configured, not yet listening.
     *
     * @param threadPrefix names its threads, e.g. {@code trimtab-demo-http}
     * @throws IllegalArgumentException if the keystore cannot be used
     */
    public static FrontDoor create(String threadPrefix, FrontDoorConfig config) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName(threadPrefix);
        threads.setDaemon(true);
        Server server = new Server(threads, new ScheduledExecutorScheduler(threadPrefix + "-timer", true), null);
        server.setStopTimeout(2_000);

        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setResponseHeaderSize(MAX_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector;
        if (config.keystore() == null) {
            connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        } else {
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(server, 1, 1,
                    new SslConnectionFactory(Tls.serverFactory(config.keystore(), config.keystorePassword()), "http/1.1"),
                    new HttpConnectionFactory(http));
        }
        connector.setHost(config.host().getHostAddress());
        connector.setPort(config.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
        server.setErrorHandler(new JsonErrors(MAX_REQUEST_BYTES));

        FrontDoor door = new FrontDoor(server, connector, config.keystore() == null ? "http" : "https");
        QoSHandler bounded = new QoSHandler(door.contexts);
        bounded.setMaxRequestCount(MAX_ACTIVE_REQUESTS);
        bounded.setMaxSuspendedRequestCount(MAX_WAITING_REQUESTS);
        bounded.setMaxSuspend(MAX_WAIT);
        Handler inner = new BodyLimit(MAX_REQUEST_BYTES, bounded);
        if (config.user() != null) {
            inner = new BasicAuthentication(config.user(), config.password(), inner);
        }
        inner = new BrowserCheck(config.corsOrigins(), inner);
        ThreadLimitHandler perClient = new ThreadLimitHandler(inner, null, false);
        perClient.setThreadLimit(MAX_REQUESTS_PER_CLIENT);
        SlowClients slowClients = new SlowClients(new HostCheck(new AllowedHosts(config.host(), config.allowedHosts()), perClient),
                config.headTimeout(), config.writeTimeout(), server.getScheduler());
        connector.addEventListener(slowClients.connectionListener());
        server.setHandler(slowClients);
        return door;
    }

    /**
     * Serves {@code servlet} under {@code contextPath} (e.g. {@code /jolokia}: it answers {@code /jolokia} and
     * everything below, with {@code getContextPath()} {@code /jolokia} and the rest in {@code getPathInfo()}), behind
     * the front door's checks and then {@code filters}, in order. Call before {@link #start}.
     */
    public void mount(String contextPath, HttpServlet servlet, Filter... filters) {
        mount(contextPath, false, servlet, filters);
    }

    /**
     * Like {@link #mount}, and {@code contextPath} itself is answered by the servlet instead of redirected to
     * {@code contextPath/}: for {@code /metrics}, which scrapers ask for without a trailing slash.
     */
    public void mountExact(String contextPath, HttpServlet servlet, Filter... filters) {
        mount(contextPath, true, servlet, filters);
    }

    private void mount(String contextPath, boolean exact, HttpServlet servlet, Filter... filters) {
        Objects.requireNonNull(servlet, "servlet");
        if (!contextPath.startsWith("/") || contextPath.endsWith("/") || contextPath.contains("*")) {
            throw new IllegalArgumentException("context path '" + contextPath + "' must be /name, without a trailing slash");
        }
        if (server.isStarted()) {
            throw new IllegalStateException("mount " + contextPath + " before the front door starts");
        }
        ServletContextHandler context = new ServletContextHandler(contextPath, ServletContextHandler.NO_SESSIONS);
        context.setAllowNullPathInContext(exact);
        context.addFilter(new FilterHolder(new RemoteUser()), "/*", EnumSet.of(DispatcherType.REQUEST));
        for (Filter filter : filters) {
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(servlet), "/*");
        contexts.addHandler(context);
    }

    /**
     * Starts listening.
     *
     * @throws IllegalStateException if the address cannot be bound or a servlet fails to start
     */
    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            close();
            Throwable cause = e instanceof IOException && e.getCause() instanceof BindException ? e.getCause() : e;
            if (cause instanceof BindException) {
                throw new IllegalStateException("cannot listen on " + connector.getHost() + ":" + connector.getPort()
                        + " (jolokia.host, jolokia.port): " + cause.getMessage(), e);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("the HTTP front door cannot start: " + e.getMessage(), e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8778/}; the port is the bound one once started. */
    public URI url() {
        String host = connector.getHost();
        String literal = host.contains(":") ? "[" + host + "]" : host;
        return URI.create(scheme + "://" + literal + ":" + connector.getLocalPort() + "/");
    }

    /** The context paths mounted, in order. */
    public List<String> contextPaths() {
        return contexts.getHandlers().stream().map(h -> ((ServletContextHandler) h).getContextPath()).toList();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP front door did not stop: " + e.getMessage(), e);
        }
    }
}
