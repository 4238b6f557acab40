package dev.basin.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.StableSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TailIndexTest {
    /** The reference computation, in memory, as the reference code writes it. */
    static double referenceMohammadi(double[] x, int k1) {
        int k2 = x.length / k1;
        double eps = Math.ulp(1.0);
        double logY = 0;
        for (int i = 0; i < k2; i++) {
            double s = 0;
            for (int j = 0; j < k1; j++) {
                s += x[i * k1 + j];
            }
            logY += Math.log(Math.abs(s) + eps);
        }
        double logX = 0;
        for (int j = 0; j < k2 * k1; j++) {
            logX += Math.log(Math.abs(x[j]) + eps);
        }
        return 1 / ((logY / k2 - logX / ((double) k2 * k1)) / Math.log(k1));
    }

    static double[] stable(double alpha, int n, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        StableSampler s = StableSampler.of(rng, alpha, 0);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = s.sample();
        }
        return x;
    }

    @Test
    void blockPlansFollowTheReferenceAndRepairDegenerateSizes() {
        assertThat(BlockPlan.reference(1_000_000)).isEqualTo(new BlockPlan(1_000_000, 1_000_000, 1000, 1000, 0));
        assertThat(BlockPlan.reference(12).k1()).isEqualTo(3);
        assertThat(BlockPlan.reference(1_000_003).k1()).isEqualTo(1); // prime
        BlockPlan p = BlockPlan.robust(1_000_003);
        assertThat(p.dropped()).isEqualTo(3);
        assertThat(p.k1()).isEqualTo(1000);
        BlockPlan q = BlockPlan.robust(2 * 499_979L); // 2 × prime: the reference would use K1 = 2
        assertThat(BlockPlan.reference(2 * 499_979L).k1()).isEqualTo(2);
        assertThat(q.k1() * 2).isGreaterThanOrEqualTo(BlockPlan.isqrt(q.used()));
        assertThat(q.k1() * q.k2()).isEqualTo(q.used());
        assertThat(BlockPlan.robust(600 * 2_239_488L)).isEqualTo(BlockPlan.reference(600 * 2_239_488L));
        assertThatThrownBy(() -> BlockPlan.robust(3)).hasMessageContaining("at least 4");
    }

    @Test
    void streamingEqualsTheInMemoryReference() {
        double[] x = stable(1.3, 40_000, 5);
        TailIndexAccumulator acc = new TailIndexAccumulator(BlockPlan.reference(x.length));
        for (double v : x) {
            acc.accept(v);
        }
        assertThat(acc.plan().k1()).isEqualTo(200);
        assertThat(acc.mohammadi().alpha()).isCloseTo(referenceMohammadi(x, 200), Offset.offset(1e-12));
    }

    /**
     * Over 20 seeds at N = 10⁶ (K1 = 1000): the mean estimate is within 0.02 of α, each estimate within 4
     * of its standard errors of α, and the mean reported standard error agrees with the observed spread
     * (the spread of 20 values is itself uncertain by ~16%, so the ratio must lie in [0.6, 1.6]).
     */
    @ParameterizedTest(name = "alpha = {0}")
    @ValueSource(doubles = {0.8, 1.2, 1.5, 1.8, 2.0})
    void mohammadiIsAccurateAndItsErrorBarIsHonest(double alpha) {
        int seeds = 20;
        double[] est = new double[seeds];
        double seSum = 0;
        for (int s = 0; s < seeds; s++) {
            double[] x = stable(alpha, 1_000_000, 1000 + s);
            TailIndexAccumulator acc = new TailIndexAccumulator(BlockPlan.reference(x.length));
            for (double v : x) {
                acc.accept(v);
            }
            TailIndex t = acc.mohammadi();
            est[s] = t.alpha();
            seSum += t.stderr();
            assertThat(Math.abs(t.alpha() - alpha)).as("seed %d: %s", s, t).isLessThan(4 * t.stderr());
        }
        double mean = 0;
        for (double e : est) {
            mean += e;
        }
        mean /= seeds;
        double ss = 0;
        for (double e : est) {
            ss += (e - mean) * (e - mean);
        }
        double sd = Math.sqrt(ss / (seeds - 1));
        double meanSe = seSum / seeds;
        System.out.printf("alpha %.1f: mean estimate %.4f, observed SD %.4f, mean reported SE %.4f%n", alpha, mean, sd, meanSe);
        assertThat(mean).isCloseTo(alpha, Offset.offset(0.02));
        assertThat(meanSe / sd).isBetween(0.6, 1.6);
    }

    @Test
    void orderStatisticsAndHillRecoverHeavyTails() {
        // Both are tail estimators: at α = 1.2 the power tail dominates early, so they must be close;
        // their standard errors come from the same data.
        double[] x = stable(1.2, 1_000_000, 77);
        TailIndexAccumulator acc = new TailIndexAccumulator(BlockPlan.reference(x.length));
        for (double v : x) {
            acc.accept(v);
        }
        TailIndex o = acc.orderStatistics();
        TailIndex h = acc.hill();
        assertThat(Math.abs(o.alpha() - 1.2)).as(o.toString()).isLessThan(Math.max(4 * o.stderr(), 0.1));
        assertThat(Math.abs(h.alpha() - 1.2)).as(h.toString()).isLessThan(Math.max(4 * h.stderr(), 0.1));
        assertThat(h.k1()).isEqualTo(1000);
    }
}
