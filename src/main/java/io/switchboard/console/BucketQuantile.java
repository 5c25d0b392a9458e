package io.switchboard.console;

/**
 * A quantile from cumulative bucket counts, as Prometheus's {@code histogram_quantile} estimates it: linear within
 * the bucket the rank falls in, from the bucket's lower bound (0 for the first) to its upper bound. A rank in the
 * last, unbounded bucket answers the highest finite bound: the histogram knows no more than "above it".
 */
final class BucketQuantile {

    private BucketQuantile() {
    }

    /**
     * @param cumulative counts up to each of {@code bounds}, then of all ({@code bounds.length + 1} values)
     * @param bounds     upper bounds, ascending
     * @param q          the quantile, 0 to 1
     * @return the estimate in the bounds' unit, or NaN when nothing was counted
     */
    static double of(long[] cumulative, double[] bounds, double q) {
        if (cumulative.length != bounds.length + 1) {
            throw new IllegalArgumentException(cumulative.length + " counts for " + bounds.length + " bounds");
        }
        long total = cumulative[bounds.length];
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = Math.min(1, Math.max(0, q)) * total;
        int bucket = 0;
        while (bucket < bounds.length && cumulative[bucket] < rank) {
            bucket++;
        }
        if (bucket == bounds.length) {
            return bounds[bounds.length - 1];
        }
        double lower = bucket == 0 ? 0 : bounds[bucket - 1];
        long below = bucket == 0 ? 0 : cumulative[bucket - 1];
        long inside = cumulative[bucket] - below;
        if (inside <= 0) {
            return lower;
        }
        return lower + (bounds[bucket] - lower) * (rank - below) / inside;
    }
}
