package dev.basin.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.noise.CoordinateTails.Layout;
import dev.basin.noise.CoordinateTails.Summary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.StableSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class CoordinateTailsTest {
    static final int P = 600;

    static Function<UniformRandomProvider, ContinuousSampler> gaussian() {
        return ZigguratSampler.NormalizedGaussian::of;
    }

    static Function<UniformRandomProvider, ContinuousSampler> stable(double alpha) {
        return r -> StableSampler.of(r, alpha, 0);
    }

    static Function<UniformRandomProvider, ContinuousSampler> studentT(double nu) {
        return r -> TDistribution.of(nu).createSampler(r)::sample;
    }

    /** A row-major P×m matrix whose column j is scale[j] × i.i.d. draws. */
    static double[] matrix(int p, double[] scale, long seed, Function<UniformRandomProvider, ContinuousSampler> law) {
        int m = scale.length;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ContinuousSampler s = law.apply(rng);
        double[] x = new double[p * m];
        for (int j = 0; j < m; j++) {
            for (int r = 0; r < p; r++) {
                x[r * m + j] = scale[j] * s.sample();
            }
        }
        return x;
    }

    /** m scales 10^U(−8, 8). */
    static double[] wildScales(int m, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] s = new double[m];
        for (int j = 0; j < m; j++) {
            s[j] = Math.pow(10, -8 + 16 * rng.nextDouble());
        }
        return s;
    }

    static double[] ones(int m) {
        double[] s = new double[m];
        Arrays.fill(s, 1);
        return s;
    }

    static double[] transpose(double[] rowMajor, int p, int m) {
        double[] c = new double[rowMajor.length];
        for (int r = 0; r < p; r++) {
            for (int j = 0; j < m; j++) {
                c[j * p + r] = rowMajor[r * m + j];
            }
        }
        return c;
    }

    static void assertNoNaN(Summary s) {
        assertThat(s.alpha().q05()).isNotNaN();
        assertThat(s.alpha().q25()).isNotNaN();
        assertThat(s.alpha().q50()).isNotNaN();
        assertThat(s.alpha().q75()).isNotNaN();
        assertThat(s.alpha().q95()).isNotNaN();
        assertThat(s.medianExcessKurtosis()).isNotNaN();
        assertThat(s.rejectedUnadjusted()).isNotNaN();
        assertThat(s.rejectedBh()).isNotNaN();
        assertThat(s.rejectedHolm()).isNotNaN();
        assertThat(s.rejectedK2()).isNotNaN();
    }

    /**
     * Gaussian columns, scales 10⁻⁸ … 10⁸, P = 600, m = 400: the unadjusted rejection rate within 3 binomial SE
     * (0.033) of 0.05 (measured over seeds 1–5: 0.023, 0.050, 0.045, 0.048, 0.033), BH and Holm reject at most
     * one coordinate (measured: none), |median G₂| &lt; 0.06 (measured −0.005 … −0.026). The scales do not matter:
     * every per-coordinate result equals that of the unit-scale matrix (to rounding).
     */
    @Test
    void gaussianColumnsOfWildlyDifferentScales() {
        int m = 400;
        double[] scales = wildScales(m, 3);
        CoordinateTails.Result r = CoordinateTails.analyse(matrix(P, scales, 2, gaussian()), P, m, Layout.ROW_MAJOR);
        Summary s = r.overall();
        System.out.println("CoordinateTails gaussian: " + s);
        assertThat(s.coordinates()).isEqualTo(m);
        assertThat(s.zeroVariance()).isZero();
        assertThat(s.tested()).isEqualTo(m);
        assertThat(s.unfitted()).isZero();
        assertThat(s.rejectedUnadjusted()).isCloseTo(0.05, Offset.offset(3 * Math.sqrt(0.05 * 0.95 / m)));
        assertThat(s.rejectedBh()).isLessThanOrEqualTo(1.0 / m);
        assertThat(s.rejectedHolm()).isLessThanOrEqualTo(1.0 / m);
        assertThat(s.medianExcessKurtosis()).isCloseTo(0, Offset.offset(0.06));
        assertThat(r.groups()).containsOnlyKeys(CoordinateTails.ALL);
        assertThat(r.groups().get(CoordinateTails.ALL)).isEqualTo(s);

        CoordinateTails.Result unit = CoordinateTails.analyse(matrix(P, ones(m), 2, gaussian()), P, m, Layout.ROW_MAJOR);
        for (int j = 0; j < m; j++) {
            CoordinateTails.Coordinate a = r.tested().get(j);
            CoordinateTails.Coordinate b = unit.tested().get(j);
            assertThat(a.column()).isEqualTo(j);
            assertThat(a.tail().k()).isEqualTo(b.tail().k());
            assertThat(a.alpha()).isCloseTo(b.alpha(), Percentage.withPercentage(1e-6));
            assertThat(a.normalityP()).isCloseTo(b.normalityP(), Offset.offset(1e-9));
            assertThat(a.excessKurtosis()).isCloseTo(b.excessKurtosis(), Offset.offset(1e-9));
        }
    }

    /**
     * SαS α = 1.3 columns, P = 600, m = 300, wild scales: at least 95% rejected unadjusted, by BH and by Holm
     * (measured: all, seeds 1–5), and the median α̂ within 0.08 of 1.3 (measured 1.32 … 1.35 over seeds 1–5; the
     * KS-chosen Hill fit is biased slightly up for stable laws, see {@link HillKs}).
     */
    @Test
    void stableColumnsAreHeavyTailedWithTheRightIndex() {
        int m = 300;
        CoordinateTails.Result r = CoordinateTails.analyse(matrix(P, wildScales(m, 5), 4, stable(1.3)), P, m, Layout.ROW_MAJOR);
        Summary s = r.overall();
        System.out.println("CoordinateTails SaS 1.3: " + s);
        assertThat(s.rejectedUnadjusted()).isGreaterThanOrEqualTo(0.95);
        assertThat(s.rejectedBh()).isGreaterThanOrEqualTo(0.95);
        assertThat(s.rejectedHolm()).isGreaterThanOrEqualTo(0.95);
        assertThat(s.alpha().q50()).isCloseTo(1.3, Offset.offset(0.08));
        assertThat(s.alpha().q05()).isLessThanOrEqualTo(s.alpha().q25());
        assertThat(s.alpha().q25()).isLessThanOrEqualTo(s.alpha().q50());
        assertThat(s.alpha().q50()).isLessThanOrEqualTo(s.alpha().q75());
        assertThat(s.alpha().q75()).isLessThanOrEqualTo(s.alpha().q95());
        assertThat(s.alpha().q95() - s.alpha().q05()).isBetween(0.1, 1.0);
        assertThat(s.medianExcessKurtosis()).isGreaterThan(10);
    }

    /**
     * Student-t ν = 3 columns, P = 600, m = 300: at least 90% rejected unadjusted and by BH (measured: all), median
     * G₂ above 3 (measured 8–11). The median α̂ lies in [2.0, 2.6] (measured 2.25 … 2.29 over seeds 1–5): the t
     * tail's second-order term biases the KS-chosen Hill fit down from ν = 3 at this P.
     */
    @Test
    void studentTColumns() {
        int m = 300;
        CoordinateTails.Result r = CoordinateTails.analyse(matrix(P, wildScales(m, 6), 5, studentT(3)), P, m, Layout.ROW_MAJOR);
        Summary s = r.overall();
        System.out.println("CoordinateTails t3: " + s);
        assertThat(s.rejectedUnadjusted()).isGreaterThanOrEqualTo(0.9);
        assertThat(s.rejectedBh()).isGreaterThanOrEqualTo(0.9);
        assertThat(s.alpha().q50()).isBetween(2.0, 2.6);
        assertThat(s.medianExcessKurtosis()).isGreaterThan(3);
    }

    /**
     * 50 all-zero and 10 constant columns among 250 are counted exactly as zero-variance and left out; a column of
     * 595 zeros and 5 spikes has variance, so it is tested, but no tail threshold fits (counted as unfitted); the
     * summary has no NaN.
     */
    @Test
    void zeroVarianceColumnsAreCountedNotNaN() {
        int m = 250;
        double[] x = matrix(P, ones(m), 8, gaussian());
        List<Integer> constant = new ArrayList<>();
        for (int j = 0; j < m; j += 4) {
            if (constant.size() < 60) {
                constant.add(j);
            }
        }
        for (int c = 0; c < constant.size(); c++) {
            int j = constant.get(c);
            for (int r = 0; r < P; r++) {
                x[r * m + j] = c < 50 ? 0 : 2.5;
            }
        }
        int sparse = 1;
        for (int r = 0; r < P; r++) {
            x[r * m + sparse] = r % 120 == 0 ? 1 + r : 0;
        }
        CoordinateTails.Result res = CoordinateTails.analyse(x, P, m, Layout.ROW_MAJOR);
        Summary s = res.overall();
        assertThat(s.coordinates()).isEqualTo(250);
        assertThat(s.zeroVariance()).isEqualTo(60);
        assertThat(s.tested()).isEqualTo(190);
        assertThat(s.unfitted()).isEqualTo(1);
        assertThat(res.tested()).hasSize(190);
        assertThat(res.tested()).extracting(CoordinateTails.Coordinate::column).doesNotContainAnyElementsOf(constant);
        CoordinateTails.Coordinate sp = res.tested().stream().filter(c -> c.column() == sparse).findFirst().orElseThrow();
        assertThat(sp.tail().fitted()).isFalse();
        assertThat(sp.normalityP()).isLessThan(1e-6);
        assertNoNaN(s);
        // Only Gaussian columns plus one spike column: the rejection fraction is that of the Gaussians, near 0.05.
        assertThat(s.rejectedUnadjusted()).isLessThan(0.12);
    }

    /**
     * Group A (Gaussian, 200 coordinates) and group B (SαS 1.3, 100), interleaved with B first: each group's
     * summary is computed on its own coordinates, groups come in order of first appearance, the overall summary
     * pools both, and the per-group corrections are over the group alone.
     */
    @Test
    void groupSummariesOnAMixedMatrix() {
        int m = 300;
        double[] gauss = matrix(P, wildScales(m, 9), 10, gaussian());
        double[] heavy = matrix(P, wildScales(m, 11), 12, stable(1.3));
        double[] x = new double[P * m];
        List<String> labels = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            boolean b = j % 3 == 0;
            labels.add(b ? "B.bias" : "A.weight");
            for (int r = 0; r < P; r++) {
                x[r * m + j] = (b ? heavy : gauss)[r * m + j];
            }
        }
        for (int r = 0; r < P; r++) {
            x[r * m + 2] = 0; // one zero column, in A
        }
        CoordinateTails.Result res = CoordinateTails.analyse(x, P, m, Layout.ROW_MAJOR, labels);
        assertThat(res.groups().keySet()).containsExactly("B.bias", "A.weight");
        Summary a = res.groups().get("A.weight");
        Summary b = res.groups().get("B.bias");
        System.out.println("CoordinateTails group A: " + a);
        System.out.println("CoordinateTails group B: " + b);
        assertThat(a.group()).isEqualTo("A.weight");
        assertThat(a.coordinates()).isEqualTo(200);
        assertThat(a.zeroVariance()).isEqualTo(1);
        assertThat(a.tested()).isEqualTo(199);
        assertThat(b.coordinates()).isEqualTo(100);
        assertThat(b.zeroVariance()).isZero();
        assertThat(a.rejectedUnadjusted()).isLessThan(0.1);
        assertThat(a.rejectedBh()).isLessThanOrEqualTo(1.0 / 199);
        assertThat(a.medianExcessKurtosis()).isCloseTo(0, Offset.offset(0.1));
        assertThat(a.alpha().q50()).isGreaterThan(3);
        assertThat(b.rejectedUnadjusted()).isGreaterThanOrEqualTo(0.95);
        assertThat(b.rejectedBh()).isGreaterThanOrEqualTo(0.95);
        assertThat(b.rejectedHolm()).isGreaterThanOrEqualTo(0.95);
        assertThat(b.alpha().q50()).isCloseTo(1.3, Offset.offset(0.1));
        Summary all = res.overall();
        assertThat(all.group()).isEqualTo(CoordinateTails.ALL);
        assertThat(all.coordinates()).isEqualTo(300);
        assertThat(all.zeroVariance()).isEqualTo(1);
        assertThat(all.tested()).isEqualTo(299);
        assertThat(all.rejectedUnadjusted() * 299).isCloseTo(a.rejectedUnadjusted() * 199 + b.rejectedUnadjusted() * 100, Offset.offset(1e-9));
        assertThat(all.alpha().q50()).isBetween(b.alpha().q50(), a.alpha().q50());
        for (CoordinateTails.Coordinate c : res.tested()) {
            assertThat(c.group()).isEqualTo(c.column() % 3 == 0 ? "B.bias" : "A.weight");
        }
        assertThatThrownBy(() -> res.groups().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    /** The same matrix in either layout gives the identical result. */
    @Test
    void layoutsAgree() {
        int m = 40;
        double[] x = matrix(P, wildScales(m, 13), 14, stable(1.6));
        CoordinateTails.Result row = CoordinateTails.analyse(x, P, m, Layout.ROW_MAJOR);
        CoordinateTails.Result col = CoordinateTails.analyse(transpose(x, P, m), P, m, Layout.COLUMN_MAJOR);
        assertThat(col).isEqualTo(row);
        // And the per-coordinate values are those of the column on its own.
        double[] c7 = new double[P];
        for (int r = 0; r < P; r++) {
            c7[r] = x[r * m + 7];
        }
        assertThat(row.tested().get(7).tail()).isEqualTo(HillKs.fit(c7));
        assertThat(row.tested().get(7).normalityP()).isEqualTo(Normality.test(c7).pValue());
    }

    /** 8 ≤ P &lt; 20: the Gaussianity tests run, no tail is fitted, α̂ quantiles are NaN. */
    @Test
    void shortColumnsGetNoTailFit() {
        int p = 12;
        int m = 30;
        CoordinateTails.Result r = CoordinateTails.analyse(matrix(p, ones(m), 15, gaussian()), p, m, Layout.ROW_MAJOR);
        assertThat(r.overall().tested()).isEqualTo(30);
        assertThat(r.overall().unfitted()).isEqualTo(30);
        assertThat(r.overall().alpha().q50()).isNaN();
        assertThat(r.overall().medianExcessKurtosis()).isNotNaN();
    }

    /** About 0.25 ms per coordinate at P = 600 (printed); asserted under 5 ms. */
    @Test
    void speed() {
        int m = 1000;
        double[] x = matrix(P, ones(m), 16, stable(1.5));
        CoordinateTails.analyse(x, P, m, Layout.ROW_MAJOR); // warm-up
        long t0 = System.nanoTime();
        CoordinateTails.analyse(x, P, m, Layout.ROW_MAJOR);
        double perCoordinate = (System.nanoTime() - t0) / 1e6 / m;
        System.out.printf("CoordinateTails: %.3f ms per coordinate at P = %d%n", perCoordinate, P);
        assertThat(perCoordinate).isLessThan(5);
    }

    @Test
    void rejectsBadInput() {
        double[] ok = matrix(P, ones(3), 1, gaussian());
        assertThatThrownBy(() -> CoordinateTails.analyse(new double[7 * 3], 7, 3, Layout.ROW_MAJOR))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 8 minibatches").hasMessageContaining("P = 7");
        assertThatThrownBy(() -> CoordinateTails.analyse(new double[0], P, 0, Layout.ROW_MAJOR))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m = 0");
        double[] nan = ok.clone();
        nan[5 * 3 + 2] = Double.NaN;
        assertThatThrownBy(() -> CoordinateTails.analyse(nan, P, 3, Layout.ROW_MAJOR))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minibatch 5, coordinate 2 is NaN");
        assertThatThrownBy(() -> CoordinateTails.analyse(nan, P, 3, Layout.COLUMN_MAJOR))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minibatch 17, coordinate 0 is NaN");
        assertThatThrownBy(() -> CoordinateTails.analyse(ok, P, 4, Layout.ROW_MAJOR))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("600×4 matrix has 2400 values, got 1800");
        assertThatThrownBy(() -> CoordinateTails.analyse(ok, P, 3, Layout.ROW_MAJOR, List.of("a", "b")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 coordinates, 2 labels");
        assertThatThrownBy(() -> CoordinateTails.analyse(ok, P, 3, Layout.ROW_MAJOR, Arrays.asList("a", null, "b")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coordinate 1 is null");
        assertThatThrownBy(() -> CoordinateTails.analyse(ok, P, 3, null)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Sorted, distinct, in range, reproducible by seed; m = d gives everything. */
    @Test
    void sampleCoordinatesBasics() {
        int[] a = CoordinateTails.sampleCoordinates(1_000_000, 5000, 7);
        assertThat(a).hasSize(5000).isSorted();
        assertThat(Arrays.stream(a).distinct().count()).isEqualTo(5000);
        assertThat(a[0]).isGreaterThanOrEqualTo(0);
        assertThat(a[a.length - 1]).isLessThan(1_000_000);
        assertThat(CoordinateTails.sampleCoordinates(1_000_000, 5000, 7)).isEqualTo(a);
        assertThat(CoordinateTails.sampleCoordinates(1_000_000, 5000, 8)).isNotEqualTo(a);
        int[] all = CoordinateTails.sampleCoordinates(17, 17, 1);
        assertThat(all).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        // Spread over the whole range, not bunched (each decile holds about 500).
        int[] decile = new int[10];
        for (int i : a) {
            decile[i / 100_000]++;
        }
        for (int c : decile) {
            assertThat(c).isBetween(400, 600);
        }
        assertThatThrownBy(() -> CoordinateTails.sampleCoordinates(10, 11, 1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("asked for 11 of 10");
        assertThatThrownBy(() -> CoordinateTails.sampleCoordinates(10, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Uniform over subsets: 3 of 10 coordinates, 24,000 seeds; each of the 120 subsets expected 200 times. The
     * χ² statistic (119 degrees of freedom) must not be significant at 0.001.
     */
    @Test
    void sampleCoordinatesIsUniformOverSubsets() {
        int reps = 24_000;
        int[] counts = new int[1 << 10];
        for (int s = 0; s < reps; s++) {
            int mask = 0;
            for (int i : CoordinateTails.sampleCoordinates(10, 3, s)) {
                mask |= 1 << i;
            }
            counts[mask]++;
        }
        double expected = reps / 120.0;
        double chi2 = 0;
        int subsets = 0;
        for (int mask = 0; mask < counts.length; mask++) {
            if (Integer.bitCount(mask) == 3) {
                subsets++;
                chi2 += (counts[mask] - expected) * (counts[mask] - expected) / expected;
            } else {
                assertThat(counts[mask]).isZero();
            }
        }
        assertThat(subsets).isEqualTo(120);
        double p = ChiSquaredDistribution.of(119).survivalProbability(chi2);
        System.out.printf("sampleCoordinates: chi2 = %.1f on 119 df, p = %.3f%n", chi2, p);
        assertThat(p).isGreaterThan(0.001);
        assertThat(Collections.max(Arrays.stream(counts).boxed().toList())).isLessThan(300);
    }
}
