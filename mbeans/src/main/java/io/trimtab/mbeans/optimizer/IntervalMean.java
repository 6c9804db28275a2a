package io.trimtab.mbeans.optimizer;

import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * A signal's reading as the mean per event since the previous reading, from two running totals (events and their
 * summed amount): a mean wait per borrow, a mean time per statement. Successive readings cover disjoint intervals,
 * unlike a percentile over a decaying reservoir, which is what a verification's statistics assume.
 */
public final class IntervalMean implements DoubleSupplier {

    private final LongSupplier events;
    private final DoubleSupplier total;
    private final double scale;
    private final double withoutEvents;
    private long lastEvents;
    private double lastTotal;

    /**
     * @param scale         multiplies the mean (e.g. 1000 for seconds read as milliseconds)
     * @param withoutEvents the reading of an interval with no event: NaN for no sample, or a value such as 0
     */
    public IntervalMean(LongSupplier events, DoubleSupplier total, double scale, double withoutEvents) {
        this.events = events;
        this.total = total;
        this.scale = scale;
        this.withoutEvents = withoutEvents;
        this.lastEvents = events.getAsLong();
        this.lastTotal = total.getAsDouble();
    }

    @Override
    public synchronized double getAsDouble() {
        long nowEvents = events.getAsLong();
        double nowTotal = total.getAsDouble();
        long count = nowEvents - lastEvents;
        double amount = nowTotal - lastTotal;
        lastEvents = nowEvents;
        lastTotal = nowTotal;
        return count > 0 ? amount * scale / count : withoutEvents;
    }
}
