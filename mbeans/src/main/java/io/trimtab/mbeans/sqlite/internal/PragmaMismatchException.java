package io.trimtab.mbeans.sqlite.internal;

import java.sql.SQLException;

/** A connection came up without a pragma its settings require: opening it fails rather than run on defaults. */
final class PragmaMismatchException extends SQLException {

    PragmaMismatchException(String message) {
        super(message);
    }

    static PragmaMismatchException findIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PragmaMismatchException) {
                return (PragmaMismatchException) t;
            }
        }
        return null;
    }
}
