package dev.basin.sde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FactorsTest {
    /** Eq. 5 by hand for two Euler steps on F = x²/2 without noise (ζ is drawn but shaped to 0). */
    @Test
    void adamSdeFollowsEquationFiveStepByStep() {
        double h = 0.1;
        double r1 = 1;
        double r2 = 0.5;
        double eps = 1e-8;
        ExitTimes.Step step = ExitTimes.adamSde((x, g) -> g[0] = x[0], NoiseShape.isotropic(1, 0), 0.3, h, 1.5, r1, r2, eps).get();
        StableNoise noise = new StableNoise(1.5, 0, 1, 1, 0);
        double[] x = {2};
        double[] g = new double[1];
        double m = 0;
        double v = 0;
        double theta = 2;
        for (int k = 1; k <= 2; k++) {
            double t = k * h;
            m += h * r1 * (theta - m);
            v += h * r2 * (theta * theta - v);
            double q = Math.sqrt(v / (1 - Math.exp(-r2 * t))) + eps;
            theta -= h / (1 - Math.exp(-r1 * t)) * m / q;
            step.advance(x, noise, g);
            assertThat(x[0]).as("step %d", k).isCloseTo(theta, org.assertj.core.data.Offset.offset(1e-14));
        }
        step.reset();
        x[0] = 2;
        step.advance(x, noise, g);
        assertThat(x[0]).as("after reset").isCloseTo(2 - h / (1 - Math.exp(-r1 * h)) * (h * r1 * 2)
                / (Math.sqrt(h * r2 * 4 / (1 - Math.exp(-r2 * h))) + eps), org.assertj.core.data.Offset.offset(1e-14));
        assertThatThrownBy(() -> ExitTimes.adamSde((a, b) -> { }, NoiseShape.isotropic(1, 1), 1, 1, 1.5, 2, 0.1, eps))
                .hasMessageContaining("h * rate <= 1");
    }

    /**
     * Factor 1 (exit time grows with α at fixed geometry) and Factor 2 in isolation (whitening the noise to the same
     * budget lengthens escape by the predicted ratio Σ(A_ii)^{α/2}), each within 3 standard errors plus a 10%
     * allowance for the Euler scheme and the finite noise (the law is a small-noise limit).
     */
    @Test
    void factorOneAndFactorTwoMatchTheTheory() {
        Factors.Report rep = Factors.run(new double[] {1, 16}, 0.5, 0.1, new double[] {1.2, 1.5}, 1.5, 0.01, 10, 600, 20_000, 5, 2);
        double previous = 0;
        for (Factors.Case c : rep.cases()) {
            Escape.Row r = c.row();
            if (c.factor().equals("factor 1") || c.dynamics().equals("sde")) {
                assertThat(r.censored()).isZero();
                assertThat(Math.abs(r.mean() - r.predicted())).as(c.name() + ": %.4f ± %.4f vs %.4f", r.mean(), r.stderr(), r.predicted())
                        .isLessThan(3 * r.stderr() + 0.10 * r.predicted());
            }
            if (c.factor().equals("factor 1")) {
                assertThat(r.mean()).as("exit time grows with alpha").isGreaterThan(previous);
                previous = r.mean();
            }
        }
        Factors.Ratio f2 = rep.ratios().get(0);
        assertThat(f2.predicted()).isGreaterThan(1.3);
        double rel = Math.log(f2.hi() / f2.measured()) / 1.96;
        assertThat(Math.abs(Math.log(f2.measured() / f2.predicted()))).as("Factor 2: %.3f vs %.3f", f2.measured(), f2.predicted())
                .isLessThan(3 * rel + 0.10);
        assertThatThrownBy(() -> Factors.run(new double[] {1, -1}, 0.5, 0.05, new double[] {1.5}, 1.5, 0.01, 10, 10, 10, 1, 1))
                .hasMessageContaining("not positive definite");
    }

    /** A rotated (non-diagonal) Hessian: the axis-measure law uses the diagonal of A = ΣHΣ in the noise's axes. */
    @Test
    void fullHessianBasinMatchesTheAxisMeasureLaw() {
        double c = Math.cos(0.6);
        double s = Math.sin(0.6);
        double[][] h = {{c * c * 1 + s * s * 16, c * s * (16 - 1)}, {c * s * (16 - 1), s * s * 1 + c * c * 16}};
        Escape.Quadratic basin = new Escape.Quadratic(h, 0.5, new double[][] {{0.1, 0}, {0, 0.1}});
        Escape.Row r = Escape.run(basin, "sde", new double[] {1.5}, 0.2, 0.002, 1000, 10_000_000, 3, 2).get(0);
        System.out.printf("full Hessian: %.4f ± %.4f vs %.4f%n", r.mean(), r.stderr(), r.predicted());
        assertThat(Math.abs(r.mean() - r.predicted())).isLessThan(3 * r.stderr() + 0.10 * r.predicted());
        assertThatThrownBy(() -> new Escape.Quadratic(new double[][] {{1, 2}, {2, 1}}, 0.5, new double[][] {{1, 0}, {0, 1}}))
                .hasMessageContaining("the Hessian is not positive definite (smallest eigenvalue -1");
    }

    /** ADAM's Q* at a minimum scales with the noise: doubling Σ doubles the median of √v. */
    @Test
    void adamStationaryPreconditionerScalesWithTheNoise() {
        double[] q1 = ExitTimes.adamStationaryQ(NoiseShape.diagonal(new double[] {1, 3}), 1.5, 0.01, 0, 50_000, 1, 0);
        double[] q2 = ExitTimes.adamStationaryQ(NoiseShape.diagonal(new double[] {2, 6}), 1.5, 0.01, 0, 50_000, 1, 0);
        assertThat(q2[0] / q1[0]).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(q1[1] / q1[0]).isBetween(2.0, 4.5);
    }
}
