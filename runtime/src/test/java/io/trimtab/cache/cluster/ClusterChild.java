package io.trimtab.cache.cluster;

import io.trimtab.Trimtab;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.optimizer.Alert;
import io.trimtab.mbeans.optimizer.JournalEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * An instance of the fleet in a JVM of its own: a runtime on the cluster with the shared cache {@value ClusterFixture#CACHE},
 * driven line by line on standard input, each answered with one line:
 * {@code put KEY VALUE} (OK, or ERROR and the exception), {@code get KEY} (the value, {@code (null)}, or ERROR),
 * {@code tick} (a sample and an optimizer cycle; answers the ClusterState), {@code journal} (the kinds of the
 * cluster rule's journal entries), {@code alerts} (the cluster rule if its alert is active), {@code quit}.
 * Arguments: cluster URI, data directory.
 */
public final class ClusterChild {

    static final String READY = "READY";

    private ClusterChild() {
    }

    public static void main(String[] args) throws Exception {
        try (Trimtab trimtab = ClusterFixture.runtime("cluster-child", Path.of(args[1]), URI.create(args[0])).start()) {
            ManagedCache<String, String> cache = ClusterFixture.sharedCache(trimtab);
            System.out.println(READY);
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                System.out.println(answer(trimtab, cache, line.split(" ")));
                System.out.flush();
            }
        }
        // A reconnection leaves Ehcache's idle pool thread (not a daemon) until its keep-alive ends: do not wait.
        System.exit(0);
    }

    private static String answer(Trimtab trimtab, ManagedCache<String, String> cache, String[] command) {
        try {
            switch (command[0]) {
                case "put":
                    cache.put(command[1], command[2]);
                    return "OK";
                case "get":
                    String value = cache.get(command[1]);
                    return value == null ? "(null)" : value;
                case "tick":
                    ClusterFixture.tick(trimtab);
                    return cache.clusterState().name();
                case "journal":
                    return ClusterFixture.clusterJournal(trimtab).stream().map(JournalEntry::kind).collect(Collectors.joining(","));
                case "alerts":
                    return trimtab.optimizer().alerts().stream().map(Alert::rule).filter(ClusterFixture.RULE::equals)
                            .collect(Collectors.joining(","));
                default:
                    return "ERROR unknown command " + command[0];
            }
        } catch (RuntimeException e) {
            return "ERROR " + e;
        }
    }
}
