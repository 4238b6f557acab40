package dev.basin.noise;

import dev.basin.numeric.FloatVec;
import java.nio.FloatBuffer;
import java.util.PriorityQueue;

/**
 * Estimates the α-stable tail index of a stream of scalars, in the order given, with O(1) memory
 * (plus k for Hill): the streaming form of the reference computation, which pools every noise
 * coordinate in row-major order and never needs the P×d matrix.
 *
 * <p><b>Mohammadi et al. (2015), as the reference code.</b> With the {@link BlockPlan}'s K1 and K2:
 * X_j the scalars, Y_i = Σ of the i-th block of K1 consecutive scalars,
 * 1/α̂ = ( mean_i log(|Y_i| + ε) − mean_j log(|X_j| + ε) ) / log K1, ε = 2⁻⁵² (numpy's
 * {@code spacing(1)}, as the reference). Standard error by batch means: the K2 blocks fall into G equal
 * groups of consecutive blocks; each group gives its own 1/α̂_g from its own X's and Y's, their mean is
 * exactly 1/α̂, SE(1/α̂) = sd_g / √G, and SE(α̂) = α̂² SE(1/α̂) (delta method). This assumes blocks far
 * apart are close to independent, true for i.i.d. scalars and for noise pooled over many batches.
 *
 * <p><b>Order statistics (block ratios).</b> In each block, the ratio κ = M₂/M₁ of the second-largest to
 * the largest |X|; for a tail P(|X| &gt; x) ~ c x^{−α}, E κ → α/(α + 1), so α̂ = κ̄/(1 − κ̄) (Paulauskas &amp;
 * Vaičiulis). SE from the block ratios' spread, mapped by the delta method: SE(α̂) = SE(κ̄)/(1 − κ̄)².
 *
 * <p><b>Hill</b> on |X|: 1/α̂ = (1/k) Σ_{i≤k} log(X_(i) / X_(k+1)) over the k largest, k = ⌈√N⌉
 * (a cross-check: for stable laws with α near 2 the power tail starts far out and Hill is biased).
 * SE(α̂) = α̂/√k.
 *
 * <p>Speed: logs of the X's are taken of products of up to 16 consecutive (|X|+ε) factors (one log per
 * 16 scalars), exact up to rounding; factors above 1e15 are logged one by one so the product stays in
 * double's range.
 */
public final class TailIndexAccumulator {
    /** numpy's spacing(1) = 2⁻⁵², the reference code's epsilon. */
    public static final double EPS = Math.ulp(1.0);
    static final int GROUPS = 50;
    private static final int PRODUCT_RUN = 16;

    private final BlockPlan plan;
    private final long hillK;
    private final PriorityQueue<Double> top;
    private final int groups;
    private final long blocksPerGroup;

    private long seen;
    // Running product of (|x|+ε) for the X-log sum, flushed every PRODUCT_RUN scalars or at a group end.
    private double product = 1;
    private int productCount;
    private double groupLogX;
    // Current block.
    private double blockSum;
    private double blockMax1;
    private double blockMax2;
    private long inBlock;
    private long blocksDone;
    private double groupLogY;
    private long groupBlocks;
    // Per-group 1/α estimates (Mohammadi) accumulated as sum and sum of squares.
    private final double[] groupInv;
    private int groupsDone;
    private double sumLogX;
    private double sumLogY;
    private double sumKappa;
    private double sumKappa2;

    /** An accumulator for exactly {@code plan.n()} scalars; the last {@code plan.dropped()} are ignored. */
    public TailIndexAccumulator(BlockPlan plan) {
        this.plan = plan;
        this.hillK = Math.max(1, (long) Math.ceil(Math.sqrt(plan.used())) );
        this.top = new PriorityQueue<>((int) Math.min(hillK + 2, 1 << 20));
        this.groups = (int) Math.min(GROUPS, plan.k2());
        this.blocksPerGroup = plan.k2() / groups;
        this.groupInv = new double[groups];
    }

    public BlockPlan plan() {
        return plan;
    }

    /** Feeds one scalar. */
    public void accept(double x) {
        if (seen >= plan.used()) {
            seen++;
            return;
        }
        seen++;
        double a = Math.abs(x);
        double f = a + EPS;
        if (f > 1e15) {
            groupLogX += Math.log(f); // keeps the running product of ≤ 16 factors below 1e240
        } else {
            product *= f;
            if (++productCount == PRODUCT_RUN) {
                flushProduct();
            }
        }
        blockSum += x;
        if (a > blockMax1) {
            blockMax2 = blockMax1;
            blockMax1 = a;
        } else if (a > blockMax2) {
            blockMax2 = a;
        }
        if (top.size() < hillK + 1) {
            top.add(a);
        } else if (a > top.peek()) {
            top.poll();
            top.add(a);
        }
        if (++inBlock == plan.k1()) {
            endBlock();
        }
    }

    /** Feeds every element of {@code v} in order. */
    public void accept(FloatVec v) {
        FloatBuffer b = v.buffer();
        for (int i = 0, n = v.length(); i < n; i++) {
            accept(b.get(i));
        }
    }

    private void flushProduct() {
        groupLogX += Math.log(product);
        product = 1;
        productCount = 0;
    }

    private void endBlock() {
        groupLogY += Math.log(Math.abs(blockSum) + EPS);
        if (blockMax1 > 0) {
            double kappa = blockMax2 / blockMax1;
            sumKappa += kappa;
            sumKappa2 += kappa * kappa;
        }
        blockSum = 0;
        blockMax1 = 0;
        blockMax2 = 0;
        inBlock = 0;
        blocksDone++;
        groupBlocks++;
        // Groups take blocksPerGroup blocks each; the last group also takes the remainder.
        boolean lastGroup = groupsDone == groups - 1;
        if ((!lastGroup && groupBlocks == blocksPerGroup) || (lastGroup && blocksDone == plan.k2())) {
            flushProduct();
            double nX = (double) groupBlocks * plan.k1();
            groupInv[groupsDone++] = (groupLogY / groupBlocks - groupLogX / nX) / Math.log(plan.k1());
            sumLogX += groupLogX;
            sumLogY += groupLogY;
            groupLogX = 0;
            groupLogY = 0;
            groupBlocks = 0;
        }
    }

    /** Scalars fed so far. */
    public long seen() {
        return seen;
    }

    /** The Mohammadi estimate; requires all {@code plan.n()} scalars to have been fed. */
    public TailIndex mohammadi() {
        checkComplete();
        if (plan.k1() < 2) {
            return new TailIndex("mohammadi", Double.NaN, Double.NaN, plan.used(), plan.k1(), plan.dropped());
        }
        double inv = (sumLogY / plan.k2() - sumLogX / plan.used()) / Math.log(plan.k1());
        double alpha = 1 / inv;
        double se = Double.NaN;
        if (groups >= 2) {
            // Batch means over groups (the last group may be larger; weights are ignored, a small effect).
            double mean = 0;
            for (double g : groupInv) {
                mean += g;
            }
            mean /= groups;
            double ss = 0;
            for (double g : groupInv) {
                ss += (g - mean) * (g - mean);
            }
            double seInv = Math.sqrt(ss / (groups - 1) / groups);
            se = alpha * alpha * seInv;
        }
        return new TailIndex("mohammadi", alpha, se, plan.used(), plan.k1(), plan.dropped());
    }

    /** The block order-statistics estimate α̂ = κ̄/(1 − κ̄). */
    public TailIndex orderStatistics() {
        checkComplete();
        long k2 = plan.k2();
        double mean = sumKappa / k2;
        double var = Math.max(0, sumKappa2 / k2 - mean * mean);
        double seMean = Math.sqrt(var / Math.max(1, k2 - 1));
        double alpha = mean / (1 - mean);
        double se = seMean / ((1 - mean) * (1 - mean));
        return new TailIndex("order", alpha, se, plan.used(), plan.k1(), plan.dropped());
    }

    /** The Hill estimate on the ⌈√N⌉ largest |X|. */
    public TailIndex hill() {
        checkComplete();
        Double[] t = top.toArray(new Double[0]);
        java.util.Arrays.sort(t);
        int k = t.length - 1;
        double threshold = t[0];
        if (k < 1 || threshold <= 0) {
            return new TailIndex("hill", Double.NaN, Double.NaN, plan.used(), k, plan.dropped());
        }
        double s = 0;
        for (int i = 1; i < t.length; i++) {
            s += Math.log(t[i] / threshold);
        }
        double alpha = k / s;
        return new TailIndex("hill", alpha, alpha / Math.sqrt(k), plan.used(), k, plan.dropped());
    }

    private void checkComplete() {
        if (seen != plan.n()) {
            throw new IllegalStateException("fed " + seen + " scalars, the plan is for " + plan.n());
        }
    }
}
