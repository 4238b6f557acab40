package dev.basin.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.basin.experiment.RunContext;
import dev.basin.experiment.SdeEscapeProtocol;
import dev.basin.sde.Escape;
import dev.basin.sde.EscapeRow;
import dev.basin.sde.ExitTimes;
import dev.basin.spec.SdeEscapeSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link EscapeLaw} on exit times from Basin's SDE lab ({@link SdeEscapeProtocol}) where the true law is known: discrete SGD
 * on F = x²/2, basin (−1, 1), with injected noise. α-stable noise (α = 1.5): mean exit iterations → C·η^−α as η → 0
 * (docs/sde.md), a power law in the rate; Gaussian noise (α = 2) of scale σ/√B: the Kramers law, mean exit time ∝
 * exp(ΔU·B/(η σ²)), ΔU = ½, an exponential in B/η. The AIC picks each law by a margin over 2, and the Lévy exponent's
 * interval holds the α that generated the data.
 */
class EscapeLawSdeTest {
    static final double LEVY_ALPHA = 1.5;
    static final List<Double> LEVY_RATES = List.of(0.04, 0.02, 0.01, 0.005);
    static final double GAUSS_SIGMA = 2.5;
    static final List<Double> GAUSS_RATES = List.of(0.2, 0.1, 0.05);
    static final int[] GAUSS_BATCHES = {1, 2, 4};

    /** The lab's spec: discrete SGD on the interval at one α, the given rates and batch. */
    static SdeEscapeSpec spec(double alpha, double sigma, List<Double> rates, Integer batch, int trajectories, long seed) {
        return new SdeEscapeSpec("interval", null, null, null, null, null, null, null, null, null, null, List.of(sigma), "sgd", List.of(alpha), null,
                rates, trajectories, 10_000_000L, seed, null, batch);
    }

    /** Every trajectory as a run: its exit iteration (time / η), censored at the cap. */
    static List<EscapeLaw.Run> runs(SdeEscapeProtocol.Result r, int batch) {
        List<EscapeLaw.Run> out = new ArrayList<>();
        for (SdeEscapeProtocol.Sweep s : r.sweeps()) {
            for (Escape.Row row : s.rows()) {
                ExitTimes.Result t = row.result();
                for (int i = 0; i < t.n(); i++) {
                    out.add(new EscapeLaw.Run(s.h(), batch, Math.round(t.times()[i] / s.h()), !t.censored()[i]));
                }
            }
        }
        return out;
    }

    static SdeEscapeProtocol.Result run(SdeEscapeSpec spec) throws IOException {
        return SdeEscapeProtocol.INSTANCE.run(spec, RunContext.quiet(null, 2, "test"));
    }

    @Test
    void levyNoiseGivesThePowerLawWithItsAlpha() throws IOException {
        SdeEscapeSpec spec = spec(LEVY_ALPHA, 0.3, LEVY_RATES, null, 400, 11);
        SdeEscapeProtocol.Result r = run(spec);
        List<EscapeLaw.Run> runs = runs(r, 1);
        EscapeLaw.Comparison c = EscapeLaw.compare(runs);
        assertThat(c.better()).isEqualTo("power law (Levy)");
        assertThat(c.deltaAic()).as("exponential AIC − power-law AIC").isGreaterThan(2);
        assertThat(LEVY_ALPHA).isBetween(c.powerLaw().bLo(), c.powerLaw().bHi());
        assertThat(c.powerLaw().exits()).isEqualTo(runs.size());

        // the report's route: escape.csv's rows pooled by exit count and total time give the same fit
        List<EscapeLaw.Run> pooled = new ArrayList<>();
        for (EscapeRow row : r.rows()) {
            pooled.addAll(SweepReport.sdeEscapeRuns(spec, row));
        }
        EscapeLaw.Comparison p = EscapeLaw.compare(pooled);
        assertThat(p.powerLaw().b()).isCloseTo(c.powerLaw().b(), within(1e-9));
        assertThat(p.powerLaw().bStderr()).isCloseTo(c.powerLaw().bStderr(), within(1e-9));
        assertThat(p.exponential().logLikelihood()).isCloseTo(c.exponential().logLikelihood(), within(1e-6));
        assertThat(p.deltaAic()).isCloseTo(c.deltaAic(), within(1e-6));
    }

    @Test
    void gaussianNoiseOverRateAndBatchGivesTheExponentialInBatchOverRate() throws IOException {
        List<EscapeLaw.Run> runs = new ArrayList<>();
        for (int b : GAUSS_BATCHES) {
            runs.addAll(runs(run(spec(2.0, GAUSS_SIGMA, GAUSS_RATES, b, 200, 12 + b)), b));
        }
        EscapeLaw.Comparison c = EscapeLaw.compare(runs);
        assertThat(c.better()).isEqualTo("exponential (Gaussian)");
        assertThat(c.deltaAic()).as("exponential AIC − power-law AIC").isLessThan(-2);
        assertThat(c.exponential().b()).as("k > 0: a larger batch or a smaller rate escapes later").isPositive();
    }

    @Test
    void theBatchScalesTheNoiseByItsStableLaw() throws IOException {
        // the mean of B SαS(σ) draws is SαS(σ B^{1/α − 1}): batch B at σ is the batch-free lab at that σ, trajectory for trajectory
        SdeEscapeSpec withBatch = spec(1.5, 0.8, List.of(0.02), 4, 50, 5);
        SdeEscapeSpec scaled = spec(1.5, 0.8 * Math.pow(4, 1 / 1.5 - 1), List.of(0.02), null, 50, 5);
        assertThat(run(withBatch).sweeps().get(0).rows().get(0).result().times())
                .containsExactly(run(scaled).sweeps().get(0).rows().get(0).result().times());
        assertThat(spec(2.0, 1, List.of(0.1), 9, 2, 1).noiseFactor(2.0)).isCloseTo(1 / 3.0, within(1e-15));
    }
}
