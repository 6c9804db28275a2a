package io.trimtab.internal;

import com.sun.net.httpserver.HttpServer;
import io.trimtab.config.TrimtabConfig;
import io.trimtab.config.TrimtabSettings;
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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Jolokia agent of one runtime, on an HTTP(S) server and threads that the runtime owns, so
 * that closing it leaves no thread behind. Every request passes {@link RequestGuard} first.
 */
public final class JolokiaEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaEndpoint.class);

    /**
     * Read once by the JDK when the first HTTP server of the JVM starts. Without it every response on a
     * kept-alive connection waits ~40 ms for a delayed ACK (headers and body go out as two small writes).
     */
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
    /** Requests served at once: a slow exec occupies one thread, reads from other clients go on. */
    static final int REQUEST_THREADS = 4;

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
     * Starts the agent of one runtime as its configuration says.
     *
     * @throws IllegalArgumentException if the access policy or the keystore cannot be used
     * @throws IllegalStateException    if the address cannot be bound
     */
    public static JolokiaEndpoint start(String runtimeName, String domain, TrimtabConfig config) {
        List<String> origins = config.get(TrimtabSettings.JOLOKIA_CORS_ORIGINS);
        Path userPolicy = config.get(TrimtabSettings.JOLOKIA_POLICY);
        AccessPolicy policy = userPolicy == null ? AccessPolicy.defaultFor(domain, origins)
                : AccessPolicy.fromFile(userPolicy, domain);
        String user = config.get(TrimtabSettings.JOLOKIA_USER);
        Path keystore = config.get(TrimtabSettings.JOLOKIA_KEYSTORE);
        InetSocketAddress address = new InetSocketAddress(config.get(TrimtabSettings.JOLOKIA_HOST),
                config.get(TrimtabSettings.JOLOKIA_PORT));
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        HttpServer httpServer = keystore == null ? bindHttp(address)
                : Tls.bindHttps(address, keystore, config.get(TrimtabSettings.JOLOKIA_KEYSTORE_PASSWORD));
        ExecutorService executor = Executors.newFixedThreadPool(REQUEST_THREADS, daemonThreads("trimtab-" + runtimeName + "-jolokia-"));
        httpServer.setExecutor(executor);
        RequestGuard guard = new RequestGuard(origins,
                user == null ? null : new BasicCredentials(user, config.get(TrimtabSettings.JOLOKIA_PASSWORD)));
        Path policyFile = null;
        try {
            policyFile = Files.createTempFile("trimtab-jolokia-access-", ".xml");
            Files.writeString(policyFile, policy.xml(), StandardCharsets.UTF_8);
            JolokiaServerConfig agentConfig = new JolokiaServerConfig(
                    AgentSettings.defaults("trimtab-" + runtimeName + "@" + domain, policyFile.toUri().toString()));
            JolokiaServer agent = new JolokiaServer(new GuardedHttpServer(httpServer, guard), agentConfig, new Slf4jLogHandler());
            agent.start();
            httpServer.start();
            URI url = urlOf(keystore == null ? "http" : "https", httpServer.getAddress());
            LOG.info("Trimtab '{}': Jolokia at {}, {}, {}; {}", runtimeName, url,
                    user == null ? "no authentication" : "basic authentication",
                    keystore == null ? "plain HTTP" : "HTTPS", policy.summary());
            if (keystore == null && !address.getAddress().isLoopbackAddress()) {
                LOG.warn("Trimtab '{}': Jolokia listens on {} over plain HTTP: passwords and answers cross the network"
                        + " in clear text; set jolokia.keystore and jolokia.keystorePassword", runtimeName, url);
            }
            return new JolokiaEndpoint(httpServer, executor, agent, url);
        } catch (IOException | RuntimeException e) {
            httpServer.stop(0);
            executor.shutdownNow();
            if (e instanceof IOException) {
                throw new UncheckedIOException("cannot write the Jolokia access policy: " + e.getMessage(), (IOException) e);
            }
            throw (RuntimeException) e;
        } finally {
            deleteQuietly(policyFile);
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

    private static HttpServer bindHttp(InetSocketAddress address) {
        try {
            return HttpServer.create(address, 0);
        } catch (BindException e) {
            throw cannotBind(address, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Jolokia cannot open an HTTP server: " + e.getMessage(), e);
        }
    }

    static IllegalStateException cannotBind(InetSocketAddress address, BindException e) {
        return new IllegalStateException("Jolokia cannot listen on " + address.getAddress().getHostAddress() + ":"
                + address.getPort() + " (jolokia.host, jolokia.port): " + e.getMessage(), e);
    }

    private static URI urlOf(String scheme, InetSocketAddress address) {
        InetAddress host = address.getAddress();
        String literal = host instanceof Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
        return URI.create(scheme + "://" + literal + ":" + address.getPort() + AgentSettings.CONTEXT + "/");
    }

    private static ThreadFactory daemonThreads(String prefix) {
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
}
