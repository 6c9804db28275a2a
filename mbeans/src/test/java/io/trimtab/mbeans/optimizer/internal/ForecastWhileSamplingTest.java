package io.trimtab.mbeans.optimizer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.mbeans.optimizer.SignalWindow;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Trends are fitted while the sampling job appends: times and values must come from the same samples. */
class ForecastWhileSamplingTest {

    @Test
    void aTrendFittedWhileSamplesArriveNeverMisalignsTimesAndValues() throws Exception {
        SignalRegistry registry = new SignalRegistry(1_000_000);
        AtomicLong value = new AtomicLong();
        registry.publish(new Signal("app.queue.depth", "count", () -> value.incrementAndGet()));
        SignalWindow window = registry.window("app.queue.depth").orElseThrow();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> sampling = CompletableFuture.runAsync(() -> {
            for (long time = 1; !stop.get(); time++) {
                registry.sample(time);
            }
        });
        try {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < end) {
                LeastSquares fit = LeastSquares.fitLast(window, Integer.MAX_VALUE);
                if (fit.samples() > 2) {
                    assertEquals(1000, fit.slopePerSecond(), 1e-6, "one unit per millisecond");
                }
                Forecasts.forecast(window, null);
            }
        } finally {
            stop.set(true);
            sampling.get(10, TimeUnit.SECONDS);
        }
    }
}
