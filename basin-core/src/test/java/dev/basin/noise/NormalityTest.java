package dev.basin.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.IntToDoubleFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.StableSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.TDistribution;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NormalityTest {
    static final int REPS = 2000;
    /** Binomial SE of a 0.05 rejection rate over 2000 samples. */
    static final double SE = Math.sqrt(0.05 * 0.95 / REPS);

    static double[] formula(int n, IntToDoubleFunction f) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = f.applyAsDouble(i + 1);
        }
        return x;
    }

    /** Rejection rates at 0.05 of A–D and K² over REPS samples of n from the sampler. */
    static double[] rejectionRates(ContinuousSampler s, int n) {
        int ad = 0;
        int k2 = 0;
        double[] x = new double[n];
        for (int r = 0; r < REPS; r++) {
            for (int i = 0; i < n; i++) {
                x[i] = s.sample();
            }
            Normality.Result res = Normality.test(x);
            ad += res.rejects(0.05) ? 1 : 0;
            k2 += res.k2P() <= 0.05 ? 1 : 0;
        }
        return new double[] {(double) ad / REPS, (double) k2 / REPS};
    }

    /**
     * Reference values from scipy 1.17 (stats.anderson(x, 'norm').statistic, stats.normaltest, skewtest,
     * kurtosistest, skew, kurtosis(bias=False)) on the same formula samples; the third has values out to 24
     * standard deviations, where log Φ must not underflow.
     */
    @Test
    void matchesScipy() {
        Normality.Result a = Normality.test(formula(50, i -> Math.exp(Math.sin(1.7 * i))));
        assertThat(a.andersonDarling()).isCloseTo(2.303146870751675, Percentage.withPercentage(1e-8));
        assertThat(a.k2()).isCloseTo(18.715219121514835, Percentage.withPercentage(1e-8));
        assertThat(a.k2P()).isCloseTo(8.630616196381482e-05, Percentage.withPercentage(1e-7));
        assertThat(a.zSkewness()).isCloseTo(1.5269809279914839, Percentage.withPercentage(1e-8));
        assertThat(a.zKurtosis()).isCloseTo(-4.04765961600838, Percentage.withPercentage(1e-8));
        assertThat(a.skewness()).isCloseTo(0.4925358501932541, Percentage.withPercentage(1e-8));
        assertThat(a.excessKurtosis()).isCloseTo(-1.290889772333443, Percentage.withPercentage(1e-8));
        assertThat(a.andersonDarlingStar()).isCloseTo(2.303146870751675 * (1 + 0.75 / 50 + 2.25 / 2500), Percentage.withPercentage(1e-8));

        Normality.Result b = Normality.test(formula(9, i -> Math.sin(1.3 * i) + 0.01 * i * i));
        assertThat(b.andersonDarling()).isCloseTo(0.1826729817744468, Percentage.withPercentage(1e-8));
        assertThat(b.k2()).isCloseTo(0.7262442091168457, Percentage.withPercentage(1e-8));
        assertThat(b.k2P()).isCloseTo(0.6955015044100077, Percentage.withPercentage(1e-8));
        assertThat(b.zSkewness()).isCloseTo(-0.17953925715424157, Percentage.withPercentage(1e-8));
        assertThat(b.zKurtosis()).isCloseTo(-0.8330725444145599, Percentage.withPercentage(1e-8));

        Normality.Result c = Normality.test(formula(600, i -> Math.tan(0.37 * i)));
        assertThat(c.andersonDarling()).isCloseTo(154.8295715310819, Percentage.withPercentage(1e-7));
        assertThat(c.k2()).isCloseTo(1142.9894238805612, Percentage.withPercentage(1e-7));
        assertThat(c.skewness()).isCloseTo(12.644017749778039, Percentage.withPercentage(1e-7));
        assertThat(c.excessKurtosis()).isCloseTo(303.4821501124916, Percentage.withPercentage(1e-7));
        assertThat(c.andersonDarlingP()).isLessThan(1e-100);
    }

    /** The p-value formula at Stephens' case-3 critical values of A*² (0.631, 0.752, 0.873, 1.035 for 10/5/2.5/1%). */
    @Test
    void andersonDarlingPValueAtTheTabulatedCriticalValues() {
        assertThat(Normality.andersonDarlingPValue(0.631)).isCloseTo(0.10, Offset.offset(0.002));
        assertThat(Normality.andersonDarlingPValue(0.752)).isCloseTo(0.05, Offset.offset(0.001));
        assertThat(Normality.andersonDarlingPValue(0.873)).isCloseTo(0.025, Offset.offset(0.0005));
        assertThat(Normality.andersonDarlingPValue(1.035)).isCloseTo(0.01, Offset.offset(0.0003));
        // Decreasing, across the branch points and beyond the quadratic's turn, except for the published
        // formula's own jump up at A*² = 0.6 (0.1169 to 0.1194).
        assertThat(Normality.andersonDarlingPValue(0.6) - Normality.andersonDarlingPValue(Math.nextDown(0.6)))
            .isCloseTo(0.0025, Offset.offset(0.0003));
        double prev = 1;
        for (double a = 1e-4; a < 400; a += a < 2 ? 1e-4 : 0.01) {
            double p = Normality.andersonDarlingPValue(a);
            double allowed = a >= 0.6 && a - 1e-4 < 0.6 ? 0.003 : 0;
            assertThat(p).as("A*² = %s", a).isLessThanOrEqualTo(prev + allowed).isBetween(0.0, 1.0);
            prev = p;
        }
        assertThat(Normality.andersonDarlingPValue(1000)).isGreaterThan(0).isLessThan(1e-180);
    }

    /** Size: under Gaussian truth both tests reject at 0.05 within 3 binomial SE of 0.05 (n = 100 and 600). */
    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {100, 600})
    void sizeUnderGaussianTruth(int n) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(2024L + n);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] rates = rejectionRates(() -> 3 + 1e-3 * g.sample(), n);
        System.out.printf("Normality size n=%d: A-D %.4f, K2 %.4f (3 SE = %.4f)%n", n, rates[0], rates[1], 3 * SE);
        assertThat(rates[0]).isCloseTo(0.05, Offset.offset(3 * SE));
        assertThat(rates[1]).isCloseTo(0.05, Offset.offset(3 * SE));
    }

    /** Power at n = 600 against Student-t ν = 3 and SαS α = 1.5: both tests above 0.9. */
    @Test
    void powerAgainstHeavyTails() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7);
        double[] t3 = rejectionRates(TDistribution.of(3).createSampler(rng)::sample, 600);
        double[] sas = rejectionRates(StableSampler.of(rng, 1.5, 0), 600);
        System.out.printf("Normality power n=600: t3 A-D %.4f K2 %.4f; SaS 1.5 A-D %.4f K2 %.4f%n", t3[0], t3[1], sas[0], sas[1]);
        assertThat(t3[0]).isGreaterThan(0.9);
        assertThat(t3[1]).isGreaterThan(0.9);
        assertThat(sas[0]).isGreaterThan(0.9);
        assertThat(sas[1]).isGreaterThan(0.9);
    }

    /** Location and scale do not matter: the statistics are invariant under x → a + b x, b ≠ 0. */
    @Test
    void affineInvariant() {
        double[] x = formula(200, i -> Math.exp(Math.sin(0.9 * i)));
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 5 - 1e-3 * x[i];
        }
        Normality.Result rx = Normality.test(x);
        Normality.Result ry = Normality.test(y);
        assertThat(ry.andersonDarling()).isCloseTo(rx.andersonDarling(), Percentage.withPercentage(1e-8));
        assertThat(ry.k2()).isCloseTo(rx.k2(), Percentage.withPercentage(1e-8));
        assertThat(ry.skewness()).isCloseTo(-rx.skewness(), Percentage.withPercentage(1e-8));
        assertThat(rx.pValue()).isEqualTo(rx.andersonDarlingP());
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Normality.test(new double[7])).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least 8 values, got 7");
        assertThatThrownBy(() -> Normality.test(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1})).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("zero variance");
        double[] x = formula(20, i -> i);
        x[3] = Double.POSITIVE_INFINITY;
        assertThatThrownBy(() -> Normality.test(x)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value 3 is Infinity");
        assertThatThrownBy(() -> Normality.test(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Normality.andersonDarlingPValue(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
