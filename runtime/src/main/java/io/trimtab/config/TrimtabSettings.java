package io.trimtab.config;

import io.trimtab.jobs.Durations;
import io.trimtab.jobs.JobSchedule;
import io.trimtab.jobs.cluster.FleetConfig;
import io.trimtab.http.AllowedHosts;
import io.trimtab.jolokia.CorsOrigins;
import io.trimtab.mbeans.cache.CacheCluster;
import io.trimtab.mbeans.jmx.ObjectNames;
import io.trimtab.mbeans.optimizer.RuleMode;
import io.trimtab.mbeans.sqlite.DatabaseDefaults;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Every configuration key Trimtab knows, with its default. */
public final class TrimtabSettings {

    public static final Setting<String> NAME = Setting.of("name", "trimtab",
            raw -> ObjectNames.requireLegalName("runtime", raw),
            "Name of this runtime: the name key of its Runtime MBean and the prefix of its threads.");

    public static final Setting<String> JMX_DOMAIN = Setting.of("jmx.domain", "io.trimtab",
            ObjectNames::requireLegalDomain,
            "JMX domain of Trimtab's MBeans; metrics go to <jmx.domain>.metrics. Two runtimes in one JVM need two domains.");

    public static final Setting<Path> DATA_DIR = Setting.path("dataDir", "data",
            "Directory where Trimtab and the demo keep their files, created if missing.");

    public static final Setting<Boolean> JOLOKIA_ENABLED = Setting.bool("jolokia.enabled", true,
            "Whether the embedded Jolokia agent serves JMX over HTTP-JSON.");

    public static final Setting<InetAddress> JOLOKIA_HOST = Setting.host("jolokia.host", "127.0.0.1",
            "Address the Jolokia agent binds to. Any non-loopback address requires jolokia.user and jolokia.password.");

    public static final Setting<Integer> JOLOKIA_PORT = Setting.integer("jolokia.port", 8778, 0, 65535,
            "TCP port of the Jolokia agent; 0 picks any free port.");

    public static final Setting<String> JOLOKIA_USER = Setting.text("jolokia.user", null,
            "User for HTTP basic authentication at the Jolokia agent; unset means no authentication.");

    public static final Setting<String> JOLOKIA_PASSWORD = Setting.secret("jolokia.password",
            "Password for HTTP basic authentication at the Jolokia agent. Never logged or shown.");

    public static final Setting<Path> JOLOKIA_POLICY = Setting.path("jolokia.policy", null,
            "A Jolokia access policy file of your own instead of Trimtab's default; ${trimtab.domain} in it is replaced by jmx.domain.");

    public static final Setting<List<String>> JOLOKIA_CORS_ORIGINS = Setting.of("jolokia.corsOrigins", "",
            CorsOrigins::parse,
            "Comma-separated browser origins (https://host[:port]) allowed to call the Jolokia agent; any other origin is refused.");

    public static final Setting<Path> JOLOKIA_KEYSTORE = Setting.path("jolokia.keystore", null,
            "A PKCS12 or JKS keystore holding the agent's key and certificate; when set the agent speaks HTTPS only.");

    public static final Setting<String> JOLOKIA_KEYSTORE_PASSWORD = Setting.secret("jolokia.keystorePassword",
            "Password of jolokia.keystore and of the key in it. Never logged or shown.");

    public static final Setting<List<String>> JOLOKIA_ALLOWED_HOSTS = Setting.of("jolokia.allowedHosts", "",
            AllowedHosts::parse,
            "Comma-separated host names a request's Host header may carry besides loopback addresses, localhost and"
                    + " jolokia.host (each interface's address when bound to 0.0.0.0); any other Host is refused with 403"
                    + " (DNS rebinding).");

    public static final Setting<Boolean> JOLOKIA_ALLOW_PLAIN_HTTP = Setting.bool("jolokia.allowPlainHttp", false,
            "Whether the agent may listen on a non-loopback address without TLS (jolokia.keystore); passwords and"
                    + " answers then cross the network in clear text.");

    public static final Setting<Duration> JOLOKIA_HEAD_TIMEOUT = Setting.of("jolokia.headTimeout", "5s",
            raw -> Durations.parse(raw, Duration.ofMillis(100), Duration.ofSeconds(10)),
            "A connection that has not sent a whole request head this long after opening or after its last answer is"
                    + " closed (slow or idle clients), 100ms to 10s.");

    public static final Setting<Duration> JOLOKIA_WRITE_TIMEOUT = Setting.of("jolokia.writeTimeout", "5s",
            raw -> Durations.parse(raw, Duration.ofMillis(100), Duration.ofSeconds(10)),
            "A connection whose answer has not gone out this long (a client that does not read) is closed, 100ms to 10s.");

    public static final Setting<Duration> JOBS_SHUTDOWN_TIMEOUT = Setting.of("jobs.shutdownTimeout", "10s",
            raw -> Durations.parse(raw, Duration.ZERO, Duration.ofMinutes(10)),
            "How long close() waits for a running job before interrupting it (and then waits as long again), 0ms to 10m.");

    public static final Setting<JobSchedule> JOBS_SAMPLING = Setting.of("jobs.sampling", "10s", JobSchedule::parse,
            "Schedule of the sampling job, which reads every signal into its window: an interval (10s) or a cron expression.");

    public static final Setting<JobSchedule> JOBS_OPTIMIZATION_CYCLE = Setting.of("jobs.optimizationCycle", "5m",
            JobSchedule::parse,
            "Schedule of the optimization cycle job, which evaluates the rules: an interval (5m) or a cron expression.");

    public static final Setting<JobSchedule> JOBS_JOURNAL_RETENTION = Setting.of("jobs.journalRetention", "1h",
            JobSchedule::parse,
            "Schedule of the journal retention job, which drops journal entries beyond optimizer.journal.maxEntries and maxAgeDays.");

    public static final Setting<JobSchedule> JOBS_DATABASE_MAINTENANCE = Setting.of("jobs.databaseMaintenance",
            "cron:0 0 3 * * ?", JobSchedule::parse,
            "Schedule of the database maintenance job (a PASSIVE checkpoint and PRAGMA optimize on every database):"
                    + " a cron expression (nightly at 3:00) or an interval.");

    public static final Setting<String> JOBS_CLUSTER_JDBC_URL = Setting.masked(FleetConfig.JDBC_URL_KEY, null,
            FleetConfig::requireJdbcUrl, FleetConfig::maskUrl,
            "PostgreSQL database of the fleet's clustered Quartz scheduler (jdbc:postgresql://host:5432/db); set, the"
                    + " runtime runs fleet jobs (jobs().registerFleet), each fire on one instance of the fleet. It may"
                    + " not carry a password: use jobs.cluster.password.");

    public static final Setting<String> JOBS_CLUSTER_USER = Setting.text(FleetConfig.USER_KEY, null,
            "User of the fleet database; unset means the PostgreSQL driver's default.");

    public static final Setting<String> JOBS_CLUSTER_PASSWORD = Setting.secret(FleetConfig.PASSWORD_KEY,
            "Password of jobs.cluster.user at the fleet database. Never logged or shown.");

    public static final Setting<String> JOBS_CLUSTER_TABLE_PREFIX = Setting.of(FleetConfig.TABLE_PREFIX_KEY,
            FleetConfig.DEFAULT_TABLE_PREFIX, FleetConfig::requireTablePrefix,
            "What the fleet's tables are called by: Quartz's tables and Trimtab's <prefix>TRIMTAB_FLEET_RUNS, created"
                    + " at the first start if missing. One prefix per fleet.");

    public static final Setting<Duration> JOBS_CLUSTER_CHECKIN_INTERVAL = Setting.of(FleetConfig.CHECKIN_INTERVAL_KEY,
            Durations.format(FleetConfig.DEFAULT_CHECKIN_INTERVAL), FleetConfig::parseCheckinInterval,
            "How often an instance tells the fleet it is alive, 500ms to 1m; an instance silent for this long plus"
                    + " 7.5 s is taken for dead and its fleet work taken over.");

    public static final Setting<URI> CACHES_CLUSTER_URI = Setting.of(CacheCluster.URI_KEY, null, CacheCluster::parseUri,
            "Terracotta server of the caches' clustered tiers, terracotta://host:9410/entity (several servers of one"
                    + " stripe separated by commas); set, the runtime connects at start and caches created with a"
                    + " clustered tier share it with every instance naming the same URI.");

    public static final Setting<String> CACHES_CLUSTER_DEFAULT_RESOURCE = Setting.of(CacheCluster.DEFAULT_RESOURCE_KEY,
            CacheCluster.DEFAULT_RESOURCE, CacheCluster::parseName,
            "The server's off-heap resource that dedicated clustered tiers draw on unless their spec names another.");

    public static final Setting<Map<String, CacheCluster.SharedPool>> CACHES_CLUSTER_SHARED_POOLS = Setting.of(
            CacheCluster.SHARED_POOLS_KEY, "", CacheCluster::parseSharedPools,
            "Pools on the server that several clustered caches share, name:<size>MB[@resource] separated by commas;"
                    + " every instance of the fleet must declare the same.");

    public static final Setting<Duration> CACHES_CLUSTER_OPERATION_TIMEOUT = Setting.of(CacheCluster.OPERATION_TIMEOUT_KEY,
            "5s", raw -> Durations.parse(raw, Duration.ofMillis(100), Duration.ofMinutes(5)),
            "How long a read or write of a clustered tier waits for the server before Ehcache's resilience strategy"
                    + " answers (a get misses), 100ms to 5m.");

    public static final Setting<Duration> CACHES_CLUSTER_CONNECTION_TIMEOUT = Setting.of(CacheCluster.CONNECTION_TIMEOUT_KEY,
            "10s", raw -> Durations.parse(raw, Duration.ofMillis(500), Duration.ofMinutes(10)),
            "How long start() waits to connect to caches.cluster.uri before it fails, 500ms to 10m.");

    public static final Setting<RuleMode> OPTIMIZER_MODE = Setting.of("optimizer.mode", "recommend",
            TrimtabSettings::parseMode,
            "Global optimizer mode capping every rule: off (kill switch), recommend (journal and notify only) or auto.");

    public static final Setting<Double> OPTIMIZER_MEMORY_BUDGET_FRACTION = Setting.of("optimizer.memoryBudgetFraction", "0.10",
            raw -> parseFraction(raw, 0.9),
            "Share of max heap that cache and pool growth may draw on together.");

    public static final Setting<Integer> OPTIMIZER_WINDOW_SIZE = Setting.integer("optimizer.windowSize", 360, 10, 100_000,
            "Samples kept per signal for rules and forecasts.");

    public static final Setting<Integer> OPTIMIZER_VERIFY_SAMPLES = Setting.integer("optimizer.verifySamples", 5, 3, 50_000,
            "Samples of the outcome signal judged after an automatic change before it is kept or rolled back (twice as"
                    + " many when the first verdict is inconclusive); at most half the windowSize.");

    public static final Setting<Integer> OPTIMIZER_VERIFY_DEADLINE_MILLIS = Setting.integer("optimizer.verifyDeadlineMillis",
            1_800_000, 1_000, 86_400_000, "Milliseconds after which a verification ends with the samples it has; a change"
                    + " not proven by then is rolled back.");

    public static final Setting<Integer> OPTIMIZER_MIN_HOLD_MILLIS = Setting.integer("optimizer.minHoldMillis", 300_000, 0,
            Integer.MAX_VALUE, "Minimum milliseconds between two automatic changes to one resource.");

    public static final Setting<Integer> OPTIMIZER_JOURNAL_MAX_ENTRIES = Setting.integer("optimizer.journal.maxEntries", 10_000,
            10, 10_000_000, "Entries kept in the optimizer journal (trimtab-journal.db under dataDir).");

    public static final Setting<Integer> OPTIMIZER_JOURNAL_MAX_AGE_DAYS = Setting.integer("optimizer.journal.maxAgeDays", 30,
            1, 3650, "Days after which optimizer journal entries are dropped.");

    public static final Setting<Boolean> SQLITE_ALLOW_UNSAFE_PROFILES = Setting.bool("sqlite.allowUnsafeProfiles",
            false, "Whether SQLite databases may use profiles that can lose committed transactions on a power loss"
                    + " (fast-unsafe, synchronous=OFF).");

    public static final Setting<Integer> SQLITE_POOL_MAX_TOTAL = Setting.integer("sqlite.pool.maxTotal", 8, 1, 1_024,
            "Connections each database's pool opens at most, at start; within sqlite.pool.resizeMin..resizeMax.");

    public static final Setting<Integer> SQLITE_POOL_RESIZE_MIN = Setting.integer("sqlite.pool.resizeMin", 1, 1, 1_024,
            "Smallest size an operator or the optimizer may shrink a database's pool to.");

    public static final Setting<Integer> SQLITE_POOL_RESIZE_MAX = Setting.integer("sqlite.pool.resizeMax", 32, 1, 1_024,
            "Largest size an operator or the optimizer may grow a database's pool to (readers; WAL has one writer).");

    public static final Setting<Integer> SQLITE_CACHE_SIZE_KIB = Setting.integer("sqlite.cacheSizeKib", 16_384,
            DatabaseDefaults.MIN_CACHE_SIZE_KIB, DatabaseDefaults.MAX_CACHE_SIZE_KIB,
            "Page cache of each SQLite connection in KiB.");

    public static final List<Setting<?>> ALL = List.of(
            NAME, JMX_DOMAIN, DATA_DIR, JOLOKIA_ENABLED, JOLOKIA_HOST, JOLOKIA_PORT, JOLOKIA_USER, JOLOKIA_PASSWORD,
            JOLOKIA_POLICY, JOLOKIA_CORS_ORIGINS, JOLOKIA_KEYSTORE, JOLOKIA_KEYSTORE_PASSWORD,
            JOLOKIA_ALLOWED_HOSTS, JOLOKIA_ALLOW_PLAIN_HTTP, JOLOKIA_HEAD_TIMEOUT, JOLOKIA_WRITE_TIMEOUT,
            JOBS_SHUTDOWN_TIMEOUT, JOBS_SAMPLING, JOBS_OPTIMIZATION_CYCLE, JOBS_JOURNAL_RETENTION,
            JOBS_CLUSTER_JDBC_URL, JOBS_CLUSTER_USER, JOBS_CLUSTER_PASSWORD, JOBS_CLUSTER_TABLE_PREFIX,
            JOBS_CLUSTER_CHECKIN_INTERVAL, CACHES_CLUSTER_URI, CACHES_CLUSTER_DEFAULT_RESOURCE,
            CACHES_CLUSTER_SHARED_POOLS, CACHES_CLUSTER_OPERATION_TIMEOUT, CACHES_CLUSTER_CONNECTION_TIMEOUT,
            OPTIMIZER_MODE, OPTIMIZER_MEMORY_BUDGET_FRACTION,
            OPTIMIZER_WINDOW_SIZE, OPTIMIZER_VERIFY_SAMPLES, OPTIMIZER_VERIFY_DEADLINE_MILLIS, OPTIMIZER_MIN_HOLD_MILLIS,
            OPTIMIZER_JOURNAL_MAX_ENTRIES,
            OPTIMIZER_JOURNAL_MAX_AGE_DAYS, SQLITE_ALLOW_UNSAFE_PROFILES,
            SQLITE_POOL_MAX_TOTAL, SQLITE_POOL_RESIZE_MIN, SQLITE_POOL_RESIZE_MAX, SQLITE_CACHE_SIZE_KIB,
            JOBS_DATABASE_MAINTENANCE);

    private TrimtabSettings() {
    }

    static Optional<Setting<?>> byKey(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    private static RuleMode parseMode(String raw) {
        for (RuleMode mode : RuleMode.values()) {
            if (mode.lowerCase().equals(raw.toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be off, recommend or auto");
    }

    private static double parseFraction(String raw, double max) {
        double value;
        try {
            value = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number between 0 and " + max);
        }
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException("must be between 0 and " + max);
        }
        return value;
    }
}
