package dev.basin.sde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.numeric.SpecialFunctions;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitTimesTest {
    @Test
    void gammaFunction() {
        assertThat(SpecialFunctions.gamma(0.5)).isCloseTo(Math.sqrt(Math.PI), Offset.offset(1e-13));
        assertThat(SpecialFunctions.gamma(5)).isCloseTo(24, Offset.offset(1e-11));
        assertThat(SpecialFunctions.gamma(2.2)).isCloseTo(1.1018024908797128, Offset.offset(1e-13));
        assertThat(SpecialFunctions.gamma(0.3)).isCloseTo(2.991568987687591, Offset.offset(1e-12));
        assertThat(Theory.cAlpha(1.0)).isCloseTo(1 / Math.PI, Offset.offset(1e-14));
    }

    /**
     * Pure SαS motion (no drift) from x in (−1, 1): mean exit time (1 − x²)^{α/2}/Γ(1 + α), within 3%.
     * Discretisation: x_{k+1} = x_k + h^{1/α} ζ_k checks the boundary only at the steps, so it exits late by the
     * time spent outside between them; for α = 2 that bias is about 0.58·√(2h) in space, ~1% of the time at
     * h = 5e-5, and smaller for α &lt; 2, where exits are mostly single jumps. 10⁴ trajectories give a
     * standard error of about 1%.
     */
    @ParameterizedTest(name = "alpha = {0}, x = {1}")
    @CsvSource({"2.0,0.0,5e-5", "1.5,0.0,1e-4", "1.2,0.5,1e-4"})
    void noDriftExitTimeFollowsTheExactLaw(double alpha, double x0, double h) {
        double scale = Math.pow(h, 1 / alpha);
        ExitTimes.Result r = ExitTimes.simulate(10_000, new double[] {x0}, alpha, 42, 10_000_000, h,
                (x, noise, s) -> x[0] += scale * noise.sample(), x -> Math.abs(x[0]) < 1);
        double truth = Theory.noDriftMeanExit(1, x0, alpha);
        System.out.printf("no drift, alpha %.1f, x %.1f: mean exit %.4f ± %.4f, law %.4f%n", alpha, x0, r.mean(), r.stderr(), truth);
        assertThat(r.censoredCount()).isZero();
        assertThat(Math.abs(r.mean() / truth - 1)).isLessThan(0.03);
    }

    /**
     * The (derived) interval law in the small-noise, wide-well regime: dX = −X dt + ε dL on (−1, 1), α = 1.5,
     * ε = 0.05: E Γ ≈ α ε^{−α} / (C_α (a^{−α} + b^{−α})) ≈ 224, within 10%; normalised exit times ~ Exp(1).
     */
    @Test
    void intervalLawAndExponentialExitTimes() {
        double alpha = 1.5;
        double eps = 0.05;
        double h = 0.02;
        ExitTimes.Result r = ExitTimes.simulate(2000, new double[] {0}, alpha, 7, 100_000_000, h,
                ExitTimes.sgdSde((x, g) -> g[0] = x[0], NoiseShape.isotropic(1, 1), eps, h, alpha), x -> Math.abs(x[0]) < 1, 2);
        double law = Theory.intervalMeanExit(1, 1, eps, 1, alpha);
        double[] ks = r.ksAgainstExponential();
        System.out.printf("interval law: mean exit %.2f ± %.2f, law %.2f; KS vs Exp(1): D = %.4f, p = %.3f%n", r.mean(), r.stderr(), law,
                ks[0], ks[1]);
        assertThat(r.censoredCount()).isZero();
        assertThat(Math.abs(r.mean() / law - 1)).isLessThan(0.10);
        assertThat(ks[1]).isGreaterThan(0.001);
    }

    /**
     * Discrete SGD with injected SαS noise, θ ← θ − η(θ + ζ), on the well (−1, 1): the mean number of
     * iterations to leave scales as η^{−α} (the interval law with h = η and ε = η^{(α−1)/α}); the fitted
     * log–log slope must be within 0.1 of −α. And 1 and 2 threads give identical exit times.
     */
    @ParameterizedTest(name = "alpha = {0}")
    @CsvSource({"1.2", "1.6"})
    void exitIterationsScaleAsEtaToTheMinusAlpha(double alpha) {
        double[] etas = {0.02, 0.01, 0.005, 0.0025};
        double[] logEta = new double[etas.length];
        double[] logK = new double[etas.length];
        for (int i = 0; i < etas.length; i++) {
            double eta = etas[i];
            ExitTimes.Result r = ExitTimes.simulate(1000, new double[] {0}, alpha, 11, 1_000_000_000L, eta,
                    ExitTimes.sgdDiscrete((x, g) -> g[0] = x[0], NoiseShape.isotropic(1, 1), eta), x -> Math.abs(x[0]) < 1, 2);
            logEta[i] = Math.log(eta);
            logK[i] = Math.log(r.mean() / eta);
        }
        double mx = java.util.Arrays.stream(logEta).average().orElseThrow();
        double my = java.util.Arrays.stream(logK).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < etas.length; i++) {
            sxy += (logEta[i] - mx) * (logK[i] - my);
            sxx += (logEta[i] - mx) * (logEta[i] - mx);
        }
        double slope = sxy / sxx;
        System.out.printf("alpha %.1f: slope of log mean exit iterations vs log eta = %.3f%n", alpha, slope);
        assertThat(slope).isCloseTo(-alpha, Offset.offset(0.1));
        ExitTimes.Result one = ExitTimes.simulate(300, new double[] {0}, alpha, 5, 1_000_000_000L, 0.01,
                ExitTimes.sgdDiscrete((x, g) -> g[0] = x[0], NoiseShape.isotropic(1, 1), 0.01), x -> Math.abs(x[0]) < 1, 1);
        ExitTimes.Result two = ExitTimes.simulate(300, new double[] {0}, alpha, 5, 1_000_000_000L, 0.01,
                ExitTimes.sgdDiscrete((x, g) -> g[0] = x[0], NoiseShape.isotropic(1, 1), 0.01), x -> Math.abs(x[0]) < 1, 2);
        assertThat(two.times()).containsExactly(one.times());
    }

    /** Index ranges, each on its own streams, concatenated in order, are the whole run, however the range is cut. */
    @Test
    void rangesOfTrajectoriesConcatenateToTheWholeRun() {
        java.util.function.Supplier<ExitTimes.Step> step = ExitTimes.sgdDiscrete((x, g) -> g[0] = x[0], NoiseShape.isotropic(1, 1), 0.02);
        ExitTimes.Region in = x -> Math.abs(x[0]) < 1;
        ExitTimes.Result whole = ExitTimes.simulate(200, new double[] {0}, 1.5, 7, 200, 0.02, step, in, 1);
        assertThat(whole.censoredCount()).as("the cap censors some, so censoring is carried too").isPositive().isLessThan(200);
        for (int[] cuts : new int[][] {{0, 200}, {0, 1, 77, 150, 200}, {0, 33, 66, 99, 132, 165, 199, 200}}) {
            java.util.List<ExitTimes.Result> parts = new java.util.ArrayList<>();
            for (int k = 0; k + 1 < cuts.length; k++) {
                parts.add(ExitTimes.simulate(cuts[k], cuts[k + 1], new double[] {0}, 1.5, 7, 200, 0.02, step, in, 2));
            }
            ExitTimes.Result joined = ExitTimes.Result.concat(parts);
            assertThat(joined.times()).containsExactly(whole.times());
            assertThat(joined.censored()).containsExactly(whole.censored());
            assertThat(joined.mean()).isEqualTo(whole.mean());
        }
        // a range that starts elsewhere is other trajectories
        assertThat(ExitTimes.simulate(1, 201, new double[] {0}, 1.5, 7, 200, 0.02, step, in, 1).times()).isNotEqualTo(whole.times());
    }

    /**
     * Without noise (σ = 0) the discrete dynamics must be the optimizers themselves: on F = ½ Σ h_i x_i² the
     * trajectories of sgdmDiscrete and adamDiscrete equal dev.basin.optim's SgdMomentum and Adam (float32) to
     * float precision, and each trajectory starts afresh (state reset between trajectories).
     */
    @Test
    void discreteMomentumAndAdamAreTheOptimizers() {
        double[] h = {1, 4};
        java.util.function.BiConsumer<double[], double[]> grad = (x, g) -> {
            g[0] = h[0] * x[0];
            g[1] = h[1] * x[1];
        };
        NoiseShape none = NoiseShape.diagonal(new double[] {0, 0});
        for (String name : new String[] {"sgdm", "adam"}) {
            ExitTimes.Step step = name.equals("sgdm") ? ExitTimes.sgdmDiscrete(grad, none, 0.05, 0.9).get()
                    : ExitTimes.adamDiscrete(grad, none, 0.05, 0.9, 0.999, 1e-8).get();
            dev.basin.optim.Optimizer opt = dev.basin.optim.Optimizers.byName(name).create(2);
            dev.basin.numeric.FloatVec theta = dev.basin.numeric.FloatVec.of(1f, -0.5f);
            dev.basin.numeric.FloatVec g = dev.basin.numeric.FloatVec.zeros(2);
            StableNoise noise = new StableNoise(1.5, 0, 1, 1, 0);
            for (int trajectory = 0; trajectory < 2; trajectory++) {
                step.reset();
                double[] x = {1, -0.5};
                double[] scratch = new double[2];
                if (trajectory == 1) {
                    opt = dev.basin.optim.Optimizers.byName(name).create(2);
                    theta = dev.basin.numeric.FloatVec.of(1f, -0.5f);
                }
                for (int k = 0; k < 20; k++) {
                    step.advance(x, noise, scratch);
                    g.set(0, (float) (h[0] * theta.get(0)));
                    g.set(1, (float) (h[1] * theta.get(1)));
                    opt.step(theta, g, 0.05);
                    assertThat(x[0]).as(name + " step " + k).isCloseTo(theta.get(0), Offset.offset(1e-5));
                    assertThat(x[1]).as(name + " step " + k).isCloseTo(theta.get(1), Offset.offset(1e-5));
                }
            }
        }
    }

    @Test
    void startOutsideTheBasinIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExitTimes.simulate(10, new double[] {2}, 1.5, 1, 10, 0.1,
                (x, noise, s) -> { }, x -> Math.abs(x[0]) < 1)).hasMessageContaining("is outside the basin");
    }

    @Test
    void censoringIsReportedAndSurvivalIsMonotone() {
        // Gaussian steps of SD 0.014: 50 of them never reach |x| = 1 (a 70-SD event), so all are censored.
        ExitTimes.Result r = ExitTimes.simulate(200, new double[] {0}, 2.0, 3, 50, 0.01, (x, noise, s) -> x[0] += 0.01 * noise.sample(),
                x -> Math.abs(x[0]) < 1);
        assertThat(r.censoredCount()).isEqualTo(200);
        assertThat(r.mean()).isEqualTo(0.5);
        assertThat(r.median()).isNaN();
        ExitTimes.Result q = ExitTimes.simulate(500, new double[] {0}, 1.0, 3, 1_000_000, 0.01, (x, noise, s) -> x[0] += 0.1 * noise.sample(),
                x -> Math.abs(x[0]) < 1);
        double[] s = q.survival(new double[] {0, 0.05, 0.1, 1, 10});
        assertThat(s[0]).isEqualTo(1.0);
        for (int i = 1; i < s.length; i++) {
            assertThat(s[i]).isLessThanOrEqualTo(s[i - 1]);
        }
        // Same seed, same times: trajectories own their streams.
        ExitTimes.Result q2 = ExitTimes.simulate(500, new double[] {0}, 1.0, 3, 1_000_000, 0.01, (x, noise, sc) -> x[0] += 0.1 * noise.sample(),
                x -> Math.abs(x[0]) < 1);
        assertThat(q2.times()).containsExactly(q.times());
    }
}
