package io.trimtab.internal;

import com.sun.net.httpserver.HttpServer;
import io.trimtab.jolokia.AccessPolicy;
import io.trimtab.jolokia.AgentSettings;
import io.trimtab.jolokia.Slf4jLogHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;

/**
 * The embedded Jolokia agent of one runtime, on an HTTP server and threads that the runtime owns, so that
 * closing it leaves no thread behind.
 */
public final class JolokiaEndpoint implements AutoCloseable {

    /**
     * Read once by the JDK when the first HTTP server of the JVM starts. Without it every response on a
     * kept-alive connection waits ~40 ms for a delayed ACK (headers and body go out as two small writes).
     */
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
    private static final int REQUEST_THREADS = 4;

    private final HttpServer httpServer;
    private final ExecutorService executor;
    private final JolokiaServer agent;
    private final URI url;

    private JolokiaEndpoint(HttpServer httpServer, ExecutorService executor, JolokiaServer agent, URI url) {
        this.httpServer = httpServer;
        this.executor = executor;
        this.agent = agent;
        this.url = url;
    }

    /**
     * Starts an agent for one runtime.
     *
     * @throws IllegalStateException if the address cannot be bound
     */
    public static JolokiaEndpoint start(String runtimeName, String domain, InetAddress host, int port,
                                        String user, String password) {
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        HttpServer httpServer;
        try {
            httpServer = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (BindException e) {
            throw new IllegalStateException("Jolokia cannot listen on " + host.getHostAddress() + ":" + port
                    + " (jolokia.host, jolokia.port): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Jolokia cannot open an HTTP server: " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(REQUEST_THREADS, daemonThreads("trimtab-" + runtimeName + "-jolokia-"));
        httpServer.setExecutor(executor);
        Path policy = null;
        try {
            policy = Files.createTempFile("trimtab-jolokia-access-", ".xml");
            Files.writeString(policy, AccessPolicy.forDomain(domain), StandardCharsets.UTF_8);
            Map<String, String> settings = AgentSettings.defaults("trimtab-" + runtimeName + "@" + domain, policy.toUri().toString());
            if (user != null) {
                settings.put("user", user);
                settings.put("password", password);
            }
            AuthenticatingConfig config = new AuthenticatingConfig(settings);
            JolokiaServer agent = new JolokiaServer(httpServer, config, new Slf4jLogHandler());
            agent.start();
            httpServer.start();
            return new JolokiaEndpoint(httpServer, executor, agent, urlOf(httpServer.getAddress()));
        } catch (IOException | RuntimeException e) {
            httpServer.stop(0);
            executor.shutdownNow();
            if (e instanceof IOException) {
                throw new UncheckedIOException("cannot write the Jolokia access policy: " + e.getMessage(), (IOException) e);
            }
            throw (RuntimeException) e;
        } finally {
            deleteQuietly(policy);
        }
    }

    /** Where the agent answers, ending with {@code /jolokia/}. */
    public URI url() {
        return url;
    }

    @Override
    public void close() {
        try {
            agent.stop();
        } finally {
            httpServer.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static URI urlOf(InetSocketAddress address) {
        InetAddress host = address.getAddress();
        String literal = host instanceof Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
        return URI.create("http://" + literal + ":" + address.getPort() + AgentSettings.CONTEXT + "/");
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A temporary file; the OS cleans it up if we cannot.
            }
        }
    }

    /** Jolokia sets up basic authentication only for servers it creates itself; this does it for ours. */
    private static final class AuthenticatingConfig extends JolokiaServerConfig {
        AuthenticatingConfig(Map<String, String> settings) {
            super(settings);
            initAuthenticator();
        }
    }
}
