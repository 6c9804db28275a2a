package io.trimtab.mbeans.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PoolSpecTest {

    private static final String URL = "jdbc:sqlite:orders.db";

    @Test
    void defaultsAreDbcp2sWithAFiniteWaitAndRoomToGrow() {
        PoolSpec spec = PoolSpec.builder(URL).build();
        assertEquals(8, spec.maxTotal());
        assertEquals(0, spec.minIdle());
        assertEquals(8, spec.maxIdle());
        assertEquals(Duration.ofSeconds(30), spec.maxWait());
        assertTrue(spec.testOnBorrow());
        assertEquals(new ResizeBounds(1, 32), spec.resizeBounds(), "4 x maxTotal");
        assertEquals(new ResizeBounds(1, 64), PoolSpec.builder(URL).maxTotal(40).build().resizeBounds(), "at most 64");
        assertEquals(new ResizeBounds(1, 100), PoolSpec.builder(URL).maxTotal(100).build().resizeBounds(),
                "never below maxTotal");
        assertEquals(Duration.ZERO, spec.leakDetectionThreshold());
        assertEquals(Duration.ZERO, spec.abandonedTimeout());
        assertEquals(3, PoolSpec.builder(URL).maxTotal(3).build().maxIdle());
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                bad(b -> PoolSpec.builder(" "), "url must not be blank but was ' '"),
                bad(b -> b.maxTotal(0), "maxTotal must be at least 1 but was 0"),
                bad(b -> b.minIdle(-1), "minIdle must be between 0 and maxTotal (8) but was -1"),
                bad(b -> b.maxTotal(2).minIdle(3), "minIdle must be between 0 and maxTotal (2) but was 3"),
                bad(b -> b.minIdle(2).maxIdle(1), "maxIdle must be between minIdle (2) and maxTotal (8) but was 1"),
                bad(b -> b.maxIdle(9), "maxIdle must be between minIdle (0) and maxTotal (8) but was 9"),
                bad(b -> b.maxWait(Duration.ofMillis(-1)), "maxWait must be at least 0 ms but was -1 ms"),
                bad(b -> b.idleTimeout(Duration.ofMillis(-5)), "idleTimeout must be at least 0 ms but was -5 ms"),
                bad(b -> b.evictionInterval(Duration.ofMillis(-5)), "evictionInterval must be at least 0 ms but was -5 ms"),
                bad(b -> b.resizeBounds(2, 4).maxTotal(8), "maxTotal must be within resizeBounds [2, 4] but was 8"),
                bad(b -> b.resizeBounds(0, 4), "resizeBounds minTotal must be at least 1 but was 0"),
                bad(b -> b.resizeBounds(5, 4), "resizeBounds maxTotal must be at least minTotal (5) but was 4"),
                bad(b -> b.leakDetectionThreshold(Duration.ofMillis(-1)),
                        "leakDetectionThreshold must be at least 0 ms but was -1 ms"),
                bad(b -> b.abandonedTimeout(Duration.ofSeconds(-1)), "abandonedTimeout must be at least 0 ms but was -1000 ms"));
    }

    private static Arguments bad(UnaryOperator<PoolSpec.Builder> change, String message) {
        return Arguments.of(change, message);
    }

    @ParameterizedTest
    @MethodSource("badSpecs")
    void aBadValueNamesTheFieldTheValueAndTheLimit(UnaryOperator<PoolSpec.Builder> change, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(PoolSpec.builder(URL)).build());
        assertEquals(message, e.getMessage());
    }

    @Test
    void passwordsAreMaskedWhenShown() {
        PoolSpec spec = PoolSpec.builder(URL).driverProperty("password", "s3cret").driverProperty("journal_mode", "WAL")
                .build();
        assertFalse(spec.toString().contains("s3cret"), spec.toString());
        assertTrue(spec.toString().contains("password=<masked>"), spec.toString());
        assertTrue(spec.toString().contains("journal_mode=WAL"), spec.toString());
    }
}
