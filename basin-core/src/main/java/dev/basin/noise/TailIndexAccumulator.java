package dev.basin.noise;

import dev.basin.numeric.FloatVec;
import java.nio.FloatBuffer;

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
 * <p>Speed: the log-sum of the X's is taken as logs of products of up to 16 (|X|+ε) factors (one log per
 * 16 scalars), exact up to rounding; factors above 1e15 are logged one by one so that products stay in
 * double's range.
 */
public final class TailIndexAccumulator {
    /** numpy's spacing(1) = 2⁻⁵², the reference code's epsilon. */
    public static final double EPS = Math.ulp(1.0);
    static final int GROUPS = 50;
    private static final int PRODUCT_RUN = 16;
    private static final int BUFFER = 4096;

    private final BlockPlan plan;
    private final HillHeap hill;
    private final int groups;
    private final long blocksPerGroup;
    private final double logK1;
    private final double[] buffer = new double[BUFFER];
    private int buffered;

    private long seen;
    private double groupLogX;
    // Current block.
    private double blockSum;
    private double blockMax1;
    private double blockMax2;
    private long inBlock;
    private long blocksDone;
    private double groupLogY;
    private long groupBlocks;
    // Per-group 1/α estimates (Mohammadi).
    private final double[] groupInv;
    private int groupsDone;
    private double sumLogX;
    private double sumLogY;
    private double sumKappa;
    private double sumKappa2;

    /** An accumulator for exactly {@code plan.n()} scalars; the last {@code plan.dropped()} are ignored. */
    public TailIndexAccumulator(BlockPlan plan) {
        this.plan = plan;
        this.hill = new HillHeap((int) Math.min(Integer.MAX_VALUE - 8, (long) Math.ceil(Math.sqrt(plan.used())) + 1));
        this.groups = (int) Math.min(GROUPS, plan.k2());
        this.blocksPerGroup = plan.k2() / groups;
        this.groupInv = new double[groups];
        this.logK1 = Math.log(plan.k1());
    }

    public BlockPlan plan() {
        return plan;
    }

    /** Feeds one scalar (buffered; see {@link #accept(double[], int, int)} for bulk input). */
    public void accept(double x) {
        buffer[buffered++] = x;
        if (buffered == BUFFER) {
            flushBuffer();
        }
    }

    /** Feeds every element of {@code v} in order. */
    public void accept(FloatVec v) {
        FloatBuffer b = v.buffer();
        for (int i = 0, n = v.length(); i < n; i++) {
            accept(b.get(i));
        }
    }

    /** Feeds {@code xs[off .. off+len)} in order. */
    public void accept(double[] xs, int off, int len) {
        flushBuffer();
        process(xs, off, len);
    }

    private void flushBuffer() {
        if (buffered > 0) {
            int n = buffered;
            buffered = 0;
            process(buffer, 0, n);
        }
    }

    private void process(double[] xs, int off, int len) {
        int i = off;
        int end = off + len;
        long used = plan.used();
        long k1 = plan.k1();
        while (i < end) {
            if (seen >= used) {
                seen += end - i; // the plan's dropped tail
                return;
            }
            int seg = (int) Math.min(end - i, Math.min(k1 - inBlock, used - seen));
            double m1 = blockMax1;
            double m2 = blockMax2;
            double hillT = hill.threshold();
            double logX = 0;
            // Four independent lanes for the block sum and the log-product, so that neither is one long
            // chain of dependent floating-point operations. Each lane multiplies at most 16 factors (each
            // at most 1e15; larger ones are logged on their own) before its log is taken.
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double p0 = 1;
            double p1 = 1;
            double p2 = 1;
            double p3 = 1;
            int pc = 0;
            int j = i;
            int stop = i + seg;
            for (; j + 3 < stop; j += 4) {
                double x0 = xs[j];
                double x1 = xs[j + 1];
                double x2 = xs[j + 2];
                double x3 = xs[j + 3];
                s0 += x0;
                s1 += x1;
                s2 += x2;
                s3 += x3;
                double f0 = Math.abs(x0) + EPS;
                double f1 = Math.abs(x1) + EPS;
                double f2 = Math.abs(x2) + EPS;
                double f3 = Math.abs(x3) + EPS;
                double big = Math.max(Math.max(f0, f1), Math.max(f2, f3)) - EPS;
                if (big > m2 || big > hillT || big >= 1e15) {
                    // Rare after the first values: a new block maximum, a Hill candidate or a huge value.
                    for (int q = j; q < j + 4; q++) {
                        double x = Math.abs(xs[q]);
                        if (x > m2) {
                            if (x > m1) {
                                m2 = m1;
                                m1 = x;
                            } else {
                                m2 = x;
                            }
                        }
                        if (x > hillT) {
                            hill.offer(x);
                            hillT = hill.threshold();
                        }
                    }
                    if (big >= 1e15) {
                        logX += hugeLog(f0) + hugeLog(f1) + hugeLog(f2) + hugeLog(f3);
                        f0 = f0 > 1e15 ? 1 : f0;
                        f1 = f1 > 1e15 ? 1 : f1;
                        f2 = f2 > 1e15 ? 1 : f2;
                        f3 = f3 > 1e15 ? 1 : f3;
                    }
                }
                p0 *= f0;
                p1 *= f1;
                p2 *= f2;
                p3 *= f3;
                if (++pc == PRODUCT_RUN) {
                    logX += Math.log(p0) + Math.log(p1) + Math.log(p2) + Math.log(p3);
                    p0 = 1;
                    p1 = 1;
                    p2 = 1;
                    p3 = 1;
                    pc = 0;
                }
            }
            for (; j < stop; j++) {
                double x = xs[j];
                s0 += x;
                double a = Math.abs(x);
                if (a > m2) {
                    if (a > m1) {
                        m2 = m1;
                        m1 = a;
                    } else {
                        m2 = a;
                    }
                }
                if (a > hillT) {
                    hill.offer(a);
                    hillT = hill.threshold();
                }
                logX += Math.log(a + EPS);
            }
            logX += Math.log(p0) + Math.log(p1) + Math.log(p2) + Math.log(p3);
            double s = (s0 + s1) + (s2 + s3);
            blockSum += s;
            blockMax1 = m1;
            blockMax2 = m2;
            groupLogX += logX;
            seen += seg;
            inBlock += seg;
            i += seg;
            if (inBlock == k1) {
                endBlock();
            }
        }
    }

    /** log f for a factor too large for the running products, 0 for the others (they stay in the products). */
    private static double hugeLog(double f) {
        return f > 1e15 ? Math.log(f) : 0;
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
            double nX = (double) groupBlocks * plan.k1();
            groupInv[groupsDone++] = (groupLogY / groupBlocks - groupLogX / nX) / logK1;
            sumLogX += groupLogX;
            sumLogY += groupLogY;
            groupLogX = 0;
            groupLogY = 0;
            groupBlocks = 0;
        }
    }

    /**
     * The batch-means groups of a plan: group g covers blocks [start[g], start[g + 1]); the groups take
     * K2/G blocks each, G = min(50, K2), and the last group also takes the remainder.
     */
    public static long[] groupStarts(BlockPlan plan) {
        int g = (int) Math.min(GROUPS, plan.k2());
        long per = plan.k2() / g;
        long[] starts = new long[g + 1];
        for (int i = 0; i < g; i++) {
            starts[i] = i * per;
        }
        starts[g] = plan.k2();
        return starts;
    }

    /** Each batch-means group's own 1/α̂_g (Mohammadi), in group order; requires all scalars to have been fed. */
    public double[] groupInverses() {
        checkComplete();
        return groupInv.clone();
    }

    /** Scalars fed so far. */
    public long seen() {
        return seen + buffered;
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
        double[] t = hill.sorted();
        int k = t.length - 1;
        double threshold = t.length == 0 ? 0 : t[0];
        if (k < 1 || threshold <= 0) {
            return new TailIndex("hill", Double.NaN, Double.NaN, plan.used(), Math.max(k, 0), plan.dropped());
        }
        double s = 0;
        for (int i = 1; i < t.length; i++) {
            s += Math.log(t[i] / threshold);
        }
        double alpha = k / s;
        return new TailIndex("hill", alpha, alpha / Math.sqrt(k), plan.used(), k, plan.dropped());
    }

    private void checkComplete() {
        flushBuffer();
        if (seen != plan.n()) {
            throw new IllegalStateException("fed " + seen + " scalars, the plan is for " + plan.n());
        }
    }

    /** The largest {@code capacity} values seen, in a primitive min-heap; threshold() is the smallest kept. */
    private static final class HillHeap {
        private final double[] heap;
        private int size;

        HillHeap(int capacity) {
            heap = new double[capacity];
        }

        double threshold() {
            return size < heap.length ? Double.NEGATIVE_INFINITY : heap[0];
        }

        void offer(double v) {
            if (size < heap.length) {
                int i = size++;
                heap[i] = v;
                while (i > 0) {
                    int parent = (i - 1) >>> 1;
                    if (heap[parent] <= heap[i]) {
                        break;
                    }
                    double t = heap[parent];
                    heap[parent] = heap[i];
                    heap[i] = t;
                    i = parent;
                }
            } else if (v > heap[0]) {
                heap[0] = v;
                int i = 0;
                while (true) {
                    int l = 2 * i + 1;
                    if (l >= size) {
                        break;
                    }
                    int c = l + 1 < size && heap[l + 1] < heap[l] ? l + 1 : l;
                    if (heap[i] <= heap[c]) {
                        break;
                    }
                    double t = heap[c];
                    heap[c] = heap[i];
                    heap[i] = t;
                    i = c;
                }
            }
        }

        double[] sorted() {
            double[] out = java.util.Arrays.copyOf(heap, size);
            java.util.Arrays.sort(out);
            return out;
        }
    }
}
