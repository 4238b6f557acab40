package dev.basin.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.rng.sampling.distribution.StableSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StableFitTest {
    static double[] stable(double alpha, double beta, double sigma, double delta, int n, long seed) {
        StableSampler s = StableSampler.of(Streams.of(seed, 0), alpha, beta, sigma, delta);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = s.sample();
        }
        return x;
    }

    static double quantile(StableLaw law, double p) {
        double lo = -1;
        double hi = 1;
        while (law.cdf(lo) > p) {
            lo *= 2;
        }
        while (law.cdf(hi) < p) {
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-13; i++) {
            double m = 0.5 * (lo + hi);
            if (law.cdf(m) < p) {
                lo = m;
            } else {
                hi = m;
            }
        }
        return 0.5 * (lo + hi);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.6, 0.8, 1.0, 1.2, 1.5, 1.8, 1.9, 2.0})
    void mcCullochOnExactQuantilesShowsOnlyTheTableInterpolationBias(double alpha) {
        // A "sample" of the exact (i − ½)/n quantiles: McCulloch's sample quantiles are then the law's quantiles,
        // so the estimate is his population value and its error is that of his tables and their linear
        // interpolation. Measured: α bias at most +0.011 (α = 1.2, ψ₁ is convex between ν_α = 4 and 5), σ within
        // 0.0015, δ = 0. This also checks the transcription of Tables III and V.
        StableLaw law = StableLaw.standard(alpha);
        int n = 2000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 3 + 2 * quantile(law, (i + 0.5) / n);
        }
        StableFit.Estimate e = StableFit.mcCulloch(x, true);
        assertThat(e.alpha()).isCloseTo(alpha, Offset.offset(0.012));
        assertThat(e.sigma()).isCloseTo(2, Offset.offset(0.004));
        assertThat(e.delta()).isCloseTo(3, Offset.offset(1e-9));
        assertThat(e.beta()).isZero();
        // The unconstrained fit also finds β = 0 on symmetric data.
        assertThat(StableFit.mcCulloch(x, false).beta()).isCloseTo(0, Offset.offset(1e-9));
        // Table V's β = 0 column against the exact IQR/σ (largest gap 0.013 at α = 0.6, 0.007 at 0.8).
        double iqr = quantile(law, 0.75) - quantile(law, 0.25);
        double[] phi3 = {2.337, 2.189, 2.098, 2.040, 2.000, 1.980, 1.965, 1.955, 1.946, 1.939, 1.933, 1.927, 1.921, 1.914, 1.908};
        int row = (int) Math.round((alpha - 0.6) * 10);
        assertThat(iqr).isCloseTo(phi3[row], Offset.offset(0.015));
    }

    /**
     * Spread of McCulloch's α̂ measured over 10 seeds at n = 10⁴ (sd 0.008, 0.019, 0.022, 0.030, 0.027 at
     * α = 0.8 … 2); it shrinks as 1/√n (0.002–0.007 at 10⁵ over 3 seeds).
     */
    static double mcCullochSpread(double alpha, int n) {
        return 0.03 * Math.sqrt(1e4 / n);
    }

    @ParameterizedTest
    @CsvSource({"0.8,10000", "1.2,10000", "1.5,10000", "1.8,10000", "2.0,10000", "0.8,100000", "1.2,100000", "1.5,100000", "1.8,100000",
        "2.0,100000"})
    void recoversAlphaAndSigmaOfSymmetricSamples(double alpha, int n) {
        double sigma = 1.3;
        double[] x = stable(alpha, 0, sigma, 0.2, n, 1000 + (long) (alpha * 10) + n);
        StableFit.Estimate k = StableFit.koutrouvelis(x, true);
        assertThat(k.converged()).isTrue();
        // Koutrouvelis's reported SE(α): measured 0.012–0.016 at n = 10⁴, 0.004–0.005 at 10⁵ (α < 2); it matches the
        // spread over seeds (see koutrouvelisStandardErrorMatchesTheSpreadOverSeeds).
        double cap = 0.02 * Math.sqrt(1e4 / n);
        assertThat(k.alphaStderr()).isLessThan(cap);
        assertThat(k.alpha()).isCloseTo(alpha, Offset.offset(4 * k.alphaStderr()));
        assertThat(k.sigma()).isCloseTo(sigma, Offset.offset(4 * k.sigmaStderr()));
        assertThat(k.sigmaStderr() / sigma).isLessThan(2 * cap);
        assertThat(k.delta()).isCloseTo(0.2, Offset.offset(4 * k.deltaStderr()));
        // McCulloch: its table bias (≤ 0.011, see above) plus four times its measured spread.
        StableFit.Estimate m = StableFit.mcCulloch(x, true);
        assertThat(m.alpha()).isCloseTo(alpha, Offset.offset(0.012 + 4 * mcCullochSpread(alpha, n)));
        assertThat(m.sigma()).isCloseTo(sigma, Offset.offset(sigma * (0.005 + 4 * mcCullochSpread(alpha, n))));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.8, 1.5, 1.8})
    void koutrouvelisStandardErrorMatchesTheSpreadOverSeeds(double alpha) {
        // 20 seeds at n = 10⁴: the sample sd of α̂ has relative sampling error ≈ 1/√(2·19) = 16%, so the ratio to the
        // mean reported SE should be within [0.6, 1.6] (measured 0.84, 1.12, 0.94 with 10 seeds).
        int seeds = 20;
        double[] a = new double[seeds];
        double se = 0;
        for (int s = 0; s < seeds; s++) {
            StableFit.Estimate k = StableFit.koutrouvelis(stable(alpha, 0, 1, 0, 10_000, 500 + s), true);
            a[s] = k.alpha();
            se += k.alphaStderr() / seeds;
        }
        double mean = 0;
        for (double v : a) {
            mean += v / seeds;
        }
        double ss = 0;
        for (double v : a) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (seeds - 1));
        assertThat(sd / se).as("sd %s, reported %s", sd, se).isBetween(0.6, 1.6);
        assertThat(mean).isCloseTo(alpha, Offset.offset(4 * se / Math.sqrt(seeds)));
    }

    @Test
    void gaussianSampleGivesAlphaTwo() {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(Streams.of(11, 0));
        double[] x = new double[10_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 5 + 3 * g.sample();
        }
        // N(5, 9) is SαS with α = 2, σ = 3/√2, δ = 5.
        StableFit.Estimate k = StableFit.koutrouvelis(x, true);
        assertThat(k.alpha()).isGreaterThan(1.98);
        assertThat(k.sigma()).isCloseTo(3 / Math.sqrt(2), Offset.offset(0.03 * 3 / Math.sqrt(2)));
        assertThat(k.delta()).isCloseTo(5, Offset.offset(0.12));
        assertThat(StableFit.mcCulloch(x, true).alpha()).isGreaterThan(1.9);
    }

    @ParameterizedTest
    @CsvSource({"1.5,0.5,2.0,1.0", "1.2,-0.7,1.0,-3.0", "0.8,0.5,1.0,0.0"})
    void skewedSamplesGiveBetaAndTheS0Location(double alpha, double beta, double sigma, double delta) {
        // StableSampler draws S(α, β, σ, δ; 0); the fits report the S0 location (McCulloch's ζ). Measured at
        // n = 10⁵: Koutrouvelis within 1.2 SE on β, 0.6 SE on δ; McCulloch within 0.04 on β and 0.02σ on δ.
        double[] x = stable(alpha, beta, sigma, delta, 100_000, 5);
        StableFit.Estimate k = StableFit.koutrouvelis(x, false);
        assertThat(k.symmetric()).isFalse();
        assertThat(k.alpha()).isCloseTo(alpha, Offset.offset(4 * k.alphaStderr()));
        assertThat(k.beta()).isCloseTo(beta, Offset.offset(4 * k.betaStderr()));
        assertThat(k.betaStderr()).isLessThan(0.03);
        assertThat(k.delta()).isCloseTo(delta, Offset.offset(4 * k.deltaStderr()));
        StableFit.Estimate m = StableFit.mcCulloch(x, false);
        assertThat(m.beta()).isCloseTo(beta, Offset.offset(0.08));
        assertThat(m.delta()).isCloseTo(delta, Offset.offset(0.05 * sigma));
        // A symmetric fit of a skewed sample misplaces the location.
        assertThat(Math.abs(StableFit.koutrouvelis(x, true).delta() - delta)).isGreaterThan(8 * k.deltaStderr());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.8, 1.5})
    void maximumLikelihoodImprovesOnKoutrouvelis(double alpha) {
        double[] x = stable(alpha, 0, 1.3, 0.2, 10_000, 77);
        StableFit.Estimate k = StableFit.koutrouvelis(x, true);
        StableFit.Estimate m = StableFit.maximumLikelihood(x);
        assertThat(m.converged()).isTrue();
        double llk = k.symmetricLaw().logLikelihood(x);
        double llm = m.symmetricLaw().logLikelihood(x);
        assertThat(llm).isGreaterThanOrEqualTo(llk);
        // The ML estimate is efficient: its observed-information SE is no larger than Koutrouvelis's (measured
        // 0.0086 vs 0.0118 at α = 0.8, 0.0151 vs 0.0159 at 1.5).
        assertThat(m.alphaStderr()).isLessThanOrEqualTo(k.alphaStderr() * 1.05);
        assertThat(m.alpha()).isCloseTo(alpha, Offset.offset(4 * m.alphaStderr()));
        assertThat(m.sigma()).isCloseTo(1.3, Offset.offset(4 * m.sigmaStderr()));
        assertThat(m.delta()).isCloseTo(0.2, Offset.offset(4 * m.deltaStderr()));
        // A maximum: moving α by one SE either way lowers log L by about ½ (quadratic approximation), not less than ¼.
        for (double step : new double[] {-1, 1}) {
            double a = m.alpha() + step * m.alphaStderr();
            double drop = llm - StableLaw.of(a, m.sigma(), m.delta()).logLikelihood(x);
            assertThat(drop).as("log L drop at α̂ %+g SE", step).isGreaterThan(0.1);
        }
    }

    @Test
    void bootstrapStandardErrorAgreesWithTheSandwich() {
        double[] x = stable(1.5, 0, 1, 0, 10_000, 9);
        StableFit.Estimate k = StableFit.koutrouvelis(x, true);
        StableFit.Estimate b = StableFit.bootstrapStderr(x, StableFit.Method.KOUTROUVELIS, true, 40, 3);
        assertThat(b.stderrMethod()).isEqualTo("parametric bootstrap (B = 40)");
        assertThat(b.alpha()).isEqualTo(k.alpha());
        // 40 replicates: the bootstrap sd has ≈ 11% relative error.
        assertThat(b.alphaStderr() / k.alphaStderr()).isBetween(0.65, 1.5);
        assertThat(b.sigmaStderr() / k.sigmaStderr()).isBetween(0.65, 1.5);
        // McCulloch has no SE of its own; the bootstrap gives one, larger than Koutrouvelis's at α = 1.5 (0.022
        // measured over seeds against 0.016).
        assertThat(StableFit.mcCulloch(x, true).alphaStderr()).isNaN();
        StableFit.Estimate mb = StableFit.bootstrapStderr(x, StableFit.Method.MCCULLOCH, true, 40, 3);
        assertThat(mb.alphaStderr()).isBetween(0.012, 0.035);
    }

    @Test
    void koutrouvelisGridFollowsHisTables() {
        assertThat(StableFit.chooseK(1.9, 200)).isEqualTo(9);
        assertThat(StableFit.chooseK(0.3, 1600)).isEqualTo(118);
        assertThat(StableFit.chooseK(1.3, 800)).isEqualTo(16);
        assertThat(StableFit.chooseK(1.7, 200)).isEqualTo(10);
        assertThat(StableFit.chooseK(2.0, 100_000)).isEqualTo(9);
        assertThat(StableFit.chooseL(0.7, 100)).isEqualTo(24);
        assertThat(StableFit.chooseL(1.1, 1200)).isEqualTo(18);
    }

    @Test
    void invalidSamplesAreRejected() {
        assertThatThrownBy(() -> StableFit.mcCulloch(new double[5], true)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 10");
        double[] withNan = stable(1.5, 0, 1, 0, 100, 1);
        withNan[7] = Double.NaN;
        assertThatThrownBy(() -> StableFit.koutrouvelis(withNan, true)).hasMessageContaining("non-finite value NaN at index 7");
        assertThatThrownBy(() -> StableFit.mcCulloch(new double[50], true)).hasMessageContaining("quartiles coincide");
        assertThatThrownBy(() -> StableFit.fit(stable(1.5, 0, 1, 0, 100, 1), StableFit.Method.MAXIMUM_LIKELIHOOD, false))
            .hasMessageContaining("symmetric");
        assertThatThrownBy(() -> StableFit.bootstrapStderr(stable(1.5, 0, 1, 0, 100, 1), StableFit.Method.MCCULLOCH, true, 1, 0))
            .hasMessageContaining("at least 2 replicates");
    }
}
