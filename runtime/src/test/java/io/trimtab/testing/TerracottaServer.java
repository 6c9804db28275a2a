package io.trimtab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Terracotta server of its own for a test, from the Ehcache kit the build unpacks ({@code -Dterracotta.kit},
 * set by the runtime's POM): {@code server/bin/start-tc-server.sh} on free loopback ports with a 64 MB off-heap
 * resource {@code main}, activated as a one-node cluster at its first start, run by this JVM's Java. {@link #stop()}
 * and {@link #restart()} take it away and bring it back (empty, as a restarted server is); {@link #close()} stops it
 * and deletes its directory. A server that does not start fails the test with its log.
 */
public final class TerracottaServer implements AutoCloseable {

    public static final String RESOURCE = "main";
    private static final long START_SECONDS = 60;
    private static final String READY = "Moved to State[ ACTIVE-COORDINATOR ]";

    private final Path kit;
    private final Path base;
    private final int port;
    private final int groupPort;
    private Process server;
    private int starts;

    private TerracottaServer(Path kit, Path base, int port, int groupPort) {
        this.kit = kit;
        this.base = base;
        this.port = port;
        this.groupPort = groupPort;
    }

    /** Starts and activates a server; fails (never skips) when the kit is missing or the server does not start. */
    public static TerracottaServer start() throws IOException, InterruptedException {
        TerracottaServer terracotta = new TerracottaServer(kit(), Files.createTempDirectory("trimtab-terracotta-"),
                freePort(), freePort());
        try {
            terracotta.launch(List.of("-cluster-name", "trimtab-test", "-name", "tc", "-hostname", "127.0.0.1",
                    "-bind-address", "127.0.0.1", "-group-bind-address", "127.0.0.1",
                    "-port", Integer.toString(terracotta.port), "-group-port", Integer.toString(terracotta.groupPort),
                    "-offheap-resources", RESOURCE + ":64MB", "-log-dir", terracotta.dir("logs"),
                    "-metadata-dir", terracotta.dir("metadata"), "-data-dirs", RESOURCE + ":" + terracotta.dir("data"),
                    "-auto-activate"));
            return terracotta;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            terracotta.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** The cluster URI of {@code entity} on this server. */
    public URI uri(String entity) {
        return URI.create("terracotta://127.0.0.1:" + port + "/" + entity);
    }

    /** Stops the server (SIGTERM to its JVM) and waits until it is gone. */
    public void stop() throws InterruptedException {
        if (server == null) {
            return;
        }
        // The script loops on the server's JVM: end the JVM first, then the script.
        List<ProcessHandle> processes = new ArrayList<>(server.descendants().toList());
        processes.add(server.toHandle());
        for (ProcessHandle process : processes) {
            process.destroy();
            process.onExit().completeOnTimeout(process, 30, TimeUnit.SECONDS).join();
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        server.waitFor(30, TimeUnit.SECONDS);
        server = null;
    }

    /** Starts the stopped server again from its configuration directory: the same ports and resources, no data. */
    public void restart() throws IOException, InterruptedException {
        if (server != null) {
            throw new IllegalStateException("the server is running");
        }
        launch(List.of());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stop();
        } finally {
            try (Stream<Path> paths = Files.walk(base)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void launch(List<String> firstStart) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", kit.resolve("server/bin/start-tc-server.sh").toString(),
                "-config-dir", dir("config")));
        command.addAll(firstStart);
        Path log = base.resolve("server-" + (++starts) + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // After the script's own -Xms256m -Xmx2049m, so these win: a test server holds 64 MB off-heap and little else.
        builder.environment().put("JAVA_OPTS", "-Xms32m -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        server = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!Files.readString(log).contains(READY)) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                String output = Files.readString(log);
                stop();
                throw new AssertionError("the Terracotta server did not become active on port " + port + " within "
                        + START_SECONDS + " s (" + String.join(" ", command) + "):\n" + tail(output));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private String dir(String name) {
        return base.resolve(name).toString();
    }

    private static String tail(String output) {
        return output.length() <= 4_000 ? output : "..." + output.substring(output.length() - 4_000);
    }

    private static Path kit() {
        String configured = System.getProperty("terracotta.kit");
        if (configured == null || !Files.isRegularFile(Path.of(configured, "server", "bin", "start-tc-server.sh"))) {
            throw new AssertionError("no Terracotta kit at -Dterracotta.kit=" + configured + ": the runtime's build unpacks"
                    + " org.ehcache:ehcache-clustered:<version>:tgz:kit there (mvn -pl runtime -am test)");
        }
        return Path.of(configured);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
