package dev.basin.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class SurvivalTest {
    /**
     * Worked by hand: times 3, 5+, 6, 6, 8+, 10, 12+ (+ censored). At 3: 7 at risk, 1 event, S = 6/7. 5 censored.
     * At 6: 5 at risk, 2 events, S = 6/7 · 3/5 = 18/35. 8 censored. At 10: 2 at risk, 1 event, S = 18/35 · 1/2 = 9/35.
     * Median: first S ≤ 1/2 is at 10 (18/35 = 0.514 at 6). Restricted mean to 12: 3·1 + 3·6/7 + 4·18/35 + 2·9/35 = 8.0857.
     */
    @Test
    void matchesTheHandWorkedExample() {
        double[] t = {6, 3, 12, 5, 10, 8, 6};
        boolean[] obs = {true, true, false, false, true, false, true};
        List<Survival.Step> km = Survival.kaplanMeier(t, obs);
        assertThat(km).extracting(Survival.Step::time).containsExactly(3.0, 6.0, 10.0);
        assertThat(km).extracting(Survival.Step::atRisk).containsExactly(7, 5, 2);
        assertThat(km.get(0).survival()).isCloseTo(6.0 / 7, within(1e-12));
        assertThat(km.get(1).survival()).isCloseTo(18.0 / 35, within(1e-12));
        assertThat(km.get(2).survival()).isCloseTo(9.0 / 35, within(1e-12));
        assertThat(Survival.median(km)).isEqualTo(10.0);
        assertThat(Survival.restrictedMean(km, 12)).isCloseTo(3 + 3 * 6.0 / 7 + 4 * 18.0 / 35 + 2 * 9.0 / 35, within(1e-12));
        assertThat(Survival.restrictedMean(km, 4)).isCloseTo(3 + 6.0 / 7, within(1e-12));
    }

    @Test
    void allCensoredNeverReachesTheMedianAndItsRestrictedMeanIsTheCap() {
        List<Survival.Step> km = Survival.kaplanMeier(new double[] {200, 200, 200}, new boolean[] {false, false, false});
        assertThat(km).isEmpty();
        assertThat(Survival.median(km)).isNaN();
        assertThat(Survival.restrictedMean(km, 200)).isEqualTo(200.0);
    }

    /** Exponential times censored at a common cap: the restricted mean agrees with its closed form (1 − e^{−λc})/λ within 4 standard errors. */
    @Test
    void restrictedMeanOfCensoredExponentialsMatchesTheTruth() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(7L);
        double rate = 0.02;
        double cap = 60;
        int n = 4000;
        double[] t = new double[n];
        boolean[] obs = new boolean[n];
        for (int i = 0; i < n; i++) {
            double x = -Math.log(1 - rng.nextDouble()) / rate;
            obs[i] = x <= cap;
            t[i] = Math.min(x, cap);
        }
        double truth = (1 - Math.exp(-rate * cap)) / rate;
        // sd of min(X, c) for the exponential, by its second moment
        double m2 = 2 / (rate * rate) * (1 - Math.exp(-rate * cap) * (1 + rate * cap));
        double se = Math.sqrt(m2 - truth * truth) / Math.sqrt(n);
        assertThat(Survival.restrictedMean(Survival.kaplanMeier(t, obs), cap)).isCloseTo(truth, within(4 * se));
        double medTruth = Math.log(2) / rate;
        assertThat(Survival.median(Survival.kaplanMeier(t, obs))).isCloseTo(medTruth, within(0.1 * medTruth));
    }
}
