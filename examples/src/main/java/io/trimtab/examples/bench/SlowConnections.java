package io.trimtab.examples.bench;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections an attacker holds open on an agent: half send their headers a byte at a time, half declare a POST body
 * that never arrives. {@link #trickle()} sends each its next byte, so that none is closed as idle.
 */
final class SlowConnections implements AutoCloseable {

    private final List<Socket> sockets = new ArrayList<>();

    SlowConnections(URI url, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket(url.getHost(), url.getPort());
            socket.setTcpNoDelay(true);
            String start = i % 2 == 0
                    ? "GET " + url.getPath() + "version HTTP/1.1\r\nHost: " + url.getHost() + "\r\nX-Slow: "
                    : "POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{";
            socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
            sockets.add(socket);
        }
    }

    void trickle() throws IOException {
        for (Socket socket : sockets) {
            socket.getOutputStream().write('a');
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
