package io.trimtab.examples.bench;

import io.trimtab.Trimtab;
import io.trimtab.jolokia.AccessPolicy;
import io.trimtab.jolokia.Slf4jLogHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What Trimtab's front door (Jolokia's servlet on Jetty, with the Host, origin, size and cap checks, the body parse and
 * the bounded answer) costs per request: Trimtab's agent beside a bare Jolokia agent (the JDK's HTTP server, nodelay,
 * four request threads) with the same policy, both on loopback, read by one keep-alive client.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JolokiaRequestBenchmark {

    private static final String READ = "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}";
    private static final String BULK = "[" + String.join(",", Collections.nCopies(10, READ)) + "]";
    private static final String DENIED = "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\","
            + "\"operation\":\"vmSystemProperties\"}";

    @Param({"bare-jolokia", "trimtab"})
    public String agent;

    private Trimtab trimtab;
    private JolokiaServer bare;
    private Path dataDir;
    private URI url;
    private HttpClient client;

    @Setup(Level.Trial)
    public void start() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        dataDir = Files.createTempDirectory("trimtab-bench");
        if (agent.equals("trimtab")) {
            trimtab = Trimtab.builder().name("bench").jmxDomain("bench").dataDir(dataDir).jolokiaPort(0).start();
            url = trimtab.jolokiaUrl().orElseThrow();
        } else {
            Path policy = Files.writeString(dataDir.resolve("policy.xml"), AccessPolicy.defaultFor("bench", List.of()).xml());
            bare = new JolokiaServer(new JolokiaServerConfig(Map.of("host", "127.0.0.1", "port", "0",
                    "policyLocation", policy.toUri().toString(), "executor", "fixed", "threadNr", "4",
                    "discoveryEnabled", "false", "allowErrorDetails", "false")), new Slf4jLogHandler());
            bare.start();
            url = URI.create("http://127.0.0.1:" + bare.getAddress().getPort() + "/jolokia/");
        }
        client = HttpClient.newHttpClient();
        if (!post(READ).contains("\"status\":200")) {
            throw new IllegalStateException("the agent does not answer reads");
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        if (trimtab != null) {
            trimtab.close();
        }
        if (bare != null) {
            bare.stop();
        }
    }

    @Benchmark
    public String read() throws Exception {
        return post(READ);
    }

    @Benchmark
    public String bulkOfTenReads() throws Exception {
        return post(BULK);
    }

    @Benchmark
    public String deniedExec() throws Exception {
        return post(DENIED);
    }

    private String post(String body) throws IOException {
        try {
            return client.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
