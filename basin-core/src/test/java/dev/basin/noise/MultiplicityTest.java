package dev.basin.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MultiplicityTest {
    /**
     * Benjamini &amp; Hochberg's (1995) own example, 15 p-values, shuffled: at q = 0.05 BH rejects the 4 smallest
     * (0.0095 ≤ 4·0.05/15 = 0.0133, and no larger k qualifies), Holm rejects 3 (0.0095 &gt; 0.05/12 = 0.00417).
     */
    @Test
    void benjaminiHochbergsExample() {
        double[] p = {0.0298, 0.4262, 0.0001, 0.6528, 0.0344, 0.0095, 0.0201, 1.0, 0.0004, 0.3240, 0.0278, 0.7590, 0.0019,
            0.0459, 0.5719};
        Multiplicity.Rejections bh = Multiplicity.benjaminiHochberg(p, 0.05);
        assertThat(bh.rejected()).isEqualTo(4);
        assertThat(bh.tested()).isEqualTo(15);
        assertThat(bh.threshold()).isCloseTo(4 * 0.05 / 15, Offset.offset(1e-15));
        assertThat(bh.mask()).isEqualTo(bits(15, 2, 5, 8, 12));
        assertThat(bh.procedure()).isEqualTo("benjamini-hochberg");
        Multiplicity.Rejections holm = Multiplicity.holm(p, 0.05);
        assertThat(holm.rejected()).isEqualTo(3);
        assertThat(holm.mask()).isEqualTo(bits(15, 2, 8, 12));
        assertThat(holm.threshold()).isCloseTo(0.05 / 12, Offset.offset(1e-15));
        assertThat(holm.fraction()).isCloseTo(0.2, Offset.offset(1e-15));
    }

    /**
     * Step-up versus step-down: p = {0.032, 0.01, 0.031, 0.03}, q = 0.05, m = 4. BH thresholds k·q/4 = 0.0125,
     * 0.025, 0.0375, 0.05; the largest k with p_(k) ≤ k q/m is 4, so all four are rejected although
     * p_(2) = 0.03 &gt; 0.025. Holm: 0.01 ≤ 0.05/4, then 0.03 &gt; 0.05/3, so one.
     */
    @Test
    void stepUpRejectsPastAFailedIntermediateStep() {
        double[] p = {0.032, 0.01, 0.031, 0.03};
        Multiplicity.Rejections bh = Multiplicity.benjaminiHochberg(p, 0.05);
        assertThat(bh.rejected()).isEqualTo(4);
        assertThat(bh.threshold()).isCloseTo(0.05, Offset.offset(1e-15));
        Multiplicity.Rejections holm = Multiplicity.holm(p, 0.05);
        assertThat(holm.rejected()).isEqualTo(1);
        assertThat(holm.isRejected(1)).isTrue();
        assertThat(holm.isRejected(3)).isFalse();
        assertThat(holm.threshold()).isCloseTo(0.05 / 3, Offset.offset(1e-15));
        // Nothing rejected: BH's threshold is 0, Holm's α/m.
        double[] none = {0.2, 0.9, 0.04};
        assertThat(Multiplicity.benjaminiHochberg(none, 0.05).rejected()).isZero();
        assertThat(Multiplicity.benjaminiHochberg(none, 0.05).threshold()).isZero();
        assertThat(Multiplicity.holm(none, 0.05).threshold()).isCloseTo(0.05 / 3, Offset.offset(1e-15));
        // Everything rejected by Holm: threshold α.
        Multiplicity.Rejections all = Multiplicity.holm(new double[] {0.001, 0.002, 0.04}, 0.05);
        assertThat(all.rejected()).isEqualTo(3);
        assertThat(all.threshold()).isEqualTo(0.05);
        // Ties at the boundary are rejected together; the empty family rejects nothing.
        assertThat(Multiplicity.benjaminiHochberg(new double[] {0.02, 0.02, 0.02, 0.9}, 0.05).rejected()).isEqualTo(3);
        Multiplicity.Rejections empty = Multiplicity.holm(new double[0], 0.05);
        assertThat(empty.rejected()).isZero();
        assertThat(empty.fraction()).isZero();
    }

    /** The mask is a copy: changing what the record hands out does not change the record. */
    @Test
    void maskIsImmutable() {
        Multiplicity.Rejections r = Multiplicity.holm(new double[] {0.001, 0.5}, 0.05);
        BitSet m = r.mask();
        m.set(1);
        assertThat(r.mask().get(1)).isFalse();
        assertThat(r.isRejected(1)).isFalse();
        assertThatThrownBy(() -> r.isRejected(2)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * 400 families of m = 1000 independent one-sided z-tests, 900 true nulls (z ~ N(0, 1)) and 100 alternatives
     * (z ~ N(3, 1)). BH's mean false-discovery proportion must match q·m₀/m = 0.045 within 4 of its standard
     * errors; Holm's family-wise error rate at most 0.05 + 3 binomial SE; BH rejects at least as many as Holm in
     * every family and finds more alternatives overall; uncorrected testing would have an FDP near 0.3, far out.
     */
    @Test
    void mixtureOfNullsAndAlternatives() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(42);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        NormalDistribution std = NormalDistribution.of(0, 1);
        int families = 400;
        int m = 1000;
        int m0 = 900;
        double sumFdp = 0;
        double sumFdp2 = 0;
        int holmErrors = 0;
        long bhTrue = 0;
        long holmTrue = 0;
        double sumRawFdp = 0;
        double[] p = new double[m];
        for (int f = 0; f < families; f++) {
            for (int i = 0; i < m; i++) {
                double z = g.sample() + (i >= m0 ? 3 : 0);
                p[i] = std.survivalProbability(z);
            }
            Multiplicity.Rejections bh = Multiplicity.benjaminiHochberg(p, 0.05);
            Multiplicity.Rejections holm = Multiplicity.holm(p, 0.05);
            assertThat(bh.rejected()).isGreaterThanOrEqualTo(holm.rejected());
            BitSet nulls = new BitSet();
            nulls.set(0, m0);
            BitSet falseBh = bh.mask();
            falseBh.and(nulls);
            double fdp = bh.rejected() == 0 ? 0 : (double) falseBh.cardinality() / bh.rejected();
            sumFdp += fdp;
            sumFdp2 += fdp * fdp;
            bhTrue += bh.rejected() - falseBh.cardinality();
            BitSet falseHolm = holm.mask();
            falseHolm.and(nulls);
            holmErrors += falseHolm.isEmpty() ? 0 : 1;
            holmTrue += holm.rejected() - falseHolm.cardinality();
            int raw = 0;
            int rawFalse = 0;
            for (int i = 0; i < m; i++) {
                if (p[i] <= 0.05) {
                    raw++;
                    rawFalse += i < m0 ? 1 : 0;
                }
            }
            sumRawFdp += (double) rawFalse / raw;
        }
        double fdr = sumFdp / families;
        double seFdr = Math.sqrt((sumFdp2 / families - fdr * fdr) / families);
        double fwer = (double) holmErrors / families;
        System.out.printf("Multiplicity: BH mean FDP %.4f (SE %.4f), Holm FWER %.4f, uncorrected FDP %.3f, true discoveries BH %d Holm %d%n",
            fdr, seFdr, fwer, sumRawFdp / families, bhTrue, holmTrue);
        assertThat(fdr).isCloseTo(0.045, Offset.offset(4 * seFdr));
        assertThat(fwer).isLessThanOrEqualTo(0.05 + 3 * Math.sqrt(0.05 * 0.95 / families));
        assertThat(bhTrue).isGreaterThan(holmTrue);
        assertThat(sumRawFdp / families).isGreaterThan(0.2);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Multiplicity.benjaminiHochberg(new double[] {0.1, Double.NaN}, 0.05))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p[1] is NaN");
        assertThatThrownBy(() -> Multiplicity.holm(new double[] {1.5}, 0.05)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> Multiplicity.holm(new double[] {0.5}, 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("(0, 1), got 0.0");
        assertThatThrownBy(() -> Multiplicity.benjaminiHochberg(null, 0.05)).isInstanceOf(IllegalArgumentException.class);
    }

    static BitSet bits(int size, int... set) {
        BitSet b = new BitSet(size);
        for (int i : set) {
            b.set(i);
        }
        return b;
    }
}
