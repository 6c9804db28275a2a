package io.trimtab.mbeans.sqlite;

import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;

/** A SQLite database file opened by {@link Databases#open}: a pooled data source and its management. */
public interface ManagedDatabase {

    String name();

    /** The absolute path of the database file. */
    Path path();

    /** The profile in effect. */
    Profile profile();

    /**
     * The pooled data source. Every connection it hands out was opened with the profile's pragmas and checked
     * to have them, and every statement run through it is timed for {@code topQueries} and the index advisor.
     */
    DataSource dataSource();

    /**
     * The DBCP2 pool behind {@link #dataSource()}, for whoever manages pools. Statements run on it directly are not
     * counted in the query statistics; connections it opens get and are checked for the profile's pragmas.
     */
    BasicDataSource pool();

    /**
     * Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction on a pooled connection and commits it. The
     * write lock is taken up front, so a read inside the work cannot fail to upgrade later; {@code SQLITE_BUSY}
     * and {@code SQLITE_BUSY_SNAPSHOT} answers are rolled back and retried with backoff. The work must not
     * commit, roll back or change auto-commit itself.
     *
     * @throws SQLException what the work threw, or the last busy answer once the retries are spent
     */
    <T> T inWriteTransaction(SqlWork<T> work) throws SQLException;

    /** The operator's view of this database, also registered as {@code <domain>:type=Database,name=<name>}. */
    DatabaseMXBean management();
}
