package io.trimtab.mbeans.sqlite;

import io.trimtab.mbeans.Listeners;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.ObjectNames;
import io.trimtab.mbeans.sqlite.internal.SqliteDatabase;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The SQLite databases of one runtime, by name. Each is opened with a {@link Profile}, registered as
 * {@code <domain>:type=Database,name=<name>}, checkpointed in the background and closed with the runtime.
 */
public final class Databases implements AutoCloseable {

    private final ManagementContext context;
    private final DatabaseDefaults defaults;
    private final PoolBinding pools;
    private final Map<String, SqliteDatabase> open = new LinkedHashMap<>();
    private final ScheduledExecutorService checkpointer;
    private final Listeners<DatabaseListener> listeners = new Listeners<>("Database");
    private boolean closed;

    /** Databases whose pools nobody else manages. */
    public Databases(ManagementContext context, DatabaseDefaults defaults) {
        this(context, defaults, PoolBinding.NONE);
    }

    /** Databases whose pools are handed to {@code pools} as they open, and taken back as they close. */
    public Databases(ManagementContext context, DatabaseDefaults defaults, PoolBinding pools) {
        this.context = Objects.requireNonNull(context, "context");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.pools = Objects.requireNonNull(pools, "pools");
        this.checkpointer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "trimtab-sqlite-checkpointer-" + context.domain());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The shared settings every database of this runtime gets. */
    public DatabaseDefaults defaults() {
        return defaults;
    }

    /** Tells {@code listener} of every database opened or closed from now on. */
    public void addListener(DatabaseListener listener) {
        listeners.add(listener);
    }

    public void removeListener(DatabaseListener listener) {
        listeners.remove(listener);
    }

    /**
     * Opens (creating if missing) the SQLite file at {@code path} under management, then tells the listeners.
     *
     * @param name    the database's name, a legal ObjectName value
     * @param path    the file; a relative path resolves under the runtime's data directory
     * @param profile how the database trades durability for speed
     * @throws IllegalArgumentException for an illegal name, an unsafe profile without the opt-in, or a path
     *                                  that cannot be opened as a SQLite database
     * @throws IllegalStateException    if the name or the file is already open, or the registry is closed
     */
    public ManagedDatabase open(String name, Path path, Profile profile) {
        ManagedDatabase database = openUnderLock(name, path, profile);
        listeners.fire("opened", name, listener -> listener.opened(database));
        return database;
    }

    private synchronized ManagedDatabase openUnderLock(String name, Path path, Profile profile) {
        ObjectNames.requireLegalName("database", name);
        Objects.requireNonNull(path, "path");
        defaults.requireAllowed(Objects.requireNonNull(profile, "profile"));
        if (closed) {
            throw new IllegalStateException("the databases of this runtime are closed");
        }
        if (open.containsKey(name)) {
            throw new IllegalStateException("database '" + name + "' is already open at " + open.get(name).path());
        }
        Path absolute = context.dataDir().resolve(path).toAbsolutePath().normalize();
        for (SqliteDatabase other : open.values()) {
            if (other.path().equals(absolute)) {
                throw new IllegalStateException("path '" + absolute + "' is already open as database '"
                        + other.name() + "'");
            }
        }
        SqliteDatabase database = SqliteDatabase.open(name, absolute, profile, context, defaults, pools, checkpointer);
        open.put(name, database);
        return database;
    }

    /** The open database of that name. */
    public synchronized Optional<ManagedDatabase> get(String name) {
        return Optional.ofNullable(open.get(name));
    }

    /** The names of the open databases, in the order they were opened. */
    public synchronized Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(open.keySet()));
    }

    /**
     * Closes every database, the last opened first, each ending with a TRUNCATE checkpoint; the listeners hear of
     * each just before it closes.
     */
    @Override
    public void close() {
        List<SqliteDatabase> databases;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            databases = List.copyOf(open.values());
        }
        for (int i = databases.size() - 1; i >= 0; i--) {
            SqliteDatabase database = databases.get(i);
            listeners.fire("closing", database.name(), listener -> listener.closing(database));
            database.close();
        }
        synchronized (this) {
            open.clear();
        }
        checkpointer.shutdownNow();
        try {
            checkpointer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
