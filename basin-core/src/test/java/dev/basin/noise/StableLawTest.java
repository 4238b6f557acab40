package dev.basin.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.numeric.SpecialFunctions;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.rng.sampling.distribution.StableSampler;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StableLawTest {
    /** Gauss–Legendre nodes and weights on [−1, 1] (Newton on P_n). */
    static double[][] gaussLegendre(int n) {
        double[] x = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            for (int it = 0; it < 100; it++) {
                double p0 = 1;
                double p1 = z;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                double dp = n * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-16) {
                    double q0 = 1;
                    double q1 = z;
                    for (int k = 2; k <= n; k++) {
                        double q2 = ((2 * k - 1) * z * q1 - (k - 1) * q0) / k;
                        q0 = q1;
                        q1 = q2;
                    }
                    dp = n * (z * q1 - q0) / (z * z - 1);
                    break;
                }
            }
            x[i] = z;
            double p0 = 1;
            double p1 = z;
            for (int k = 2; k <= n; k++) {
                double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            double dp = n * (z * p1 - p0) / (z * z - 1);
            w[i] = 2 / ((1 - z * z) * dp * dp);
        }
        return new double[][] {x, w};
    }

    static final double[][] GL = gaussLegendre(20);

    /**
     * The Fourier integrals, independently of Nolan's: {f, F} at x for SαS(1), on a mesh graded towards t = 0
     * (where e^{−t^α} is not smooth for α &lt; 1) and fine enough for the oscillation.
     */
    static double[] fourier(double alpha, double x) {
        double tMax = Math.pow(42, 1 / alpha);
        double width = Math.min(0.25, 0.5 / Math.max(Math.abs(x), 1e-9));
        double f = 0;
        double s = 0;
        double a = 0;
        double b = 1e-14;
        while (a < tMax) {
            double m = 0.5 * (a + b);
            double h = 0.5 * (b - a);
            for (int i = 0; i < GL[0].length; i++) {
                double t = m + h * GL[0][i];
                double e = Math.exp(-Math.pow(t, alpha)) * GL[1][i] * h;
                f += Math.cos(t * x) * e;
                s += (x == 0 ? 0 : Math.sin(t * x) / t) * e;
            }
            a = b;
            b = b < 1 ? Math.min(1, b * 2) : b + width;
        }
        return new double[] {f / Math.PI, 0.5 + s / Math.PI};
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.8, 1.2, 1.5, 1.8})
    void nolansIntegralsAgreeWithTheFourierIntegrals(double alpha) {
        // Measured: within 5e-15 for f and F at these points.
        StableLaw.Nolan nolan = new StableLaw.Nolan(alpha);
        double[] out = new double[2];
        for (double x : new double[] {0.001, 0.3, 1, 2.5, 5, 10}) {
            nolan.evaluate(x, out);
            double[] ref = fourier(alpha, x);
            assertThat(out[0]).as("f(%s) at alpha %s", x, alpha).isCloseTo(ref[0], org.assertj.core.data.Offset.offset(1e-12));
            assertThat(1 - out[1]).as("F(%s) at alpha %s", x, alpha).isCloseTo(ref[1], org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void nolansIntegralsAtAlphaTwoAreTheGaussian() {
        // At α = 2 the integrals are Craig's formula for N(0, 2); the class uses the closed form there, so this checks
        // the quadrature itself, out to S ~ 1e-13.
        StableLaw.Nolan nolan = new StableLaw.Nolan(2);
        NormalDistribution n = NormalDistribution.of(0, Math.sqrt(2));
        double[] out = new double[2];
        for (double x : new double[] {1e-4, 0.5, 1, 2, 4, 8, 10}) {
            nolan.evaluate(x, out);
            assertThat(out[0] / n.density(x) - 1).as("f(%s)", x).isBetween(-1e-11, 1e-11);
            assertThat(out[1] / n.survivalProbability(x) - 1).as("S(%s)", x).isBetween(-1e-11, 1e-11);
        }
    }

    @Test
    void closedFormsAtOneAndTwoWithScaleAndLocation() {
        StableLaw cauchy = StableLaw.of(1, 2.5, -1);
        StableLaw gauss = StableLaw.of(2, 2.5, -1);
        NormalDistribution n = NormalDistribution.of(-1, 2.5 * Math.sqrt(2)); // SαS(σ) at α = 2 is N(δ, 2σ²)
        for (double x : new double[] {-300, -7, -1, 0, 0.5, 3, 40}) {
            double z = (x + 1) / 2.5;
            assertThat(cauchy.density(x)).isCloseTo(1 / (Math.PI * 2.5 * (1 + z * z)), org.assertj.core.data.Percentage.withPercentage(1e-12));
            assertThat(cauchy.cdf(x)).isCloseTo(0.5 + Math.atan(z) / Math.PI, org.assertj.core.data.Offset.offset(1e-15));
            assertThat(gauss.density(x)).isCloseTo(n.density(x), org.assertj.core.data.Percentage.withPercentage(1e-11));
            assertThat(gauss.cdf(x)).isCloseTo(n.cumulativeProbability(x), org.assertj.core.data.Offset.offset(1e-15));
        }
        assertThat(gauss.survival(30)).isCloseTo(n.survivalProbability(30), org.assertj.core.data.Percentage.withPercentage(1e-10));
        // Past underflow of S (t = 201/(2.5√2) = 56.9): between Gordon's bounds t/(1 + t²) φ(t) ≤ Q(t) ≤ φ(t)/t.
        double t = 201 / (2.5 * Math.sqrt(2));
        double logPhi = -0.5 * t * t - 0.5 * Math.log(2 * Math.PI);
        assertThat(gauss.logSurvival(200)).isBetween(logPhi + Math.log(t / (1 + t * t)), logPhi - Math.log(t));
        assertThat(gauss.logSurvival(200) - (logPhi - Math.log(t))).isCloseTo(Math.log1p(-1 / (t * t)), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void nearOneTheExpansionAboutCauchyMatchesTheIntegrals() {
        // For |α − 1| < 1e-5 the law is Cauchy with its exact first-order correction; measured against Nolan's
        // integrals (still accurate to ~1e-11 there): 1.2e-10 (f) and 5e-11 (S) at |α − 1| = 9.99e-6.
        double[] out = new double[2];
        for (double d : new double[] {9.99e-6, -9.99e-6, 5e-6, 1e-6}) {
            StableLaw law = StableLaw.standard(1 + d);
            assertThat(law.panels()).isZero();
            StableLaw.Nolan nolan = new StableLaw.Nolan(1 + d);
            for (double x : new double[] {0.001, 0.1, 0.5, 1, 2, 5, 20, 100, 1e3}) {
                nolan.evaluate(x, out);
                assertThat(law.density(x) / out[0] - 1).as("alpha 1%+g, f(%s)", d, x).isBetween(-1e-9, 1e-9);
                assertThat(law.survival(x) / out[1] - 1).as("alpha 1%+g, S(%s)", d, x).isBetween(-1e-9, 1e-9);
            }
        }
        // The correction matters: plain Cauchy is off by O(|α − 1| log x).
        StableLaw near = StableLaw.standard(1 + 9.99e-6);
        assertThat(Math.abs(near.survival(1e3) * Math.PI / Math.atan2(1, 1e3) - 1)).isGreaterThan(5e-5);
        // Just outside the band the table takes over (and is cheap: 3 panels).
        assertThat(StableLaw.standard(1 + 1.0001e-5).panels()).isBetween(1, 10);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.3, 0.5, 0.8, 0.999, 1.01, 1.2, 1.5, 1.8, 1.95, 1.999, 1.99999})
    void tableAndTailSeriesMatchTheDirectIntegrals(double alpha) {
        // Measured worst relative errors (2000 points per α, 0.2 ≤ α ≤ 1.9999): density 3e-12, S 4e-13.
        StableLaw law = StableLaw.standard(alpha);
        StableLaw.Nolan nolan = new StableLaw.Nolan(alpha);
        double[] out = new double[2];
        double xt = law.tailStart();
        SplittableRandom r = new SplittableRandom(Double.hashCode(alpha));
        for (int i = 0; i < 400; i++) {
            double x = i % 2 == 0 ? r.nextDouble() * xt * 1.2 : Math.exp(r.nextDouble(Math.log(1e-6), Math.log(xt * 20)));
            nolan.evaluate(x, out);
            assertThat(law.density(x) / out[0] - 1).as("f(%s), tail from %s", x, xt).isBetween(-1e-9, 1e-9);
            assertThat(law.survival(x) / out[1] - 1).as("S(%s)", x).isBetween(-1e-9, 1e-9);
            assertThat(law.density(-x)).isEqualTo(law.density(x));
            assertThat(law.cdf(-x)).isEqualTo(law.survival(x));
        }
        // Continuous where the series takes over.
        assertThat(law.density(Math.nextDown(xt)) / law.density(xt) - 1).isBetween(-1e-10, 1e-10);
        assertThat(law.survival(Math.nextDown(xt)) / law.survival(xt) - 1).isBetween(-1e-10, 1e-10);
        assertThat(law.density(0)).isCloseTo(SpecialFunctions.gamma(1 + 1 / alpha) / Math.PI, org.assertj.core.data.Percentage.withPercentage(1e-8));
        assertThat(law.cdf(0)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void farTailFollowsTheLeadingPowerLaw() {
        // S(z) ~ Γ(α) sin(πα/2)/π z^{−α} and f(z) ~ αΓ(α) sin(πα/2)/π z^{−α−1}; the next term is O(z^{−α}) smaller.
        for (double alpha : new double[] {0.5, 1.5, 1.9}) {
            StableLaw law = StableLaw.of(alpha, 3, 2);
            double z = 1e8;
            double c = SpecialFunctions.gamma(alpha) * Math.sin(Math.PI * alpha / 2) / Math.PI;
            double rel = 10 * Math.pow(z, -alpha) + 1e-13;
            assertThat(law.survival(2 + 3 * z) / (c * Math.pow(z, -alpha)) - 1).isBetween(-rel, rel);
            assertThat(Math.exp(law.logCdf(2 - 3 * z)) / (c * Math.pow(z, -alpha)) - 1).isBetween(-rel, rel);
            assertThat(law.density(2 + 3 * z) * 3 / (alpha * c * Math.pow(z, -alpha - 1)) - 1).isBetween(-rel, rel);
        }
    }

    /** ∫ g over [a, b] by 20-point Gauss–Legendre on m panels. */
    static double integrate(java.util.function.DoubleUnaryOperator g, double a, double b, int m) {
        double s = 0;
        double h = (b - a) / m;
        for (int p = 0; p < m; p++) {
            double c = a + (p + 0.5) * h;
            for (int i = 0; i < GL[0].length; i++) {
                s += GL[1][i] * 0.5 * h * g.applyAsDouble(c + 0.5 * h * GL[0][i]);
            }
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.8, 1.2, 1.5, 1.8, 1.99})
    void densityIntegratesToOneAndToTheCdf(double alpha) {
        StableLaw law = StableLaw.of(alpha, 0.7, 0.4);
        // ∫_δ^∞ f dx in x = δ + σ e^v, v from −40 to log(1e12); beyond, S ≤ c (1e12)^{−α}, added from the law's own S.
        double upper = Math.log(1e12);
        double half = integrate(v -> law.density(0.4 + 0.7 * Math.exp(v)) * 0.7 * Math.exp(v), -40, upper, 800) + law.survival(0.4 + 0.7 * Math.exp(upper));
        assertThat(half).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        // F(b) − F(a) = ∫_a^b f: the CDF and the density come from different integrals.
        for (double[] ab : new double[][] {{-3, -0.5}, {0.2, 1.1}, {2, 9}}) {
            double mass = integrate(law::density, ab[0], ab[1], 200);
            assertThat(law.cdf(ab[1]) - law.cdf(ab[0])).as("[%s, %s]", ab[0], ab[1]).isCloseTo(mass, org.assertj.core.data.Offset.offset(1e-11));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.8, 1.2, 1.5, 1.8})
    void cdfMatchesTheEmpiricalCdfOfAMillionDraws(double alpha) {
        // StableSampler.of(rng, α, 0, σ, δ) is S(α, 0, σ, δ; 0): E e^{iωX} = exp(−|σω|^α + iδω), the same law.
        int n = 1_000_000;
        double sigma = 1.7;
        double delta = 0.3;
        StableSampler s = StableSampler.of(Streams.of(2024, (long) (alpha * 10)), alpha, 0, sigma, delta);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = s.sample();
        }
        Arrays.sort(x);
        StableLaw law = StableLaw.of(alpha, sigma, delta);
        // At fixed points: |F_n − F| within 4.5 binomial standard errors (80 comparisons in all: a false alarm has
        // probability about 5e-4).
        for (double q = -10; q <= 10; q += 1) {
            double t = delta + sigma * q;
            int below = upperBound(x, t);
            double fn = (double) below / n;
            double f = law.cdf(t);
            double se = Math.sqrt(f * (1 - f) / n);
            assertThat(Math.abs(fn - f)).as("alpha %s at %s: F_n %s, F %s", alpha, t, fn, f).isLessThanOrEqualTo(4.5 * se);
        }
        // And over the whole line: √n D below the Kolmogorov 0.001 point 1.95.
        double[] cdf = new double[n];
        for (int i = 0; i < n; i++) {
            cdf[i] = law.cdf(x[i]);
        }
        double d = GoodnessOfFit.ksDistance(cdf);
        assertThat(Math.sqrt(n) * d).isLessThan(1.95);
    }

    private static int upperBound(double[] sorted, double t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (sorted[m] <= t) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    @Test
    void logLikelihoodAndCdfsOfTenThousandPointsAreFast() {
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[10_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble(-30, 30);
        }
        // A fresh α, so the table is built inside the timing (measured: 5–30 ms to build, ~1 ms per 10⁴ points).
        long t0 = System.nanoTime();
        StableLaw law = StableLaw.of(1.3712345, 0.8, 0.1);
        double ll = law.logLikelihood(x);
        long t1 = System.nanoTime();
        double s = 0;
        for (double v : x) {
            s += law.cdf(v);
        }
        long t2 = System.nanoTime();
        assertThat(ll).isFinite();
        assertThat(s).isBetween(0.0, 10_000.0);
        assertThat((t1 - t0) / 1e9).as("table + log-likelihood, seconds").isLessThan(0.3);
        assertThat((t2 - t1) / 1e9).as("10^4 CDFs, seconds").isLessThan(0.3);
    }

    @Test
    void invalidParametersAreRejected() {
        assertThatThrownBy(() -> StableLaw.of(0.1, 1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alpha must be in [0.2, 2]");
        assertThatThrownBy(() -> StableLaw.of(2.01, 1, 0)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> StableLaw.of(Double.NaN, 1, 0)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> StableLaw.of(1.5, 0, 0)).hasMessageContaining("sigma must be a positive finite number");
        assertThatThrownBy(() -> StableLaw.of(1.5, Double.POSITIVE_INFINITY, 0)).hasMessageContaining("sigma");
        assertThatThrownBy(() -> StableLaw.of(1.5, 1, Double.NaN)).hasMessageContaining("delta must be finite");
    }
}
