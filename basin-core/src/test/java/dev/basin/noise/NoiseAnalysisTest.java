package dev.basin.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class NoiseAnalysisTest {
    static NoiseAnalysis.Result analyse(double[] x, int rows, int d, boolean diagnostics) {
        return analyse(x, rows, d, diagnostics, true);
    }

    static NoiseAnalysis.Result analyse(double[] x, int rows, int d, boolean diagnostics, boolean centre) {
        NoiseRows m = new NoiseRows.Matrix(x, rows, d);
        return NoiseAnalysis.analyse(m, m, NoiseAnalysis.whole(d), new NoiseAnalysis.Options(false, Double.NaN, null, diagnostics, 200, 1, centre));
    }

    /** Columns {@code zeroCols} set to one constant value in every row (so zero noise). */
    static double[] withConstantColumns(double[] x, int rows, int d, int[] zeroCols) {
        double[] y = x.clone();
        for (int c : zeroCols) {
            for (int p = 0; p < rows; p++) {
                y[p * d + c] = 0.25 * c;
            }
        }
        return y;
    }

    static double[] dropColumns(double[] x, int rows, int d, int[] cols) {
        java.util.Set<Integer> drop = new java.util.HashSet<>();
        for (int c : cols) {
            drop.add(c);
        }
        int d2 = d - drop.size();
        double[] y = new double[rows * d2];
        for (int p = 0, i = 0; p < rows; p++) {
            for (int j = 0; j < d; j++) {
                if (!drop.contains(j)) {
                    y[i++] = x[p * d + j];
                }
            }
        }
        return y;
    }

    @Test
    void zeroCountsAreExactAndTheZeroExcludedAlphaIsTheAlphaOfTheSampleWithoutThoseColumns() {
        int rows = 100;
        int d = 500;
        double[] s = GaussianNullTest.scales(d, 2, 0, 3);
        int[] zeroCols = CoordinateTails.sampleCoordinates(d, 120, 5); // 24% of the coordinates
        double[] x = withConstantColumns(GaussianNullTest.sample(s, rows, 1.6, 4), rows, d, zeroCols);
        NoiseAnalysis.Result r = analyse(x, rows, d, false);
        NoiseAnalysis.Quantity q = r.quantities().get(NoiseAnalysis.RAW);
        assertThat(r.zeroVarianceCoordinates()).isEqualTo(120);
        assertThat(q.zeroScalars()).isEqualTo(120L * rows);
        NoiseAnalysis.Result without = analyse(dropColumns(x, rows, d, zeroCols), rows, d - 120, false);
        NoiseAnalysis.Quantity w = without.quantities().get(NoiseAnalysis.RAW);
        assertThat(q.nonzero().alpha()).isEqualTo(w.mohammadi().alpha());
        assertThat(q.nonzero().stderr()).isEqualTo(w.mohammadi().stderr());
        assertThat(q.nonzero().n()).isEqualTo(380L * rows);
        assertThat(q.nullAlphaNonzero()).isEqualTo(w.nullAlpha());
        // The exact zeros drag the reference α̂ far down (each adds log 2⁻⁵² ≈ −36 to the mean of log|X|).
        assertThat(q.mohammadi().alpha()).isLessThan(q.nonzero().alpha() - 0.3);
        // And the reference α̂ is exactly the estimator on the centred pooled sample, zeros included.
        double[] centred = x.clone();
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (int p = 0; p < rows; p++) {
                m += x[p * d + j];
            }
            m /= rows;
            for (int p = 0; p < rows; p++) {
                centred[p * d + j] = x[p * d + j] - m;
            }
        }
        assertThat(q.mohammadi().alpha()).isEqualTo(GaussianNullTest.feed(centred).mohammadi().alpha());
        assertThat(q.nullAlpha()).isFinite();
        assertThat(q.vsNull().value()).isFinite();
    }

    @Test
    void withoutZeroVarianceCoordinatesTheZeroExcludedAlphaIsTheReference() {
        double[] x = GaussianNullTest.sample(GaussianNullTest.scales(300, 1, 0, 1), 64, 2, 2);
        NoiseAnalysis.Quantity q = analyse(x, 64, 300, false).quantities().get(NoiseAnalysis.RAW);
        assertThat(q.nonzero()).isEqualTo(q.mohammadi());
        assertThat(q.zeroScalars()).isZero();
    }

    /**
     * SαS coordinates over three decades of scale, taken as noise around 0 (not centred: centring by the column mean,
     * itself heavy-tailed, raises the standardised α̂ at small P — by 0.10 at α = 1.2 and P = 500, see docs/tail-index.md).
     */
    @Test
    void standardisedAlphaRecoversThePerCoordinateAlphaUnderScaleHeterogeneity() {
        int rows = 500;
        int d = 2000;
        double[] s = GaussianNullTest.scales(d, 3, 0, 21);
        for (double alpha : new double[] {1.2, 1.5, 1.8}) {
            NoiseAnalysis.Result r = analyse(GaussianNullTest.sample(s, rows, alpha, 22), rows, d, true, false);
            NoiseAnalysis.Quantity q = r.quantities().get(NoiseAnalysis.RAW);
            NoiseAnalysis.Quantity centred = analyse(GaussianNullTest.sample(s, rows, alpha, 22), rows, d, true, true).quantities().get(NoiseAnalysis.RAW);
            System.out.printf("SaS %.1f, three decades of scale: pooled %.3f, standardised robust %.3f (centred %.3f), RMS %.3f, robust null %.3f%n",
                    alpha, q.mohammadi().alpha(), q.standardisedRobust().alpha(), centred.standardisedRobust().alpha(), q.standardisedRms().alpha(),
                    q.nullAlphaRobust());
            // Pooled over three decades of scales, the reference α̂ is far below the coordinates' α.
            assertThat(q.mohammadi().alpha()).isLessThan(alpha - 0.25);
            assertThat(q.standardisedRobust().alpha()).as("alpha %s", alpha).isCloseTo(alpha, Offset.offset(0.05));
            assertThat(q.standardisedRobust().stderr()).isLessThan(0.025);
            // The RMS, dominated by each column's largest values, over-corrects: lighter than the truth.
            assertThat(q.standardisedRms().alpha()).isGreaterThan(q.standardisedRobust().alpha());
            // The robust-scale null keeps the heterogeneity and drops the tail: α̂ lies far below it.
            assertThat(q.nonzeroVsRobustNull().value()).isLessThan(-5 * q.nonzeroVsRobustNull().stderr());
        }
        // Gaussian coordinates: both standardisations give 2 and both nulls explain the pooled α̂.
        NoiseAnalysis.Result g = analyse(GaussianNullTest.sample(s, rows, 2, 23), rows, d, true, false);
        NoiseAnalysis.Quantity q = g.quantities().get(NoiseAnalysis.RAW);
        System.out.printf("Gaussian, three decades of scale: pooled %.3f, variance null %.3f, robust null %.3f (alpha - null %.3f +/- %.3f)%n",
                q.nonzero().alpha(), q.nullAlphaNonzero(), q.nullAlphaRobust(), q.nonzeroVsRobustNull().value(), q.nonzeroVsRobustNull().stderr());
        assertThat(q.standardisedRms().alpha()).isCloseTo(2, Offset.offset(3 * q.standardisedRms().stderr() + 0.01));
        assertThat(q.standardisedRobust().alpha()).isCloseTo(2, Offset.offset(3 * q.standardisedRobust().stderr() + 0.01));
        assertThat(Math.abs(q.vsNull().value())).isLessThan(3 * q.vsNull().stderr());
        assertThat(Math.abs(q.nonzeroVsRobustNull().value())).isLessThan(3 * q.nonzeroVsRobustNull().stderr());
        assertThat(q.mohammadi().alpha()).isLessThan(1.6);
    }

    /**
     * The null from the measured variances is no detector of a heavy tail: a heavy tail inflates the variances
     * unevenly, so the null itself drops. With equal scales and SαS 1.5 coordinates it lies near the measured α̂.
     */
    @Test
    void theVarianceNullAbsorbsAHeavyTailAndTheRobustNullDoesNot() {
        int rows = 500;
        int d = 2000;
        double[] ones = GaussianNullTest.scales(d, 0, 0, 1);
        NoiseAnalysis.Quantity q = analyse(GaussianNullTest.sample(ones, rows, 1.5, 31), rows, d, true, false).quantities().get(NoiseAnalysis.RAW);
        System.out.printf("SaS 1.5, equal scales: alpha %.3f, variance null %.3f, robust null %.3f%n", q.nonzero().alpha(), q.nullAlphaNonzero(),
                q.nullAlphaRobust());
        assertThat(q.nullAlpha()).isLessThan(1.75);
        // Most of the tail is absorbed: α̂ is far closer to the variance null than to the robust one.
        assertThat(Math.abs(q.nonzeroVsNull().value())).isLessThan(0.25 * Math.abs(q.nonzeroVsRobustNull().value()));
        assertThat(q.nullAlphaRobust()).isCloseTo(2, Offset.offset(0.01));
        assertThat(q.nonzeroVsRobustNull().value()).isLessThan(-10 * q.nonzeroVsRobustNull().stderr());
    }

    /**
     * Gaussian coordinates of equal scale that share one factor per row (x_pj = z_p + 0.1 e_pj): the pooled estimator
     * reads the correlation as a heavy tail (block sums grow like K1, not √K1, so α̂ → 1), every coordinate is Gaussian,
     * and the random-sign surrogate gives 2 back.
     */
    @Test
    void dependenceBetweenCoordinatesLowersThePooledAlphaAndTheSurrogateRemovesIt() {
        int rows = 200;
        int d = 1000;
        double[] z = GaussianNullTest.sample(new double[] {1}, rows, 2, 41);
        double[] e = GaussianNullTest.sample(GaussianNullTest.scales(d, 0, 0, 1), rows, 2, 42);
        double[] x = new double[rows * d];
        for (int p = 0; p < rows; p++) {
            for (int j = 0; j < d; j++) {
                x[p * d + j] = z[p] + 0.1 * e[p * d + j];
            }
        }
        NoiseAnalysis.Quantity q = analyse(x, rows, d, true, false).quantities().get(NoiseAnalysis.RAW);
        System.out.printf("shared factor, Gaussian: pooled %.3f, random-sign surrogate %.3f +/- %.3f%n", q.nonzero().alpha(), q.randomSign().alpha(),
                q.randomSign().stderr());
        assertThat(q.nonzero().alpha()).isLessThan(1.2);
        assertThat(q.randomSign().alpha()).isCloseTo(2, Offset.offset(4 * q.randomSign().stderr() + 0.02));
        // Independent symmetric coordinates: the surrogate changes nothing beyond its sampling error.
        double[] y = GaussianNullTest.sample(GaussianNullTest.scales(d, 2, 0, 3), rows, 1.5, 43);
        NoiseAnalysis.Quantity r = analyse(y, rows, d, true, false).quantities().get(NoiseAnalysis.RAW);
        assertThat(r.randomSign().alpha()).isCloseTo(r.nonzero().alpha(), Offset.offset(4 * r.nonzero().stderr()));
    }

    @Test
    void theCoordinateSampleHoldsTheNoiseOfTheSampledColumns() {
        int rows = 20;
        int d = 50;
        double[] x = GaussianNullTest.sample(GaussianNullTest.scales(d, 1, 0, 8), rows, 2, 9);
        NoiseRows m = new NoiseRows.Matrix(x, rows, d);
        List<NoiseAnalysis.Segment> segs = List.of(new NoiseAnalysis.Segment("a", 0, 30), new NoiseAnalysis.Segment("b", 30, 20));
        NoiseAnalysis.Result r = NoiseAnalysis.analyse(m, m, segs, new NoiseAnalysis.Options(true, Double.NaN, null, true, 10, 4));
        NoiseAnalysis.CoordinateSample cs = r.sample();
        assertThat(cs.coordinates()).hasSize(10).isSorted();
        for (int i = 0; i < 10; i++) {
            int j = cs.coordinates()[i];
            assertThat(cs.groups()[i]).isEqualTo(j < 30 ? "a" : "b");
            double mean = 0;
            for (int p = 0; p < rows; p++) {
                mean += x[p * d + j];
            }
            mean /= rows;
            for (int p = 0; p < rows; p++) {
                assertThat(cs.column(i)[p]).isEqualTo(x[p * d + j] - mean);
            }
        }
        assertThat(r.quantities().get(NoiseAnalysis.RAW).perSegment()).containsOnlyKeys("a", "b");
    }

    @Test
    void mediansAreExact() {
        assertThat(NoiseAnalysis.median(new double[] {5, 1, 3}, 0, 3)).isEqualTo(3);
        assertThat(NoiseAnalysis.median(new double[] {9, 4, 1, 3, 2, 7}, 0, 6)).isEqualTo(3.5);
        assertThat(NoiseAnalysis.median(new double[] {0, 0, 0, 2}, 0, 4)).isEqualTo(0);
    }
}
