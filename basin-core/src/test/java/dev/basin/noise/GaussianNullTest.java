package dev.basin.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.StableSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class GaussianNullTest {
    /** Per-coordinate standard deviations log-uniform over {@code decades} decades; the first {@code zeros} are 0. */
    static double[] scales(int d, double decades, int zeros, long seed) {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed);
        double[] s = new double[d];
        for (int j = 0; j < d; j++) {
            s[j] = j < zeros ? 0 : Math.pow(10, -decades * rng.nextDouble());
        }
        return s;
    }

    static double[] squares(double[] s) {
        double[] v = new double[s.length];
        for (int j = 0; j < s.length; j++) {
            v[j] = s[j] * s[j];
        }
        return v;
    }

    /** P rows of independent N(0, s_j²) (or s_j · SαS(α) when alpha < 2), row-major. */
    static double[] sample(double[] s, int rows, double alpha, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        StableSampler st = alpha < 2 ? StableSampler.of(rng, alpha, 0) : null;
        int d = s.length;
        double[] x = new double[rows * d];
        for (int p = 0; p < rows; p++) {
            for (int j = 0; j < d; j++) {
                x[p * d + j] = s[j] * (st == null ? g.sample() : st.sample());
            }
        }
        return x;
    }

    static TailIndexAccumulator feed(double[] x) {
        TailIndexAccumulator acc = new TailIndexAccumulator(BlockPlan.robust(x.length));
        acc.accept(x, 0, x.length);
        return acc;
    }

    @Test
    void equalVariancesGiveExactlyTwo() {
        double[] v = new double[1000];
        java.util.Arrays.fill(v, 3.7);
        GaussianNull n = GaussianNull.of(BlockPlan.robust(100_000), v, 100);
        assertThat(n.alpha()).isCloseTo(2.0, Offset.offset(1e-12));
        // Rows of 1000 with blocks of 316 that cross row boundaries: still 2.
        GaussianNull m = GaussianNull.of(BlockPlan.robust(99_856), new double[] {1, 1, 1, 1}, 24_964);
        assertThat(m.alpha()).isCloseTo(2.0, Offset.offset(1e-12));
    }

    @Test
    void closedFormEqualsTheMonteCarloSurrogate() {
        // Four decades of scales and 5% zero-variance coordinates; blocks (K1 = 400) span rows of 1000.
        int d = 1000;
        int rows = 160;
        double[] s = scales(d, 4, 50, 7);
        BlockPlan plan = BlockPlan.robust((long) d * rows);
        GaussianNull closed = GaussianNull.of(plan, squares(s), rows);
        int reps = 60;
        double[] inv = new double[reps];
        for (int r = 0; r < reps; r++) {
            inv[r] = 1 / feed(sample(s, rows, 2, 100 + r)).mohammadi().alpha();
        }
        dev.basin.numeric.Stats.Mean m = dev.basin.numeric.Stats.mean(inv);
        // The null is far below 2 here: heterogeneity alone makes the pooled sample look heavy-tailed.
        assertThat(closed.alpha()).isLessThan(1.5);
        System.out.printf("Gaussian null: closed form 1/alpha %.5f, Monte Carlo %.5f +/- %.5f (%d replicates)%n", closed.inverse(), m.mean(),
                m.stderr(), reps);
        assertThat(closed.inverse()).isCloseTo(m.mean(), Offset.offset(4 * m.stderr()));
        assertThat(m.stderr()).isLessThan(0.003);
    }

    @Test
    void theMeasuredAlphaMatchesTheNullExactlyWhenTheSampleIsGaussianPerCoordinate() {
        int d = 2000;
        int rows = 200;
        double[] s = scales(d, 3, 0, 11);
        int misses = 0;
        for (int seed = 0; seed < 10; seed++) {
            TailIndexAccumulator acc = feed(sample(s, rows, 2, seed));
            GaussianNull n = GaussianNull.of(acc.plan(), squares(s), rows);
            GaussianNull.Difference diff = n.difference(acc.mohammadi(), acc.groupInverses());
            assertThat(diff.stderr()).isPositive();
            misses += Math.abs(diff.value()) > 2.58 * diff.stderr() ? 1 : 0;
        }
        // Two-sided 1% tests in 10 seeds: 2 or more misses has probability < 0.5%.
        assertThat(misses).isLessThanOrEqualTo(1);
    }

    @Test
    void zeroVarianceCoordinatesGiveTheReferenceLogEpsilonNotNaN() {
        double[] v = {0, 0, 1, 4, 0, 9};
        GaussianNull n = GaussianNull.of(BlockPlan.robust(600), v, 100);
        assertThat(n.alpha()).isFinite().isPositive();
        // All zero: every log is log ε on both sides, 1/α = 0.
        GaussianNull z = GaussianNull.of(BlockPlan.robust(600), new double[6], 100);
        assertThat(z.inverse()).isCloseTo(0.0, Offset.offset(1e-12));
        assertThatThrownBy(() -> GaussianNull.of(BlockPlan.robust(600), new double[] {1, Double.NaN}, 300))
                .hasMessageContaining("variance of coordinate 1");
        assertThatThrownBy(() -> GaussianNull.of(BlockPlan.robust(600), new double[5], 100)).hasMessageContaining("plan is for 600");
    }
}
