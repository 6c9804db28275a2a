package io.trimtab.examples.bench;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.MetricWithFixedMetadata;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.net.InetSocketAddress;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The floor a {@code /metrics} scrape is compared with: a registry of client_java's own metrics, one per family of a
 * scrape of Trimtab's, with the same names, labels and values, set once, so that a scrape of it reads stored numbers
 * and nothing else; served by client_java's servlet on a bare Jetty server of the same version, with no front door.
 */
final class BareRegistry implements AutoCloseable {

    /** Observations per summary series, spread over its quantiles: enough for client_java's quantile estimator. */
    private static final int OBSERVATIONS = 50;

    final PrometheusRegistry registry = new PrometheusRegistry();
    private final Server server = new Server(new InetSocketAddress("127.0.0.1", 0));

    /** Copies {@code scrape}'s series into a registry of its own and serves it at {@code /metrics}. */
    BareRegistry(MetricSnapshots scrape) throws Exception {
        for (MetricSnapshot family : scrape) {
            copy(family);
        }
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new PrometheusMetricsServlet(registry)), "/metrics");
        server.setHandler(context);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/");
    }

    private void copy(MetricSnapshot family) {
        if (family.getDataPoints().isEmpty()) {
            return;
        }
        String[] names = names(family.getDataPoints().get(0).getLabels());
        if (family instanceof CounterSnapshot counters) {
            Counter counter = describe(Counter.builder(), family.getMetadata(), names).register(registry);
            for (CounterSnapshot.CounterDataPointSnapshot point : counters.getDataPoints()) {
                this.<CounterDataPoint>point(counter, point).inc(point.getValue());
            }
        } else if (family instanceof GaugeSnapshot gauges) {
            Gauge gauge = describe(Gauge.builder(), family.getMetadata(), names).register(registry);
            for (GaugeSnapshot.GaugeDataPointSnapshot point : gauges.getDataPoints()) {
                this.<GaugeDataPoint>point(gauge, point).set(point.getValue());
            }
        } else if (family instanceof SummarySnapshot summaries) {
            Summary.Builder builder = describe(Summary.builder(), family.getMetadata(), names);
            summaries.getDataPoints().stream().filter(p -> p.getQuantiles().size() > 0).findFirst()
                    .ifPresent(p -> p.getQuantiles().forEach(q -> builder.quantile(q.getQuantile())));
            Summary summary = builder.register(registry);
            for (SummarySnapshot.SummaryDataPointSnapshot point : summaries.getDataPoints()) {
                DistributionDataPoint series = point(summary, point);
                for (int i = 0; i < OBSERVATIONS; i++) {
                    for (Quantile q : point.getQuantiles()) {
                        series.observe(q.getValue());
                    }
                }
            }
        } else if (family instanceof InfoSnapshot infos) {
            Info info = describe(Info.builder(), family.getMetadata(), names).register(registry);
            for (InfoSnapshot.InfoDataPointSnapshot point : infos.getDataPoints()) {
                info.addLabelValues(values(point.getLabels()));
            }
        } else {
            throw new IllegalArgumentException("no bare copy of " + family.getClass().getSimpleName() + " "
                    + family.getMetadata().getName());
        }
    }

    private static <B extends MetricWithFixedMetadata.Builder<B, ?>> B describe(B builder, MetricMetadata metadata,
                                                                               String[] labelNames) {
        builder.name(metadata.getName()).help(metadata.getHelp()).labelNames(labelNames);
        if (metadata.getUnit() != null) {
            builder.unit(metadata.getUnit());
        }
        return builder;
    }

    /** The metric's series for a data point's labels; a metric without labels is its own only series. */
    @SuppressWarnings("unchecked")
    private <D> D point(StatefulMetric<?, ?> metric, DataPointSnapshot point) {
        return (D) (point.getLabels().isEmpty() ? metric : metric.labelValues(values(point.getLabels())));
    }

    private static String[] names(Labels labels) {
        String[] names = new String[labels.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = labels.getName(i);
        }
        return names;
    }

    private static String[] values(Labels labels) {
        String[] values = new String[labels.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = labels.getValue(i);
        }
        return values;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
