package dev.basin.noise;

import java.util.ArrayList;
import java.util.List;

/**
 * A histogram of a 1-D sample with each fitted law's expected count per bin, for a log-count overlay (the paper's
 * Fig. 1). Bins are equal-width on [lo, hi]: bin j is [e_j, e_{j+1}) with e_j = lo + j (hi − lo)/bins, the last
 * bin closed on the right; values below lo or above hi are counted in {@code below} and {@code above}, not
 * binned. The expected count of bin j under a law is n · P(e_j &lt; X ≤ e_{j+1}), taken as a difference of F where
 * F(e_{j+1}) ≤ ½ and of S = 1 − F otherwise, so that tail bins keep their relative precision (a tail bin's
 * expectation of 1e-12 is not lost to rounding of F near 1). n is the whole sample's size, so the overlays are on
 * the same scale as the counts.
 *
 * @param edges     bins + 1 edges, increasing
 * @param counts    the sample's count in each bin
 * @param below     values &lt; lo
 * @param above     values &gt; hi
 * @param n         sample size (including below and above)
 * @param overlays  each law's expected counts, in the order given
 */
public record FitHistogram(double[] edges, long[] counts, long below, long above, int n, List<Overlay> overlays) {
    /** One law's expected count per bin; {@code family} as {@link Fits.Law#family()}. */
    public record Overlay(String family, Fits.Law law, double[] expected) {
    }

    public FitHistogram {
        overlays = List.copyOf(overlays);
    }

    /** The histogram and the overlays of the given laws. */
    public static FitHistogram of(double[] x, int bins, double lo, double hi, List<? extends Fits.Law> laws) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("the sample is empty");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
            throw new IllegalArgumentException("the range must be finite with lo < hi, got [" + lo + ", " + hi + "]");
        }
        double[] edges = new double[bins + 1];
        for (int j = 0; j <= bins; j++) {
            edges[j] = j == bins ? hi : lo + j * ((hi - lo) / bins);
        }
        long[] counts = new long[bins];
        long below = 0;
        long above = 0;
        double width = (hi - lo) / bins;
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("the sample has NaN at index " + i);
            }
            if (v < lo) {
                below++;
            } else if (v > hi) {
                above++;
            } else {
                int j = (int) Math.min(bins - 1, Math.floor((v - lo) / width));
                // Rounding can put a value one bin off near an edge; fix it against the stored edges.
                while (j > 0 && v < edges[j]) {
                    j--;
                }
                while (j < bins - 1 && v >= edges[j + 1]) {
                    j++;
                }
                counts[j]++;
            }
        }
        List<Overlay> overlays = new ArrayList<>();
        for (Fits.Law law : laws) {
            double[] f = law.cdf(edges);
            double[] s = law.survival(edges);
            double[] e = new double[bins];
            for (int j = 0; j < bins; j++) {
                double p = f[j + 1] <= 0.5 ? f[j + 1] - f[j] : s[j] - s[j + 1];
                e[j] = x.length * Math.max(0, p);
            }
            overlays.add(new Overlay(law.family(), law, e));
        }
        return new FitHistogram(edges, counts, below, above, x.length, overlays);
    }

    /** The histogram with every law of a comparison overlaid. */
    public static FitHistogram of(double[] x, int bins, double lo, double hi, GoodnessOfFit.Comparison comparison) {
        return of(x, bins, lo, hi, comparison.results().stream().map(GoodnessOfFit.Result::law).toList());
    }

    /** Bin centres. */
    public double[] centres() {
        double[] c = new double[counts.length];
        for (int j = 0; j < c.length; j++) {
            c[j] = 0.5 * (edges[j] + edges[j + 1]);
        }
        return c;
    }

    /** The overlay of one family. */
    public Overlay overlay(String family) {
        for (Overlay o : overlays) {
            if (o.family().equals(family)) {
                return o;
            }
        }
        throw new IllegalArgumentException("no overlay for " + family + "; have " + overlays.stream().map(Overlay::family).toList());
    }
}
