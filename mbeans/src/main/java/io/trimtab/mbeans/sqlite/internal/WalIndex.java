package io.trimtab.mbeans.sqlite.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads how many frames the WAL holds from the wal-index ({@code -shm} file) without taking any SQLite lock:
 * {@code mxFrame} is the u32 at offset 16 of its header, in the machine's byte order (SQLite's documented WAL file
 * format). The value may be a moment old; it decides only when to checkpoint, never what is checkpointed.
 */
final class WalIndex implements AutoCloseable {

    private static final int MX_FRAME_OFFSET = 16;

    private final Path shm;
    private final ByteBuffer buffer = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
    private FileChannel channel;

    WalIndex(Path shm) {
        this.shm = shm;
    }

    /** Frames in the WAL, or -1 if the wal-index cannot be read. */
    int frames() {
        try {
            if (channel == null) {
                channel = FileChannel.open(shm, StandardOpenOption.READ);
            }
            buffer.clear();
            if (channel.read(buffer, MX_FRAME_OFFSET) < 4) {
                return -1;
            }
            return buffer.getInt(0);
        } catch (IOException e) {
            close();
            return -1;
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // read-only handle: nothing to lose
            }
            channel = null;
        }
    }
}
