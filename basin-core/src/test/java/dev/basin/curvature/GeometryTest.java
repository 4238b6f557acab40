package dev.basin.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.data.DenseDataset;
import dev.basin.data.Synthetic;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.nn.ParamTensor;
import dev.basin.nn.SoftmaxCrossEntropy;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.OpenBlasGemm;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class GeometryTest {
    final DenseDataset data = Synthetic.gaussianMixture("gmm", 60, 5, 3, 3.0, 1.0, 1, 0);
    final Network net = Models.mlp(5, 3, 6, 3, true, "tanh", OpenBlasGemm.INSTANCE);

    FloatVec init(long seed) {
        FloatVec t = net.newParameters();
        net.initialize(t, seed);
        return t;
    }

    @Test
    void interpolationHitsBothEndsAndTheMidpoint() {
        FloatVec a = init(1);
        FloatVec b = init(2);
        Geometry g = new Geometry(net, SoftmaxCrossEntropy.INSTANCE, data, 60, 16);
        List<Geometry.Point> path = g.interpolate(a, b, new double[] {-0.5, 0, 0.5, 1, 1.5});
        Network.Workspace ws = net.workspace(60);
        assertThat(path.get(1).loss()).isEqualTo(net.evaluate(a, data, 60, SoftmaxCrossEntropy.INSTANCE, ws).loss(), Offset.offset(1e-6));
        assertThat(path.get(3).loss()).isEqualTo(net.evaluate(b, data, 60, SoftmaxCrossEntropy.INSTANCE, ws).loss(), Offset.offset(1e-6));
        FloatVec mid = net.newParameters();
        for (int i = 0; i < mid.length(); i++) {
            mid.set(i, 0.5f * a.get(i) + 0.5f * b.get(i));
        }
        assertThat(path.get(2).loss()).isEqualTo(net.evaluate(mid, data, 60, SoftmaxCrossEntropy.INSTANCE, ws).loss(), Offset.offset(1e-6));
        assertThat(path.get(2).accuracy()).isBetween(0.0, 1.0);
        assertThat(g.barrier(a, a, 5)).isEqualTo(0.0);
        assertThatThrownBy(() -> g.interpolate(a, FloatVec.zeros(4), new double[] {0})).hasMessageContaining("parameter vector has 4 entries");
    }

    @Test
    void filterNormalisedDirectionsHaveTheParametersRowNorms() {
        FloatVec t = init(3);
        Geometry g = new Geometry(net, SoftmaxCrossEntropy.INSTANCE, data, 60, 16);
        FloatVec d = g.randomDirection(t, Geometry.Normalization.FILTER, 9);
        for (ParamTensor p : net.tensors()) {
            int[] shape = p.shape();
            if (shape.length == 1) {
                for (int i = 0; i < p.length(); i++) {
                    assertThat(d.get(p.offset() + i)).isZero();
                }
                continue;
            }
            int len = shape[1];
            for (int r = 0; r < shape[0]; r++) {
                double nd = 0;
                double nt = 0;
                for (int i = 0; i < len; i++) {
                    nd += Math.pow(d.get(p.offset() + r * len + i), 2);
                    nt += Math.pow(t.get(p.offset() + r * len + i), 2);
                }
                assertThat(Math.sqrt(nd)).isCloseTo(Math.sqrt(nt), Offset.offset(1e-5 * Math.sqrt(nt)));
            }
        }
        List<Geometry.Point> s = g.slice1d(t, d, new double[] {0});
        assertThat(s.get(0).loss()).isCloseTo(net.evaluate(t, data, 60, SoftmaxCrossEntropy.INSTANCE, net.workspace(60)).loss(), Offset.offset(1e-6));
    }

    /** For small σ, E[F(θ + σε)] − F(θ) = σ²/2 · tr(H) + O(σ⁴): within 3 standard errors (plus 5% for the higher terms). */
    @Test
    void flatnessIsHalfSigmaSquaredTimesTheTrace() {
        FloatVec t = init(4);
        NetworkCurvature c = new NetworkCurvature(net, t, SoftmaxCrossEntropy.INSTANCE, data, NetworkCurvature.firstSamples(data, 60), 60);
        SymmetricOperator h = c.hessian();
        double trace = 0;
        double[] e = new double[c.dim()];
        double[] he = new double[c.dim()];
        for (int i = 0; i < e.length; i++) {
            e[i] = 1;
            h.apply(e, he);
            trace += he[i];
            e[i] = 0;
        }
        Geometry g = new Geometry(net, SoftmaxCrossEntropy.INSTANCE, data, 60, 60);
        double sigma = 0.02;
        Geometry.Flatness f = g.flatness(t, sigma, 400, 5);
        double predicted = sigma * sigma / 2 * trace;
        assertThat(Math.abs(f.meanIncrease() - predicted)).as("flatness %.6f ± %.6f vs σ²tr(H)/2 = %.6f", f.meanIncrease(), f.stderr(), predicted)
                .isLessThan(3 * f.stderr() + 0.05 * Math.abs(predicted));
        // ... and Hutchinson agrees with the exact trace of the network Hessian.
        Trace.Estimate est = Trace.hutchinson(h, 200, 3);
        assertThat(Math.abs(est.value() - trace)).isLessThan(3 * est.stderr() + 1e-4 * Math.abs(trace));
    }
}
