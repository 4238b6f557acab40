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

    /** The suite runs with the Vector API module, so the checks above test the vector path, not a fallback. */
    @Test
    void symmetricDrawsUseTheVectorBlockSampler() {
        assertThat(Cms.vectorAvailable()).as("jdk.incubator.vector in the test JVM").isTrue();
        assertThat(new StableNoise(1.5, 0, 1, 1, 0).implementation()).startsWith("cms-vector");
        assertThat(new StableNoise(1.5, 0.5, 1, 1, 0).implementation()).isEqualTo("commons");
        assertThat(new StableNoise(0.3, 0, 1, 1, 0).implementation()).isEqualTo("commons");
    }

    /** Fast path against the plain reference: the same uniforms through vector lanes and scalar Math. */
    @ParameterizedTest(name = "alpha = {0}")
    @CsvSource({"0.5", "0.9", "1", "1.2", "1.5", "1.8", "2"})
    void vectorLanesAgreeWithTheScalarFormula(double alpha) {
        int n = 10_007;
        org.apache.commons.rng.UniformRandomProvider rng = org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {3, 1});
        double[] v = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Cms.open01(rng);
            w[i] = Cms.open01(rng);
        }
        v[0] = 0x1.0p-53; // the extreme values open01 can return
        w[1] = 1 - 0x1.0p-53;
        v[2] = 1 - 0x1.0p-53;
        w[2] = 0x1.0p-53;
        double[] fast = new double[n];
        VectorCms.fill(alpha, 2, v, w, fast, n);
        for (int i = 0; i < n; i++) {
            double ref = 2 * Cms.scalar(alpha, v[i], w[i]);
            assertThat(Double.isFinite(fast[i])).as("draw %d", i).isTrue();
            assertThat(Math.abs(fast[i] - ref)).as("draw %d: %s vs %s", i, fast[i], ref).isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs(ref)));
        }
    }

    /** Two-sample Kolmogorov–Smirnov: Basin's block sampler against the library's, at fixed seeds. */
    @ParameterizedTest(name = "alpha = {0}")
    @CsvSource({"0.6", "1.2", "1.5", "1.8"})
    void blockSamplerHasTheLibrarysLaw(double alpha) {
        int n = 200_000;
        double[] a = new double[n];
        double[] b = new double[n];
        new StableNoise(alpha, 0, 1, 21, 0).fill(a);
        StableNoise.commons(alpha, 0, 1, 22, 0).fill(b);
        Arrays.sort(a);
        Arrays.sort(b);
        double d = 0;
        int i = 0;
        int j = 0;
        while (i < n && j < n) {
            if (a[i] <= b[j]) {
                i++;
            } else {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / n - (double) j / n));
        }
        double p = SpecialFunctions.kolmogorovTail(Math.sqrt(n / 2.0) * d);
        assertThat(p).as("two-sample KS D = %.5f", d).isGreaterThan(0.001);
        // Sensitivity: the same test tells α from α + 0.1.
        StableNoise.commons(alpha + 0.1, 0, 1, 22, 0).fill(b);
        Arrays.sort(b);
        double d2 = 0;
        i = 0;
        j = 0;
        while (i < n && j < n) {
            if (a[i] <= b[j]) {
                i++;
            } else {
                j++;
            }
            d2 = Math.max(d2, Math.abs((double) i / n - (double) j / n));
        }
        assertThat(SpecialFunctions.kolmogorovTail(Math.sqrt(n / 2.0) * d2)).isLessThan(0.001);
    }

    @Test
    void blockDrawsDoNotDependOnHowTheyAreConsumed() {
        double[] all = new double[1000];
        new StableNoise(1.3, 0, 1, 5, 2).fill(all);
        StableNoise s = new StableNoise(1.3, 0, 1, 5, 2);
        double[] part = new double[7];
        int k = 0;
        while (k + 8 <= all.length) {
            assertThat(s.sample()).isEqualTo(all[k++]);
            s.fill(part);
            for (double x : part) {
                assertThat(x).isEqualTo(all[k++]);
            }
        }
    }

    /** The first draw of each of 10⁵ streams has the right law too (raw small seeds once made it extreme). */
    @Test
    void firstDrawsAcrossStreamsHaveTheStableLaw() {
        int n = 100_000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = new StableNoise(1.5, 0, 1, 1, i).sample();
        }
        for (double omega : new double[] {0.3, 1.0}) {
            double sum = 0;
            for (double v : x) {
                sum += Math.cos(omega * v);
            }
            double mean = sum / n;
            assertThat(Math.abs(mean - Math.exp(-Math.pow(omega, 1.5)))).as("omega " + omega).isLessThan(4 * 0.71 / Math.sqrt(n));
        }
        assertThat(Arrays.stream(x).map(Math::abs).max().orElseThrow()).isLessThan(1e8);
    }
}
