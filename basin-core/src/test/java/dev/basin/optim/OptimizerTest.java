package dev.basin.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.numeric.FloatVec;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Three steps of every optimizer on θ0 = (1, −0.5) with the fixed gradients g1 = (0.2, −0.4),
 * g2 = (−0.1, 0.3), g3 = (0.5, 0.05) and η = 0.1, against values worked out by hand below.
 */
class OptimizerTest {
    static final float[][] G = {{0.2f, -0.4f}, {-0.1f, 0.3f}, {0.5f, 0.05f}};
    static final double LR = 0.1;
    static final Offset<Double> TOL = Offset.offset(2e-6);

    /** θ after each of the three steps. */
    static double[][] run(OptimizerConfig c) {
        FloatVec theta = FloatVec.of(1f, -0.5f);
        Optimizer o = c.create(2);
        double[][] out = new double[3][];
        for (int t = 0; t < 3; t++) {
            o.step(theta, FloatVec.of(G[t]), LR);
            out[t] = theta.toDoubleArray();
        }
        assertThat(o.state().step()).isEqualTo(3);
        return out;
    }

    static void expect(double[] actual, double x, double y) {
        assertThat(actual[0]).isCloseTo(x, TOL);
        assertThat(actual[1]).isCloseTo(y, TOL);
    }

    @Test
    void sgd() {
        double[][] t = run(new Sgd.Config());
        expect(t[0], 1 - 0.02, -0.5 + 0.04);         // 0.98, -0.46
        expect(t[1], 0.98 + 0.01, -0.46 - 0.03);     // 0.99, -0.49
        expect(t[2], 0.99 - 0.05, -0.49 - 0.005);    // 0.94, -0.495
    }

    @Test
    void sgdMomentumUsesPyTorchsBufferConvention() {
        double[][] t = run(new SgdMomentum.Config(0.9, 0, false));
        // b1 = g1 = (0.2, -0.4)                        θ1 = (0.98, -0.46)
        // b2 = 0.9 b1 + g2 = (0.08, -0.06)             θ2 = (0.972, -0.454)
        // b3 = 0.9 b2 + g3 = (0.572, -0.004)           θ3 = (0.9148, -0.4536)
        expect(t[0], 0.98, -0.46);
        expect(t[1], 0.972, -0.454);
        expect(t[2], 0.9148, -0.4536);
    }

    @Test
    void nesterovAndDampening() {
        double[][] n = run(new SgdMomentum.Config(0.9, 0, true));
        // d1 = g1 + 0.9 b1 = 1.9 g1 = (0.38, -0.76)                 θ1 = (0.962, -0.424)
        // b2 = (0.08, -0.06), d2 = g2 + 0.9 b2 = (-0.028, 0.246)     θ2 = (0.9648, -0.4486)
        // b3 = (0.572, -0.004), d3 = g3 + 0.9 b3 = (1.0148, 0.0464)  θ3 = (0.86332, -0.45324)
        expect(n[0], 0.962, -0.424);
        expect(n[1], 0.9648, -0.4486);
        expect(n[2], 0.86332, -0.45324);
        double[][] d = run(new SgdMomentum.Config(0.9, 0.5, false));
        // b1 = g1 (no dampening at the first step); b2 = 0.9 b1 + 0.5 g2 = (0.13, -0.21)   θ2 = (0.967, -0.439)
        // b3 = 0.9 b2 + 0.5 g3 = (0.367, -0.164)                                          θ3 = (0.9303, -0.4226)
        expect(d[0], 0.98, -0.46);
        expect(d[1], 0.967, -0.439);
        expect(d[2], 0.9303, -0.4226);
    }

    @Test
    void adamFollowsEquation3() {
        double[][] t = run(new Adam.Config());
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] th = {1, -0.5};
        double[] m = {0, 0};
        double[] v = {0, 0};
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 2; i++) {
                double g = G[s][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mhat = m[i] / (1 - Math.pow(b1, s + 1));
                double vhat = v[i] / (1 - Math.pow(b2, s + 1));
                th[i] -= LR * mhat / (Math.sqrt(vhat) + eps);
            }
            expect(t[s], th[0], th[1]);
        }
        // Written out for the first step: m̂1 = g1, v̂1 = g1², so θ1 = θ0 − η g1/(|g1| + ε) ≈ θ0 − η·sign(g1).
        expect(t[0], 1 - 0.1 * 0.2 / (0.2 + 1e-8), -0.5 + 0.1 * 0.4 / (0.4 + 1e-8));
    }

    @Test
    void adamBiasCorrectionMakesConstantGradientStepsExactlyEta() {
        Optimizer o = new Adam.Config().create(1);
        FloatVec theta = FloatVec.of(0f);
        for (int t = 1; t <= 5; t++) {
            o.step(theta, FloatVec.of(3f), 0.01);
            // m̂ = 3 and v̂ = 9 at every t; without the bias correction the first step would be 0.01·0.3/sqrt(0.009) ≈ 0.0316.
            assertThat((double) theta.get(0)).isCloseTo(-0.01 * t, Offset.offset(1e-7));
        }
    }

    @Test
    void adamAddsEpsilonAfterTheSquareRoot() {
        Optimizer o = new Adam.Config().create(1);
        FloatVec theta = FloatVec.of(0f);
        o.step(theta, FloatVec.of(1e-9f), 1.0);
        // m̂ = 1e-9, v̂ = 1e-18: η m̂/(sqrt(v̂) + ε) = 1e-9/1.1e-8 = 0.0909...;
        // ε inside the root would give 1e-9/sqrt(1e-18 + 1e-8) ≈ 1e-5; no bias correction ≈ 0.00997.
        assertThat((double) theta.get(0)).isCloseTo(-1e-9 / 1.1e-8, Offset.offset(1e-6));
    }

    @Test
    void adamExposesItsPreconditioner() {
        Adam o = (Adam) new Adam.Config().create(2);
        FloatVec q = FloatVec.zeros(2);
        o.preconditioner(q);
        assertThat((double) q.get(0)).isCloseTo(1e-8, Offset.offset(1e-15));
        FloatVec theta = FloatVec.of(0f, 0f);
        o.step(theta, FloatVec.of(0.2f, -0.4f), 0.1);
        o.step(theta, FloatVec.of(-0.1f, 0.3f), 0.1);
        o.preconditioner(q);
        // v2 = 0.999·0.001·g1² + 0.001·g2², v̂2 = v2/(1 − 0.999²); Q = sqrt(v̂2) + ε.
        double v0 = 0.999 * 0.001 * 0.04 + 0.001 * 0.01;
        double v1 = 0.999 * 0.001 * 0.16 + 0.001 * 0.09;
        double bc = 1 - 0.999 * 0.999;
        assertThat((double) q.get(0)).isCloseTo(Math.sqrt(v0 / bc) + 1e-8, Offset.offset(1e-7));
        assertThat((double) q.get(1)).isCloseTo(Math.sqrt(v1 / bc) + 1e-8, Offset.offset(1e-7));
    }

    @Test
    void amsgradKeepsTheMaximumSecondMoment() {
        Optimizer ams = new Adam.Config(0.9, 0.999, 1e-8, true).create(1);
        Optimizer adam = new Adam.Config().create(1);
        FloatVec ta = FloatVec.of(0f);
        FloatVec tb = FloatVec.of(0f);
        for (float g : new float[] {1f, 0f}) {
            ams.step(ta, FloatVec.of(g), 0.1);
            adam.step(tb, FloatVec.of(g), 0.1);
        }
        // Step 2: m = 0.09, m̂ = 0.09/0.19; v2 = 0.000999 < v1 = 0.001, so AMSGrad divides by sqrt(0.001/(1−0.999²)).
        double mhat = 0.09 / 0.19;
        double bc2 = 1 - 0.999 * 0.999;
        double step1 = 0.1 * 1 / (1 + 1e-8);
        assertThat((double) ta.get(0)).isCloseTo(-step1 - 0.1 * mhat / (Math.sqrt(0.001 / bc2) + 1e-8), Offset.offset(1e-7));
        assertThat((double) tb.get(0)).isCloseTo(-step1 - 0.1 * mhat / (Math.sqrt(0.000999 / bc2) + 1e-8), Offset.offset(1e-7));
        assertThat(ams.state().buffers()).containsKey("max_exp_avg_sq");
    }

    @Test
    void adamwDecaysDecoupled() {
        double[][] t = run(new Adam.WConfig(0.9, 0.999, 1e-8, 0.01, false));
        // θ1 = θ0 (1 − η λ) − η g1/(|g1| + ε) = 1·0.999 − 0.1, −0.5·0.999 + 0.1
        expect(t[0], 0.999 - 0.1 * 0.2 / (0.2 + 1e-8), -0.4995 + 0.1 * 0.4 / (0.4 + 1e-8));
    }

    @Test
    void rmsprop() {
        double[][] t = run(new RmsProp.Config());
        // v1 = 0.01 g1² → sqrt = 0.1|g1|: θ1 = θ0 − η g1/(0.1|g1| + ε) ≈ θ0 − sign(g1)
        expect(t[0], 1 - 0.1 * 0.2 / (0.02 + 1e-8), -0.5 + 0.1 * 0.4 / (0.04 + 1e-8));
        // v2 = 0.99·0.01·g1² + 0.01·g2²
        double v0 = 0.99 * 0.01 * 0.04 + 0.01 * 0.01;
        double v1 = 0.99 * 0.01 * 0.16 + 0.01 * 0.09;
        expect(t[1], t[0][0] + 0.1 * 0.1 / (Math.sqrt(v0) + 1e-8), t[0][1] - 0.1 * 0.3 / (Math.sqrt(v1) + 1e-8));
    }

    @Test
    void adagradWithLrDecay() {
        double[][] t = run(new AdaGrad.Config(0.5, 1e-10, 0));
        // η_t = 0.1/(1 + (t−1)·0.5); s1 = g1², s2 = g1² + g2²
        expect(t[0], 1 - 0.1 * 0.2 / (0.2 + 1e-10), -0.5 + 0.1 * 0.4 / (0.4 + 1e-10));
        expect(t[1], t[0][0] + (0.1 / 1.5) * 0.1 / Math.sqrt(0.04 + 0.01), t[0][1] - (0.1 / 1.5) * 0.3 / Math.sqrt(0.16 + 0.09));
        expect(t[2], t[1][0] - (0.1 / 2.0) * 0.5 / Math.sqrt(0.05 + 0.25), t[1][1] - (0.1 / 2.0) * 0.05 / Math.sqrt(0.25 + 0.0025));
    }

    @Test
    void coupledWeightDecayAddsLambdaThetaToTheGradient() {
        double[][] t = run(new WeightDecay.Config(new Sgd.Config(), 0.1));
        // θ1 = θ0 − η (g1 + 0.1 θ0) = (1 − 0.1·0.3, −0.5 − 0.1·(−0.45))
        expect(t[0], 0.97, -0.455);
        expect(t[1], 0.97 - 0.1 * (-0.1 + 0.097), -0.455 - 0.1 * (0.3 - 0.0455));
    }

    @Test
    void schedules() {
        LrSchedule ms = LrSchedule.thirds(0.05, 3000, 0.5);
        assertThat(ms.lr(0)).isEqualTo(0.05);
        assertThat(ms.lr(999)).isEqualTo(0.05);
        assertThat(ms.lr(1000)).isEqualTo(0.025);
        assertThat(ms.lr(2000)).isEqualTo(0.0125);
        LrSchedule cos = LrSchedule.cosine(0.1, 100, 0.0);
        assertThat(cos.lr(0)).isEqualTo(0.1);
        assertThat(cos.lr(50)).isCloseTo(0.05, Offset.offset(1e-15));
        assertThat(cos.lr(100)).isCloseTo(0.0, Offset.offset(1e-15));
        assertThat(cos.lr(1000)).isCloseTo(0.0, Offset.offset(1e-15));
        assertThatThrownBy(() -> LrSchedule.constant(Double.NaN)).hasMessageContaining("learning rate must be a positive finite number, got NaN");
        assertThatThrownBy(() -> LrSchedule.constant(-1)).hasMessageContaining("got -1.0");
        assertThatThrownBy(() -> LrSchedule.byName("linear", 1, 1, 1, null, 0)).hasMessageContaining("unknown schedule 'linear'");
    }

    @Test
    void configsValidateAndNamesAreExplicit() {
        assertThat(Optimizers.byName("sgd")).isInstanceOf(Sgd.Config.class);
        assertThat(Optimizers.byName("sgdm")).isEqualTo(new SgdMomentum.Config(0.9, 0, false));
        assertThatThrownBy(() -> Optimizers.byName("lion")).hasMessageContaining("unknown optimizer 'lion'");
        assertThatThrownBy(() -> new Adam.Config(1.0, 0.999, 1e-8, false)).hasMessageContaining("beta1 must be in [0.0, 1.0), got 1.0");
        assertThatThrownBy(() -> new SgdMomentum.Config(0, 0, true)).hasMessageContaining("nesterov");
        assertThatThrownBy(() -> Optimizers.configure("sgd", new Optimizers.Options(0.9, null, null, null, null, null, null)))
                .hasMessageContaining("momentum does not apply to optimizer 'sgd' (only to sgdm)");
        OptimizerConfig wd = Optimizers.configure("adam", new Optimizers.Options(null, null, null, 0.8, null, null, 1e-4));
        assertThat(wd).isInstanceOf(WeightDecay.Config.class);
        assertThat(((WeightDecay.Config) wd).inner()).isEqualTo(new Adam.Config(0.8, 0.999, 1e-8, false));
    }
}
