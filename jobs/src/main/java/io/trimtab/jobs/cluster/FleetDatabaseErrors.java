package io.trimtab.jobs.cluster;

import java.sql.SQLException;

/** Turns a failure to reach or prepare the fleet database into a message naming the setting to look at. */
final class FleetDatabaseErrors {

    private FleetDatabaseErrors() {
    }

    static IllegalStateException starting(FleetConfig config, Exception failure) {
        SQLException sql = firstWithState(failure);
        String state = sql == null ? "" : sql.getSQLState();
        String cause = (sql != null ? sql : failure).getMessage();
        String url = FleetConfig.JDBC_URL_KEY + "=" + FleetConfig.maskUrl(config.jdbcUrl());
        String message;
        if (state.startsWith("28")) {
            message = "the fleet database at " + url + " refused " + FleetConfig.USER_KEY + "=" + config.user()
                    + " with the " + FleetConfig.PASSWORD_KEY + " given: " + cause;
        } else if (state.equals("3D000")) {
            message = "the fleet database named in " + url + " does not exist: " + cause;
        } else if (state.startsWith("08")) {
            message = "cannot reach the fleet database at " + url + ": " + cause;
        } else if (state.equals("42501")) {
            message = FleetConfig.USER_KEY + "=" + config.user() + " may not create or use the fleet tables ("
                    + FleetConfig.TABLE_PREFIX_KEY + "=" + config.tablePrefix() + ") in " + url + ": " + cause;
        } else {
            message = "cannot prepare the fleet tables (" + FleetConfig.TABLE_PREFIX_KEY + "=" + config.tablePrefix()
                    + ") in the fleet database at " + url + ": " + cause;
        }
        return new IllegalStateException(message, failure);
    }

    /** DBCP2 wraps the driver's exception; the driver's carries the SQL state. */
    private static SQLException firstWithState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql;
            }
        }
        return null;
    }
}
