package io.trimtab.mbeans.sqlite;

/**
 * Told when {@link Databases} opens or closes a database, so that others (the optimizer's signals, a metrics
 * binder) can follow the database's life. Called on the thread that opens or closes, outside the registry's lock;
 * what a listener throws is logged and changes nothing about the open or close.
 */
public interface DatabaseListener {

    /** The database is open and registered. */
    default void opened(ManagedDatabase database) {
    }

    /** The database is about to close: it still answers, and stops once this returns. */
    default void closing(ManagedDatabase database) {
    }
}
