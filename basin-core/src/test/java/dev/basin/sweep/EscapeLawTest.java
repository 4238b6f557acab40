package dev.basin.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The censored fits recover the law the exit times were drawn from, with its exponent inside the interval. */
class EscapeLawTest {
    static final double[] LRS = {0.01, 0.02, 0.05, 0.1};
    static final int[] BATCHES = {10, 20, 40};

    /** Exponential exit times with mean m(lr, batch), censored at {@code cap}, 60 runs per cell. */
    static List<EscapeLaw.Run> draw(java.util.function.BiFunction<Double, Integer, Double> mean, double cap, long seed) {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed);
        List<EscapeLaw.Run> runs = new ArrayList<>();
        for (double lr : LRS) {
            for (int b : BATCHES) {
                for (int k = 0; k < 60; k++) {
                    double t = -Math.log(1 - rng.nextDouble()) * mean.apply(lr, b);
                    runs.add(new EscapeLaw.Run(lr, b, Math.min(t, cap), t <= cap));
                }
            }
        }
        return runs;
    }

    @Test
    void aPowerLawInTheRateIsRecognisedAndItsExponentRecovered() {
        for (long seed = 1; seed <= 3; seed++) {
            // Lévy: mean exit 5 · lr^-1.3, independent of the batch
            List<EscapeLaw.Run> runs = draw((lr, b) -> 5 * Math.pow(lr, -1.3), 2000, seed);
            EscapeLaw.Comparison c = EscapeLaw.compare(runs);
            assertThat(c.better()).startsWith("power law");
            assertThat(c.powerLaw().bLo()).isLessThan(1.3);
            assertThat(c.powerLaw().bHi()).isGreaterThan(1.3);
            assertThat(c.powerLaw().exits()).isLessThan(runs.size()); // some censored
        }
    }

    @Test
    void anExponentialInBatchOverRateIsRecognisedAndItsSlopeRecovered() {
        for (long seed = 1; seed <= 3; seed++) {
            // Gaussian: mean exit 20 · exp(0.001 · B/lr)
            List<EscapeLaw.Run> runs = draw((lr, b) -> 20 * Math.exp(0.001 * b / lr), 3000, seed);
            EscapeLaw.Comparison c = EscapeLaw.compare(runs);
            assertThat(c.better()).startsWith("exponential");
            assertThat(c.exponential().bLo()).isLessThan(0.001);
            assertThat(c.exponential().bHi()).isGreaterThan(0.001);
        }
    }

    @Test
    void withoutCensoringTheRateFitIsTheClosedFormMean() {
        // one cell, all exits seen: the MLE of the mean is the sample mean, whatever the law's covariate
        List<EscapeLaw.Run> runs = List.of(new EscapeLaw.Run(0.1, 10, 3, true), new EscapeLaw.Run(0.1, 10, 5, true), new EscapeLaw.Run(0.1, 10, 10, true));
        EscapeLaw.Fit f = EscapeLaw.fit("x", runs, r -> 0);
        assertThat(Math.exp(f.a())).isCloseTo(6.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(f.logLikelihood()).isCloseTo(-3 * Math.log(6) - 3, org.assertj.core.api.Assertions.within(1e-9));
    }
}
