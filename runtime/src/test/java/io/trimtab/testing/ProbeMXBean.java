package io.trimtab.testing;

import io.trimtab.mbeans.jmx.Description;

/** A bean in a runtime's own domain for tests: one setting, one computation, one operation that waits. */
@Description("A test probe: a bounded setting, an operation that computes and one that blocks until released.")
public interface ProbeMXBean {

    @Description("A setting between 1 and 100.")
    int getLimit();

    void setLimit(int limit);

    @Description("How many callers are blocked in awaitRelease right now.")
    int getWaiting();

    @Description("The numbers 0 to 4999: a long list.")
    java.util.List<Long> getNumbers();

    @Description("A text of 64 KiB: a large answer.")
    String getText();

    @Description("The sum of two numbers.")
    long add(@Description("first summand") long a, @Description("second summand") long b);

    @Description("Blocks until the test releases it or 10 seconds passed; returns whether it was released.")
    boolean awaitRelease();
}
