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
 * Differential tests of the backward pass: (1) the float64 reference gradient equals the central
 * finite difference of the float64 loss to 1e-6 relative; (2) the production float32 gradient (both
 * GEMMs) equals the float64 reference gradient to float32 accuracy.
 */
class GradientTest {
    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (String act : List.of("relu", "tanh", "gelu")) {
            for (boolean bias : List.of(false, true)) {
                for (boolean mse : List.of(false, true)) {
                    for (int batch : List.of(1, 5)) {
                        a.add(Arguments.of(act, bias, mse, batch));
                    }
                }
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} bias={1} mse={2} batch={3}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferencesAndFloat32Path(String act, boolean bias, boolean mse, int batch) {
        int[] sizes = {7, 6, 5, 4};
        ReferenceNet64 ref = new ReferenceNet64(sizes, bias, act, mse);
        SplittableRandom rng = new SplittableRandom(42 + batch);
        Network net = Models.mlp(sizes[0], 3, 6, 4, bias, act, OpenBlasGemm.INSTANCE);
        // Make the middle layer 6→5 as in the reference: build explicitly.
        net = new Network(List.of(new Linear(7, 6, bias), Models.activation(act, 6), new Linear(6, 5, bias),
                Models.activation(act, 5), new Linear(5, 4, bias)), OpenBlasGemm.INSTANCE);
        assertThat(net.parameterCount()).isEqualTo(ref.parameterCount());
        FloatVec thetaF = net.newParameters();
        net.initialize(thetaF, 3);
        double[] theta = thetaF.toDoubleArray();
        double[] x = new double[batch * sizes[0]];
        int[] labels = new int[batch];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextDouble() * 4 - 2);
        }
        for (int r = 0; r < batch; r++) {
            labels[r] = rng.nextInt(4);
        }

        // (1) reference vs central finite differences, float64, h = 1e-6 (error O(h²) + O(1e-16/h)).
        double[] g = new double[theta.length];
        ref.lossAndGradient(theta, x, labels, null, batch, g);
        double[] fd = new double[theta.length];
        double h = 1e-6;
        for (int i = 0; i < theta.length; i++) {
            double[] tp = theta.clone();
            double[] tm = theta.clone();
            tp[i] += h;
            tm[i] -= h;
            fd[i] = (ref.lossAndGradient(tp, x, labels, null, batch, null) - ref.lossAndGradient(tm, x, labels, null, batch, null)) / (2 * h);
        }
        assertThat(relErr(g, fd)).as("float64 gradient vs finite differences").isLessThan(1e-6);

        // (2) production float32 gradient, with OpenBLAS and with the reference GEMM.
        for (Gemm gemm : List.of(OpenBlasGemm.INSTANCE, ReferenceGemm.INSTANCE)) {
            Network n = net.withGemm(gemm);
            Batch b = new Batch(batch, sizes[0], 0);
            for (int i = 0; i < x.length; i++) {
                b.features().set(i, (float) x[i]);
            }
            System.arraycopy(labels, 0, b.labels(), 0, batch);
            b.setSize(batch);
            FloatVec grad = n.newParameters();
            Loss loss = mse ? MeanSquaredError.INSTANCE : SoftmaxCrossEntropy.INSTANCE;
            double value = n.lossAndGradient(thetaF, b, loss, grad, n.workspace(batch));
            assertThat(value).isCloseTo(ref.lossAndGradient(theta, x, labels, null, batch, null), org.assertj.core.data.Offset.offset(1e-5));
            assertThat(relErr(grad.toDoubleArray(), g)).as("float32 " + gemm.name() + " gradient vs float64").isLessThan(2e-5);
        }
    }

    static double relErr(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / Math.max(den, 1e-300));
    }
}
