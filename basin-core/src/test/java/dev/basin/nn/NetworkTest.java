package dev.basin.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.data.Batch;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.numeric.SpecialFunctions;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTest {
    @Test
    void paperMnistNetHasReferenceShapeAndPyTorchNames() {
        Network net = Models.mlp(784, 9, 512, 10, false, OpenBlasGemm.INSTANCE);
        assertThat(net.layers()).hasSize(17);
        assertThat(net.parameterCount()).isEqualTo(784 * 512 + 7 * 512 * 512 + 512 * 10);
        List<ParamTensor> ts = net.tensors();
        assertThat(ts).hasSize(9);
        assertThat(ts.get(0).name()).isEqualTo("0.weight");
        assertThat(ts.get(0).shape()).containsExactly(512, 784);
        assertThat(ts.get(1).name()).isEqualTo("2.weight");
        assertThat(ts.get(8).name()).isEqualTo("16.weight");
        assertThat(ts.get(8).shape()).containsExactly(10, 512);
        assertThat(Models.mlp(3072, 7, 512, 10, false, OpenBlasGemm.INSTANCE).tensors()).hasSize(7);
        Network withBias = Models.mlp(4, 2, 3, 2, true, OpenBlasGemm.INSTANCE);
        assertThat(withBias.tensors()).extracting(ParamTensor::name).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
    }

    @Test
    void initialisationIsPyTorchsUniformWithinOneOverSqrtFanIn() {
        Network net = Models.mlp(400, 2, 300, 10, true, OpenBlasGemm.INSTANCE);
        FloatVec theta = net.newParameters();
        net.initialize(theta, 11);
        ParamTensor w = net.tensors().get(0);
        double bound = 1 / Math.sqrt(400);
        int n = w.length();
        double sum = 0;
        double sq = 0;
        double max = 0;
        for (int i = 0; i < n; i++) {
            double v = theta.get(w.offset() + i);
            sum += v;
            sq += v * v;
            max = Math.max(max, Math.abs(v));
        }
        double mean = sum / n;
        double var = sq / n - mean * mean;
        // U(-b, b): mean 0 with SE b/sqrt(3n); variance b²/3 with SE b²·sqrt(4/45/n).
        assertThat(max).isLessThanOrEqualTo(bound * (1 + 1e-6));
        assertThat(Math.abs(mean)).isLessThan(4 * bound / Math.sqrt(3.0 * n));
        assertThat(Math.abs(var - bound * bound / 3)).isLessThan(4 * bound * bound * Math.sqrt(4.0 / 45 / n));
        // Bias of layer 0 uses the same bound.
        ParamTensor b = net.tensors().get(1);
        for (int i = 0; i < b.length(); i++) {
            assertThat((double) Math.abs(theta.get(b.offset() + i))).isLessThanOrEqualTo(bound * (1 + 1e-6));
        }
        FloatVec again = net.newParameters();
        net.initialize(again, 11);
        assertThat(again.contentEquals(theta)).isTrue();
        net.initialize(again, 12);
        assertThat(again.contentEquals(theta)).isFalse();
    }

    @Test
    void rejectsMismatchedLayersAndBadSizes() {
        assertThatThrownBy(() -> new Network(List.of(new Linear(3, 4, false), new Linear(5, 2, false)), OpenBlasGemm.INSTANCE))
                .hasMessageContaining("expects 5 inputs");
        assertThatThrownBy(() -> Models.mlp(3, 0, 4, 2, false, OpenBlasGemm.INSTANCE)).hasMessageContaining("depth");
        assertThatThrownBy(() -> Models.activation("swish", 3)).hasMessageContaining("unknown activation 'swish'");
    }

    @Test
    void softmaxCrossEntropyIsStableForHugeLogits() {
        Batch b = new Batch(1, 3, 0);
        b.setSize(1);
        b.labels()[0] = 1;
        FloatVec z = FloatVec.of(1e30f, 0f, -1e30f);
        FloatVec g = FloatVec.zeros(3);
        double l = SoftmaxCrossEntropy.INSTANCE.evaluate(z, 3, b, g);
        assertThat(l).isEqualTo(1e30, org.assertj.core.data.Offset.offset(1e24));
        assertThat(g.allFinite()).isTrue();
        assertThat(g.get(0)).isEqualTo(1f);
        assertThat(g.get(1)).isEqualTo(-1f);
    }

    @Test
    void flattenIsTheIdentityAndShiftsIndices() {
        Network net = new Network(List.of(PassThrough.flatten(4), new Linear(4, 2, false)), OpenBlasGemm.INSTANCE);
        assertThat(net.tensors().get(0).name()).isEqualTo("1.weight");
        FloatVec theta = net.newParameters();
        net.initialize(theta, 1);
        Batch b = new Batch(2, 4, 0);
        b.setSize(2);
        for (int i = 0; i < 8; i++) {
            b.features().set(i, i);
        }
        FloatVec out = net.forward(theta, b, net.workspace(2));
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < 2; j++) {
                double s = 0;
                for (int i = 0; i < 4; i++) {
                    s += theta.get(j * 4 + i) * (r * 4 + i);
                }
                assertThat((double) out.get(r * 2 + j)).isCloseTo(s, org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    /** The SGD step fused into the backward pass equals gradient-then-update to float rounding, step after step. */
    @Test
    void fusedSgdStepEqualsGradientThenUpdate() {
        for (boolean bias : new boolean[] {false, true}) {
            Network net = Models.mlp(12, 4, 32, 5, bias, OpenBlasGemm.INSTANCE);
            FloatVec a = net.newParameters();
            net.initialize(a, 9);
            FloatVec b = a.copy();
            FloatVec g = net.newParameters();
            dev.basin.data.DenseDataset d = dev.basin.data.Synthetic.gaussianMixture("g", 64, 12, 5, 2, 1, 3, 0);
            Batch batch = Batch.forDataset(d, 16);
            Network.Workspace ws = net.workspace(16);
            for (int step = 0; step < 10; step++) {
                batch.fillRange(d, (step % 4) * 16, 16);
                double l1 = net.lossAndGradient(a, batch, SoftmaxCrossEntropy.INSTANCE, g, ws);
                a.axpyInPlace(-0.1f, g);
                double l2 = net.lossAndSgdStep(b, batch, SoftmaxCrossEntropy.INSTANCE, 0.1f, ws);
                assertThat(l2).isCloseTo(l1, org.assertj.core.data.Offset.offset(1e-5));
            }
            double diff = 0;
            for (int i = 0; i < a.length(); i++) {
                diff = Math.max(diff, Math.abs(a.get(i) - b.get(i)));
            }
            assertThat(diff).as("bias=" + bias).isLessThan(1e-5);
        }
    }

    @Test
    void erfMatchesKnownValues() {
        // Reference values of erf to 16 digits.
        assertThat(SpecialFunctions.erf(0.5)).isCloseTo(0.5204998778130465, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(SpecialFunctions.erf(1.0)).isCloseTo(0.8427007929497149, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(SpecialFunctions.erf(2.5)).isCloseTo(0.9995930479825550, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(SpecialFunctions.erf(3.5)).isCloseTo(0.9999992569016276, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(SpecialFunctions.erf(-1.0)).isCloseTo(-0.8427007929497149, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(1 - SpecialFunctions.erf(5.0)).isCloseTo(1.5374597944280349e-12, org.assertj.core.data.Offset.offset(1e-16));
    }
}
