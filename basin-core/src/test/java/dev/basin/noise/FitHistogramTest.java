package dev.basin.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class FitHistogramTest {
    @Test
    void countsEdgesAndOutOfRangeValues() {
        double[] x = {-1, 0, 0.1, 0.25, 0.5, 0.999, 1, 1.5, Math.nextDown(0.5)};
        FitHistogram h = FitHistogram.of(x, 4, 0, 1, List.of());
        assertThat(h.edges()).containsExactly(0, 0.25, 0.5, 0.75, 1);
        // [0, .25): 0, 0.1; [.25, .5): 0.25, nextDown(0.5); [.5, .75): 0.5; [.75, 1]: 0.999, 1 (last bin closed).
        assertThat(h.counts()).containsExactly(2, 2, 1, 2);
        assertThat(h.below()).isEqualTo(1);
        assertThat(h.above()).isEqualTo(1);
        assertThat(h.n()).isEqualTo(9);
        assertThat(h.centres()).containsExactly(0.125, 0.375, 0.625, 0.875);
        assertThat(h.overlays()).isEmpty();
    }

    @Test
    void expectedCountsAreTheLawsBinProbabilitiesWithTailPrecision() {
        Fits.Gaussian g = new Fits.Gaussian(0, 1, 0, 0);
        double[] x = GoodnessOfFitTest.gaussian(0, 1, 10_000, 3, 0);
        FitHistogram h = FitHistogram.of(x, 20, -10, 10, List.of(g));
        FitHistogram.Overlay o = h.overlay("gaussian");
        NormalDistribution n = NormalDistribution.of(0, 1);
        double total = 0;
        for (double e : o.expected()) {
            total += e;
        }
        assertThat(total).isCloseTo(10_000 * (n.cumulativeProbability(10) - n.cumulativeProbability(-10)), Offset.offset(1e-8));
        // The bin [9, 10] expects 1e4 · (Q(9) − Q(10)) ≈ 1.1e-15: from S, not lost to rounding of F near 1.
        double far = 10_000 * (n.survivalProbability(9) - n.survivalProbability(10));
        assertThat(o.expected()[19]).isCloseTo(far, Percentage.withPercentage(1e-6));
        assertThat(o.expected()[0]).isCloseTo(far, Percentage.withPercentage(1e-6));
        // Counts against expectations: Pearson's χ² over bins expecting ≥ 5 (7 bins here, its mean ≈ 7).
        double chi2 = 0;
        int bins = 0;
        for (int j = 0; j < 20; j++) {
            if (o.expected()[j] >= 5) {
                double d = h.counts()[j] - o.expected()[j];
                chi2 += d * d / o.expected()[j];
                bins++;
            }
        }
        assertThat(bins).isBetween(6, 8);
        assertThat(chi2).isLessThan(bins + 5 * Math.sqrt(2.0 * bins));
    }

    @Test
    void overlaysEveryFamilyOfAComparison() {
        double[] x = StableFitTest.stable(1.3, 0, 1, 0, 3000, 4);
        GoodnessOfFit.Comparison c = GoodnessOfFit.compare(x, 0, 1);
        FitHistogram h = FitHistogram.of(x, 40, -20, 20, c);
        assertThat(h.overlays()).extracting(FitHistogram.Overlay::family).containsExactly("gaussian", "student-t", "stable", "laplace");
        // The Gaussian, its sd inflated by the tail, is far too flat at the centre; the SαS fit matches the central
        // bins' counts within Poisson error (4 sd).
        for (int j : new int[] {19, 20}) {
            double stable = h.overlay("stable").expected()[j];
            assertThat((double) h.counts()[j]).isCloseTo(stable, Offset.offset(4 * Math.sqrt(stable)));
            assertThat(h.overlay("gaussian").expected()[j]).isLessThan(h.counts()[j] / 3.0);
        }
        long inRange = 0;
        for (long k : h.counts()) {
            inRange += k;
        }
        assertThat(inRange + h.below() + h.above()).isEqualTo(3000);
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThatThrownBy(() -> FitHistogram.of(new double[] {1}, 0, 0, 1, List.of())).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("bins must be >= 1");
        assertThatThrownBy(() -> FitHistogram.of(new double[] {1}, 3, 1, 1, List.of())).hasMessageContaining("lo < hi");
        assertThatThrownBy(() -> FitHistogram.of(new double[] {}, 3, 0, 1, List.of())).hasMessageContaining("empty");
        assertThatThrownBy(() -> FitHistogram.of(new double[] {0.5, Double.NaN}, 3, 0, 1, List.of())).hasMessageContaining("NaN at index 1");
        assertThatThrownBy(() -> FitHistogram.of(new double[] {0.5}, 3, 0, 1, List.of()).overlay("stable")).hasMessageContaining("no overlay");
    }
}
