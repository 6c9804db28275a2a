package io.trimtab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.testing.JolokiaHttp;
import io.trimtab.testing.Probe;
import io.trimtab.testing.RawHttp;
import io.trimtab.testing.RawHttp.Answer;
import io.trimtab.testing.Sockets;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What availability attacks and a foreign browser page tried against the agent, over real sockets: each is refused or
 * held at no cost to others, and meanwhile a normal client is answered (within its client's timeout: not hung).
 */
class FrontDoorAttackTest {

    private static final String PROBE = "test.door:type=Probe,name=probe";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    @TempDir
    static Path dataDir;
    private static Trimtab trimtab;
    private static URI url;
    private static Probe probe;

    @BeforeAll
    static void start() {
        trimtab = Trimtab.builder().name("door").jmxDomain("test.door").dataDir(dataDir).jolokiaPort(0)
                .setting("jolokia.allowedHosts", "ops.example.com").start();
        url = trimtab.jolokiaUrl().orElseThrow();
        probe = new Probe();
        Probe.register(trimtab, probe);
    }

    @AfterAll
    static void stop() {
        trimtab.close();
    }

    /** A normal client's read, answered: JolokiaHttp gives up after 10 s, so a hung agent fails here. */
    static void aNormalClientIsAnswered(URI agent) {
        assertEquals(10, ((Number) new JolokiaHttp(agent).read(PROBE, "Limit")).intValue());
    }

    private static String get(String host, String path) throws Exception {
        try (Socket socket = Sockets.open(url)) {
            Sockets.write(socket, "GET /jolokia/" + path + " HTTP/1.1\r\nHost: " + host + "\r\nSec-Fetch-Site: same-origin\r\n"
                    + "Sec-Fetch-Mode: cors\r\nConnection: close\r\n\r\n");
            return Sockets.readAnswer(socket);
        }
    }

    @Test
    void aForeignHostIsRefusedBeforeJolokiaEvenWhenTheBrowserSaysSameOrigin() throws Exception {
        String foreign = "rebind.evil.example:" + url.getPort();
        String read = get(foreign, "read/java.lang:type=Runtime/Uptime");
        assertTrue(read.startsWith("HTTP/1.1 403"), read);
        assertTrue(read.contains("Host rebind.evil.example:" + url.getPort() + " is not a name of this agent"), read);
        assertFalse(read.contains("\"value\""), read);
        String exec = get(foreign, "write/" + PROBE + "/Limit/55");
        assertTrue(exec.startsWith("HTTP/1.1 403"), exec);
        assertEquals(10, probe.getLimit());

        for (String own : List.of("127.0.0.1:" + url.getPort(), "localhost:" + url.getPort(), "LOCALHOST", "ops.example.com:" + url.getPort())) {
            String answer = get(own, "read/" + PROBE + "/Limit");
            assertTrue(answer.startsWith("HTTP/1.1 200") && answer.contains("\"value\":10"), own + ": " + answer);
        }
        aNormalClientIsAnswered(url);
    }

    @Test
    void fiftyConnectionsTricklingHeadersHoldNoThread() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Socket socket = Sockets.open(url);
                Sockets.write(socket, "GET /jolokia/version HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a");
                slow.add(socket);
            }
            for (int round = 0; round < 3; round++) {
                for (Socket socket : slow) {
                    Sockets.write(socket, "a");
                }
                aNormalClientIsAnswered(url);
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void postsWhoseBodyNeverArrivesHoldNoThread() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket socket = Sockets.open(url);
                Sockets.write(socket, "POST /jolokia/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"type\":");
                slow.add(socket);
            }
            for (int i = 0; i < 5; i++) {
                aNormalClientIsAnswered(url);
            }
            assertEquals(200, ((Number) new JolokiaHttp(url).post("{\"type\":\"read\",\"mbean\":\"" + PROBE
                    + "\",\"attribute\":\"Limit\"}").get("status")).intValue());
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyDeclaredTooLargeIsRefusedBeforeItIsReadAndWithout100Continue() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket socket = Sockets.open(url);
                Sockets.write(socket, "POST /jolokia/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 52428800\r\nExpect: 100-continue\r\n\r\n");
                sockets.add(socket);
            }
            for (Socket socket : sockets) {
                String answer = Sockets.readAnswer(socket);
                assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
                assertFalse(answer.contains("100 Continue"), answer);
                assertTrue(answer.contains("Request body of 52428800 bytes exceeds the limit of 262144 bytes"), answer);
            }
            aNormalClientIsAnswered(url);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void bulksOfWildcardReadsAndListsAreRefusedAtOnce() throws Exception {
        String wildcard = "[" + String.join(",", Collections.nCopies(200, "{\"type\":\"read\",\"mbean\":\"*:*\"}")) + "]";
        List<CompletableFuture<Answer>> bulks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bulks.add(CompletableFuture.supplyAsync(() -> RawHttp.send(url, "POST", "", wildcard, JSON, false)));
        }
        aNormalClientIsAnswered(url);
        for (CompletableFuture<Answer> bulk : bulks) {
            Answer answer = bulk.get(20, TimeUnit.SECONDS);
            assertEquals(403, answer.status(), answer.body());
            assertTrue(answer.body().contains("A read over every domain (*:*) is refused"), answer.body());
        }
        Answer lists = RawHttp.send(url, "POST", "", "[" + String.join(",", Collections.nCopies(200, "{\"type\":\"list\"}")) + "]", JSON, false);
        assertEquals(413, lists.status(), lists.body());
        assertTrue(lists.body().contains("200 lists, pattern reads or searches over every domain exceeds the limit of 4"), lists.body());
        String patterns = "[" + String.join(",", Collections.nCopies(3, "{\"type\":\"list\",\"path\":\"/\"}"))
                + ",{\"type\":\"read\",\"mbean\":\"java.lang:type=Mem?ry\"},{\"type\":\"search\",\"mbean\":\"*:*\"}]";
        Answer mixed = RawHttp.send(url, "POST", "", patterns, JSON, false);
        assertEquals(413, mixed.status(), mixed.body());
        Answer one = RawHttp.send(url, "GET", "read/*:type=Memory", null, Map.of(), false);
        assertEquals(403, one.status(), one.body());
        Answer ownDomain = RawHttp.send(url, "GET", "read/test.door:*", null, Map.of(), false);
        assertEquals(200, ownDomain.status(), ownDomain.body());
        aNormalClientIsAnswered(url);
    }

    @Test
    void aBulkWhoseAnswerOutgrowsTheLimitIsRefusedWithTheLimit() {
        String read = "{\"type\":\"read\",\"mbean\":\"" + PROBE + "\",\"attribute\":\"Text\"}";
        Answer big = RawHttp.send(url, "POST", "", "[" + String.join(",", Collections.nCopies(100, read)) + "]", JSON, false);
        assertEquals(413, big.status());
        assertEquals("The answer exceeds the limit of 4194304 bytes: ask for less (a path in the bean, fewer attributes,"
                + " fewer requests in the bulk)", ((Map<?, ?>) JolokiaHttp.parse(big.body())).get("error"));
        Answer fits = RawHttp.send(url, "POST", "", "[" + String.join(",", Collections.nCopies(10, read)) + "]", JSON, false);
        assertEquals(200, fits.status());
        assertEquals(10, ((List<?>) JolokiaHttp.parse(fits.body())).size());
        aNormalClientIsAnswered(url);
    }

    @Test
    void zeroMeansTheCapAndNoRequestLiftsIt() {
        for (String query : List.of("", "?maxCollectionSize=0", "?maxCollectionSize=-1", "?maxCollectionSize=100000")) {
            Answer answer = RawHttp.send(url, "GET", "read/" + PROBE + "/Numbers" + query, null, Map.of(), false);
            assertEquals(1000, ((List<?>) ((Map<?, ?>) JolokiaHttp.parse(answer.body())).get("value")).size(), query);
        }
        Answer posted = RawHttp.send(url, "POST", "", "{\"type\":\"read\",\"mbean\":\"" + PROBE
                + "\",\"attribute\":\"Numbers\",\"config\":{\"maxCollectionSize\":0,\"maxObjects\":0}}", JSON, false);
        assertEquals(1000, ((List<?>) ((Map<?, ?>) JolokiaHttp.parse(posted.body())).get("value")).size(), posted.body());
        Answer small = RawHttp.send(url, "GET", "read/" + PROBE + "/Numbers?maxCollectionSize=10", null, Map.of(), false);
        assertEquals(10, ((List<?>) ((Map<?, ?>) JolokiaHttp.parse(small.body())).get("value")).size());
    }

    @Test
    void jsonpIsOffAndNoAnswerNamesAJavaClass() {
        Answer jsonp = RawHttp.send(url, "GET", "read/java.lang:type=Memory/HeapMemoryUsage?callback=steal", null, Map.of(), false);
        assertEquals(400, jsonp.status());
        assertTrue(jsonp.header("Content-Type").startsWith("application/json"), jsonp.header("Content-Type"));
        assertTrue(jsonp.body().contains("JSONP (callback) is off"), jsonp.body());

        String nested = "[".repeat(5_000) + "]".repeat(5_000);
        Answer deep = RawHttp.send(url, "POST", "", nested, JSON, false);
        assertEquals(400, deep.status(), deep.body());
        assertTrue(deep.body().contains("nested deeper than 32 levels"), deep.body());

        List<Answer> answers = List.of(deep, jsonp,
                RawHttp.send(url, "POST", "", "{\"type\":\"read\",\"mbean\":", JSON, false),
                RawHttp.send(url, "POST", "", "{\"type\":\"read\",\"mbean\":\"not a name\"}", JSON, false),
                RawHttp.send(url, "GET", "read/java.lang:type=Memory/NoSuchAttribute", null, Map.of(), false),
                RawHttp.send(url, "GET", "exec/" + PROBE + "/add/x/y", null, Map.of(), false),
                RawHttp.send(url, "GET", "nosuchtype/x", null, Map.of(), false),
                RawHttp.send(url, "GET", "../../etc/passwd", null, Map.of(), false),
                RawHttp.send(url, "GET", "write/" + PROBE + "/Limit/0", null, Map.of(), false));
        for (Answer answer : answers) {
            assertTrue(answer.refused(), answer.body());
            assertFalse(answer.body().matches("(?s).*\\b(java|javax|org|jakarta)\\.[a-z.]*[A-Z]\\w*(Exception|Error).*"),
                    "a Java class in " + answer.body());
            assertFalse(answer.body().contains("error_type"), answer.body());
        }
        aNormalClientIsAnswered(url);
    }

    @Test
    void versionShowsNoFilePath() {
        Answer version = RawHttp.send(url, "GET", "version", null, Map.of(), false);
        assertEquals(200, version.status());
        assertTrue(version.body().contains("\"agent\""), version.body());
        assertFalse(version.body().contains(".xml"), version.body());
        assertFalse(version.body().contains(System.getProperty("java.io.tmpdir")), version.body());
        assertFalse(version.body().contains("policyLocation"), version.body());
    }
}
