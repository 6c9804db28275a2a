package io.trimtab;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import io.trimtab.config.TrimtabConfig;
import io.trimtab.config.TrimtabSettings;
import io.trimtab.dashboard.DashboardServlet;
import io.trimtab.http.FrontDoor;
import io.trimtab.http.FrontDoorConfig;
import io.trimtab.internal.JmxRemoteCheck;
import io.trimtab.internal.DatabasePools;
import io.trimtab.internal.JolokiaEndpoint;
import io.trimtab.internal.RuntimeInfo;
import io.trimtab.internal.RuntimeInfo.State;
import io.trimtab.internal.Schedulers;
import io.trimtab.jobs.Jobs;
import io.trimtab.jobs.cluster.FleetConfig;
import io.trimtab.jobs.cluster.FleetJobs;
import io.trimtab.jobs.internal.DatabaseMaintenance;
import io.trimtab.jobs.internal.QuartzJobs;
import io.trimtab.jolokia.AgentSettings;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.cache.CacheCluster;
import io.trimtab.mbeans.cache.CacheSignals;
import io.trimtab.mbeans.cache.Caches;
import io.trimtab.mbeans.jmx.DescribedMXBean;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import io.trimtab.mbeans.jmx.ObjectNames;
import io.trimtab.mbeans.optimizer.Optimizer;
import io.trimtab.mbeans.optimizer.OptimizerConfig;
import io.trimtab.mbeans.pool.PoolSignals;
import io.trimtab.mbeans.pool.Pools;
import io.trimtab.mbeans.sqlite.DatabaseDefaults;
import io.trimtab.mbeans.sqlite.DatabaseSignals;
import io.trimtab.mbeans.sqlite.Databases;
import io.trimtab.prometheus.PrometheusEndpoint;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Trimtab: its MBeans, metrics, scheduler and Jolokia agent. Start one with {@link #builder()};
 * {@link #close()} undoes everything {@code start()} did.
 *
 * <pre>{@code
 * try (Trimtab trimtab = Trimtab.builder().name("orders").start()) {
 *     ...
 * }
 * }</pre>
 */
public final class Trimtab implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Trimtab.class);

    /** The built-in job that reads every signal into its window. */
    public static final String SAMPLING_JOB = "sampling";
    /** The built-in job that evaluates the optimizer's rules. */
    public static final String OPTIMIZATION_CYCLE_JOB = "optimization-cycle";
    /** The built-in job that applies the optimizer journal's retention. */
    public static final String JOURNAL_RETENTION_JOB = "journal-retention";
    /** The built-in job that checkpoints and optimizes every open database. */
    public static final String DATABASE_MAINTENANCE_JOB = "database-maintenance";

    private final TrimtabConfig config;
    private final String name;
    private final String domain;
    private final Path dataDir;
    private final MBeanRegistrar registrar;
    private final RuntimeInfo info;
    private final ObjectName objectName;
    private final Deque<AutoCloseable> closers = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private MetricRegistry metrics;
    private ManagementContext context;
    private Pools pools;
    private Databases databases;
    private Caches caches;
    private Scheduler scheduler;
    private Jobs jobs;
    private FrontDoor frontDoor;
    private volatile DashboardServlet dashboard;
    private Optimizer optimizer;

    private Trimtab(TrimtabConfig config, MBeanServer server) {
        this.config = config;
        this.name = config.get(TrimtabSettings.NAME);
        this.domain = config.get(TrimtabSettings.JMX_DOMAIN);
        this.dataDir = config.get(TrimtabSettings.DATA_DIR).toAbsolutePath().normalize();
        this.registrar = new MBeanRegistrar(server);
        this.objectName = ObjectNames.of(domain, "Runtime", name);
        this.info = new RuntimeInfo(name, Clock.systemUTC(), dataDir.toString(), config.describe(),
                () -> jolokiaUrl().map(URI::toString).orElse(""));
    }

    /** A builder for a runtime, with every setting at its default. */
    public static TrimtabBuilder builder() {
        return new TrimtabBuilder();
    }

    static Trimtab start(TrimtabConfig config) {
        Trimtab trimtab = new Trimtab(config, ManagementFactory.getPlatformMBeanServer());
        try {
            trimtab.startComponents();
            return trimtab;
        } catch (RuntimeException e) {
            trimtab.close();
            throw e;
        }
    }

    private void startComponents() {
        long started = System.nanoTime();
        requireDomainFree();
        createDataDir();
        closers.push(registrar);
        registrar.register(objectName, new DescribedMXBean(info, TrimtabRuntimeMXBean.class));

        metrics = new MetricRegistry();
        JmxReporter reporter = JmxReporter.forRegistry(metrics).inDomain(domain + ".metrics")
                .registerWith(registrar.server()).build();
        reporter.start();
        closers.push(reporter);
        context = new ManagementContext(domain, registrar, metrics, dataDir, Clock.systemUTC());
        optimizer = Optimizer.builder(context, name).config(optimizerConfig()).start();
        closers.push(optimizer);
        pools = new Pools(context);
        pools.addListener(PoolSignals.listener(optimizer.signals()));
        closers.push(pools);
        databases = new Databases(context, new DatabaseDefaults(config.get(TrimtabSettings.SQLITE_CACHE_SIZE_KIB),
                config.get(TrimtabSettings.SQLITE_ALLOW_UNSAFE_PROFILES)), new DatabasePools(pools,
                config.get(TrimtabSettings.SQLITE_POOL_MAX_TOTAL), config.get(TrimtabSettings.SQLITE_POOL_RESIZE_MIN),
                config.get(TrimtabSettings.SQLITE_POOL_RESIZE_MAX)));
        databases.addListener(DatabaseSignals.listener(optimizer.signals()));
        closers.push(databases);
        caches = new Caches(context, cacheCluster().orElse(null));
        caches.addListener(CacheSignals.listener(optimizer.signals()));
        closers.push(caches);

        scheduler = Schedulers.start(name, domain);
        closers.push(this::shutdownScheduler);
        // Closes first: waits for running jobs up to jobs.shutdownTimeout, interrupts them, shuts the scheduler down.
        QuartzJobs local = new QuartzJobs(scheduler, context, config.get(TrimtabSettings.JOBS_SHUTDOWN_TIMEOUT));
        closers.push(local);
        // Per-instance work: each instance samples, cycles, prunes and maintains its own resources.
        local.register(SAMPLING_JOB, config.get(TrimtabSettings.JOBS_SAMPLING), run -> {
            optimizer.sample();
            DashboardServlet watched = dashboard;
            if (watched != null) {
                watched.sampled(); // while a page watches, its next poll's data is made now
            }
        });
        local.register(OPTIMIZATION_CYCLE_JOB, config.get(TrimtabSettings.JOBS_OPTIMIZATION_CYCLE), run -> optimizer.runCycle());
        local.register(JOURNAL_RETENTION_JOB, config.get(TrimtabSettings.JOBS_JOURNAL_RETENTION), run -> optimizer.pruneJournal());
        local.register(DATABASE_MAINTENANCE_JOB, config.get(TrimtabSettings.JOBS_DATABASE_MAINTENANCE),
                new DatabaseMaintenance(databases, optimizer::maintenanceShouldWait));
        jobs = local;
        fleetConfig().ifPresent(fleet -> {
            FleetJobs fleetJobs = FleetJobs.start(fleet, name, local, context, config.get(TrimtabSettings.JOBS_SHUTDOWN_TIMEOUT));
            closers.push(fleetJobs);
            jobs = fleetJobs;
        });

        if (config.get(TrimtabSettings.JOLOKIA_ENABLED)) {
            FrontDoor door = FrontDoor.create("trimtab-" + name + "-http", FrontDoorConfig.from(config));
            JolokiaEndpoint jolokia = JolokiaEndpoint.mount(door, name, domain, config);
            closers.push(PrometheusEndpoint.mount(door, metrics, optimizer, caches, pools, databases, jobs));
            // Other servlets mount here, before the start, behind the same TLS, authentication and Host checks.
            DashboardServlet page = new DashboardServlet(context, optimizer, caches, pools, databases, jolokia.restrictor());
            door.mount(DashboardServlet.CONTEXT, page);
            door.start();
            frontDoor = door;
            dashboard = page;
            closers.push(door);
            closers.push(() -> dashboard = null); // first: no sample after this reaches the closing page
            LOG.info("Trimtab '{}': Jolokia at {}, dashboard at {}, metrics at {}, {}, {}; {}", name,
                    jolokiaUrl().orElseThrow(), dashboardUrl().orElseThrow(), metricsUrl().orElseThrow(),
                    config.get(TrimtabSettings.JOLOKIA_USER) == null ? "no authentication" : "basic authentication",
                    config.get(TrimtabSettings.JOLOKIA_KEYSTORE) == null ? "plain HTTP" : "HTTPS", jolokia.summary());
        }
        JmxRemoteCheck.problems(System.getProperties()).forEach(problem -> LOG.warn("Trimtab '{}': {}", name, problem));
        info.state(State.RUNNING);
        LOG.info("Trimtab '{}' {} started in {} ms: MBeans under {}, data in {}, {}", name, RuntimeInfo.VERSION,
                (System.nanoTime() - started) / 1_000_000, domain, dataDir, frontDoor == null ? "Jolokia disabled"
                        : "dashboard at " + dashboardUrl().orElseThrow() + ", Jolokia at " + jolokiaUrl().orElseThrow());
    }

    private OptimizerConfig optimizerConfig() {
        return new OptimizerConfig(config.get(TrimtabSettings.OPTIMIZER_MODE),
                config.get(TrimtabSettings.OPTIMIZER_MEMORY_BUDGET_FRACTION), Runtime.getRuntime().maxMemory(),
                config.get(TrimtabSettings.OPTIMIZER_WINDOW_SIZE), config.get(TrimtabSettings.OPTIMIZER_MIN_HOLD_MILLIS),
                config.get(TrimtabSettings.OPTIMIZER_VERIFY_SAMPLES),
                config.get(TrimtabSettings.OPTIMIZER_VERIFY_DEADLINE_MILLIS), config.get(TrimtabSettings.OPTIMIZER_JOURNAL_MAX_ENTRIES),
                Duration.ofDays(config.get(TrimtabSettings.OPTIMIZER_JOURNAL_MAX_AGE_DAYS)).toMillis());
    }

    private Optional<CacheCluster> cacheCluster() {
        URI uri = config.get(TrimtabSettings.CACHES_CLUSTER_URI);
        return uri == null ? Optional.empty() : Optional.of(new CacheCluster(uri,
                config.get(TrimtabSettings.CACHES_CLUSTER_DEFAULT_RESOURCE), config.get(TrimtabSettings.CACHES_CLUSTER_SHARED_POOLS),
                config.get(TrimtabSettings.CACHES_CLUSTER_OPERATION_TIMEOUT),
                config.get(TrimtabSettings.CACHES_CLUSTER_CONNECTION_TIMEOUT)));
    }

    private Optional<FleetConfig> fleetConfig() {
        String jdbcUrl = config.get(TrimtabSettings.JOBS_CLUSTER_JDBC_URL);
        return jdbcUrl == null ? Optional.empty() : Optional.of(new FleetConfig(jdbcUrl,
                config.get(TrimtabSettings.JOBS_CLUSTER_USER), config.get(TrimtabSettings.JOBS_CLUSTER_PASSWORD),
                config.get(TrimtabSettings.JOBS_CLUSTER_TABLE_PREFIX), config.get(TrimtabSettings.JOBS_CLUSTER_CHECKIN_INTERVAL)));
    }

    private void requireDomainFree() {
        Set<ObjectName> runtimes = registrar.server().queryNames(ObjectNames.allOfType(domain, "Runtime"), null);
        if (!runtimes.isEmpty()) {
            throw new IllegalStateException("JMX domain " + domain + " is already used by the running Trimtab "
                    + runtimes.iterator().next().getKeyProperty("name") + "; give this runtime another jmx.domain");
        }
    }

    private void createDataDir() {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create dataDir " + dataDir + ": " + e, e);
        }
    }

    private void shutdownScheduler() throws SchedulerException {
        scheduler.shutdown(true);
    }

    public String name() {
        return name;
    }

    /** The JMX domain of this runtime's MBeans. */
    public String jmxDomain() {
        return domain;
    }

    /** The absolute directory where this runtime keeps its files. */
    public Path dataDir() {
        return dataDir;
    }

    /** The configuration in effect. */
    public TrimtabConfig config() {
        return config;
    }

    /** The registry of this runtime's metrics, exported over JMX under {@code <jmx.domain>.metrics}. */
    public MetricRegistry metrics() {
        return metrics;
    }

    /** What this runtime's managed resources share: JMX domain, MBean registrar, metrics, data directory, clock. */
    public ManagementContext context() {
        return context;
    }

    /**
     * This runtime's scheduled jobs: register your own, or find one by name. With {@code jobs.cluster.jdbcUrl}
     * set, {@code registerFleet} registers jobs that run once per fire on one instance of the fleet.
     */
    public Jobs jobs() {
        return jobs;
    }

    /**
     * The optimizer: managed resources publish their signals, knobs and operations into
     * {@code optimizer().signals()}; {@code sample()} and {@code runCycle()} are called on a schedule.
     */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** This runtime's SQLite databases: open one with {@code databases().open(name, path, profile)}. */
    public Databases databases() {
        return databases;
    }

    /** This runtime's connection pools: create or adopt DBCP2 pools to have them measured and managed. */
    public Pools pools() {
        return pools;
    }

    /**
     * This runtime's managed Ehcache caches: create them here (with a clustered tier when {@code caches.cluster.uri}
     * is set), or adopt a CacheManager of your own.
     */
    public Caches caches() {
        return caches;
    }

    /** The name of this runtime's own MBean. */
    public ObjectName objectName() {
        return objectName;
    }

    /** Where the Jolokia agent answers, if enabled. */
    public Optional<URI> jolokiaUrl() {
        return Optional.ofNullable(frontDoor).map(door -> door.url().resolve(AgentSettings.CONTEXT + "/"));
    }

    /** Where the live dashboard answers, if the agent is enabled: {@code /trimtab/} on the same port. */
    public Optional<URI> dashboardUrl() {
        return Optional.ofNullable(frontDoor).map(door -> door.url().resolve(DashboardServlet.CONTEXT + "/"));
    }

    /** Where the Prometheus metrics answer, if the agent is enabled: {@code /metrics} on the same port. */
    public Optional<URI> metricsUrl() {
        return Optional.ofNullable(frontDoor).map(door -> door.url().resolve(PrometheusEndpoint.CONTEXT));
    }

    /**
     * Stops Jolokia, shuts the scheduler down waiting for running jobs (up to {@code jobs.shutdownTimeout}, then
     * interrupting them), and unregisters every MBean this runtime registered. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean wasRunning = State.RUNNING.name().equals(info.getState());
        info.state(State.CLOSING);
        while (!closers.isEmpty()) {
            AutoCloseable closer = closers.pop();
            try {
                closer.close();
            } catch (Exception e) {
                LOG.warn("Trimtab '{}': closing {} failed: {}", name, closer, e.toString());
            }
        }
        info.state(State.CLOSED);
        if (wasRunning) {
            LOG.info("Trimtab '{}' closed", name);
        }
    }
}
