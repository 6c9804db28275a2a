package io.trimtab.examples.bench;

import io.trimtab.jolokia.Slf4jLogHandler;
import java.net.URI;
import java.util.Map;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;

/**
 * A JVM of its own for one agent of {@code jolokia-vs-bare}: the JDK reads {@code sun.net.httpserver.nodelay} once,
 * when the JVM's first HTTP server starts, so the bare agent runs at its defaults only in a JVM of its own; Trimtab's
 * agent (Jetty) gets one too, so that both are measured alike. Runs a {@link JolokiaFleet} of one cache and one database with Trimtab's agent ({@code trimtab})
 * or with a bare Jolokia agent at its defaults ({@code bare}), prints {@code url <agent url>} and runs until its
 * standard input closes.
 */
public final class AgentProcess {

    static final String TRIMTAB = "trimtab";
    static final String BARE = "bare";
    static final String DOMAIN = "bench.agent";

    private AgentProcess() {
    }

    public static void main(String[] args) throws Exception {
        boolean trimtab = args.length == 1 && args[0].equals(TRIMTAB);
        if (!trimtab && !(args.length == 1 && args[0].equals(BARE))) {
            System.err.println("usage: AgentProcess trimtab|bare");
            System.exit(2);
        }
        try (JolokiaFleet fleet = new JolokiaFleet(DOMAIN, trimtab, 1, 1)) {
            JolokiaServer bare = null;
            URI url;
            if (trimtab) {
                url = fleet.trimtab.jolokiaUrl().orElseThrow();
            } else {
                bare = new JolokiaServer(new JolokiaServerConfig(Map.of("host", "127.0.0.1", "port", "0")),
                        new Slf4jLogHandler());
                bare.start();
                url = URI.create("http://127.0.0.1:" + bare.getAddress().getPort() + "/jolokia/");
            }
            System.out.println("url " + url);
            System.out.flush();
            System.in.readAllBytes();
            if (bare != null) {
                bare.stop();
            }
        }
        System.exit(0);
    }
}
