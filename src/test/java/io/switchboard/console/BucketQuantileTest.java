package io.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BucketQuantileTest {

    private static final double[] BOUNDS = {0.001, 0.005, 0.01};

    @Test
    void nothingCountedIsNaN() {
        assertTrue(Double.isNaN(BucketQuantile.of(new long[] {0, 0, 0, 0}, BOUNDS, 0.5)));
    }

    @Test
    void interpolatesLinearlyInsideTheBucketTheRankFallsIn() {
        // 100 latencies: 40 up to 1 ms, 40 in (1, 5] ms, 20 in (5, 10] ms.
        long[] cumulative = {40, 80, 100, 100};
        // Rank 50 is the 10th of 40 in (1, 5]: 1 + 4 * 10/40 = 2 ms.
        assertEquals(0.002, BucketQuantile.of(cumulative, BOUNDS, 0.5), 1e-12);
        // Rank 99 is the 19th of 20 in (5, 10]: 5 + 5 * 19/20 = 9.75 ms.
        assertEquals(0.00975, BucketQuantile.of(cumulative, BOUNDS, 0.99), 1e-12);
        // Rank 20 is half-way through the first bucket, which starts at 0.
        assertEquals(0.0005, BucketQuantile.of(cumulative, BOUNDS, 0.2), 1e-12);
    }

    @Test
    void aRankInTheUnboundedBucketAnswersTheHighestBound() {
        long[] cumulative = {1, 1, 1, 100};
        assertEquals(0.01, BucketQuantile.of(cumulative, BOUNDS, 0.99), 1e-12);
    }

    @Test
    void emptyBucketsBeforeTheRankAreSkipped() {
        long[] cumulative = {0, 0, 10, 10};
        assertEquals(0.0075, BucketQuantile.of(cumulative, BOUNDS, 0.5), 1e-12);
    }

    @Test
    void countsMustFitTheBounds() {
        assertThrows(IllegalArgumentException.class, () -> BucketQuantile.of(new long[] {1, 2}, BOUNDS, 0.5));
    }
}
