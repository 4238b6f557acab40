package dev.basin.sde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.data.Npy;
import dev.basin.noise.SampleFile;
import dev.basin.numeric.SpecialFunctions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StableNoiseTest {
    @TempDir
    Path dir;

    static double[] draws(double alpha, double scale, int n, long seed) {
        double[] x = new double[n];
        new StableNoise(alpha, 0, scale, seed, 0).fill(x);
        return x;
    }

    /** Kolmogorov–Smirnov statistic D and its asymptotic p-value P(K > √n D). */
    static double ksPValue(double[] xs, DoubleUnaryOperator cdf) {
        double[] x = xs.clone();
        Arrays.sort(x);
        int n = x.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(x[i]);
            d = Math.max(d, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
        }
        return SpecialFunctions.kolmogorovTail(Math.sqrt(n) * d);
    }

    @Test
    void alphaOneIsCauchyAndAlphaTwoIsNormalWithVarianceTwo() {
        for (long seed : new long[] {1, 2, 3}) {
            double pc = ksPValue(draws(1.0, 1, 200_000, seed), x -> 0.5 + Math.atan(x) / Math.PI);
            double pn = ksPValue(draws(2.0, 1, 200_000, seed), x -> SpecialFunctions.normalCdf(x / Math.sqrt(2)));
            assertThat(pc).as("Cauchy, seed " + seed).isGreaterThan(0.001);
            assertThat(pn).as("N(0, 2), seed " + seed).isGreaterThan(0.001);
            // The same test must reject the wrong law: N(0, 1) for α = 2.
            double wrong = ksPValue(draws(2.0, 1, 200_000, seed), SpecialFunctions::normalCdf);
            assertThat(wrong).isLessThan(1e-6);
        }
    }

    /** E cos(ωX) = e^{−|σω|^α}; the empirical mean must lie within 4 standard errors at every ω. */
    @ParameterizedTest(name = "alpha = {0}, sigma = {1}")
    @CsvSource({"0.5,1", "1.2,1", "1.8,1", "1.5,2.5"})
    void characteristicFunctionMatchesThePapersNormalisation(double alpha, double sigma) {
        double[] x = draws(alpha, sigma, 400_000, 11);
        for (double w : new double[] {0.1, 0.3, 0.7, 1.0, 2.0}) {
            double omega = w / sigma;
            double sum = 0;
            double sq = 0;
            for (double v : x) {
                double c = Math.cos(omega * v);
                sum += c;
                sq += c * c;
            }
            double mean = sum / x.length;
            double se = Math.sqrt((sq / x.length - mean * mean) / x.length);
            double truth = Math.exp(-Math.pow(Math.abs(sigma * omega), alpha));
            assertThat(Math.abs(mean - truth)).as("omega %.2f: %.5f vs %.5f (se %.5f)", omega, mean, truth, se).isLessThan(4 * se);
        }
    }

    @Test
    void streamsAreReproducibleAndIndependent() {
        double[] a = new double[5];
        double[] b = new double[5];
        double[] c = new double[5];
        new StableNoise(1.5, 0, 1, 7, 3).fill(a);
        new StableNoise(1.5, 0, 1, 7, 3).fill(b);
        new StableNoise(1.5, 0, 1, 7, 4).fill(c);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
        assertThatThrownBy(() -> new StableNoise(2.5, 0, 1, 1, 0)).hasMessageContaining("alpha must be in (0, 2], got 2.5");
        assertThatThrownBy(() -> new StableNoise(1.5, 2, 1, 1, 0)).hasMessageContaining("beta must be in [-1, 1]");
        assertThatThrownBy(() -> new StableNoise(1.5, 0, 0, 1, 0)).hasMessageContaining("scale must be a positive");
    }

    @Test
    void shapesApplyTheirMatrices() {
        double[] l = {1, -2, 0.5};
        double[] out = new double[3];
        NoiseShape.isotropic(3, 2).apply(l, out);
        assertThat(out).containsExactly(2, -4, 1);
        NoiseShape.diagonal(new double[] {1, 0.5, 3}).apply(l, out);
        assertThat(out).containsExactly(1, -1, 1.5);
        // Aligned with the axes rotated by 45° in the first two coordinates, scales (2, 1, 0).
        double r = Math.sqrt(0.5);
        double[][] u = {{r, -r, 0}, {r, r, 0}, {0, 0, 1}};
        NoiseShape.aligned(u, new double[] {2, 1, 0}).apply(l, out);
        // Σ = U diag(2,1,0) Uᵀ = [[1.5, 0.5, 0], [0.5, 1.5, 0], [0, 0, 0]]
        assertThat(out[0]).isCloseTo(1.5 - 1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(out[1]).isCloseTo(0.5 - 3.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(out[2]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> NoiseShape.full(new double[][] {{1, 2}, {3}})).hasMessageContaining("must be square");
    }

    @Test
    void npyFilesRoundTrip() throws IOException {
        double[] x = draws(1.3, 1, 1000, 5);
        Path f = dir.resolve("x.npy");
        Npy.writeDoubles(f, x);
        List<Double> back = new ArrayList<>();
        new SampleFile(f, null).forEach(back::add);
        assertThat(back.stream().mapToDouble(Double::doubleValue).toArray()).containsExactly(x);
    }
}
