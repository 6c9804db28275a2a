package io.trimtab.mbeans.optimizer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.optimizer.internal.Judge.Judgement;
import io.trimtab.mbeans.optimizer.internal.Judge.Series;
import io.trimtab.mbeans.optimizer.internal.Judge.Verdict;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The verdict's test on noisy series: what it credits, what it refuses to, and the figures it reports. */
class JudgeTest {

    private static final long STEP_MILLIS = 5_000;

    /** {@code n} samples from sample index {@code from}, each {@code value(i)} plus Gaussian noise of {@code sd}. */
    private static Series series(int from, int n, IntToDoubleFunction value, double sd, Random random) {
        long[] times = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = (from + i) * STEP_MILLIS;
            values[i] = value.applyAsDouble(from + i) + random.nextGaussian() * sd;
        }
        return new Series(times, values);
    }

    private static Judgement ratio(Series before, Series after, boolean higherIsBetter) {
        return Judge.judge(before, after, OptionalDouble.empty(), higherIsBetter, 0.01, 0, 1);
    }

    @Test
    void aStepUpBeyondTheNoiseIsImproved() {
        Random random = new Random(1);
        Judgement j = ratio(series(0, 15, i -> 0.50, 0.02, random), series(15, 5, i -> 0.60, 0.02, random), true);
        assertEquals(Verdict.IMPROVED, j.verdict(), j.describe("hitRatio"));
        assertTrue(j.effect() > 0.07 && j.effect() < 0.13, j.describe("hitRatio"));
    }

    @Test
    void aRiseThatOnlyContinuesTheTrendIsNotCredited() {
        // warm-up: the ratio climbs 0.01 a sample whatever the change; the raw before mean would read +0.13
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            IntToDoubleFunction warmUp = i -> 0.20 + 0.01 * i;
            Judgement j = ratio(series(0, 15, warmUp, 0.01, random), series(15, 5, warmUp, 0.01, random), true);
            assertTrue(j.verdict() != Verdict.IMPROVED, "seed " + seed + ": " + j.describe("hitRatio"));
            assertTrue(j.basis().startsWith("line and step"), j.basis());
        }
    }

    @Test
    void aFallIsWorseAndNoChangeIsNoEffect() {
        Random random = new Random(2);
        Judgement worse = ratio(series(0, 15, i -> 0.9, 0.01, random), series(15, 5, i -> 0.8, 0.01, random), true);
        assertEquals(Verdict.WORSE, worse.verdict(), worse.describe("hitRatio"));
        Judgement same = ratio(series(0, 15, i -> 0.9, 0.002, random), series(15, 5, i -> 0.9, 0.002, random), true);
        assertEquals(Verdict.NO_EFFECT, same.verdict(), same.describe("hitRatio"));
        assertTrue(same.nonInferior());
    }

    @Test
    void noiseWiderThanTheEffectIsInconclusive() {
        Random random = new Random(3);
        Judgement j = ratio(series(0, 6, i -> 0.5, 0.15, random), series(6, 3, i -> 0.55, 0.15, random), true);
        assertEquals(Verdict.INCONCLUSIVE, j.verdict(), j.describe("hitRatio"));
    }

    @Test
    void lowerIsBetterForLatencyAndTheModelReplacesTheBaseline() {
        Random random = new Random(4);
        Series after = series(10, 5, i -> 20, 1, random);
        Judgement j = Judge.judge(Series.EMPTY, after, OptionalDouble.of(30), false, 1.5, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY);
        assertEquals(Verdict.IMPROVED, j.verdict(), j.describe("queryMillis"));
        assertEquals("model at the old value", j.basis());
        assertEquals(30, j.counterfactual());
    }

    @Test
    void tooFewSamplesCannotBeJudged() {
        Judgement j = ratio(series(0, 1, i -> 0.5, 0, new Random(5)), series(1, 5, i -> 0.9, 0, new Random(5)), true);
        assertEquals(Verdict.INCONCLUSIVE, j.verdict());
        assertEquals("hitRatio: 1 sample(s) before the change", j.describe("hitRatio"));
    }

    @Test
    void criticalValuesFollowStudentsT() {
        assertEquals(63.657, Judge.tCritical(1));
        assertEquals(4.032, Judge.tCritical(5.9), "fractional degrees of freedom round down");
        assertEquals(2.576, Judge.tCritical(1_000));
    }
}
