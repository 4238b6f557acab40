package dev.basin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSetsTest {
    @TempDir
    Path dir;

    @Test
    void embeddedSliceIsVerifiedRealFashionMnist() {
        DataSets.Loaded l = DataSets.embedded();
        assertThat(l.train().size()).isEqualTo(10_000);
        assertThat(l.test().size()).isEqualTo(2_000);
        assertThat(l.train().featureSize()).isEqualTo(784);
        assertThat(l.files()).extracting(DataSets.FileCheck::verification).containsOnly("official checksum matches");
        int[] counts = new int[10];
        for (int i = 0; i < l.train().size(); i++) {
            counts[l.train().label(i)]++;
        }
        // Fashion-MNIST is close to balanced: each class near 1,000 of 10,000.
        for (int c : counts) {
            assertThat(c).isBetween(900, 1100);
        }
        float[] row = new float[784];
        l.train().features(0, row);
        assertThat(row[0]).isEqualTo((float) (-0.2860 / 0.3530));
    }

    @Test
    void locationsResolveInOrderAndFindSubfoldersAndGz() throws IOException {
        Path home = dir.resolve("home");
        DataLocations explicit = DataLocations.resolve(dir.resolve("x"), "/env", home);
        assertThat(explicit.dirs()).containsExactly(dir.resolve("x"));
        assertThat(explicit.explicit()).isTrue();
        DataLocations auto = DataLocations.resolve(null, dir.resolve("env").toString(), home);
        assertThat(auto.dirs()).containsExactly(dir.resolve("env"), home.resolve(".basin/data"), Path.of("/usr/share/datasets"));
        assertThat(DataLocations.resolve(null, null, home).dirs()).containsExactly(home.resolve(".basin/data"), Path.of("/usr/share/datasets"));
        Path sub = Files.createDirectories(dir.resolve("env/mnist"));
        Files.write(sub.resolve("train-labels-idx1-ubyte.gz"), new byte[] {1});
        Files.write(dir.resolve("env/t10k-labels-idx1-ubyte"), new byte[] {1});
        assertThat(auto.find("mnist", "train-labels-idx1-ubyte")).isEqualTo(sub.resolve("train-labels-idx1-ubyte.gz"));
        assertThat(auto.find("mnist", "t10k-labels-idx1-ubyte")).isEqualTo(dir.resolve("env/t10k-labels-idx1-ubyte"));
        assertThat(auto.find("mnist", "nothing")).isNull();
    }

    @Test
    void missingFilesSayHowToGetThem() {
        DataLocations empty = new DataLocations(List.of(dir), true);
        assertThatThrownBy(() -> DataSets.loadIdx(DataSource.FASHION, empty, Map.of(), true))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Fashion-MNIST file train-images-idx3-ubyte[.gz] not found in " + dir)
                .hasMessageContaining("basin download --dataset fashion")
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
        assertThatThrownBy(() -> DataSets.loadIdx(DataSource.MNIST, empty, Map.of(DataSets.Role.TRAIN_IMAGES, "nope.gz"), true))
                .hasMessageContaining("--train-images file 'nope.gz' not found");
    }

    @Test
    void officialNamesAreVerifiedOtherNamesAreRecordedAsUnverified() throws IOException {
        Path m = Files.createDirectories(dir.resolve("mnist"));
        // Official names, but not the official content: the checksum must fail.
        Files.write(m.resolve("train-images-idx3-ubyte"), IdxAndCifarTest.images(4, 28, 28));
        Files.write(m.resolve("train-labels-idx1-ubyte"), IdxAndCifarTest.labels(4, 10));
        Files.write(m.resolve("my-test-images"), IdxAndCifarTest.images(2, 28, 28));
        Files.write(m.resolve("my-test-labels"), IdxAndCifarTest.labels(2, 10));
        DataLocations where = new DataLocations(List.of(dir), true);
        Map<DataSets.Role, String> tests = Map.of(DataSets.Role.TEST_IMAGES, "my-test-images", DataSets.Role.TEST_LABELS, "my-test-labels");
        assertThatThrownBy(() -> DataSets.loadIdx(DataSource.MNIST, where, tests, true))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("checksum mismatch for " + m.resolve("train-images-idx3-ubyte"))
                .hasMessageContaining("expected ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");
        DataSets.Loaded l = DataSets.loadIdx(DataSource.MNIST, where, tests, false);
        assertThat(l.train().size()).isEqualTo(4);
        assertThat(l.test().size()).isEqualTo(2);
        assertThat(l.files()).extracting(DataSets.FileCheck::verification).containsOnly("not verified (--no-verify)");
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Path m = Files.createDirectories(dir.resolve("mnist"));
        Files.write(m.resolve("a"), IdxAndCifarTest.images(4, 28, 28));
        Files.write(m.resolve("b"), IdxAndCifarTest.labels(3, 10));
        Map<DataSets.Role, String> all = Map.of(DataSets.Role.TRAIN_IMAGES, "a", DataSets.Role.TRAIN_LABELS, "b",
                DataSets.Role.TEST_IMAGES, "a", DataSets.Role.TEST_LABELS, "b");
        assertThatThrownBy(() -> DataSets.loadIdx(DataSource.MNIST, new DataLocations(List.of(dir), true), all, true))
                .hasMessageContaining("4 images but 3 labels");
    }

    @Test
    void samplerFixedOrderAndSeededShuffle() {
        DenseDataset d = Synthetic.gaussianMixture("g", 10, 2, 2, 1, 1, 1, 0);
        Batch b = Batch.forDataset(d, 4);
        BatchSampler fixed = new BatchSampler(d, 4, BatchSampler.Order.FIXED, 0);
        int[][] seen = new int[4][];
        for (int i = 0; i < 4; i++) {
            fixed.next(b);
            seen[i] = java.util.Arrays.copyOf(firstFeatureIds(d, b), b.size());
        }
        // 10 samples, batch 4: sizes 4, 4, 2 then a new epoch in the same order.
        assertThat(seen[0]).hasSize(4);
        assertThat(seen[2]).hasSize(2);
        assertThat(seen[3]).isEqualTo(seen[0]);
        assertThat(fixed.epoch()).isEqualTo(1);

        int[] e1 = epochOrder(d, 7, 0);
        int[] e1again = epochOrder(d, 7, 0);
        int[] e2 = epochOrder(d, 7, 1);
        assertThat(e1).isEqualTo(e1again);
        assertThat(e1).isNotEqualTo(e2);
        assertThat(java.util.Arrays.stream(e1).sorted().toArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(epochOrder(d, 8, 0)).isNotEqualTo(e1);
    }

    /** The sample indices of one epoch of a shuffled sampler with batch 10 (one batch per epoch). */
    private static int[] epochOrder(DenseDataset d, long seed, int epoch) {
        BatchSampler s = new BatchSampler(d, 10, BatchSampler.Order.SHUFFLE, seed);
        Batch b = Batch.forDataset(d, 10);
        for (int e = 0; e <= epoch; e++) {
            s.next(b);
        }
        return firstFeatureIds(d, b);
    }

    /** Recovers each batch row's sample index by matching its features. */
    private static int[] firstFeatureIds(DenseDataset d, Batch b) {
        int[] ids = new int[b.size()];
        float[] row = new float[2];
        for (int r = 0; r < b.size(); r++) {
            for (int i = 0; i < d.size(); i++) {
                d.features(i, row);
                if (row[0] == b.features().get(r * 2) && row[1] == b.features().get(r * 2 + 1)) {
                    ids[r] = i;
                }
            }
        }
        return ids;
    }
}
