package io.trimtab.testing;

import io.trimtab.Trimtab;
import io.trimtab.mbeans.jmx.DescribedMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.AttributeChangeNotification;
import javax.management.MBeanNotificationInfo;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;

/**
 * The {@link ProbeMXBean} of a test, registered as {@code <domain>:type=Probe,name=probe} of a runtime. A
 * change of its limit is announced as an {@link AttributeChangeNotification}.
 */
public final class Probe implements ProbeMXBean {

    private final NotificationBroadcasterSupport emitter = new NotificationBroadcasterSupport(new MBeanNotificationInfo(
            new String[] {AttributeChangeNotification.ATTRIBUTE_CHANGE}, AttributeChangeNotification.class.getName(),
            "The limit changed."));
    private final AtomicLong sequence = new AtomicLong();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile int limit = 10;

    /** Registers a new probe with the runtime, which unregisters it on close. */
    public static ObjectName register(Trimtab trimtab, Probe probe) {
        return trimtab.context().registrar().register(trimtab.context().objectName("Probe", "probe"),
                new DescribedMXBean(probe, ProbeMXBean.class, probe.emitter));
    }

    @Override
    public int getLimit() {
        return limit;
    }

    @Override
    public void setLimit(int limit) {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be between 1 and 100 but was " + limit);
        }
        int old = this.limit;
        this.limit = limit;
        emitter.sendNotification(new AttributeChangeNotification(this, sequence.incrementAndGet(), System.currentTimeMillis(),
                "limit changed from " + old + " to " + limit, "Limit", "int", old, limit));
    }

    @Override
    public int getWaiting() {
        return waiting.get();
    }

    @Override
    public java.util.List<Long> getNumbers() {
        return java.util.stream.LongStream.range(0, 5000).boxed().toList();
    }

    @Override
    public String getText() {
        return "t".repeat(64 * 1024);
    }

    @Override
    public long add(long a, long b) {
        return a + b;
    }

    @Override
    public boolean awaitRelease() {
        waiting.incrementAndGet();
        try {
            return release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Lets every caller of {@link #awaitRelease()} return. */
    public void release() {
        release.countDown();
    }
}
