package io.trimtab.examples.bench;

import io.trimtab.jolokia.Slf4jLogHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;

/**
 * {@code jolokia}: what Jolokia clients see of Trimtab's agent with 100 caches, 10 pools and 10 databases.
 * <ul>
 *   <li>{@code jolokia-bulk-read}: one bulk request reading every attribute of the 120 beans, on a kept-alive
 *       connection, beside a bare Jolokia agent (with nodelay) in the same JVM on the same beans, and beside
 *       reading the same attributes from the MBeanServer directly.</li>
 *   <li>{@code jolokia-vs-bare}: requests per second of one client reading one attribute, Trimtab's agent over a
 *       bare agent at its defaults, kept-alive; {@code jolokia-vs-bare-fresh} with a fresh connection per request.
 *       Each agent runs in a child JVM of its own on the same beans (see {@link AgentProcess}), the client in this
 *       one.</li>
 *   <li>{@code jolokia-under-attack}: the p99 of that client's kept-alive reads while 200 slow connections (headers
 *       trickling, bodies that never arrive) are held open on Trimtab's agent, beside the same client alone.</li>
 * </ul>
 */
final class JolokiaScenario implements Scenario {

    /** Slow connections held open by {@code jolokia-under-attack}. */
    private static final int SLOW_CONNECTIONS = 200;

    @Override
    public String name() {
        return "jolokia";
    }

    @Override
    public String description() {
        return "bulk read of 120 beans; Trimtab's agent vs a bare Jolokia agent, kept-alive and fresh connections;"
                + " a client's p99 under 200 slow connections";
    }

    @Override
    public void run(RunLength length, Report report) throws Exception {
        List<Process> children = new ArrayList<>();
        try {
            Process trimtabAgent = startAgent(AgentProcess.TRIMTAB);
            children.add(trimtabAgent);
            Process bareAgent = startAgent(AgentProcess.BARE);
            children.add(bareAgent);
            URI trimtabUrl;
            URI bareUrl;
            try (JolokiaFleet fleet = new JolokiaFleet("bench.jolokia", true, 100, 10)) {
                // The children start beside this fleet, and are up before anything is timed.
                trimtabUrl = urlOf(trimtabAgent);
                bareUrl = urlOf(bareAgent);
                bulkRead(fleet, length, report);
            }
            versusBare(length, report, trimtabUrl, bareUrl);
            underAttack(length, report, trimtabUrl);
        } finally {
            for (Process child : children) {
                child.getOutputStream().close();
            }
            for (Process child : children) {
                if (!child.waitFor(10, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
        }
    }

    private static void bulkRead(JolokiaFleet fleet, RunLength length, Report report) throws Exception {
        List<ObjectName> beans = fleet.beans();
        String bulk = beans.stream().map(name -> "{\"type\":\"read\",\"mbean\":" + jsonString(name.toString()) + "}")
                .collect(Collectors.joining(",", "[", "]"));
        // A bare agent beside Trimtab's, in this JVM, on the same beans; with nodelay, which Jetty needs no setting for.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        JolokiaServer bare = new JolokiaServer(new JolokiaServerConfig(Map.of("host", "127.0.0.1", "port", "0")),
                new Slf4jLogHandler());
        bare.start();
        try (AgentClient trimtab = new AgentClient(fleet.trimtab.jolokiaUrl().orElseThrow());
             AgentClient bareClient = new AgentClient(
                     URI.create("http://127.0.0.1:" + bare.getAddress().getPort() + "/jolokia/"))) {
            int attributes = countAttributes(beans);
            report.detail("%d beans, %d attributes, answer of %d KiB", beans.size(), attributes,
                    trimtab.post(bulk).length() / 1024);
            int rounds = length.pick(2, 6);
            int perRound = length.pick(15, 80);
            List<Long> trimtabNanos = new ArrayList<>();
            List<Long> bareNanos = new ArrayList<>();
            List<Long> directNanos = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                boolean warmup = round == 0;
                time(perRound, () -> trimtab.post(bulk), warmup ? new ArrayList<>() : trimtabNanos);
                time(perRound, () -> bareClient.post(bulk), warmup ? new ArrayList<>() : bareNanos);
                time(perRound, () -> readDirectly(beans), warmup ? new ArrayList<>() : directNanos);
            }
            long[] ours = toArray(trimtabNanos);
            long[] theirs = toArray(bareNanos);
            long[] direct = toArray(directNanos);
            report.detail("bare agent (nodelay, same JVM, same beans): p50 %.2f ms, p99 %.2f ms",
                    AgentClient.quantileMillis(theirs, 0.5), AgentClient.quantileMillis(theirs, 0.99));
            report.detail("MBeanServer.getAttributes directly, same attributes: p50 %.3f ms",
                    AgentClient.quantileMillis(direct, 0.5));
            report.detail("Trimtab's agent: p50 %.2f ms, p99 %.2f ms (%d bulk reads each)",
                    AgentClient.quantileMillis(ours, 0.5), AgentClient.quantileMillis(ours, 0.99), ours.length);
            report.result("jolokia-bulk-read", AgentClient.quantileMillis(ours, 0.5), "ms", Report.Goal.atMost(2));
            report.result("jolokia-bulk-read-p99", AgentClient.quantileMillis(ours, 0.99), "ms");
        } finally {
            bare.stop();
        }
    }

    private static void versusBare(RunLength length, Report report, URI trimtabUrl, URI bareUrl) throws Exception {
        String read = "{\"type\":\"read\",\"mbean\":\"" + AgentProcess.DOMAIN + ":type=Cache,name=c0\",\"attribute\":\"HitRatio\"}";
        try (AgentClient trimtab = new AgentClient(trimtabUrl); AgentClient bare = new AgentClient(bareUrl)) {
            versusBare(length, report, read, trimtab, bare);
        }
    }

    private static void versusBare(RunLength length, Report report, String read, AgentClient trimtab, AgentClient bare)
            throws Exception {
        long millis = length.pick(250, 1_200);
        int rounds = length.pick(2, 5);
        // Alternating rounds, so that load from elsewhere on the machine falls on both alike; the first is warmup.
        double[] keepAlive = new double[2];
        double[] fresh = new double[2];
        for (int round = 0; round <= rounds; round++) {
            int weight = round == 0 ? 0 : 1;
            keepAlive[0] += weight * rate(millis, () -> trimtab.post(read));
            keepAlive[1] += weight * rate(millis, () -> bare.post(read));
            fresh[0] += weight * rate(millis, () -> trimtab.postOnFreshConnection(read));
            fresh[1] += weight * rate(millis, () -> bare.postOnFreshConnection(read));
        }
        report.detail("kept-alive connection: Trimtab %.0f req/s, bare agent (defaults, no nodelay) %.1f req/s",
                keepAlive[0] / rounds, keepAlive[1] / rounds);
        report.detail("fresh connection per request: Trimtab %.0f req/s, bare agent %.0f req/s",
                fresh[0] / rounds, fresh[1] / rounds);
        report.result("jolokia-vs-bare", keepAlive[0] / keepAlive[1], "x", Report.Goal.atLeast(100));
        report.result("jolokia-vs-bare-fresh", fresh[0] / fresh[1], "x", Report.Goal.atLeast(0.95));
    }

    /** The p99 of one client's reads with no other connection, then with 200 slow ones held open, alternating. */
    private static void underAttack(RunLength length, Report report, URI trimtabUrl) throws Exception {
        String read = "{\"type\":\"read\",\"mbean\":\"" + AgentProcess.DOMAIN + ":type=Cache,name=c0\",\"attribute\":\"HitRatio\"}";
        int rounds = length.pick(3, 10);
        int perRound = length.pick(200, 500);
        List<Long> quiet = new ArrayList<>();
        List<Long> attacked = new ArrayList<>();
        try (AgentClient client = new AgentClient(trimtabUrl)) {
            time(perRound, () -> client.post(read), new ArrayList<>());
            for (int round = 0; round < rounds; round++) {
                time(perRound, () -> client.post(read), quiet);
                try (SlowConnections slow = new SlowConnections(trimtabUrl, SLOW_CONNECTIONS)) {
                    for (int batch = 0; batch < 4; batch++) {
                        slow.trickle();
                        time(perRound / 4, () -> client.post(read), attacked);
                    }
                }
            }
        }
        long[] before = toArray(quiet);
        long[] during = toArray(attacked);
        report.detail("one client's read alone: p50 %.2f ms, p99 %.2f ms; with %d slow connections held open:"
                        + " p50 %.2f ms, p99 %.2f ms (%d reads each)", AgentClient.quantileMillis(before, 0.5),
                AgentClient.quantileMillis(before, 0.99), SLOW_CONNECTIONS, AgentClient.quantileMillis(during, 0.5),
                AgentClient.quantileMillis(during, 0.99), during.length);
        report.result("jolokia-under-attack", AgentClient.quantileMillis(during, 0.99), "ms", Report.Goal.atMost(50));
    }

    private static Process startAgent(String agent) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), AgentProcess.class.getName(), agent)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static URI urlOf(Process agent) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("url ")) {
            throw new IllegalStateException("the agent process did not start: " + line);
        }
        return URI.create(line.substring(4));
    }

    private static int countAttributes(List<ObjectName> beans) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        int count = 0;
        for (ObjectName bean : beans) {
            count += server.getMBeanInfo(bean).getAttributes().length;
        }
        return count;
    }

    private static void readDirectly(List<ObjectName> beans) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName bean : beans) {
            MBeanAttributeInfo[] infos = server.getMBeanInfo(bean).getAttributes();
            String[] names = new String[infos.length];
            for (int i = 0; i < infos.length; i++) {
                names[i] = infos[i].getName();
            }
            server.getAttributes(bean, names);
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void time(int times, Call call, List<Long> nanos) throws Exception {
        for (int i = 0; i < times; i++) {
            long started = System.nanoTime();
            call.run();
            nanos.add(System.nanoTime() - started);
        }
    }

    /** Calls per second, calling for about {@code millis}. */
    private static double rate(long millis, Call call) throws Exception {
        long started = System.nanoTime();
        long deadline = started + millis * 1_000_000;
        int calls = 0;
        long now;
        do {
            call.run();
            calls++;
            now = System.nanoTime();
        } while (now < deadline);
        return calls / ((now - started) / 1e9);
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
