package io.trimtab.mbeans.pool;

import static io.trimtab.mbeans.Checks.requireArgument;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a pool that Trimtab creates looks like: a Commons DBCP2 {@code BasicDataSource} with these settings.
 * Build one with {@link #builder(String)}; every value is checked when the spec is made, and a bad one fails
 * with a message naming the field, the value and the limit.
 *
 * @param url                    JDBC URL, e.g. {@code jdbc:sqlite:/var/data/orders.db}
 * @param driverProperties       properties given to the driver on every connect (SQLite pragmas, user, password)
 * @param maxTotal               most connections open at once
 * @param minIdle                idle connections the evictor keeps ready
 * @param maxIdle                most idle connections kept; more are closed when returned
 * @param maxWait                how long a borrower waits for a connection before it times out
 * @param validationQuery        query that checks a connection, or empty to use {@code Connection.isValid}
 * @param testOnBorrow           whether every borrow checks the connection first
 * @param evictionInterval       how often the evictor runs; zero runs none (then minIdle and abandoned
 *                               removal on maintenance do nothing)
 * @param idleTimeout            how long a connection may sit idle before the evictor closes it
 * @param resizeBounds           the range within which maxTotal may change while the pool runs; by default 1 to
 *                               4 x maxTotal, at most 64 (never below maxTotal), so that the optimizer can grow it
 * @param leakDetectionThreshold lease time after which a connection is reported as a suspected leak with the
 *                               borrower's stack; zero turns leak detection off
 * @param abandonedTimeout       lease time after which DBCP2 closes a connection as abandoned; zero never does
 */
public record PoolSpec(String url, Map<String, String> driverProperties, int maxTotal, int minIdle, int maxIdle,
                       Duration maxWait, String validationQuery, boolean testOnBorrow, Duration evictionInterval,
                       Duration idleTimeout, ResizeBounds resizeBounds, Duration leakDetectionThreshold,
                       Duration abandonedTimeout) {

    /** A created pool may grow to this many times its maxTotal by default... */
    public static final int DEFAULT_GROWTH = 4;
    /** ...but by default to no more than this many connections. */
    public static final int DEFAULT_LARGEST = 64;

    public PoolSpec {
        requireArgument(url != null && !url.isBlank(), "url must not be blank but was '%s'", url);
        driverProperties = Map.copyOf(Objects.requireNonNull(driverProperties, "driverProperties"));
        requireArgument(maxTotal >= 1, "maxTotal must be at least 1 but was %d", maxTotal);
        requireArgument(minIdle >= 0 && minIdle <= maxTotal, "minIdle must be between 0 and maxTotal (%d) but was %d",
                maxTotal, minIdle);
        requireArgument(maxIdle >= minIdle && maxIdle <= maxTotal,
                "maxIdle must be between minIdle (%d) and maxTotal (%d) but was %d", minIdle, maxTotal, maxIdle);
        requireNotNegative("maxWait", maxWait);
        validationQuery = Objects.requireNonNull(validationQuery, "validationQuery").strip();
        requireNotNegative("evictionInterval", evictionInterval);
        requireNotNegative("idleTimeout", idleTimeout);
        Objects.requireNonNull(resizeBounds, "resizeBounds");
        requireArgument(resizeBounds.contains(maxTotal), "maxTotal must be within resizeBounds %s but was %d",
                resizeBounds, maxTotal);
        requireNotNegative("leakDetectionThreshold", leakDetectionThreshold);
        requireNotNegative("abandonedTimeout", abandonedTimeout);
    }

    /** A builder for a pool over {@code url}, with DBCP2's defaults except a finite 30 s maxWait. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** Shows the settings with the values of password-like driver properties masked. */
    @Override
    public String toString() {
        String properties = driverProperties.entrySet().stream()
                .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? "<masked>" : e.getValue()))
                .sorted().collect(Collectors.joining(", ", "{", "}"));
        return "PoolSpec[url=" + url + ", driverProperties=" + properties + ", maxTotal=" + maxTotal
                + ", minIdle=" + minIdle + ", maxIdle=" + maxIdle + ", maxWait=" + maxWait
                + ", validationQuery=" + validationQuery + ", testOnBorrow=" + testOnBorrow
                + ", evictionInterval=" + evictionInterval + ", idleTimeout=" + idleTimeout
                + ", resizeBounds=" + resizeBounds + ", leakDetectionThreshold=" + leakDetectionThreshold
                + ", abandonedTimeout=" + abandonedTimeout + "]";
    }

    private static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret");
    }

    private static void requireNotNegative(String field, Duration value) {
        Objects.requireNonNull(value, field);
        requireArgument(!value.isNegative(), "%s must be at least 0 ms but was %d ms", field, value.toMillis());
    }

    /** Collects the settings of a {@link PoolSpec}; {@link #build()} checks them. */
    public static final class Builder {

        private final String url;
        private final Map<String, String> driverProperties = new LinkedHashMap<>();
        private int maxTotal = 8;
        private int minIdle;
        private Integer maxIdle;
        private Duration maxWait = Duration.ofSeconds(30);
        private String validationQuery = "";
        private boolean testOnBorrow = true;
        private Duration evictionInterval = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofMinutes(30);
        private ResizeBounds resizeBounds;
        private Duration leakDetectionThreshold = Duration.ZERO;
        private Duration abandonedTimeout = Duration.ZERO;

        private Builder(String url) {
            this.url = url;
        }

        /** A property given to the driver on every connect, e.g. {@code journal_mode=WAL} for SQLite. */
        public Builder driverProperty(String key, String value) {
            driverProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
            return this;
        }

        /** Most connections open at once. Default 8. */
        public Builder maxTotal(int maxTotal) {
            this.maxTotal = maxTotal;
            return this;
        }

        /** Idle connections the evictor keeps ready. Default 0. */
        public Builder minIdle(int minIdle) {
            this.minIdle = minIdle;
            return this;
        }

        /** Most idle connections kept. Default: maxTotal. */
        public Builder maxIdle(int maxIdle) {
            this.maxIdle = maxIdle;
            return this;
        }

        /** How long a borrower waits before it times out. Default 30 s. */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = maxWait;
            return this;
        }

        /** Query that checks a connection. Default none: {@code Connection.isValid}. */
        public Builder validationQuery(String validationQuery) {
            this.validationQuery = validationQuery;
            return this;
        }

        /** Whether every borrow checks the connection. Default true, as in DBCP2. */
        public Builder testOnBorrow(boolean testOnBorrow) {
            this.testOnBorrow = testOnBorrow;
            return this;
        }

        /** How often the evictor runs; zero runs none. Default 30 s. */
        public Builder evictionInterval(Duration evictionInterval) {
            this.evictionInterval = evictionInterval;
            return this;
        }

        /** How long a connection may sit idle before the evictor closes it. Default 30 min. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** The range within which maxTotal may change while the pool runs. Default: 1 to maxTotal. */
        public Builder resizeBounds(int minTotal, int maxTotal) {
            this.resizeBounds = new ResizeBounds(minTotal, maxTotal);
            return this;
        }

        /** Lease time after which a connection is reported as a suspected leak. Default zero: off. */
        public Builder leakDetectionThreshold(Duration threshold) {
            this.leakDetectionThreshold = threshold;
            return this;
        }

        /** Lease time after which DBCP2 closes a connection as abandoned. Default zero: never. */
        public Builder abandonedTimeout(Duration timeout) {
            this.abandonedTimeout = timeout;
            return this;
        }

        /** @throws IllegalArgumentException naming the first bad field, its value and its limit */
        public PoolSpec build() {
            ResizeBounds bounds = resizeBounds != null ? resizeBounds
                    : new ResizeBounds(1, Math.max(1, Math.max(maxTotal, Math.min(DEFAULT_GROWTH * maxTotal, DEFAULT_LARGEST))));
            return new PoolSpec(url, driverProperties, maxTotal, minIdle, maxIdle != null ? maxIdle : maxTotal,
                    maxWait, validationQuery, testOnBorrow, evictionInterval, idleTimeout, bounds,
                    leakDetectionThreshold, abandonedTimeout);
        }
    }
}
