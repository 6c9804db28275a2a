package io.trimtab.jobs.cluster;

import io.trimtab.jobs.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/**
 * Where the fleet's clustered Quartz job store lives: a PostgreSQL database, the credentials to reach it, the
 * prefix of its tables and how often each instance checks in. The password is never shown: {@link #toString()}
 * masks it, and a JDBC URL may not carry one.
 *
 * @param jdbcUrl         {@code jdbc:postgresql://host[:port]/database[?options]}, without a password
 * @param user            the database user, or {@code null} for the driver's default
 * @param password        the user's password, or {@code null}
 * @param tablePrefix     what Quartz's table names start with, an SQL identifier such as {@code QRTZ_}
 * @param checkinInterval how often an instance tells the others it is alive
 */
public record FleetConfig(String jdbcUrl, String user, String password, String tablePrefix, Duration checkinInterval) {

    public static final String JDBC_URL_KEY = "jobs.cluster.jdbcUrl";
    public static final String USER_KEY = "jobs.cluster.user";
    public static final String PASSWORD_KEY = "jobs.cluster.password";
    public static final String TABLE_PREFIX_KEY = "jobs.cluster.tablePrefix";
    public static final String CHECKIN_INTERVAL_KEY = "jobs.cluster.checkinInterval";

    public static final String DEFAULT_TABLE_PREFIX = "QRTZ_";
    /** Quartz's own default. */
    public static final Duration DEFAULT_CHECKIN_INTERVAL = Duration.ofMillis(7_500);
    public static final Duration MIN_CHECKIN_INTERVAL = Duration.ofMillis(500);
    public static final Duration MAX_CHECKIN_INTERVAL = Duration.ofMinutes(1);

    /** Short enough that the longest index name Quartz's script builds from it fits PostgreSQL's 63 characters. */
    private static final Pattern TABLE_PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,31}");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;]([a-z]*password)=)[^&;]*");
    private static final String MASK = "<masked>";

    public FleetConfig {
        try {
            requireJdbcUrl(jdbcUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(JDBC_URL_KEY + "=" + maskUrl(jdbcUrl) + " " + e.getMessage(), e);
        }
        try {
            requireTablePrefix(tablePrefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TABLE_PREFIX_KEY + "=" + tablePrefix + " " + e.getMessage(), e);
        }
        Objects.requireNonNull(checkinInterval, CHECKIN_INTERVAL_KEY);
        if (checkinInterval.compareTo(MIN_CHECKIN_INTERVAL) < 0 || checkinInterval.compareTo(MAX_CHECKIN_INTERVAL) > 0) {
            throw new IllegalArgumentException(CHECKIN_INTERVAL_KEY + " must be between "
                    + Durations.format(MIN_CHECKIN_INTERVAL) + " and " + Durations.format(MAX_CHECKIN_INTERVAL)
                    + " but was " + checkinInterval.toMillis() + "ms");
        }
    }

    /**
     * Returns {@code url} if it is a well-formed PostgreSQL JDBC URL without a password in it.
     *
     * @throws IllegalArgumentException saying what is wrong, without the URL: callers name the setting and
     *                                  show the URL through {@link #maskUrl}
     */
    public static String requireJdbcUrl(String url) {
        if (url == null || !url.startsWith("jdbc:postgresql:") || Driver.parseURL(url, null) == null) {
            throw new IllegalArgumentException("must be a PostgreSQL JDBC URL such as"
                    + " jdbc:postgresql://db.example.com:5432/trimtab");
        }
        Matcher password = URL_PASSWORD.matcher(url);
        if (password.find()) {
            throw new IllegalArgumentException("must not carry a password (its " + password.group(2)
                    + " parameter): set " + PASSWORD_KEY + " instead, which is never shown");
        }
        return url;
    }

    /** {@code url} with the value of every {@code ...password=} parameter replaced by {@code <masked>}. */
    public static String maskUrl(String url) {
        return url == null ? null : URL_PASSWORD.matcher(url).replaceAll("$1" + MASK);
    }

    /**
     * Returns {@code prefix} if it can start an unquoted SQL table name.
     *
     * @throws IllegalArgumentException saying what is allowed
     */
    public static String requireTablePrefix(String prefix) {
        if (prefix == null || !TABLE_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("must be 1 to 32 letters, digits or '_', starting with a letter or '_',"
                    + " such as " + DEFAULT_TABLE_PREFIX);
        }
        return prefix;
    }

    /** Parses a check-in interval between {@link #MIN_CHECKIN_INTERVAL} and {@link #MAX_CHECKIN_INTERVAL}. */
    public static Duration parseCheckinInterval(String text) {
        return Durations.parse(text, MIN_CHECKIN_INTERVAL, MAX_CHECKIN_INTERVAL);
    }

    @Override
    public String toString() {
        return "FleetConfig[jdbcUrl=" + maskUrl(jdbcUrl) + ", user=" + user + ", password="
                + (password == null ? "unset" : MASK) + ", tablePrefix=" + tablePrefix + ", checkinInterval="
                + Durations.format(checkinInterval) + "]";
    }
}
