package io.trimtab.mbeans.optimizer;

/**
 * The last samples of one signal, oldest first, in a ring of fixed capacity. Sampling appends; rules and
 * forecasts read. Thread-safe; every read is a consistent copy or aggregate.
 */
public final class SignalWindow {

    private final Signal signal;
    private final long[] times;
    private final double[] values;
    private int start;
    private int size;
    private long appended;

    SignalWindow(Signal signal, int capacity) {
        this.signal = signal;
        this.times = new long[capacity];
        this.values = new double[capacity];
    }

    public Signal signal() {
        return signal;
    }

    synchronized void append(long timeMillis, double value) {
        int index = (start + size) % values.length;
        times[index] = timeMillis;
        values[index] = value;
        if (size < values.length) {
            size++;
        } else {
            start = (start + 1) % values.length;
        }
        appended++;
    }

    /** Samples held now, at most the capacity. */
    public synchronized int size() {
        return size;
    }

    /** Samples ever appended: a position that later samples can be counted from. */
    public synchronized long appended() {
        return appended;
    }

    /** The newest value, NaN when empty. */
    public synchronized double latest() {
        return size == 0 ? Double.NaN : values[(start + size - 1) % values.length];
    }

    /** The newest {@code n} values, oldest first; fewer when the window holds fewer. */
    public synchronized double[] lastValues(int n) {
        int count = Math.min(n, size);
        double[] copy = new double[count];
        for (int i = 0; i < count; i++) {
            copy[i] = values[(start + size - count + i) % values.length];
        }
        return copy;
    }

    /** The newest {@code n} sample times in epoch milliseconds, oldest first, matching {@link #lastValues}. */
    public synchronized long[] lastTimes(int n) {
        int count = Math.min(n, size);
        long[] copy = new long[count];
        for (int i = 0; i < count; i++) {
            copy[i] = times[(start + size - count + i) % values.length];
        }
        return copy;
    }

    /**
     * The samples stamped {@code timeMillis} or later, oldest first, times and values copied together with the count
     * of samples ever appended: whoever keeps a copy of the window can fetch what is new and tell whether it missed any.
     */
    public synchronized Samples samplesSince(long timeMillis) {
        int count = 0;
        while (count < size && times[(start + size - 1 - count) % values.length] >= timeMillis) {
            count++;
        }
        return new Samples(lastTimes(count), lastValues(count), appended);
    }

    /**
     * Samples of one window, oldest first.
     *
     * @param times    epoch milliseconds
     * @param values   the values at those times
     * @param appended samples ever appended to the window when these were copied
     */
    public record Samples(long[] times, double[] values, long appended) {
    }

    /** Mean of the newest {@code n} values, NaN when empty. */
    public double meanOfLast(int n) {
        return mean(lastValues(n));
    }

    private static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }
}
