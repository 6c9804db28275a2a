package io.trimtab.mbeans.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of work on one connection, run by {@link ManagedDatabase#inWriteTransaction}. It may run more than once
 * (each failed attempt is rolled back first), so it should do nothing outside the database that it cannot repeat.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
