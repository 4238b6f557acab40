package dev.basin.noise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The tail of the gradient noise along the minibatch axis, one coordinate at a time: are the P values
 * ξ_1j … ξ_Pj of coordinate j heavy-tailed? (Xie et al. 2023, Battash et al. 2024, Panigrahi et al. 2019
 * ask this per coordinate, where {@link TailIndexAccumulator} pools all P·d scalars.)
 *
 * <p><b>Per coordinate</b> (a column of the P×m matrix, analysed as given: pass the noise ξ = g − ḡ, not the
 * raw gradients, since the tail fit is on |ξ|): a coordinate whose P values are all equal has zero variance
 * and is skipped and counted; every other one gets the {@link HillKs} tail index α̂ (NaN, and counted as
 * unfitted, when the column has too few non-zero values for any threshold or P &lt; 20), the {@link Normality}
 * p-values (Anderson–Darling, the primary, and K²) and the adjusted sample excess kurtosis G₂.
 *
 * <p><b>Summaries</b>, overall and per group (groups in order of first appearance): coordinates, zero-variance
 * coordinates, the 5/25/50/75/95% quantiles of the fitted α̂ (linear interpolation between order
 * statistics, R's type 7), the median G₂, and the fraction of tested coordinates whose Anderson–Darling
 * p-value rejects Gaussianity at 0.05 unadjusted, after Benjamini–Hochberg at q = 0.05 and after Holm at
 * 0.05 (the family is the summary's own tested coordinates: a group's corrections are over that group
 * alone), and K²'s unadjusted fraction as a cross-check. The tests treat each column's P values as i.i.d.;
 * the corrections treat the coordinates' p-values as independent (BH) or not at all (Holm).
 *
 * <p><b>Measured</b> (CoordinateTailsTest and the same matrices at seeds 1–5, P = 600, scales of the columns
 * 10^U(−8, 8)):
 * <ul>
 *   <li>Gaussian, m = 400: unadjusted rejection 0.023 … 0.050 (nominal 0.05, binomial SE 0.011), BH and Holm
 *       reject nothing, median G₂ −0.005 … −0.026 (G₂'s median sits a little below its mean 0), median α̂
 *       about 4.6 (a Gaussian has no power tail: α̂ then only describes the top third of the sample);</li>
 *   <li>SαS α = 1.3, m = 300: every coordinate rejected, unadjusted, by BH and by Holm; median α̂ 1.32 … 1.35
 *       (asserted within 0.08 of 1.3), 5–95% range of α̂ about 1.16 … 1.60; median G₂ about 150;</li>
 *   <li>Student-t ν = 3, m = 300: every coordinate rejected; median α̂ 2.25 … 2.29, biased down from 3 (the t
 *       tail's second-order term, at the thresholds the KS criterion picks at P = 600); median G₂ 8–11.</li>
 * </ul>
 * See {@link HillKs} for α̂'s bias on stable laws (up, growing as α → 2) and {@link Normality} for the
 * tests' power: per coordinate at P = 600 Gaussianity is rejected reliably for α ≤ 1.5, in 77% (A–D) / 93%
 * (K²) of coordinates at α = 1.9. Speed: about 0.28 ms per coordinate at P = 600 (one core), so 10⁵
 * coordinates take about half a minute.
 */
public final class CoordinateTails {
    /** The level of every rejection fraction. */
    public static final double LEVEL = 0.05;
    /** The group of every coordinate when no labels are given. */
    public static final String ALL = "all";

    /** How the P×m matrix is laid out in its double[]. */
    public enum Layout {
        /** value (p, j) at p·m + j: one minibatch's m coordinates contiguous (as noise is produced). */
        ROW_MAJOR,
        /** value (p, j) at j·P + p: one coordinate's P values contiguous. */
        COLUMN_MAJOR
    }

    /**
     * One tested coordinate.
     *
     * @param column         its column in the matrix (0-based)
     * @param group          its group label
     * @param tail           the HillKs fit of its P values
     * @param normalityP     Anderson–Darling p-value (primary)
     * @param k2P            D'Agostino–Pearson K² p-value
     * @param excessKurtosis G₂
     */
    public record Coordinate(int column, String group, HillKs.Fit tail, double normalityP, double k2P, double excessKurtosis) {
        public double alpha() {
            return tail.alpha();
        }
    }

    /** Quantiles of the per-coordinate α̂ (NaN when no coordinate could be fitted). */
    public record Quantiles(double q05, double q25, double q50, double q75, double q95) {
    }

    /**
     * One summary.
     *
     * @param group                 the group label ({@link #ALL} for the overall summary)
     * @param coordinates           coordinates in the group
     * @param zeroVariance          of which had all P values equal (not tested)
     * @param tested                coordinates − zeroVariance
     * @param unfitted              tested coordinates without a tail fit (too few non-zero values, or P &lt; 20)
     * @param alpha                 quantiles of α̂ over the tested, fitted coordinates
     * @param medianExcessKurtosis  median G₂ over the tested coordinates (NaN if none)
     * @param rejectedUnadjusted    fraction of tested coordinates with Anderson–Darling p ≤ 0.05 (0 if none tested)
     * @param rejectedBh            fraction rejected by Benjamini–Hochberg at q = 0.05
     * @param rejectedHolm          fraction rejected by Holm at 0.05
     * @param rejectedK2            fraction with K² p ≤ 0.05, unadjusted
     */
    public record Summary(String group, int coordinates, int zeroVariance, int tested, int unfitted, Quantiles alpha,
                          double medianExcessKurtosis, double rejectedUnadjusted, double rejectedBh, double rejectedHolm,
                          double rejectedK2) {
    }

    /**
     * Everything measured.
     *
     * @param minibatches P
     * @param overall     the summary over all m coordinates
     * @param groups      one summary per group, in order of first appearance (unmodifiable)
     * @param tested      every tested coordinate, in column order (unmodifiable)
     */
    public record Result(int minibatches, Summary overall, Map<String, Summary> groups, List<Coordinate> tested) {
        public Result {
            groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
            tested = List.copyOf(tested);
        }
    }

    private CoordinateTails() {
    }

    /** {@link #analyse(double[], int, int, Layout, List)} with every coordinate in the group {@link #ALL}. */
    public static Result analyse(double[] data, int minibatches, int coordinates, Layout layout) {
        return analyse(data, minibatches, coordinates, layout, null);
    }

    /**
     * @param data        the P×m matrix of noise values, finite, in {@code layout}
     * @param minibatches P ≥ {@value Normality#MIN_N}; below 2·{@value HillKs#DEFAULT_K_MIN} no tail is fitted (every
     *                    tested coordinate counts as unfitted) and only the Gaussianity tests run
     * @param coordinates m ≥ 1
     * @param layout      how {@code data} holds the matrix
     * @param groups      m group labels, e.g. each coordinate's parameter tensor; null puts all in {@link #ALL}
     */
    public static Result analyse(double[] data, int minibatches, int coordinates, Layout layout, List<String> groups) {
        int p = minibatches;
        int m = coordinates;
        if (data == null || layout == null) {
            throw new IllegalArgumentException("the matrix and its layout must be given");
        }
        if (p < Normality.MIN_N || m < 1) {
            throw new IllegalArgumentException("need at least " + Normality.MIN_N + " minibatches and 1 coordinate, got P = " + p
                + ", m = " + m);
        }
        if ((long) p * m != data.length) {
            throw new IllegalArgumentException("a " + p + "×" + m + " matrix has " + (long) p * m + " values, got " + data.length);
        }
        if (groups != null && groups.size() != m) {
            throw new IllegalArgumentException("need one group label per coordinate: " + m + " coordinates, " + groups.size() + " labels");
        }
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                int row = layout == Layout.ROW_MAJOR ? i / m : i % p;
                int col = layout == Layout.ROW_MAJOR ? i % m : i / p;
                throw new IllegalArgumentException("the matrix must be finite; minibatch " + row + ", coordinate " + col + " is " + data[i]);
            }
        }
        String[] label = new String[m];
        for (int j = 0; j < m; j++) {
            label[j] = groups == null ? ALL : groups.get(j);
            if (label[j] == null) {
                throw new IllegalArgumentException("group label of coordinate " + j + " is null");
            }
        }

        List<Coordinate> tested = new ArrayList<>();
        boolean[] zero = new boolean[m];
        double[] col = new double[p];
        for (int j = 0; j < m; j++) {
            if (layout == Layout.COLUMN_MAJOR) {
                System.arraycopy(data, j * p, col, 0, p);
            } else {
                for (int r = 0; r < p; r++) {
                    col[r] = data[r * m + j];
                }
            }
            boolean constant = true;
            for (int r = 1; r < p && constant; r++) {
                constant = col[r] == col[0];
            }
            if (constant) {
                zero[j] = true;
                continue;
            }
            HillKs.Fit fit = p >= 2 * HillKs.DEFAULT_K_MIN ? HillKs.fit(col)
                : new HillKs.Fit(Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, p, 0);
            Normality.Result nr = Normality.test(col);
            tested.add(new Coordinate(j, label[j], fit, nr.pValue(), nr.k2P(), nr.excessKurtosis()));
        }

        Summary overall = summarise(ALL, m, countTrue(zero), tested);
        Map<String, List<Coordinate>> byGroup = new LinkedHashMap<>();
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (int j = 0; j < m; j++) {
            byGroup.computeIfAbsent(label[j], g -> new ArrayList<>());
            int[] c = counts.computeIfAbsent(label[j], g -> new int[2]);
            c[0]++;
            if (zero[j]) {
                c[1]++;
            }
        }
        for (Coordinate c : tested) {
            byGroup.get(c.group()).add(c);
        }
        Map<String, Summary> summaries = new LinkedHashMap<>();
        for (Map.Entry<String, List<Coordinate>> e : byGroup.entrySet()) {
            int[] c = counts.get(e.getKey());
            summaries.put(e.getKey(), summarise(e.getKey(), c[0], c[1], e.getValue()));
        }
        return new Result(p, overall, summaries, tested);
    }

    private static int countTrue(boolean[] b) {
        int n = 0;
        for (boolean v : b) {
            n += v ? 1 : 0;
        }
        return n;
    }

    private static Summary summarise(String group, int coordinates, int zeroVariance, List<Coordinate> tested) {
        int t = tested.size();
        double[] alphas = new double[t];
        int fitted = 0;
        double[] kurt = new double[t];
        double[] pAd = new double[t];
        int rejected = 0;
        int rejectedK2 = 0;
        for (int i = 0; i < t; i++) {
            Coordinate c = tested.get(i);
            if (c.tail().fitted()) {
                alphas[fitted++] = c.alpha();
            }
            kurt[i] = c.excessKurtosis();
            pAd[i] = c.normalityP();
            rejected += c.normalityP() <= LEVEL ? 1 : 0;
            rejectedK2 += c.k2P() <= LEVEL ? 1 : 0;
        }
        double[] a = Arrays.copyOf(alphas, fitted);
        Arrays.sort(a);
        Arrays.sort(kurt);
        Quantiles q = new Quantiles(quantile(a, 0.05), quantile(a, 0.25), quantile(a, 0.5), quantile(a, 0.75), quantile(a, 0.95));
        double bh = Multiplicity.benjaminiHochberg(pAd, LEVEL).fraction();
        double holm = Multiplicity.holm(pAd, LEVEL).fraction();
        double frac = t == 0 ? 0 : (double) rejected / t;
        double fracK2 = t == 0 ? 0 : (double) rejectedK2 / t;
        return new Summary(group, coordinates, zeroVariance, t, t - fitted, q, quantile(kurt, 0.5), frac, bh, holm, fracK2);
    }

    /** The type-7 quantile of sorted values (NaN when empty). */
    static double quantile(double[] sorted, double prob) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        double h = (n - 1) * prob;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * m coordinates out of d, uniformly at random without replacement, as sorted indices in [0, d): Floyd's
     * algorithm (Bentley &amp; Floyd 1987) — for j = d − m … d − 1, draw t uniform in [0, j] and take t, or j if
     * t is already taken — which makes every m-subset equally likely, in O(m) expected time and memory, then
     * a sort. The generator is Commons RNG's XO_RO_SHI_RO_128_PP seeded with {@code seed} and its
     * {@code nextInt(bound)}, so a seed gives the same coordinates on every run with the same library.
     *
     * @param d    coordinates to choose from, ≥ 1
     * @param m    coordinates wanted, 1 ≤ m ≤ d
     * @param seed the seed
     * @return a new array, ascending
     */
    public static int[] sampleCoordinates(int d, int m, long seed) {
        if (d < 1 || m < 1 || m > d) {
            throw new IllegalArgumentException("can only choose between 1 and d coordinates of d >= 1, asked for " + m + " of " + d);
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        Set<Integer> chosen = new HashSet<>(Math.max(16, (int) Math.min(Integer.MAX_VALUE / 2, 2L * m)));
        int[] out = new int[m];
        int count = 0;
        for (int j = d - m; j < d; j++) {
            int t = rng.nextInt(j + 1);
            int pick = chosen.add(t) ? t : j;
            if (pick == j) {
                chosen.add(j);
            }
            out[count++] = pick;
        }
        Arrays.sort(out);
        return out;
    }
}
