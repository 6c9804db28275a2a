package io.trimtab.mbeans.sqlite.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The keep-or-drop rule on synthetic per-run times: noise, small effects, and one query made slower. */
class TimeComparisonTest {

    private final Random random = new Random(42);

    /** {@code n} runs around {@code micros}, log-normal with the given spread, and an occasional slow outlier. */
    private long[] runs(int n, double micros, double spread) {
        long[] runs = new long[n];
        for (int i = 0; i < n; i++) {
            double outlier = random.nextInt(20) == 0 ? 3 : 1;
            runs[i] = (long) (micros * 1_000 * Math.exp(spread * random.nextGaussian()) * outlier);
        }
        return runs;
    }

    private static long median5(long[] runs) {
        long[] five = java.util.Arrays.copyOf(runs, 5);
        java.util.Arrays.sort(five);
        return five[2];
    }

    @Test
    void studentsTQuantilesAreCloseToTheTables() {
        assertEquals(3.747, TimeComparison.tQuantile99(4), 0.06);
        assertEquals(2.764, TimeComparison.tQuantile99(10), 0.01);
        assertEquals(2.457, TimeComparison.tQuantile99(30), 0.005);
        assertEquals(2.326, TimeComparison.tQuantile99(Double.POSITIVE_INFINITY), 0.001);
    }

    @Test
    void aLargeGainIsKeptAndTheRatioWeighsEachQueryByItsMeasuredTime() {
        Map<String, TimeComparison.Runs> runs = new LinkedHashMap<>();
        runs.put("scan", new TimeComparison.Runs(900, runs(20, 20_000, 0.2), runs(20, 200, 0.2)));
        runs.put("other", new TimeComparison.Runs(100, runs(20, 500, 0.2), runs(20, 500, 0.2)));
        TimeComparison.Verdict verdict = TimeComparison.of(runs);
        assertTrue(verdict.keep(), verdict.reason());
        assertEquals(0.11, verdict.ratio(), 0.03, "0.9 x 0.01 + 0.1 x 1: " + verdict.reason());
        assertTrue(verdict.upper() < 1, verdict.reason());
    }

    @Test
    void noiseAloneIsAlmostNeverKept() {
        int kept = 0;
        int keptByMedians = 0;
        for (int trial = 0; trial < 500; trial++) {
            long[] before = runs(8, 30, 0.5);
            long[] after = runs(8, 30, 0.5);
            if (TimeComparison.of(Map.of("same", new TimeComparison.Runs(1, before, after))).keep()) {
                kept++;
            }
            if (median5(after) < 0.8 * median5(before)) {
                keptByMedians++;
            }
        }
        // The one-sided 99 % test errs about 1 % of the time; a 5-run median against a 20 % threshold far more.
        assertTrue(kept <= 10, kept + " of 500 trials kept an index that changed nothing");
        assertTrue(keptByMedians > 5 * Math.max(kept, 5), "5-run medians kept " + keptByMedians + " of 500");
    }

    @Test
    void aGainSmallerThanTheMinimumEffectOrAQueryMadeSlowerIsDropped() {
        TimeComparison.Verdict small = TimeComparison.of(Map.of("slightly", new TimeComparison.Runs(1,
                runs(40, 100, 0.01), runs(40, 95, 0.01))));
        assertFalse(small.keep(), small.reason());
        assertTrue(small.upper() < 1, "5 % faster is beyond this noise: " + small.reason());
        assertTrue(small.reason().contains("by less than the 10 %"), small.reason());

        Map<String, TimeComparison.Runs> runs = new LinkedHashMap<>();
        runs.put("helped", new TimeComparison.Runs(900, runs(20, 10_000, 0.1), runs(20, 100, 0.1)));
        runs.put("hurt", new TimeComparison.Runs(100, runs(20, 100, 0.1), runs(20, 200, 0.1)));
        TimeComparison.Verdict mixed = TimeComparison.of(runs);
        assertTrue(mixed.ratio() < 0.5, mixed.reason());
        assertFalse(mixed.keep(), "the workload is faster, but one query is twice as slow: " + mixed.reason());
        assertEquals(1, mixed.slower().size(), mixed.reason());
        assertTrue(mixed.slower().get(0).startsWith("hurt x"), mixed.reason());
    }

    @Test
    void aSlowerWriteVetoesNothingButWeighsByItsShareOfTheTime() {
        Map<String, TimeComparison.Runs> rareRead = new LinkedHashMap<>();
        rareRead.put("read", new TimeComparison.Runs(10, runs(20, 10_000, 0.1), runs(20, 100, 0.1)));
        rareRead.put("insert", new TimeComparison.Runs(990, runs(20, 20, 0.1), runs(20, 30, 0.1), true));
        TimeComparison.Verdict refused = TimeComparison.of(rareRead);
        assertFalse(refused.keep(), refused.reason());
        assertEquals(List.of(), refused.slower(), "a write's slowdown is no veto: " + refused.reason());
        assertEquals(1.5, refused.writeRatio(), 0.2, refused.reason());
        assertEquals(0.99, refused.writeShare(), 1e-9);
        assertTrue(refused.reason().endsWith(": not faster, the writes cost more than the queries gain"),
                refused.reason());

        Map<String, TimeComparison.Runs> rareWrite = new LinkedHashMap<>();
        rareWrite.put("read", new TimeComparison.Runs(990, runs(20, 10_000, 0.1), runs(20, 100, 0.1)));
        rareWrite.put("insert", new TimeComparison.Runs(10, runs(20, 20, 0.1), runs(20, 30, 0.1), true));
        TimeComparison.Verdict kept = TimeComparison.of(rareWrite);
        assertTrue(kept.keep(), kept.reason());
        assertTrue(kept.writeRatio() > 1.2 && kept.reason().contains(", its writes x1."), kept.reason());
    }
}
