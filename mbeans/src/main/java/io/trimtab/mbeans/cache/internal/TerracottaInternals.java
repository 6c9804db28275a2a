package io.trimtab.mbeans.cache.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.function.Supplier;
import org.ehcache.clustered.client.service.ClusteringService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.terracotta.connection.Connection;

/**
 * A clustering service's connection, and whether it is up now, read from fields Ehcache's public API does not offer.
 * {@link Connection#isValid()} stays true while the client retries a lost server; the message channel under it
 * knows at once. The path: Ehcache's connection state, the leased connection, the Terracotta connection, its
 * entity manager, its channel. If a future client changes it, the check says so once in the log and falls back to
 * {@code isValid()} instead of guessing.
 */
final class TerracottaInternals {

    private static final Logger LOG = LoggerFactory.getLogger(TerracottaInternals.class);

    private volatile boolean channelReadable = true;

    /** Whether {@code connection} can carry a message now; false for none. */
    boolean connected(Connection connection) {
        if (connection == null || !connection.isValid()) {
            return false;
        }
        if (!channelReadable) {
            return true;
        }
        try {
            Object base = read(connection, "base");
            Object entityManager = ((Supplier<?>) read(base, "entityManager")).get();
            Object channel = read(entityManager, "channel");
            return (Boolean) method(channel.getClass(), "isConnected").invoke(channel);
        } catch (ReflectiveOperationException | ClassCastException | NullPointerException e) {
            channelReadable = false;
            LOG.warn("This Terracotta client hides its channel's state ({}): a lost server shows only once the client"
                    + " gives it up", e.toString());
            return true;
        } catch (RuntimeException closed) {
            return false; // the entity manager of a closed connection throws
        }
    }

    /** The service's connection now: a new one after each reconnection, {@code null} while it has none. */
    static Connection connection(ClusteringService clustering) {
        try {
            Object state = clustering.getClass().getMethod("getConnectionState").invoke(clustering);
            return (Connection) method(state.getClass(), "getConnection").invoke(state);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("this Ehcache hides its cluster connection from "
                    + clustering.getClass().getName() + ": " + e, e);
        }
    }

    private static Object read(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            } catch (NoSuchFieldException notHere) {
                // declared further up
            }
        }
        throw new NoSuchFieldException(target.getClass().getName() + "." + name);
    }

    private static Method method(Class<?> type, String name) throws NoSuchMethodException {
        Method method = type.getMethod(name);
        method.setAccessible(true);
        return method;
    }
}
