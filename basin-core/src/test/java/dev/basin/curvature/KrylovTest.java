package dev.basin.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.numeric.SymmetricEigen;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KrylovTest {
    /** W = X Xᵀ / n, X d × n Gaussian: a Wishart matrix (positive definite when n ≥ d). */
    static double[][] wishart(int d, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[d][n];
        for (double[] row : x) {
            for (int j = 0; j < n; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        double[][] w = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += x[i][k] * x[j][k];
                }
                w[i][j] = w[j][i] = s / n;
            }
        }
        return w;
    }

    /** A symmetric Gaussian matrix (indefinite). */
    static double[][] goe(int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = rng.nextGaussian();
            }
        }
        return a;
    }

    /** Lanczos's top and bottom 5 against the dense solver, relative error below 1e-6, with and without restarts. */
    @ParameterizedTest(name = "basis {0}")
    @CsvSource({"200", "30", "12"})
    void lanczosMatchesTheDenseSolverOnWishartMatrices(int basis) {
        double[][] w = wishart(200, 260, 4);
        double[] truth = SymmetricEigen.of(w).values();
        SymmetricOperator op = SymmetricOperator.dense(w);
        Lanczos.Result top = Lanczos.eigs(op, 5, Lanczos.Which.LARGEST, 1e-10, 5000, basis, 1);
        Lanczos.Result bottom = Lanczos.eigs(op, 5, Lanczos.Which.SMALLEST, 1e-10, 5000, basis, 1);
        assertThat(top.converged()).isTrue();
        assertThat(bottom.converged()).isTrue();
        for (int i = 0; i < 5; i++) {
            double t = truth[truth.length - 1 - i];
            assertThat(Math.abs(top.values()[i] - t) / Math.abs(t)).as("top %d: %s vs %s", i, top.values()[i], t).isLessThan(1e-6);
            double b = truth[i];
            assertThat(Math.abs(bottom.values()[i] - b) / Math.abs(b)).as("bottom %d", i).isLessThan(1e-6);
            // The reported residual is the true one.
            double[] y = top.vectors()[i];
            double[] ay = new double[y.length];
            op.apply(y, ay);
            double r = 0;
            for (int j = 0; j < y.length; j++) {
                r += Math.pow(ay[j] - top.values()[i] * y[j], 2);
            }
            assertThat(Math.sqrt(r)).isCloseTo(top.residuals()[i], org.assertj.core.data.Offset.offset(1e-9 * Math.abs(t)));
        }
        if (basis < 200) {
            assertThat(top.restarts()).isPositive();
        }
        System.out.printf("Wishart 200, basis %d: top 5 in %d iterations (%d restarts), bottom 5 in %d%n", basis, top.iterations(), top.restarts(),
                bottom.iterations());
    }

    @Test
    void largestMagnitudeOnAnIndefiniteMatrixAndReproducibility() {
        double[][] a = goe(120, 8);
        double[] truth = SymmetricEigen.of(a).values();
        double[] byMagnitude = java.util.Arrays.stream(truth).boxed().sorted((x, y) -> Double.compare(Math.abs(y), Math.abs(x)))
                .mapToDouble(Double::doubleValue).toArray();
        Lanczos.Result r = Lanczos.eigs(SymmetricOperator.dense(a), 4, Lanczos.Which.MAGNITUDE, 1e-10, 5000, 40, 3);
        for (int i = 0; i < 4; i++) {
            assertThat(Math.abs(r.values()[i] - byMagnitude[i]) / Math.abs(byMagnitude[i])).isLessThan(1e-6);
        }
        Lanczos.Result again = Lanczos.eigs(SymmetricOperator.dense(a), 4, Lanczos.Which.MAGNITUDE, 1e-10, 5000, 40, 3);
        assertThat(again.values()).containsExactly(r.values());
        PowerIteration.Result p = PowerIteration.dominant(SymmetricOperator.dense(wishart(60, 200, 2)), 1e-9, 100_000, 1);
        double[] w = SymmetricEigen.of(wishart(60, 200, 2)).values();
        assertThat(p.converged()).isTrue();
        assertThat(p.value()).isCloseTo(w[w.length - 1], org.assertj.core.data.Offset.offset(1e-6 * w[w.length - 1]));
        assertThatThrownBy(() -> Lanczos.eigs(SymmetricOperator.dense(a), 121, Lanczos.Which.LARGEST, 1e-6, 100, 20, 1))
                .hasMessageContaining("asked for 121 eigenpairs of a 120-dimensional operator");
    }

    /**
     * Hutchinson and Hutch++ on non-diagonal matrices: over 40 seeds each, the estimate lies within 3 reported
     * standard errors of the true trace (at most 2 misses allowed; about 0.1 are expected), and the reported
     * error agrees with the spread of the estimates across seeds.
     */
    @Test
    void traceEstimatorsAreWithinTheirStandardErrors() {
        double[][] w = wishart(150, 40, 6); // rank 40: a few directions dominate
        double[][] a = goe(150, 9);
        for (double[][] m : new double[][][] {w, a}) {
            double truth = 0;
            for (int i = 0; i < m.length; i++) {
                truth += m[i][i];
            }
            SymmetricOperator op = SymmetricOperator.dense(m);
            for (boolean plusPlus : new boolean[] {false, true}) {
                int misses = 0;
                double sumSq = 0;
                double sumSe = 0;
                int seeds = 40;
                for (long seed = 0; seed < seeds; seed++) {
                    Trace.Estimate e = plusPlus ? Trace.hutchPlusPlus(op, 90, seed) : Trace.hutchinson(op, 30, seed);
                    if (Math.abs(e.value() - truth) > 3 * e.stderr()) {
                        misses++;
                    }
                    sumSq += Math.pow(e.value() - truth, 2);
                    sumSe += e.stderr();
                }
                double rms = Math.sqrt(sumSq / seeds);
                double meanSe = sumSe / seeds;
                assertThat(misses).as((plusPlus ? "Hutch++" : "Hutchinson") + " misses").isLessThanOrEqualTo(2);
                assertThat(rms / meanSe).as("observed error / reported SE").isBetween(0.6, 1.6);
            }
        }
        // Hutch++ beats Hutchinson at equal cost when the spectrum is dominated by a few directions.
        SymmetricOperator op = SymmetricOperator.dense(w);
        assertThat(Trace.hutchPlusPlus(op, 90, 1).stderr()).isLessThan(Trace.hutchinson(op, 90, 1).stderr());
    }

    @Test
    void spectralDensityIntegratesToOneAndItsMeanIsTheTrace() {
        double[][] w = wishart(200, 400, 11);
        double truth = 0;
        for (int i = 0; i < w.length; i++) {
            truth += w[i][i];
        }
        SpectralDensity.Result r = SpectralDensity.estimate(SymmetricOperator.dense(w), 10, 40, 2000, 0.02, 5);
        for (double[] row : r.weights()) {
            assertThat(java.util.Arrays.stream(row).sum()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-10));
        }
        double integral = 0;
        for (int i = 1; i < r.grid().length; i++) {
            integral += 0.5 * (r.density()[i] + r.density()[i - 1]) * (r.grid()[i] - r.grid()[i - 1]);
        }
        assertThat(integral).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(r.mean() * w.length).isCloseTo(r.trace().value(), org.assertj.core.data.Offset.offset(1e-9 * truth));
        assertThat(Math.abs(r.trace().value() - truth)).as("SLQ trace %.4f ± %.4f vs %.4f", r.trace().value(), r.trace().stderr(), truth)
                .isLessThan(3 * r.trace().stderr());
        // Extreme Ritz values reach the spectrum's edges.
        double[] ev = SymmetricEigen.of(w).values();
        double maxNode = java.util.Arrays.stream(r.nodes()).flatMapToDouble(java.util.Arrays::stream).max().orElseThrow();
        assertThat(maxNode).isCloseTo(ev[ev.length - 1], org.assertj.core.data.Offset.offset(1e-6 * ev[ev.length - 1]));
    }
}
