package dev.basin.noise;

/**
 * How N pooled scalars are cut into K2 blocks of K1 consecutive scalars for the Mohammadi estimator.
 *
 * <p>The reference rule: K1 = the largest divisor of N with K1 ≤ √N, all N scalars used. It degrades
 * when N has no divisor near √N (N prime gives K1 = 1, where the estimator divides by log 1 = 0; N = 2p
 * gives K1 = 2). {@link #robust} then drops the fewest trailing scalars r such that N − r has a divisor
 * K1 with √(N − r)/2 ≤ K1 ≤ √(N − r), and says how many it dropped. When N itself has such a divisor the
 * two rules agree.
 *
 * @param n       scalars offered
 * @param used    scalars used (n − dropped), = k1 · k2
 * @param k1      block length
 * @param k2      number of blocks
 * @param dropped trailing scalars left out
 */
public record BlockPlan(long n, long used, long k1, long k2, long dropped) {
    /** The reference rule; K1 may be 1 (callers must refuse to estimate then). */
    public static BlockPlan reference(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one scalar, got " + n);
        }
        long k1 = largestDivisorAtMost(n, isqrt(n));
        return new BlockPlan(n, n, k1, n / k1, 0);
    }

    /** The reference rule when it gives K1 ≥ √N/2, otherwise the fewest dropped trailing scalars that do. */
    public static BlockPlan robust(long n) {
        if (n < 4) {
            throw new IllegalArgumentException("need at least 4 scalars to form blocks, got " + n);
        }
        for (long r = 0; r < n; r++) {
            long m = n - r;
            long s = isqrt(m);
            long k1 = largestDivisorAtMost(m, s);
            if (k1 >= 2 && 2 * k1 >= s) {
                return new BlockPlan(n, m, k1, m / k1, r);
            }
        }
        throw new IllegalStateException("no block plan for " + n);
    }

    static long isqrt(long n) {
        long s = (long) Math.sqrt((double) n);
        while (s * s > n) {
            s--;
        }
        while ((s + 1) * (s + 1) <= n) {
            s++;
        }
        return s;
    }

    private static long largestDivisorAtMost(long n, long limit) {
        for (long k = limit; k >= 1; k--) {
            if (n % k == 0) {
                return k;
            }
        }
        return 1;
    }
}
