package io.trimtab.mbeans.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The selection behind queryP99Millis picks what sorting would. */
class QueryStatisticsSelectTest {

    @Test
    void selectsTheKthSmallestLikeASortDoes() {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            int n = 1 + random.nextInt(400);
            int distinct = 1 + random.nextInt(round % 2 == 0 ? 5 : 1_000_000); // many duplicates, or few
            long[] values = new long[n + 3];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(distinct);
            }
            long[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            int k = random.nextInt(n);
            assertEquals(sorted[k], QueryStatistics.select(values, n, k), "n=" + n + " k=" + k);
        }
    }
}
