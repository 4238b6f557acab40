package dev.basin.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.data.Batch;
import dev.basin.data.BatchSampler;
import dev.basin.data.DenseDataset;
import dev.basin.data.Synthetic;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.nn.SoftmaxCrossEntropy;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.optim.LrSchedule;
import dev.basin.optim.Optimizers;
import dev.basin.train.IterationSchedule;
import dev.basin.train.RunDirectory;
import dev.basin.train.TrainListener;
import dev.basin.train.TrainSettings;
import dev.basin.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoiseSamplerTest {
    @TempDir
    Path dir;

    final DenseDataset data = Synthetic.gaussianMixture("g", 400, 12, 3, 2, 1, 4, 0);
    final Network net = Models.mlp(12, 3, 16, 3, true, OpenBlasGemm.INSTANCE);

    FloatVec theta() {
        FloatVec t = net.newParameters();
        net.initialize(t, 2);
        return t;
    }

    /** The P×d noise matrix, in memory, as the reference builds it. */
    double[][] noiseMatrix(FloatVec theta, int batch) {
        int p = data.size() / batch;
        int d = net.parameterCount();
        double[][] g = new double[p][];
        Batch b = Batch.forDataset(data, batch);
        FloatVec grad = net.newParameters();
        for (int i = 0; i < p; i++) {
            b.fillRange(data, i * batch, batch);
            net.lossAndGradient(theta, b, SoftmaxCrossEntropy.INSTANCE, grad, net.workspace(batch));
            g[i] = grad.toDoubleArray();
        }
        double[] mean = new double[d];
        for (double[] row : g) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= p;
        }
        for (double[] row : g) {
            for (int j = 0; j < d; j++) {
                row[j] -= mean[j];
            }
        }
        return g;
    }

    static double[] rowMajor(double[][] m) {
        double[] out = new double[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
        }
        return out;
    }

    @Test
    void streamingEqualsTheInMemoryReferenceAndGbarIsTheFullGradient() {
        FloatVec theta = theta();
        NoiseSampler s = new NoiseSampler(net, SoftmaxCrossEntropy.INSTANCE, new NoiseSampler.Config(20, 0, true, null));
        NoiseSampler.Result r = s.sample(theta, data, "train");
        double[] pooled = rowMajor(noiseMatrix(theta, 20));
        BlockPlan plan = BlockPlan.robust(pooled.length);
        assertThat(plan.dropped()).isZero();
        TailIndex t = r.quantities().get(NoiseSampler.RAW).mohammadi();
        assertThat(t.k1()).isEqualTo(plan.k1());
        assertThat(t.alpha()).isCloseTo(TailIndexTest.referenceMohammadi(pooled, (int) plan.k1()), Offset.offset(1e-9));
        assertThat(r.batches()).isEqualTo(20);
        assertThat(r.samples()).isEqualTo(400);
        // ḡ equals the gradient over the whole set in one batch (batches are equal-sized here).
        Batch all = Batch.forDataset(data, 400);
        all.fillRange(data, 0, 400);
        FloatVec full = net.newParameters();
        net.lossAndGradient(theta, all, SoftmaxCrossEntropy.INSTANCE, full, net.workspace(400));
        assertThat(r.fullGradNorm()).isCloseTo(full.norm(), Offset.offset(1e-5 * full.norm()));
        // Per-tensor α: the first tensor's slice of every ξ_p, pooled in order.
        double[][] m = noiseMatrix(theta, 20);
        int len = net.tensors().get(0).length();
        double[] first = new double[m.length * len];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, first, i * len, len);
        }
        BlockPlan fp = BlockPlan.robust(first.length);
        double ref = TailIndexTest.referenceMohammadi(java.util.Arrays.copyOf(first, (int) fp.used()), (int) fp.k1());
        assertThat(r.quantities().get(NoiseSampler.RAW).perSegment().get("0.weight").alpha()).isCloseTo(ref, Offset.offset(1e-9));
    }

    @Test
    void emaNoiseFollowsItsDefinition() {
        FloatVec theta = theta();
        FloatVec q = net.newParameters();
        for (int i = 0; i < q.length(); i++) {
            q.set(i, 0.5f + (i % 7) * 0.25f);
        }
        double beta1 = 0.9;
        NoiseSampler s = new NoiseSampler(net, SoftmaxCrossEntropy.INSTANCE,
                new NoiseSampler.Config(20, 0, false, new NoiseSampler.Ema(beta1, q)));
        NoiseSampler.Result r = s.sample(theta, data, "train");
        double[][] xi = noiseMatrix(theta, 20);
        int d = net.parameterCount();
        double[][] ema = new double[xi.length][d];
        double[][] pre = new double[xi.length][d];
        double[] e = new double[d];
        for (int p = 0; p < xi.length; p++) {
            for (int j = 0; j < d; j++) {
                e[j] = beta1 * e[j] + (1 - beta1) * xi[p][j];
                ema[p][j] = e[j] / (1 - Math.pow(beta1, p + 1));
                pre[p][j] = ema[p][j] / q.get(j);
            }
        }
        int k1 = (int) BlockPlan.robust((long) d * xi.length).k1();
        assertThat(r.quantities().get(NoiseSampler.EMA).mohammadi().alpha())
                .isCloseTo(TailIndexTest.referenceMohammadi(rowMajor(ema), k1), Offset.offset(1e-9));
        assertThat(r.quantities().get(NoiseSampler.EMA_PRECOND).mohammadi().alpha())
                .isCloseTo(TailIndexTest.referenceMohammadi(rowMajor(pre), k1), Offset.offset(1e-9));
    }

    @Test
    void subsamplesEvenlySpacedBatchesAndRejectsImpossibleRequests() {
        assertThat(NoiseSampler.batchIndices(1000, 100, 0)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(NoiseSampler.batchIndices(1000, 100, 4)).containsExactly(0, 2, 5, 7);
        assertThat(NoiseSampler.batchIndices(1050, 100, 0)).hasSize(11);
        assertThat(NoiseSampler.batchIndices(1000, 100, 11)).hasSize(10);
        NoiseSampler s = new NoiseSampler(net, SoftmaxCrossEntropy.INSTANCE, new NoiseSampler.Config(500, 0, false, null));
        assertThatThrownBy(() -> s.sample(theta(), data, "train")).hasMessageContaining("noise batch 500 is larger than the train set (400 samples)");
    }

    @Test
    void heldGradientsGiveTheSameNumbersAsRecomputedOnes() {
        FloatVec theta = theta();
        FloatVec q = net.newParameters();
        q.fill(0.5f);
        NoiseSampler.Ema ema = new NoiseSampler.Ema(0.9, q);
        NoiseSampler held = new NoiseSampler(net, SoftmaxCrossEntropy.INSTANCE, new NoiseSampler.Config(20, 0, true, ema, true, 50, 1L << 30));
        NoiseSampler streamed = new NoiseSampler(net, SoftmaxCrossEntropy.INSTANCE, new NoiseSampler.Config(20, 0, true, ema, true, 50, 0));
        NoiseSampler.Result h = held.sample(theta, data, "train");
        NoiseSampler.Result s = streamed.sample(theta, data, "train");
        assertThat(h.held()).isTrue();
        assertThat(s.held()).isFalse();
        for (String quantity : List.of(NoiseSampler.RAW, NoiseSampler.EMA, NoiseSampler.EMA_PRECOND)) {
            NoiseAnalysis.Quantity a = h.quantities().get(quantity);
            NoiseAnalysis.Quantity b = s.quantities().get(quantity);
            assertThat(a.mohammadi()).isEqualTo(b.mohammadi());
            assertThat(a.nonzero()).isEqualTo(b.nonzero());
            assertThat(a.nullAlpha()).isEqualTo(b.nullAlpha());
            assertThat(a.perSegment()).isEqualTo(b.perSegment());
            assertThat(a.zeroScalars()).isEqualTo(b.zeroScalars());
        }
        // The RMS scales come from a column pass (held) or from pass 1's moments about the first row (streamed): equal to rounding.
        assertThat(h.quantities().get(NoiseSampler.RAW).standardisedRms().alpha())
                .isCloseTo(s.quantities().get(NoiseSampler.RAW).standardisedRms().alpha(), Offset.offset(1e-12));
        assertThat(h.analysis().sample().values()).isEqualTo(s.analysis().sample().values());
        // The robust scales need the rows in memory: held only.
        assertThat(h.quantities().get(NoiseSampler.RAW).standardisedRobust()).isNotNull();
        assertThat(s.quantities().get(NoiseSampler.RAW).standardisedRobust()).isNull();
        assertThat(held.holds(20)).isTrue();
        assertThat(streamed.holds(20)).isFalse();
    }

    @Test
    void probesLeaveTrainingUntouched() throws IOException {
        DenseDataset test = Synthetic.gaussianMixture("t", 200, 12, 3, 2, 1, 4, 1);
        TrainSettings st = new TrainSettings(20, 60, 30, 0, BatchSampler.Order.SHUFFLE, 3, 1, 0, false, 100);
        FloatVec[] finals = new FloatVec[2];
        for (int run = 0; run < 2; run++) {
            List<dev.basin.train.Probe> probes = run == 0 ? List.of()
                    : List.of(new AlphaProbe(IterationSchedule.parse("20"), "both", 0, true));
            Trainer t = new Trainer(net, SoftmaxCrossEntropy.INSTANCE, Optimizers.byName("adam"), LrSchedule.constant(1e-2),
                    data, test, st, probes, new TrainListener() { });
            try (RunDirectory d = RunDirectory.create(dir.resolve("r" + run))) {
                t.run(d, Map.of());
            }
            finals[run] = t.theta();
        }
        assertThat(finals[1].contentEquals(finals[0])).isTrue();
        List<String> rows = Files.readAllLines(dir.resolve("r1/alpha.csv"));
        // Iterations 0, 20, 40, 60 × sets train, test × quantities raw, ema, ema_precond.
        assertThat(rows).hasSize(1 + 4 * 2 * 3);
        assertThat(rows.get(0)).startsWith("iteration,set,quantity,alpha,stderr,").contains(",alpha_4.bias,").endsWith(",zero_var_4.bias");
        assertThat(rows.get(1)).startsWith("0,train,raw,");
        assertThat(rows.get(2)).startsWith("0,train,ema,");
        assertThat(rows.get(4)).startsWith("0,test,raw,");
    }

    @Test
    void schedules() {
        IterationSchedule p = IterationSchedule.parse("paper");
        assertThat(p.due(0)).isTrue();
        assertThat(p.due(50)).isTrue();
        assertThat(p.due(75)).isFalse();
        assertThat(p.due(3000)).isTrue();
        assertThat(p.due(3050)).isFalse();
        assertThat(p.due(3500)).isTrue();
        IterationSchedule e = IterationSchedule.parse("100");
        assertThat(e.due(200)).isTrue();
        assertThat(e.due(250)).isFalse();
        assertThat(IterationSchedule.parse("50:3000").due(3050)).isFalse();
        IterationSchedule a = IterationSchedule.parse("at:10,5");
        assertThat(a.due(0)).isFalse();
        assertThat(a.due(5)).isTrue();
        for (String bad : List.of("", "x", "0", "50:3000,10:2000,5", "-5", "at:1,-2", "5:10:20")) {
            assertThatThrownBy(() -> IterationSchedule.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot read iteration schedule");
        }
    }
}
