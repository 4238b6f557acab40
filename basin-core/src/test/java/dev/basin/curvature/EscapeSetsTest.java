package dev.basin.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.sde.Escape;
import dev.basin.sde.Theory;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class EscapeSetsTest {
    /**
     * Diagonal case by hand: C = diag(σ²), Q = diag(q): M_SGD = diag(σ), M_ADAM = diag(σ/q), A = diag(λσ²) and
     * diag(λσ²/q²); the SGD prediction equals the SDE lab's quadratic-basin law for the same basin.
     */
    @Test
    void diagonalCaseMatchesTheSdeLabsLaw() {
        double[] lambda = {9, 1};
        double[] sigma = {0.3, 0.2};
        double[] q = {0.5, 0.1};
        double alpha = 1.5;
        double height = 0.2;
        double eta = 0.01;
        EscapeSets.Result r = EscapeSets.compute(lambda, new double[][] {{sigma[0] * sigma[0], 0}, {0, sigma[1] * sigma[1]}},
                new double[][] {{1 / q[0], 0}, {0, 1 / q[1]}}, alpha, height, eta);
        double hf = 2 * height;
        double sgdRate = Math.pow(lambda[0] * sigma[0] * sigma[0] / hf, alpha / 2) + Math.pow(lambda[1] * sigma[1] * sigma[1] / hf, alpha / 2);
        double adamRate = Math.pow(lambda[0] * sigma[0] * sigma[0] / (q[0] * q[0] * hf), alpha / 2)
                + Math.pow(lambda[1] * sigma[1] * sigma[1] / (q[1] * q[1] * hf), alpha / 2);
        assertThat(r.sgd().axisRate()).isCloseTo(sgdRate, Offset.offset(1e-12));
        assertThat(r.adam().axisRate()).isCloseTo(adamRate, Offset.offset(1e-9));
        assertThat(r.predictedRatioAxis()).isCloseTo(sgdRate / adamRate, Offset.offset(1e-12));
        double lab = Escape.quadratic(lambda, height, sigma).predictedMeanExit(alpha, Theory.epsilon(eta, alpha));
        assertThat(r.sgd().predictedEscapeTime()).isCloseTo(lab, Offset.offset(1e-9 * lab));
        // Inner ellipsoid {yᵀAy < h_f} in 2-D: π h_f / √det A.
        assertThat(r.sgd().innerVolume()).isCloseTo(Math.PI * hf / Math.sqrt(lambda[0] * lambda[1] * Math.pow(sigma[0] * sigma[1], 2)), Offset.offset(1e-9));
        assertThatThrownBy(() -> EscapeSets.compute(lambda, new double[2][2], new double[2][2], 2.5, 1, 1)).hasMessageContaining("alpha must be in (0, 2]");
    }

    @Test
    void squareRootAndProjection() {
        double[][] c = {{4, 2}, {2, 3}};
        double[][] r = EscapeSets.sqrtPsd(c);
        double[][] rr = EscapeSets.multiply(r, r);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                assertThat(rr[i][j]).isCloseTo(c[i][j], Offset.offset(1e-12));
            }
        }
        double s = Math.sqrt(0.5);
        double[][] p = EscapeSets.projectDiagonal(new double[][] {{s, s, 0}, {0, 0, 1}}, new double[] {2, 4, 7});
        assertThat(p[0][0]).isCloseTo(3, Offset.offset(1e-12));
        assertThat(p[1][1]).isCloseTo(7, Offset.offset(1e-12));
        assertThat(p[0][1]).isCloseTo(0, Offset.offset(1e-12));
    }
}
