package dev.basin.noise;

/**
 * The value Mohammadi's pooled estimator would give if every noise coordinate were Gaussian with its own
 * measured variance: the control that says how much of a small α̂ scale heterogeneity alone explains.
 *
 * <p><b>The closed form.</b> The pooled sample is P rows of d coordinates fed row-major, X_k with
 * k = p·d + j, cut into K2 blocks of K1 consecutive scalars ({@link BlockPlan}). Under the null the X_k are
 * independent, X_k ~ N(0, s²_{k mod d}). For a Gaussian, E log|N(0, s²)| = ½ log s² + c with
 * c = E log|Z| = −(γ + ln 2)/2 ≈ −0.635181; a block sum Y_i is N(0, S_i), S_i = Σ_{k ∈ block i} s²_{k mod d}.
 * The estimator is linear in the logs, so
 * <pre>
 *   E[1/α̂] = ( mean_i E log(|Y_i| + ε) − mean_k E log(|X_k| + ε) ) / log K1
 *          = ( mean_i (½ log S_i + c) − mean_k (½ log s²_{k mod d} + c) ) / log K1,
 * </pre>
 * exactly, up to the O(ε/s) effect of ε = 2⁻⁵² inside the logs. A coordinate with s = 0 is exactly 0 in
 * every row and contributes log ε (the reference's value for it), as does a block whose S_i = 0, so the
 * null is defined, never log 0, when some coordinates have zero variance. The null α̂ is 1/E[1/α̂]. For
 * equal variances the two means differ by ½ log K1 and the null is exactly 2.
 *
 * <p><b>Computation.</b> Sums of ½ log s² over an index range use prefix sums over one row and whole
 * rows; block variances S_i use a segment tree of partial sums (all positive, so a block of tiny variances
 * keeps its precision beside large ones). O(d + K2 log d).
 *
 * <p><b>Standard error of the difference.</b> The same batch-means groups as
 * {@link TailIndexAccumulator} (each group's own 1/α̂_g): d_g = 1/α̂_g − 1/α_null,g, SE(Δ(1/α)) =
 * sd(d_g)/√G, and by the delta method SE(α̂ − α_null) = α̂ α_null SE(Δ(1/α)). Under the null the d_g
 * scatter around 0, so the difference over its SE is the test statistic.
 *
 * @param alpha          the null α̂ = 1/inverse
 * @param inverse        E[1/α̂] under the null
 * @param groupInverses  each batch-means group's null 1/α, in group order
 */
public record GaussianNull(double alpha, double inverse, double[] groupInverses) {
    /** E log|Z| for a standard normal Z: −(γ + ln 2)/2. */
    public static final double LOG_ABS_NORMAL = -(0.5772156649015329 + Math.log(2)) / 2;

    /**
     * The null for {@code rows} rows of the coordinates whose variances are {@code variances}, in the order
     * they are fed, cut by {@code plan} (whose n must be rows · variances.length).
     */
    public static GaussianNull of(BlockPlan plan, double[] variances, long rows) {
        int d = variances.length;
        if (d == 0 || rows * d != plan.n()) {
            throw new IllegalArgumentException("the plan is for " + plan.n() + " scalars, not " + rows + " rows of " + d);
        }
        if (plan.k1() < 2) {
            return new GaussianNull(Double.NaN, Double.NaN, new double[0]);
        }
        double logEps = Math.log(TailIndexAccumulator.EPS);
        double[] prefixLog = new double[d + 1];
        for (int j = 0; j < d; j++) {
            double v = variances[j];
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("variance of coordinate " + j + " is " + v);
            }
            prefixLog[j + 1] = prefixLog[j] + (v > 0 ? 0.5 * Math.log(v) + LOG_ABS_NORMAL : logEps);
        }
        SegmentSums tree = new SegmentSums(variances);
        long k1 = plan.k1();
        long[] starts = TailIndexAccumulator.groupStarts(plan);
        int groups = starts.length - 1;
        double[] inv = new double[groups];
        double logK1 = Math.log(k1);
        double totalLogY = 0;
        double totalLogX = 0;
        for (int g = 0; g < groups; g++) {
            double logY = 0;
            for (long b = starts[g]; b < starts[g + 1]; b++) {
                double s = tree.rangeSum(b * k1, (b + 1) * k1);
                logY += s > 0 ? 0.5 * Math.log(s) + LOG_ABS_NORMAL : logEps;
            }
            double logX = cyclicSum(prefixLog, starts[g] * k1, starts[g + 1] * k1);
            long blocks = starts[g + 1] - starts[g];
            inv[g] = (logY / blocks - logX / (blocks * k1)) / logK1;
            totalLogY += logY;
            totalLogX += logX;
        }
        double inverse = (totalLogY / plan.k2() - totalLogX / plan.used()) / logK1;
        return new GaussianNull(1 / inverse, inverse, inv);
    }

    /**
     * α̂ − α_null with its batch-means standard error, from the accumulator's group inverses (which must come
     * from the same plan as this null).
     */
    public Difference difference(TailIndex measured, double[] measuredGroupInverses) {
        double diff = measured.alpha() - alpha;
        int g = measuredGroupInverses.length;
        if (g != groupInverses.length || g < 2) {
            return new Difference(diff, Double.NaN);
        }
        double mean = 0;
        for (int i = 0; i < g; i++) {
            mean += measuredGroupInverses[i] - groupInverses[i];
        }
        mean /= g;
        double ss = 0;
        for (int i = 0; i < g; i++) {
            double x = measuredGroupInverses[i] - groupInverses[i] - mean;
            ss += x * x;
        }
        double seInv = Math.sqrt(ss / (g - 1) / g);
        return new Difference(diff, Math.abs(measured.alpha() * alpha) * seInv);
    }

    /** α̂ − α_null and its standard error. */
    public record Difference(double value, double stderr) {
    }

    /** Σ_{k ∈ [a, b)} f(k mod d) from the prefix sums of f over one row. */
    private static double cyclicSum(double[] prefix, long a, long b) {
        int d = prefix.length - 1;
        long qa = a / d;
        long qb = b / d;
        return (qb - qa) * prefix[d] + prefix[(int) (b % d)] - prefix[(int) (a % d)];
    }

    /** Range sums over a cyclic index of non-negative values, from a segment tree (no cancellation). */
    private static final class SegmentSums {
        private final double[] tree;
        private final int size;
        private final int d;

        SegmentSums(double[] v) {
            d = v.length;
            int s = 1;
            while (s < d) {
                s <<= 1;
            }
            size = s;
            tree = new double[2 * s];
            System.arraycopy(v, 0, tree, s, d);
            for (int i = s - 1; i >= 1; i--) {
                tree[i] = tree[2 * i] + tree[2 * i + 1];
            }
        }

        /** Σ over [lo, hi) within one row. */
        private double within(int lo, int hi) {
            double s = 0;
            int l = lo + size;
            int r = hi + size;
            while (l < r) {
                if ((l & 1) == 1) {
                    s += tree[l++];
                }
                if ((r & 1) == 1) {
                    s += tree[--r];
                }
                l >>= 1;
                r >>= 1;
            }
            return s;
        }

        double rangeSum(long a, long b) {
            long qa = a / d;
            long qb = b / d;
            int ra = (int) (a % d);
            int rb = (int) (b % d);
            if (qa == qb) {
                return within(ra, rb);
            }
            return within(ra, d) + (qb - qa - 1) * tree[1] + within(0, rb);
        }
    }
}
