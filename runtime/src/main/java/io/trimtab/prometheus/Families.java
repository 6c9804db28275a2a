package io.trimtab.prometheus;

import com.codahale.metrics.Sampling;
import com.codahale.metrics.Snapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The metric families one collector fills during one scrape: declare each family with its name and help, add a data
 * point per resource, then {@link #snapshots()}. Names are given without the suffix the format adds ({@code _total}
 * for a counter, {@code _info} for an info metric).
 */
final class Families {

    /** The quantiles a summary made from a Dropwizard sample reports. */
    static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.99, 0.999};

    private final List<Supplier<MetricSnapshot>> families = new ArrayList<>();

    Counter counter(String name, String help) {
        return add(new Counter(name, help, null));
    }

    Counter counter(String name, String help, Unit unit) {
        return add(new Counter(name, help, unit));
    }

    Gauge gauge(String name, String help) {
        return add(new Gauge(name, help, null));
    }

    Gauge gauge(String name, String help, Unit unit) {
        return add(new Gauge(name, help, unit));
    }

    Summary summary(String name, String help, Unit unit) {
        return add(new Summary(name, help, unit));
    }

    Info info(String name, String help) {
        return add(new Info(name, help));
    }

    MetricSnapshots snapshots() {
        return new MetricSnapshots(families.stream().map(Supplier::get).toList());
    }

    private <F extends Supplier<MetricSnapshot>> F add(F family) {
        families.add(family);
        return family;
    }

    static final class Counter implements Supplier<MetricSnapshot> {
        private final CounterSnapshot.Builder builder;

        private Counter(String name, String help, Unit unit) {
            builder = CounterSnapshot.builder().name(name).help(help);
            if (unit != null) {
                builder.unit(unit);
            }
        }

        /** After a statistics reset the value drops, which Prometheus reads as a counter reset. */
        void add(double value, Labels labels) {
            builder.dataPoint(CounterDataPointSnapshot.builder().value(Math.max(0, value)).labels(labels).build());
        }

        @Override
        public MetricSnapshot get() {
            return builder.build();
        }
    }

    static final class Gauge implements Supplier<MetricSnapshot> {
        private final GaugeSnapshot.Builder builder;

        private Gauge(String name, String help, Unit unit) {
            builder = GaugeSnapshot.builder().name(name).help(help);
            if (unit != null) {
                builder.unit(unit);
            }
        }

        /** Adds the value; a NaN (a figure the resource could not read) adds nothing. */
        void add(double value, Labels labels) {
            if (!Double.isNaN(value)) {
                builder.dataPoint(GaugeDataPointSnapshot.builder().value(value).labels(labels).build());
            }
        }

        /** Adds the value unless it is negative: the resources answer -1 for a figure they could not read. */
        void addKnown(double value, Labels labels) {
            if (value >= 0) {
                add(value, labels);
            }
        }

        @Override
        public MetricSnapshot get() {
            return builder.build();
        }
    }

    static final class Summary implements Supplier<MetricSnapshot> {
        private final SummarySnapshot.Builder builder;

        private Summary(String name, String help, Unit unit) {
            builder = SummarySnapshot.builder().name(name).help(help).unit(unit);
        }

        /**
         * A summary from a Dropwizard histogram or timer: the quantiles of its sample, scaled into the base unit by
         * {@code toBaseUnit}, and its count. Dropwizard keeps no sum, so there is none.
         */
        void add(Sampling sampled, long count, double toBaseUnit, Labels labels) {
            Snapshot snapshot = sampled.getSnapshot();
            Quantiles.Builder quantiles = Quantiles.builder();
            if (snapshot.size() > 0) {
                for (double q : QUANTILES) {
                    quantiles.quantile(new Quantile(q, snapshot.getValue(q) * toBaseUnit));
                }
            }
            builder.dataPoint(SummaryDataPointSnapshot.builder().quantiles(quantiles.build()).labels(labels)
                    .count(count).build());
        }

        /** A summary of a count and a sum, with the quantiles given (none if empty). */
        void add(long count, double sum, Quantiles quantiles, Labels labels) {
            builder.dataPoint(SummaryDataPointSnapshot.builder().quantiles(quantiles).labels(labels)
                    .count(count).sum(sum).build());
        }

        @Override
        public MetricSnapshot get() {
            return builder.build();
        }
    }

    static final class Info implements Supplier<MetricSnapshot> {
        private final InfoSnapshot.Builder builder;

        private Info(String name, String help) {
            builder = InfoSnapshot.builder().name(name).help(help);
        }

        void add(Labels labels) {
            builder.dataPoint(InfoDataPointSnapshot.builder().labels(labels).build());
        }

        @Override
        public MetricSnapshot get() {
            return builder.build();
        }
    }
}
