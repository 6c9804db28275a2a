package io.trimtab.mbeans.optimizer;

import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleConsumer;
import java.util.function.LongSupplier;

/**
 * A setting a resource lets rules move within bounds, e.g. {@code cache.<name>.maxEntries},
 * {@code cache.<name>.ttlSeconds}, {@code pool.<name>.maxTotal}, {@code pool.<name>.minIdle},
 * {@code db.<name>.cacheSizeKib}. Growth draws on the optimizer's memory budget at {@code bytesPerUnit}
 * per unit; a knob tagged {@link #SHRINKABLE} (cache-like) is what heap pressure shrinks.
 *
 * <p>A value an operator sets ({@link #setByOperator}) pins the knob: no rule moves it until {@link #unpin()}.
 * Resources whose own MXBean setters change the same setting call {@code setByOperator} too. Every change and
 * every pin happens under the knob's lock, and rules change a knob only through {@link #setByRule}, which checks
 * the pin in the same step: an operator's value is never overwritten by a rule that looked before it was set.
 */
public final class Knob {

    /** Tag of knobs that hold memory the JVM can have back under heap pressure, such as cache sizes. */
    public static final String SHRINKABLE = "shrinkable";

    private final String name;
    private final double min;
    private final double max;
    private final LongSupplier bytesPerUnit;
    private final OutcomeModel model;
    private final boolean integral;
    private final Set<String> tags;
    private final DoubleSupplier reader;
    private final DoubleConsumer setter;
    private final double initialValue;
    private volatile boolean pinned;

    private Knob(Builder builder) {
        this.name = builder.name;
        this.min = builder.min;
        this.max = builder.max;
        this.bytesPerUnit = builder.bytesPerUnit;
        this.model = builder.model;
        this.integral = builder.integral;
        this.tags = Set.copyOf(builder.tags);
        this.reader = Objects.requireNonNull(builder.reader, "reader");
        this.setter = Objects.requireNonNull(builder.setter, "setter");
        this.initialValue = reader.getAsDouble();
    }

    /** A knob named {@code <kind>.<resource>.<setting>}. */
    public static Builder builder(String name) {
        return new Builder(Signal.requireName("knob", name));
    }

    public String name() {
        return name;
    }

    /** The resource this knob belongs to, e.g. {@code cache.users}. */
    public String resource() {
        return Signal.resourceOf(name);
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /**
     * Heap bytes one unit of this knob holds now, measured by the resource where it can be, else an estimate;
     * 0 when it holds no memory of note.
     */
    public long bytesPerUnit() {
        return Math.max(0, bytesPerUnit.getAsLong());
    }

    /** What this knob's value is predicted to do to a signal of its resource, where the resource can say. */
    public Optional<OutcomeModel> model() {
        return Optional.ofNullable(model);
    }

    /** Whether values are whole numbers; rules round their steps and move such a knob by at least one. */
    public boolean integral() {
        return integral;
    }

    public Set<String> tags() {
        return tags;
    }

    /** The value when the knob was published: the memory budget counts growth beyond it. */
    public double initialValue() {
        return initialValue;
    }

    /** The value in effect now. */
    public double value() {
        return reader.getAsDouble();
    }

    /**
     * Sets the value and returns the value in effect as read back from the resource.
     *
     * @throws IllegalArgumentException if {@code value} is outside the bounds, naming both; nothing changes
     */
    public synchronized double set(double value) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be between %s and %s but was %s",
                    name, format(min), format(max), format(value)));
        }
        setter.accept(integral ? Math.rint(value) : value);
        return value();
    }

    /** Sets the value on an operator's behalf and pins the knob against rules; returns the value in effect. */
    public synchronized double setByOperator(double value) {
        double inEffect = set(value);
        pinned = true;
        return inEffect;
    }

    /**
     * Sets the value on a rule's behalf, unless the knob is pinned or its value is no longer {@code expected}
     * (changed since the rule read it, e.g. by an operator whose pin is on its way). Check and change are one
     * step under the lock {@link #setByOperator} and {@link #pin} take.
     *
     * @return the value in effect as read back, or empty if refused; nothing changes then
     * @throws IllegalArgumentException if {@code value} is outside the bounds; nothing changes
     */
    public synchronized OptionalDouble setByRule(double expected, double value) {
        if (pinned || value() != expected) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(set(value));
    }

    public synchronized void pin() {
        pinned = true;
    }

    public synchronized void unpin() {
        pinned = false;
    }

    public boolean isPinned() {
        return pinned;
    }

    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** Builds a {@link Knob}; the reader and setter are required. */
    public static final class Builder {
        private final String name;
        private double min = 0;
        private double max = Double.MAX_VALUE;
        private LongSupplier bytesPerUnit = () -> 0;
        private OutcomeModel model;
        private boolean integral;
        private final HashSet<String> tags = new HashSet<>();
        private DoubleSupplier reader;
        private DoubleConsumer setter;

        private Builder(String name) {
            this.name = name;
        }

        /** Inclusive bounds no rule and no operator may leave. */
        public Builder bounds(double min, double max) {
            if (!(min <= max)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s bounds: min must not be above max but min was %s and max %s", name, format(min), format(max)));
            }
            this.min = min;
            this.max = max;
            return this;
        }

        public Builder bytesPerUnit(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException(name + " bytesPerUnit must be at least 0 but was " + bytes);
            }
            this.bytesPerUnit = () -> bytes;
            return this;
        }

        /** Heap bytes per unit as the resource measures them, read each time the budget is checked. */
        public Builder bytesPerUnit(LongSupplier bytes) {
            this.bytesPerUnit = Objects.requireNonNull(bytes, "bytes");
            return this;
        }

        /** The knob's outcome model; its signal must belong to the knob's resource. */
        public Builder model(OutcomeModel model) {
            if (!Signal.resourceOf(model.signal()).equals(Signal.resourceOf(name))) {
                throw new IllegalArgumentException(name + " model must predict a signal of " + Signal.resourceOf(name)
                        + " but predicts " + model.signal());
            }
            this.model = model;
            return this;
        }

        public Builder integral() {
            this.integral = true;
            return this;
        }

        public Builder tag(String tag) {
            tags.add(Objects.requireNonNull(tag, "tag"));
            return this;
        }

        /** Reads the value in effect. */
        public Builder reader(DoubleSupplier reader) {
            this.reader = reader;
            return this;
        }

        /** Applies a value within the bounds; the value in effect is read back through the reader. */
        public Builder setter(DoubleConsumer setter) {
            this.setter = setter;
            return this;
        }

        public Knob build() {
            return new Knob(this);
        }
    }
}
