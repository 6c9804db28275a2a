package io.trimtab.mbeans.optimizer;

import java.util.function.DoubleSupplier;

/** A value a test sets by hand, to be read as a signal. */
final class Settable implements DoubleSupplier {

    private volatile double value;

    Settable(double value) {
        this.value = value;
    }

    void set(double value) {
        this.value = value;
    }

    @Override
    public double getAsDouble() {
        return value;
    }

    /** A knob over a plain field, with the given bounds. */
    static Knob knob(String name, Settable field, double min, double max) {
        return Knob.builder(name).bounds(min, max).integral().reader(field).setter(field::set).build();
    }
}
