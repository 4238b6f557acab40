package dev.basin.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.data.Batch;
import dev.basin.data.DenseDataset;
import dev.basin.data.Synthetic;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.nn.SoftmaxCrossEntropy;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.OpenBlasGemm;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The noise operators against the explicit per-sample-gradient formulas on a small net and data set. */
class NetworkCurvatureTest {
    final DenseDataset data = Synthetic.gaussianMixture("gmm", 40, 6, 3, 3.0, 1.0, 1, 0);
    final Network net = Models.mlp(6, 2, 5, 3, true, "gelu", OpenBlasGemm.INSTANCE);
    final FloatVec theta = net.newParameters();

    NetworkCurvatureTest() {
        net.initialize(theta, 2);
    }

    double[][] perSampleGradients(int[] idx) {
        double[][] g = new double[idx.length][];
        Batch b = Batch.forDataset(data, 1);
        FloatVec out = net.newParameters();
        for (int i = 0; i < idx.length; i++) {
            b.fill(data, idx, i, 1);
            net.lossAndGradient(theta, b, SoftmaxCrossEntropy.INSTANCE, out, net.workspace(1));
            g[i] = out.toDoubleArray();
        }
        return g;
    }

    static double relErr(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    @Test
    void covarianceProjectionAndFisherDiagonalMatchPerSampleGradients() {
        int[] idx = NetworkCurvature.randomSamples(data, 29, 5);
        NetworkCurvature c = new NetworkCurvature(net, theta, SoftmaxCrossEntropy.INSTANCE, data, idx, 8);
        int d = c.dim();
        int n = idx.length;
        int s = 16;
        double[][] g = perSampleGradients(idx);
        double[] mean = new double[d];
        for (double[] gi : g) {
            Vectors.axpy(1.0 / n, gi, mean);
        }
        assertThat(relErr(c.gradient(), mean)).isLessThan(1e-5);
        double[] v = Vectors.gaussian(d, new SplittableRandom(3));
        double[] truth = new double[d];
        for (double[] gi : g) {
            Vectors.axpy(Vectors.dot(gi, v) / n, gi, truth);
        }
        Vectors.axpy(-Vectors.dot(mean, v), mean, truth);
        Vectors.scale(1.0 / s, truth);
        double[] sv = new double[d];
        c.noiseCovariance(s).apply(v, sv);
        assertThat(relErr(sv, truth)).as("Σv").isLessThan(1e-5);

        double[][] u = {Vectors.gaussian(d, new SplittableRandom(7)), Vectors.gaussian(d, new SplittableRandom(8)),
            Vectors.gaussian(d, new SplittableRandom(9))};
        double[][] p = c.projectedCovariance(u, s);
        for (int j = 0; j < 3; j++) {
            double[] su = new double[d];
            c.noiseCovariance(s).apply(u[j], su);
            for (int l = 0; l < 3; l++) {
                double want = Vectors.dot(u[l], su);
                assertThat(p[l][j]).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-5 * Math.abs(want) + 1e-9));
            }
        }
        double[] fisher = c.fisherDiagonal();
        double[] want = new double[d];
        for (double[] gi : g) {
            for (int i = 0; i < d; i++) {
                want[i] += gi[i] * gi[i] / n;
            }
        }
        assertThat(relErr(fisher, want)).as("Fisher diagonal").isLessThan(1e-5);
    }

    @Test
    void samplesAndBadInput() {
        assertThat(NetworkCurvature.firstSamples(data, 5)).containsExactly(0, 1, 2, 3, 4);
        assertThat(NetworkCurvature.firstSamples(data, 100)).hasSize(40);
        int[] r = NetworkCurvature.randomSamples(data, 10, 1);
        assertThat(r).hasSize(10).isSorted().doesNotHaveDuplicates();
        assertThat(NetworkCurvature.randomSamples(data, 10, 1)).containsExactly(r);
        assertThatThrownBy(() -> NetworkCurvature.firstSamples(data, 0)).hasMessageContaining("the sample is empty");
        assertThatThrownBy(() -> new NetworkCurvature(net, FloatVec.zeros(3), SoftmaxCrossEntropy.INSTANCE, data, r, 4))
                .hasMessageContaining("parameter vector has 3 entries");
    }
}
