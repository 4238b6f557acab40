package dev.basin.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class FitsTest {
    static double[] draw(Fits.Law law, int n, long seed) {
        ContinuousSampler s = law.sampler(Streams.of(seed, 0));
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = s.sample();
        }
        return x;
    }

    /** √n D of a sample against a law (below 1.63 with probability 0.99 when the sample is from the law). */
    static double scaledKs(Fits.Law law, double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return Math.sqrt(s.length) * GoodnessOfFit.ksDistance(law.cdf(s));
    }

    @Test
    void gaussianIsTheMaximumLikelihoodFit() {
        double[] x = draw(new Fits.Gaussian(-2, 0.5, 0, 0), 5000, 1);
        Fits.Gaussian g = Fits.gaussian(x);
        double m = Arrays.stream(x).average().orElseThrow();
        double ss = Arrays.stream(x).map(v -> (v - m) * (v - m)).sum();
        assertThat(g.mean()).isCloseTo(m, Offset.offset(1e-12));
        assertThat(g.sd()).isCloseTo(Math.sqrt(ss / x.length), Percentage.withPercentage(1e-10)); // 1/n, not 1/(n − 1)
        NormalDistribution n = NormalDistribution.of(g.mean(), g.sd());
        double ll = Arrays.stream(x).map(n::logDensity).sum();
        assertThat(g.logLikelihood()).isCloseTo(ll, Offset.offset(1e-8 * Math.abs(ll)));
        assertThat(g.logLikelihood(x)).isCloseTo(ll, Offset.offset(1e-8 * Math.abs(ll)));
        assertThat(g.aic()).isEqualTo(4 - 2 * g.logLikelihood());
        assertThat(g.mean()).isCloseTo(-2, Offset.offset(4 * 0.5 / Math.sqrt(5000)));
        assertThat(g.sd()).isCloseTo(0.5, Offset.offset(4 * 0.5 / Math.sqrt(2 * 5000)));
    }

    @Test
    void studentTRecoversItsParametersAndMaximisesTheLikelihood() {
        Fits.StudentT truth = new Fits.StudentT(-1, 2, 3, 0, 0, 0);
        double[] x = draw(truth, 20_000, 2);
        Fits.StudentT t = Fits.studentT(x);
        // Asymptotic SEs at ν = 3, n = 2·10⁴ (Fisher information of the t family): SE(ν) ≈ 0.09, SE(μ) ≈ 0.015,
        // SE(s) ≈ 0.018; the bands are about 4 SE.
        assertThat(t.nu()).isCloseTo(3, Offset.offset(0.4));
        assertThat(t.location()).isCloseTo(-1, Offset.offset(0.06));
        assertThat(t.scale()).isCloseTo(2, Offset.offset(0.08));
        // The reported log L is Σ log f with Commons Statistics' density at the fitted parameters...
        TDistribution d = TDistribution.of(t.nu());
        double ll = Arrays.stream(x).map(v -> d.logDensity((v - t.location()) / t.scale()) - Math.log(t.scale())).sum();
        assertThat(t.logLikelihood()).isCloseTo(ll, Offset.offset(1e-9 * Math.abs(ll)));
        // ...and at least that of the truth and of small moves in each parameter (a maximum).
        assertThat(t.logLikelihood()).isGreaterThanOrEqualTo(truth.logLikelihood(x));
        double[][] moves = {{0.01, 0, 0}, {-0.01, 0, 0}, {0, 0.01, 0}, {0, -0.01, 0}, {0, 0, 0.05}, {0, 0, -0.05}};
        for (double[] mv : moves) {
            double other = Fits.studentLogLikelihood(x, t.location() + mv[0], t.scale() + mv[1], t.nu() + mv[2]);
            assertThat(t.logLikelihood()).isGreaterThanOrEqualTo(other - 1e-6);
        }
        assertThat(scaledKs(truth, x)).isLessThan(1.63); // the sampler draws from the law the CDF describes
    }

    @Test
    void studentTOfAGaussianSampleHasLargeNu() {
        double[] x = draw(new Fits.Gaussian(0, 1, 0, 0), 5000, 3);
        Fits.StudentT t = Fits.studentT(x);
        assertThat(t.nu()).isGreaterThan(30).isLessThanOrEqualTo(1000);
        // Nested only in the limit ν → ∞: at ν = 1000 (the bound, where this fit ends), log L_t − log L_Gauss =
        // Σ (z⁴ − 6z² + 3)/(4ν) + O(n/ν²), mean 0 and sd √(24n)/(4ν) = 0.09 here; allow 4 sd.
        assertThat(t.logLikelihood()).isGreaterThan(Fits.gaussian(x).logLikelihood() - Math.sqrt(24.0 * x.length) / 1000);
    }

    @Test
    void studentTSpansItsNuRange() {
        // Cauchy data (ν = 1) and near-ν_min data: the bounded parameterisation reaches both ends.
        double[] cauchy = draw(new Fits.StudentT(0, 1, 1, 0, 0, 0), 5000, 4);
        assertThat(Fits.studentT(cauchy).nu()).isCloseTo(1, Offset.offset(0.1));
        double[] heavy = draw(new Fits.StudentT(0, 1, 0.5, 0, 0, 0), 5000, 5);
        assertThat(Fits.studentT(heavy).nu()).isBetween(0.5, 0.6);
    }

    @Test
    void laplaceIsTheMaximumLikelihoodFit() {
        Fits.Laplace truth = new Fits.Laplace(1, 3, 0, 0);
        double[] x = draw(truth, 4001, 6);
        Fits.Laplace l = Fits.laplace(x);
        double[] s = x.clone();
        Arrays.sort(s);
        assertThat(l.location()).isEqualTo(s[2000]);
        double b = Arrays.stream(x).map(v -> Math.abs(v - s[2000])).average().orElseThrow();
        assertThat(l.scale()).isCloseTo(b, Percentage.withPercentage(1e-10));
        assertThat(l.logLikelihood()).isCloseTo(l.logLikelihood(x), Offset.offset(1e-8));
        assertThat(l.scale()).isCloseTo(3, Offset.offset(4 * 3 / Math.sqrt(4001)));
        assertThat(scaledKs(truth, x)).isLessThan(1.63);
        // Moving the location off the median lowers log L.
        assertThat(new Fits.Laplace(l.location() + 0.05, l.scale(), 0, 0).logLikelihood(x)).isLessThan(l.logLikelihood());
    }

    @Test
    void stableFamilyWrapsTheSymmetricFit() {
        double[] x = StableFitTest.stable(1.4, 0, 2, -1, 5000, 7);
        Fits.Stable s = Fits.stable(x, StableFit.Method.KOUTROUVELIS);
        assertThat(s.estimate().symmetric()).isTrue();
        assertThat(s.parameters()).isEqualTo(3);
        assertThat(s.logLikelihood()).isEqualTo(s.law().logLikelihood(x));
        assertThat(s.law().alpha()).isEqualTo(s.estimate().alpha());
        assertThat(scaledKs(s, draw(s, 5000, 8))).isLessThan(1.63);
        StableFit.Estimate skewed = StableFit.koutrouvelis(StableFitTest.stable(1.5, 0.6, 1, 0, 5000, 9), false);
        assertThatThrownBy(() -> new Fits.Stable(skewed, skewed.symmetricLaw(), 0, 5000)).hasMessageContaining("symmetric");
    }

    @Test
    void survivalIsAccurateInTheTails() {
        Fits.Law[] laws = {new Fits.Gaussian(0, 1, 0, 0), new Fits.StudentT(0, 1, 4, 0, 0, 0), new Fits.Laplace(0, 1, 0, 0),
            Fits.stable(StableFitTest.stable(1.5, 0, 1, 0, 2000, 10), StableFit.Method.MCCULLOCH)};
        double[] xs = {-3, -0.5, 0, 0.5, 3};
        for (Fits.Law law : laws) {
            double[] f = law.cdf(xs);
            double[] s = law.survival(xs);
            for (int i = 0; i < xs.length; i++) {
                assertThat(f[i] + s[i]).as(law.family()).isCloseTo(1, Offset.offset(1e-14));
            }
        }
        // Far out, where F rounds to 1, S is still positive and decreasing.
        double[] far = {30, 1e6, 50, 1e12};
        for (int i = 0; i < laws.length; i++) {
            double[] pts = {far[i], 1.2 * far[i]};
            assertThat(laws[i].cdf(pts)[0]).as(laws[i].family()).isEqualTo(1.0);
            double[] s = laws[i].survival(pts);
            assertThat(s[0]).as(laws[i].family()).isPositive();
            assertThat(s[1]).isPositive().isLessThan(s[0]);
        }
    }

    @Test
    void invalidSamplesAreRejected() {
        assertThatThrownBy(() -> Fits.gaussian(new double[] {1})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> Fits.gaussian(new double[] {2, 2, 2})).hasMessageContaining("constant");
        assertThatThrownBy(() -> Fits.studentT(new double[] {1, 2, Double.POSITIVE_INFINITY})).hasMessageContaining("non-finite value Infinity at index 2");
        assertThatThrownBy(() -> Fits.laplace(null)).hasMessageContaining("null");
        assertThatThrownBy(() -> Fits.studentT(new double[] {1, 1, 1, 1, 1, 2})).hasMessageContaining("quartiles coincide");
    }
}
