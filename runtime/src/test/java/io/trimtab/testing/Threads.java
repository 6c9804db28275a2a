package io.trimtab.testing;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** What threads a runtime leaves behind. */
public final class Threads {

    private Threads() {
    }

    /** Names of the live threads whose name starts with {@code prefix}. */
    public static List<String> named(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .sorted()
                .collect(Collectors.toList());
    }

    /** Waits up to ten seconds for the threads with this prefix to end; returns those still alive. */
    public static List<String> awaitGone(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> alive = named(prefix);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
            alive = named(prefix);
        }
        return alive;
    }
}
