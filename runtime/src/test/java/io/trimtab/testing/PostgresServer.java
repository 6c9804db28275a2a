package io.trimtab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server of its own for a test: {@code initdb} into a temporary directory, {@code postgres} on
 * a free loopback port, password authentication over TCP, stopped and deleted by {@link #close()}. PostgreSQL
 * refuses to run as root, so a root JVM runs it as the {@code postgres} user through {@code runuser}.
 * The binaries come from Debian's {@code postgresql} package, or {@code -Dpostgres.bin=DIR}.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    private static final String OS_USER = "postgres";
    private static final long START_SECONDS = 60;

    private final Path bin;
    private final Path base;
    private final Path data;
    private final int port;
    private final String password = "Fl33t-" + UUID.randomUUID().toString().substring(0, 8);
    private Process server;

    private PostgresServer(Path bin, Path base, int port) {
        this.bin = bin;
        this.base = base;
        this.data = base.resolve("data");
        this.port = port;
    }

    /** Creates the cluster and starts the server; fails (never skips) when PostgreSQL cannot be found or started. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path base = Files.createTempDirectory("trimtab-postgres-");
        PostgresServer postgres = new PostgresServer(binaries(), base, freePort());
        try {
            postgres.initAndStart();
            return postgres;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            postgres.close();
            throw e;
        }
    }

    private void initAndStart() throws IOException, InterruptedException {
        Path sockets = Files.createDirectory(base.resolve("sockets"));
        Path passwordFile = Files.writeString(base.resolve("password"), password);
        for (Path path : List.of(base, sockets, passwordFile)) {
            handToServerUser(path);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + passwordFile,
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"));
        ProcessBuilder builder = new ProcessBuilder(asServerUser(List.of(bin.resolve("postgres").toString(),
                "-D", data.toString(), "-p", Integer.toString(port), "-k", sockets.toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=200")));
        builder.redirectErrorStream(true).redirectOutput(base.resolve("server.log").toFile());
        server = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (true) {
            try (Connection ignored = connect("postgres")) {
                return;
            } catch (SQLException notYet) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("PostgreSQL did not start on port " + port + ": " + notYet + "\n" + log());
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /** A new, empty database of a fresh name. */
    public String createDatabase() throws SQLException {
        String name = "fleet_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** Stops the server (fast shutdown: sessions are ended) and deletes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (server != null && server.isAlive()) {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        try (Stream<Path> paths = Files.walk(base)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private String log() {
        try {
            return Files.readString(base.resolve("server.log"));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(asServerUser(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", OS_USER, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void handToServerUser(Path path) throws IOException {
        if (!isRoot()) {
            return;
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(OS_USER);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(OS_USER);
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }

    private static Path binaries() {
        String configured = System.getProperty("postgres.bin");
        if (configured != null) {
            return Path.of(configured);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(version -> version.resolve("bin")).filter(dir -> Files.isExecutable(dir.resolve("initdb")))
                    .max(Comparator.comparing(dir -> Integer.parseInt(dir.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new AssertionError("no PostgreSQL under " + debian + ": install Debian's postgresql"
                            + " package (.ci/run does) or set -Dpostgres.bin"));
        } catch (IOException e) {
            throw new AssertionError("no PostgreSQL under " + debian + ": install Debian's postgresql package (.ci/run"
                    + " does) or set -Dpostgres.bin", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
