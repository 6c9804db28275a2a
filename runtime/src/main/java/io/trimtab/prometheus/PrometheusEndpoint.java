package io.trimtab.prometheus;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.trimtab.http.FrontDoor;
import io.trimtab.jobs.Jobs;
import io.trimtab.mbeans.cache.Caches;
import io.trimtab.mbeans.optimizer.Optimizer;
import io.trimtab.mbeans.pool.Pools;
import io.trimtab.mbeans.sqlite.Databases;
import java.util.List;

/**
 * A runtime's metrics in Prometheus' formats under {@code /metrics} on its {@link FrontDoor}, behind the same Host
 * check, authentication and TLS as Jolokia: client_java's servlet over a registry of the runtime's own (never the
 * JVM-wide default registry), with one collector per resource kind. Each scrape reads what the resources, their
 * counters and the sampler's windows already hold; it runs no SQL and computes no window.
 *
 * <p>The text format answers unless the client asks for OpenMetrics or protobuf in its {@code Accept} header.
 */
public final class PrometheusEndpoint implements AutoCloseable {

    /** Where the metrics answer on the front door. */
    public static final String CONTEXT = "/metrics";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final List<MultiCollector> collectors;

    private PrometheusEndpoint(List<MultiCollector> collectors) {
        this.collectors = collectors;
        collectors.forEach(registry::register);
    }

    /**
     * Mounts the metrics of one runtime's resources on its front door, which is not started yet.
     *
     * @param metrics the Dropwizard registry the resources record their timings into
     */
    public static PrometheusEndpoint mount(FrontDoor door, MetricRegistry metrics, Optimizer optimizer, Caches caches,
                                           Pools pools, Databases databases, Jobs jobs) {
        PrometheusEndpoint endpoint = new PrometheusEndpoint(List.of(new OptimizerCollector(optimizer, metrics),
                new CacheCollector(caches), new PoolCollector(pools, metrics),
                new DatabaseCollector(databases, optimizer.signals()), new JobCollector(jobs, metrics)));
        door.mountExact(CONTEXT, new PrometheusMetricsServlet(endpoint.registry));
        return endpoint;
    }

    /** The runtime's own registry, which {@code /metrics} serves. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Unregisters the collectors: a scrape that still arrives answers nothing of the closed runtime. */
    @Override
    public void close() {
        collectors.forEach(registry::unregister);
    }
}
