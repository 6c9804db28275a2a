package io.trimtab.mbeans.pool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trimtab.mbeans.pool.ResizeBounds;
import io.trimtab.mbeans.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SizingAdvisorTest {

    private static final ResizeBounds BOUNDS = new ResizeBounds(2, 20);

    @Test
    void littlesLawWithHeadroomWithinTheBounds() {
        // 200 borrows/s held 25 ms each: 5 in use, 6.25 with headroom -> 7
        assertEquals(7, SizingAdvisor.recommend(200, 25, 8, BOUNDS));
        assertEquals(20, SizingAdvisor.recommend(10_000, 25, 8, BOUNDS));
        assertEquals(2, SizingAdvisor.recommend(1, 1, 8, BOUNDS));
        assertEquals(2, SizingAdvisor.recommend(0, 0, 8, BOUNDS));
        assertEquals(8, SizingAdvisor.recommend(Double.NaN, 25, 8, BOUNDS));
    }

    @Test
    void theRateIsMeasuredOverWindowsOfAtLeastASecond() {
        ManualClock clock = new ManualClock();
        SizingAdvisor advisor = new SizingAdvisor(clock, 0);
        assertEquals(Double.NaN, advisor.borrowsPerSecond(100));
        clock.advance(Duration.ofMillis(2_000));
        assertEquals(50.0, advisor.borrowsPerSecond(100));
        clock.advance(Duration.ofMillis(500));
        assertEquals(50.0, advisor.borrowsPerSecond(400));
        clock.advance(Duration.ofMillis(500));
        assertEquals(300.0, advisor.borrowsPerSecond(400));
    }

}
