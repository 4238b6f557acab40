package dev.basin.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.data.Batch;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.numeric.ReferenceGemm;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The R-operator products of {@link Network} against float64 truths built independently: the Hessian column by
 * column from central differences of the float64 reference gradient, the Gauss–Newton matrix JᵀH_oJ from a
 * finite-difference Jacobian of the reference outputs, and per-sample gradients from the reference net run on
 * one sample at a time.
 */
class CurvatureProductsTest {
    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (String act : List.of("relu", "tanh", "gelu")) {
            for (boolean bias : List.of(false, true)) {
                for (boolean mse : List.of(false, true)) {
                    a.add(Arguments.of(act, bias, mse, mse ? 1 : 5));
                }
            }
        }
        return a.stream();
    }

    record Setup(ReferenceNet64 ref, Network net, FloatVec thetaF, double[] theta, double[] x, int[] labels, Batch batch, Loss loss) {
    }

    static Setup setup(String act, boolean bias, boolean mse, int batch, Gemm gemm) {
        int[] sizes = {7, 6, 5, 4};
        ReferenceNet64 ref = new ReferenceNet64(sizes, bias, act, mse);
        Network net = new Network(List.of(PassThrough.flatten(7), new Linear(7, 6, bias), Models.activation(act, 6), new Linear(6, 5, bias),
                Models.activation(act, 5), new Linear(5, 4, bias)), gemm);
        FloatVec thetaF = net.newParameters();
        net.initialize(thetaF, 3);
        SplittableRandom rng = new SplittableRandom(7 + batch);
        double[] x = new double[batch * 7];
        int[] labels = new int[batch];
        Batch b = new Batch(batch, 7, 0);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextDouble() * 4 - 2);
            b.features().set(i, (float) x[i]);
        }
        for (int r = 0; r < batch; r++) {
            labels[r] = rng.nextInt(4);
        }
        System.arraycopy(labels, 0, b.labels(), 0, batch);
        b.setSize(batch);
        return new Setup(ref, net, thetaF, thetaF.toDoubleArray(), x, labels, b, mse ? MeanSquaredError.INSTANCE : SoftmaxCrossEntropy.INSTANCE);
    }

    /** H by central differences of the float64 gradient, h = 1e-5 (error O(h²) ~ 1e-10, rounding ~1e-11). */
    static double[][] hessian64(Setup s) {
        int d = s.theta().length;
        double[][] h = new double[d][d];
        double step = 1e-5;
        int batch = s.batch().size();
        for (int i = 0; i < d; i++) {
            double[] tp = s.theta().clone();
            double[] tm = s.theta().clone();
            tp[i] += step;
            tm[i] -= step;
            double[] gp = new double[d];
            double[] gm = new double[d];
            s.ref().lossAndGradient(tp, s.x(), s.labels(), null, batch, gp);
            s.ref().lossAndGradient(tm, s.x(), s.labels(), null, batch, gm);
            for (int j = 0; j < d; j++) {
                h[j][i] = (gp[j] - gm[j]) / (2 * step);
            }
        }
        return h;
    }

    /**
     * Jᵀ H_o J v in float64 from the explicit Jacobian {@code jac} of the outputs z (batch × k), given Jv: H_o is the
     * Hessian of the mean loss in the outputs, 2/(batch·k) I for mean squared error, per sample (diag p − p pᵀ)/batch
     * for softmax cross-entropy.
     */
    static double[] gaussNewtonTruth(double[][] jac, double[] z, double[] jv, int batch, int k, boolean mse) {
        int d = jac[0].length;
        double[] hjv = new double[batch * k];
        for (int r = 0; r < batch; r++) {
            if (mse) {
                for (int j = 0; j < k; j++) {
                    hjv[r * k + j] = 2.0 / (batch * k) * jv[r * k + j];
                }
            } else {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    max = Math.max(max, z[r * k + j]);
                }
                double[] p = new double[k];
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    p[j] = Math.exp(z[r * k + j] - max);
                    sum += p[j];
                }
                double dot = 0;
                for (int j = 0; j < k; j++) {
                    p[j] /= sum;
                    dot += p[j] * jv[r * k + j];
                }
                for (int j = 0; j < k; j++) {
                    hjv[r * k + j] = p[j] * (jv[r * k + j] - dot) / batch;
                }
            }
        }
        double[] gv = new double[d];
        for (int i = 0; i < d; i++) {
            for (int o = 0; o < batch * k; o++) {
                gv[i] += jac[o][i] * hjv[o];
            }
        }
        return gv;
    }

    static double[] times(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += m[i][j] * v[j];
            }
        }
        return out;
    }

    static double[] randomDirection(int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    static FloatVec toFloat(double[] v) {
        FloatVec f = FloatVec.zeros(v.length);
        for (int i = 0; i < v.length; i++) {
            f.set(i, (float) v[i]);
        }
        return f;
    }

    @ParameterizedTest(name = "{0} bias={1} mse={2} batch={3}")
    @MethodSource("cases")
    void hessianVectorProductEqualsTheFloat64Hessian(String act, boolean bias, boolean mse, int batch) {
        for (Gemm gemm : List.of(OpenBlasGemm.INSTANCE, ReferenceGemm.INSTANCE)) {
            Setup s = setup(act, bias, mse, batch, gemm);
            double[][] h = hessian64(s);
            for (long seed = 1; seed <= 3; seed++) {
                double[] v = randomDirection(s.theta().length, seed);
                FloatVec hv = s.net().newParameters();
                double value = s.net().hessianVector(s.thetaF(), s.batch(), s.loss(), toFloat(v), hv, s.net().workspace(batch));
                assertThat(value).isCloseTo(s.ref().lossAndGradient(s.theta(), s.x(), s.labels(), null, batch, null),
                        org.assertj.core.data.Offset.offset(1e-5));
                assertThat(GradientTest.relErr(hv.toDoubleArray(), times(h, v))).as("Hv vs float64 H, " + gemm.name()).isLessThan(1e-4);
            }
        }
    }

    @ParameterizedTest(name = "{0} bias={1} mse={2} batch={3}")
    @MethodSource("cases")
    void gaussNewtonProductEqualsJacobianTransposeLossHessianJacobian(String act, boolean bias, boolean mse, int batch) {
        Setup s = setup(act, bias, mse, batch, OpenBlasGemm.INSTANCE);
        int d = s.theta().length;
        int k = 4;
        double[] z = s.ref().outputs(s.theta(), s.x(), batch);
        double[][] jac = new double[batch * k][d];
        double step = 1e-6;
        for (int i = 0; i < d; i++) {
            double[] tp = s.theta().clone();
            double[] tm = s.theta().clone();
            tp[i] += step;
            tm[i] -= step;
            double[] zp = s.ref().outputs(tp, s.x(), batch);
            double[] zm = s.ref().outputs(tm, s.x(), batch);
            for (int o = 0; o < batch * k; o++) {
                jac[o][i] = (zp[o] - zm[o]) / (2 * step);
            }
        }
        double[] v = randomDirection(d, 5);
        double[] jv = times(jac, v);
        double[] gv = gaussNewtonTruth(jac, z, jv, batch, k, mse);
        FloatVec out = s.net().newParameters();
        s.net().gaussNewtonVector(s.thetaF(), s.batch(), s.loss(), toFloat(v), out, s.net().workspace(batch));
        assertThat(GradientTest.relErr(out.toDoubleArray(), gv)).as("Gv vs float64 JᵀH_oJ v").isLessThan(1e-4);
    }

    /** Per-sample quantities against each sample's own float64 gradient. */
    @ParameterizedTest(name = "{0} bias={1} mse={2} batch={3}")
    @MethodSource("cases")
    void perSampleProductsEqualExplicitPerSampleGradients(String act, boolean bias, boolean mse, int batch) {
        Setup s = setup(act, bias, mse, batch, OpenBlasGemm.INSTANCE);
        int d = s.theta().length;
        double[][] g = new double[batch][d];
        for (int r = 0; r < batch; r++) {
            double[] xr = java.util.Arrays.copyOfRange(s.x(), r * 7, (r + 1) * 7);
            s.ref().lossAndGradient(s.theta(), xr, new int[] {s.labels()[r]}, null, 1, g[r]);
        }
        double[] v = randomDirection(d, 9);
        FloatVec vf = toFloat(v);
        Network.Workspace ws = s.net().workspace(batch);
        double[] dots = new double[batch];
        s.net().directionalDerivatives(s.thetaF(), s.batch(), s.loss(), vf, dots, ws);
        double[] outer = new double[d];
        double[] squares = new double[d];
        double[] truthDots = new double[batch];
        for (int r = 0; r < batch; r++) {
            for (int i = 0; i < d; i++) {
                truthDots[r] += g[r][i] * v[i];
            }
            for (int i = 0; i < d; i++) {
                outer[i] += g[r][i] * truthDots[r];
                squares[i] += g[r][i] * g[r][i];
            }
        }
        assertThat(GradientTest.relErr(dots, truthDots)).as("u·∇f_r").isLessThan(1e-5);
        FloatVec out = s.net().newParameters();
        double[] dots2 = new double[batch];
        s.net().sampleOuterProductVector(s.thetaF(), s.batch(), s.loss(), vf, out, dots2, ws);
        assertThat(GradientTest.relErr(out.toDoubleArray(), outer)).as("Σ ∇f_r ∇f_rᵀ v").isLessThan(1e-5);
        assertThat(GradientTest.relErr(dots2, truthDots)).isLessThan(1e-5);
        FloatVec sq = s.net().newParameters();
        s.net().addSquaredSampleGradients(s.thetaF(), s.batch(), s.loss(), sq, ws);
        s.net().addSquaredSampleGradients(s.thetaF(), s.batch(), s.loss(), sq, ws);
        for (int i = 0; i < d; i++) {
            squares[i] *= 2;
        }
        assertThat(GradientTest.relErr(sq.toDoubleArray(), squares)).as("Σ (∇f_r)², accumulated twice").isLessThan(1e-5);
    }

    /**
     * Lanczos on a tiny network's Hessian: on the float64 Hessian itself it matches the dense solver to 1e-6
     * (top and bottom 5); on Basin's float32 products, streamed over batches, to float32 accuracy (1e-4 of
     * ‖H‖). Same seed, same eigenvalues bit for bit.
     */
    @org.junit.jupiter.api.Test
    void lanczosOnTinyNetworkHessians() {
        Setup s = setup("tanh", true, false, 5, OpenBlasGemm.INSTANCE);
        double[][] h = hessian64(s);
        for (int i = 0; i < h.length; i++) {
            for (int j = 0; j < i; j++) {
                h[i][j] = h[j][i] = 0.5 * (h[i][j] + h[j][i]);
            }
        }
        double[] truth = dev.basin.numeric.SymmetricEigen.of(h).values();
        int d = truth.length;
        double scale = Math.max(Math.abs(truth[0]), Math.abs(truth[d - 1]));
        dev.basin.curvature.SymmetricOperator dense = dev.basin.curvature.SymmetricOperator.dense(h);
        float[] xf = new float[s.x().length];
        for (int i = 0; i < xf.length; i++) {
            xf[i] = (float) s.x()[i];
        }
        dev.basin.data.DenseDataset data = new dev.basin.data.DenseDataset("tiny", xf, 7, s.labels(), 4, null, 0);
        dev.basin.curvature.NetworkCurvature curv = new dev.basin.curvature.NetworkCurvature(s.net(), s.thetaF(), s.loss(), data,
                dev.basin.curvature.NetworkCurvature.firstSamples(data, 5), 2);
        for (dev.basin.curvature.Lanczos.Which which : List.of(dev.basin.curvature.Lanczos.Which.LARGEST, dev.basin.curvature.Lanczos.Which.SMALLEST)) {
            dev.basin.curvature.Lanczos.Result exact = dev.basin.curvature.Lanczos.eigs(dense, 5, which, 1e-10, 2000, 40, 1);
            dev.basin.curvature.Lanczos.Result net = dev.basin.curvature.Lanczos.eigs(curv.hessian(), 5, which, 1e-5, 2000, 40, 1);
            dev.basin.curvature.Lanczos.Result again = dev.basin.curvature.Lanczos.eigs(curv.hessian(), 5, which, 1e-5, 2000, 40, 1);
            assertThat(again.values()).containsExactly(net.values());
            for (int k = 0; k < 5; k++) {
                double t = which == dev.basin.curvature.Lanczos.Which.LARGEST ? truth[d - 1 - k] : truth[k];
                assertThat(Math.abs(exact.values()[k] - t)).as("float64 Lanczos %s %d", which, k).isLessThan(1e-6 * Math.abs(t));
                assertThat(Math.abs(net.values()[k] - t)).as("network Lanczos %s %d: %s vs %s", which, k, net.values()[k], t).isLessThan(1e-4 * scale);
            }
        }
        // Streaming over batches of 2 (2 + 2 + 1) gives the same products as one batch of 5, and the
        // finite-difference operator agrees with the exact one to its own accuracy.
        double[] v = randomDirection(d, 4);
        double[] hv = new double[d];
        curv.hessian().apply(v, hv);
        double[] fd = new double[d];
        curv.finiteDifferenceHessian().apply(v, fd);
        assertThat(GradientTest.relErr(hv, times(h, v))).isLessThan(1e-4);
        assertThat(GradientTest.relErr(fd, hv)).as("finite-difference Hv").isLessThan(2e-2);
    }
}
