package dev.basin.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.data.BatchSampler;
import dev.basin.data.DataSets;
import dev.basin.data.DataLocations;
import dev.basin.data.DataSource;
import dev.basin.data.DenseDataset;
import dev.basin.data.Synthetic;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.nn.SoftmaxCrossEntropy;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.optim.LrSchedule;
import dev.basin.optim.Optimizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path dir;

    static TrainSettings settings(long iterations, long seed, int threads, BatchSampler.Order order) {
        return new TrainSettings(50, iterations, 50, -1, order, seed, threads, 100, true, 500);
    }

    private TrainResult train(Path out, String opt, double lr, TrainSettings s, DataSets.Loaded data, Network net) throws IOException {
        Trainer t = new Trainer(net, SoftmaxCrossEntropy.INSTANCE, Optimizers.byName(opt), LrSchedule.constant(lr),
                data.train(), data.test(), s, List.of(), new TrainListener() { });
        try (RunDirectory d = RunDirectory.create(out)) {
            return t.run(d, Map.of());
        }
    }

    @Test
    void sameSeedAndThreadsGiveBitIdenticalMetricsAndParameters() throws IOException {
        DataSets.Loaded data = DataSets.synthetic(3);
        for (int threads : new int[] {1, 2}) {
            Network net = Models.mlp(DataSets.SYNTHETIC_DIM, 3, 64, 10, false, OpenBlasGemm.INSTANCE);
            Path a = dir.resolve("a" + threads);
            Path b = dir.resolve("b" + threads);
            Path c = dir.resolve("c" + threads);
            train(a, "adam", 1e-3, settings(200, 7, threads, BatchSampler.Order.SHUFFLE), data, net);
            train(b, "adam", 1e-3, settings(200, 7, threads, BatchSampler.Order.SHUFFLE), data, net);
            train(c, "adam", 1e-3, settings(200, 8, threads, BatchSampler.Order.SHUFFLE), data, net);
            assertThat(withoutWallTime(a)).isEqualTo(withoutWallTime(b));
            assertThat(withoutWallTime(a)).isNotEqualTo(withoutWallTime(c));
            Checkpoint.Loaded ka = Checkpoint.load(a.resolve("checkpoints/iter-0000200.safetensors"), net);
            Checkpoint.Loaded kb = Checkpoint.load(b.resolve("checkpoints/iter-0000200.safetensors"), net);
            assertThat(ka.theta().contentEquals(kb.theta())).isTrue();
            assertThat(Files.readAllBytes(a.resolve("checkpoints/iter-0000200.safetensors")))
                    .isEqualTo(Files.readAllBytes(b.resolve("checkpoints/iter-0000200.safetensors")));
            assertThat(a.resolve("checkpoints/iter-0000000.safetensors")).exists();
            assertThat(a.resolve("checkpoints/iter-0000100.safetensors")).exists();
        }
    }

    /** metrics.csv without its last column (wall-clock seconds, the one thing that differs between runs). */
    static List<String> withoutWallTime(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void learnsASeparableMixtureAndWritesTheRunFolder() throws IOException {
        DataSets.Loaded data = DataSets.synthetic(1);
        Network net = Models.mlp(DataSets.SYNTHETIC_DIM, 2, 32, 10, false, OpenBlasGemm.INSTANCE);
        TrainResult r = train(dir.resolve("r"), "sgd", 0.1, settings(600, 1, 1, BatchSampler.Order.SHUFFLE), data, net);
        assertThat(r.status()).isEqualTo("completed");
        // Class means of norm ~6, so ~6·√2 ≈ 8.5 apart, with unit noise: each pairwise confusion has probability
        // Φ(−4.2) ≈ 1e-5, so the Bayes classifier is > 99.9% accurate; a trained MLP must come close.
        assertThat(r.last().testAcc()).isGreaterThan(0.98);
        List<String> rows = Files.readAllLines(dir.resolve("r/metrics.csv"));
        assertThat(rows.get(0)).isEqualTo(MetricsRow.HEADER);
        assertThat(rows).hasSize(1 + 13);
        assertThat(dir.resolve("r/summary.json")).exists();
    }

    @Test
    void studentLearnsTheTeacherWithMse() throws IOException {
        // Targets from a fixed tanh teacher plus noise of standard deviation 0.05: the student (same
        // architecture family) must drive the test MSE from the targets' variance towards the noise floor.
        DenseDataset train = Synthetic.teacherStudent("ts-train", 4000, 16, 32, 4, 0.05, 9, 0);
        DenseDataset test = Synthetic.teacherStudent("ts-test", 1000, 16, 32, 4, 0.05, 9, 1);
        Network net = Models.mlp(16, 2, 64, 4, true, "tanh", OpenBlasGemm.INSTANCE);
        Trainer t = new Trainer(net, dev.basin.nn.MeanSquaredError.INSTANCE, Optimizers.byName("adam"), LrSchedule.constant(3e-3),
                train, test, new TrainSettings(50, 2000, 2000, 0, BatchSampler.Order.SHUFFLE, 1, 1, 0, false, 500), List.of(),
                new TrainListener() { });
        TrainResult r;
        try (RunDirectory d = RunDirectory.create(dir.resolve("ts"))) {
            r = t.run(d, Map.of());
        }
        List<String> rows = Files.readAllLines(dir.resolve("ts/metrics.csv"));
        double initial = Double.parseDouble(rows.get(1).split(",")[6]);
        assertThat(r.last().testLoss()).isLessThan(initial / 10);
        assertThat(r.last().testLoss()).isGreaterThan(0.05 * 0.05 * 0.5);
    }

    @Test
    void divergenceStopsTheRunAndKeepsWhatWasWritten() throws IOException {
        DataSets.Loaded data = DataSets.synthetic(1);
        Network net = Models.mlp(DataSets.SYNTHETIC_DIM, 4, 64, 10, false, OpenBlasGemm.INSTANCE);
        TrainResult r = train(dir.resolve("d"), "sgd", 1e4, settings(300, 1, 1, BatchSampler.Order.SHUFFLE), data, net);
        assertThat(r.diverged()).isTrue();
        assertThat(r.divergedAt()).isBetween(1L, 300L);
        assertThat(r.iterations()).isEqualTo(r.divergedAt() - 1);
        String summary = Files.readString(dir.resolve("d/summary.json"));
        assertThat(summary).contains("\"status\" : \"diverged\"").contains("\"diverged_at_iteration\" : " + r.divergedAt());
        assertThat(Files.readAllLines(dir.resolve("d/metrics.csv")).get(1)).startsWith("0,");
    }

    @Test
    void fashionMnistMlpReaches84PercentIn3000SgdSteps() throws IOException {
        Path fashion = TestData.debianFashion();
        DataSets.Loaded data = DataSets.loadIdx(DataSource.FASHION, new DataLocations(List.of(fashion), true), Map.of(), true);
        Network net = Models.mlp(784, 3, 512, 10, false, OpenBlasGemm.INSTANCE);
        TrainSettings s = new TrainSettings(100, 3000, 3000, 0, BatchSampler.Order.SHUFFLE, 1, 2, 0, false, 1000);
        TrainResult r = train(dir.resolve("f"), "sgd", 0.1, s, data, net);
        System.out.printf("Fashion-MNIST 784-512-512-10, SGD lr 0.1, 3000 steps: test accuracy %.4f%n", r.last().testAcc());
        assertThat(r.last().testAcc()).isGreaterThanOrEqualTo(0.84);
    }

    @Test
    void paperMnistNetReaches93PercentWithReferenceSettingsIn2000Steps() throws IOException {
        Path mnist = TestData.sharedMnist();
        DataSets.Loaded data = DataSets.loadIdx(DataSource.MNIST, new DataLocations(List.of(mnist), true),
                Map.of(DataSets.Role.TEST_IMAGES, "t10k-first3000-images-idx3-ubyte.gz",
                        DataSets.Role.TEST_LABELS, "t10k-first3000-labels-idx1-ubyte.gz"), true);
        assertThat(data.test().size()).isEqualTo(3000);
        Network net = Models.mlp(784, 9, 512, 10, false, OpenBlasGemm.INSTANCE);
        TrainSettings s = new TrainSettings(100, 2000, 1000, 0, BatchSampler.Order.FIXED, 1, 2, 0, false, 1000);
        TrainResult r = train(dir.resolve("m"), "sgdm", 0.05, s, data, net);
        System.out.printf("MNIST 9x512, SGDM lr 0.05, fixed order, 2000 steps: test accuracy %.4f%n", r.last().testAcc());
        // PyTorch with these settings: 95.6% at 2000 steps (shared/docs/paper.md). The trajectory of this deep net at lr 0.05 is
        // sensitive to rounding: an earlier measurement of the same run gave 96.0% (docs/zhou2020.md), this machine with
        // OpenBLAS's Haswell kernels selected (OPENBLAS_CORETYPE) gives 94.0%, and the test accuracy moves by a point between
        // evaluations 500 steps apart (94.4%, 94.0%, 94.8% at 1500, 2000, 2500). A broken optimizer or gradient stays far
        // below: plain SGD with the same rate is under 80% at 2000 steps.
        assertThat(r.last().testAcc()).isGreaterThanOrEqualTo(0.93);
    }
}
