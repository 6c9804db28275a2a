package io.trimtab.cache.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link ClusterChild} in a JVM of its own, on the test's classpath, asked one line at a time. */
final class ChildInstance implements AutoCloseable {

    private static final long ANSWER_SECONDS = 60;

    private final Process process;
    private final Path log;
    private final BufferedReader out;
    private final PrintWriter in;

    private ChildInstance(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    static ChildInstance start(URI cluster, Path dir) throws IOException {
        Path log = dir.resolve("child.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ClusterChild.class.getName(), cluster.toString(), dir.resolve("child").toString())
                .redirectError(log.toFile()).start();
        ChildInstance child = new ChildInstance(process, log);
        try {
            String ready = child.next();
            if (!ClusterChild.READY.equals(ready)) {
                throw new AssertionError("the child did not start: " + ready + "\n" + Files.readString(log));
            }
            return child;
        } catch (RuntimeException | AssertionError e) {
            child.close();
            throw e;
        }
    }

    /** The child's one-line answer to {@code command}. */
    String ask(String command) {
        in.println(command);
        return next();
    }

    private String next() {
        try {
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(ANSWER_SECONDS, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("the child ended:\n" + Files.readString(log));
            }
            return line;
        } catch (InterruptedException | ExecutionException | TimeoutException | IOException e) {
            throw new AssertionError("no answer from the child within " + ANSWER_SECONDS + " s: " + e, e);
        }
    }

    @Override
    public void close() {
        in.println("quit");
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
