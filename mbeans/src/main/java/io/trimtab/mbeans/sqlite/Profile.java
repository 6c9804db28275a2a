package io.trimtab.mbeans.sqlite;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a managed SQLite database trades durability for speed. Every profile runs in WAL mode with automatic
 * checkpoints off (a background checkpointer keeps the WAL bounded), a busy timeout, foreign keys on, temp
 * storage in memory, a page cache sized by {@code sqlite.cacheSizeKib} and a {@code journal_size_limit}.
 */
public enum Profile {

    /** WAL, {@code synchronous=NORMAL}: the default. */
    SAFE_WAL("safe-wal", "NORMAL", 0,
            "Every committed transaction survives an application crash; the database is never corrupted, even by"
                    + " a power loss, but a power loss or OS crash may roll back the last transactions committed"
                    + " before the most recent checkpoint sync."),

    /** WAL, {@code synchronous=FULL}: each commit waits for its fsync. */
    DURABLE("durable", "FULL", 0,
            "Every committed transaction survives an application crash, an OS crash and a power loss: each"
                    + " commit returns only after the WAL has been synced to disk."),

    /** WAL, {@code synchronous=NORMAL}, and 256 MiB of memory-mapped I/O for read-heavy work. */
    READ_MOSTLY("read-mostly", "NORMAL", 256L * 1024 * 1024,
            "As safe-wal; reads go through memory-mapped I/O, which also exposes the process to I/O errors on"
                    + " the file as signals rather than error codes."),

    /** WAL, {@code synchronous=OFF}: refused unless {@code sqlite.allowUnsafeProfiles=true}. */
    FAST_UNSAFE("fast-unsafe", "OFF", 0,
            "Survives an application crash, but an OS crash or power loss may lose recent transactions and may"
                    + " corrupt the database. Refused unless sqlite.allowUnsafeProfiles=true.");

    private final String id;
    private final String synchronous;
    private final long mmapSizeBytes;
    private final String durability;

    Profile(String id, String synchronous, long mmapSizeBytes, String durability) {
        this.id = id;
        this.synchronous = synchronous;
        this.mmapSizeBytes = mmapSizeBytes;
        this.durability = durability;
    }

    /**
     * The profile with this id ({@code safe-wal}, {@code durable}, {@code read-mostly}, {@code fast-unsafe}).
     *
     * @throws IllegalArgumentException naming the value and the known ids
     */
    public static Profile of(String id) {
        for (Profile profile : values()) {
            if (profile.id.equals(id == null ? null : id.toLowerCase(Locale.ROOT))) {
                return profile;
            }
        }
        throw new IllegalArgumentException("profile must be one of " + ids() + " but was '" + id + "'");
    }

    /** The known ids, comma-separated. */
    public static String ids() {
        return Arrays.stream(values()).map(Profile::id).collect(Collectors.joining(", "));
    }

    public String id() {
        return id;
    }

    /** The {@code synchronous} pragma value: OFF, NORMAL or FULL. */
    public String synchronous() {
        return synchronous;
    }

    /** The {@code mmap_size} pragma value in bytes; 0 means no memory-mapped I/O. */
    public long mmapSizeBytes() {
        return mmapSizeBytes;
    }

    /** What this profile promises about committed transactions. */
    public String durability() {
        return durability;
    }

    /** Whether the profile can lose or corrupt committed data on an OS crash or power loss. */
    public boolean isUnsafe() {
        return this == FAST_UNSAFE;
    }

    @Override
    public String toString() {
        return id;
    }
}
