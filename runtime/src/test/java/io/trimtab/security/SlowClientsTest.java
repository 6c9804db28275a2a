package io.trimtab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.config.TrimtabConfig;
import io.trimtab.testing.JolokiaHttp;
import io.trimtab.testing.Probe;
import io.trimtab.testing.Sockets;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections too slow to send a request head or to take an answer are closed after {@code jolokia.headTimeout} and
 * {@code jolokia.writeTimeout}, while a normal client is answered. Each slow client here keeps going far longer than
 * the timeout would let it, so the connection's close, not a lucky schedule, is what ends the test.
 */
@Timeout(60)
class SlowClientsTest {

    private static final String PROBE = "test.slow:type=Probe,name=probe";

    @TempDir
    static Path dataDir;
    private static Trimtab trimtab;
    private static URI url;

    @BeforeAll
    static void start() {
        trimtab = Trimtab.builder().name("slow").jmxDomain("test.slow").dataDir(dataDir).jolokiaPort(0)
                .setting("jolokia.headTimeout", "300ms").setting("jolokia.writeTimeout", "300ms").start();
        url = trimtab.jolokiaUrl().orElseThrow();
        Probe.register(trimtab, new Probe());
    }

    @AfterAll
    static void stop() {
        trimtab.close();
    }

    private static void aNormalClientIsAnswered() {
        assertEquals(10, ((Number) new JolokiaHttp(url).read(PROBE, "Limit")).intValue());
    }

    /** Whether the server has closed the connection: its end of the stream, or a reset. */
    private static boolean closedByServer(InputStream in) throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Test
    void aConnectionTricklingItsHeadIsClosedWhileOthersAreAnswered() throws Exception {
        try (Socket socket = Sockets.open(url)) {
            Sockets.write(socket, "GET /jolokia/version HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            socket.setSoTimeout(50);
            boolean closed = false;
            // 20 s of one byte every 50 ms, each resetting the idle timeout: only the head timeout ends it.
            for (int i = 0; i < 400 && !closed; i++) {
                try {
                    Sockets.write(socket, "a");
                    closed = closedByServer(socket.getInputStream());
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // nothing to read yet: the server still holds the connection
                } catch (SocketException reset) {
                    closed = true;
                }
                if (i == 2) {
                    aNormalClientIsAnswered();
                }
            }
            assertTrue(closed, "a connection trickling its head for 20 s was never closed");
        }
        aNormalClientIsAnswered();
    }

    @Test
    void aKeptAliveConnectionWithNoNextRequestIsClosed() throws Exception {
        try (Socket socket = Sockets.open(url)) {
            Sockets.write(socket, "GET /jolokia/read/" + PROBE + "/Limit HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertTrue(Sockets.readAnswer(socket).startsWith("HTTP/1.1 200"));
            socket.setSoTimeout(15_000);
            assertTrue(closedByServer(socket.getInputStream()), "the server sent more after its answer");
        }
    }

    @Test
    void aClientThatDoesNotTakeItsAnswersIsClosedBeforeTheyAreWholeWhileOthersAreAnswered() throws Exception {
        // Three pipelined bulks of 50 reads of a 64 KiB text: answers of about 3.3 MB each, 10 MB in all, more than
        // the socket buffers hold, so the server's writes wait on a client that reads nothing for 3 s.
        StringJoiner bulk = new StringJoiner(",", "[", "]");
        for (int i = 0; i < 50; i++) {
            bulk.add("{\"type\":\"read\",\"mbean\":\"" + PROBE + "\",\"attribute\":\"Text\"}");
        }
        String body = bulk.toString();
        String request = "POST /jolokia/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()));
            socket.setSoTimeout(15_000);
            Sockets.write(socket, request + request + request);
            for (int i = 0; i < 6; i++) {
                Thread.sleep(500);
                aNormalClientIsAnswered();
            }
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[64 * 1024];
            long received = 0;
            try {
                for (int n; (n = in.read(chunk)) != -1; ) {
                    received += n;
                }
            } catch (SocketException reset) {
                // closed by the server with data unread
            }
            assertTrue(received < 3L * 50 * 64 * 1024, "received " + received + " bytes: all three answers");
        }
        aNormalClientIsAnswered();
    }

    @Test
    void timeoutsOutsideTheirRangeAreRefusedByName() {
        IllegalArgumentException head = assertThrows(IllegalArgumentException.class,
                () -> TrimtabConfig.resolve(Map.of("jolokia.headTimeout", "50ms"), null, new Properties()));
        assertEquals("config jolokia.headTimeout=50ms (from the builder) must be between 100ms and 10s but was 50ms",
                head.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TrimtabConfig.resolve(Map.of("jolokia.writeTimeout", "1m"), null, new Properties()));
    }
}
