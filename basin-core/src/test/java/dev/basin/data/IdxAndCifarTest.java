package dev.basin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxAndCifarTest {
    @TempDir
    Path dir;

    static byte[] images(int n, int rows, int cols) throws IOException {
        byte[] px = new byte[n * rows * cols];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 37);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Idx.writeImages(out, px, n, rows, cols);
        return out.toByteArray();
    }

    static byte[] labels(int n, int classes) throws IOException {
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) {
            l[i] = (byte) (i % classes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Idx.writeLabels(out, l, n);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream g = new GZIPOutputStream(bo)) {
            g.write(raw);
        }
        return bo.toByteArray();
    }

    @Test
    void readsRawAndGzipIdentically() throws IOException {
        byte[] raw = images(5, 4, 3);
        Path a = Files.write(dir.resolve("a-idx3-ubyte"), raw);
        Path b = Files.write(dir.resolve("b-idx3-ubyte.gz"), gzip(raw));
        Idx.Array x = Idx.readImages(a);
        Idx.Array y = Idx.readImages(b);
        assertThat(x.dims()).containsExactly(5, 4, 3);
        assertThat(x.itemSize()).isEqualTo(12);
        assertThat(y.data()).isEqualTo(x.data());
        assertThat(x.data()[13]).isEqualTo((byte) (13 * 37));
    }

    @Test
    void rejectsWrongMagicTruncationTrailingBytesAndBadGzip() throws IOException {
        byte[] raw = images(5, 4, 3);
        Path lbl = Files.write(dir.resolve("l"), labels(5, 10));
        assertThatThrownBy(() -> Idx.readImages(lbl)).isInstanceOf(DataException.class)
                .hasMessageContaining("is not an IDX image file (magic 2051): magic number is 2049");
        Path cut = Files.write(dir.resolve("cut"), java.util.Arrays.copyOf(raw, raw.length - 7));
        assertThatThrownBy(() -> Idx.readImages(cut)).isInstanceOf(DataException.class)
                .hasMessageContaining("is truncated: header announces 60 data bytes, file holds 53");
        Path extra = Files.write(dir.resolve("extra"), java.util.Arrays.copyOf(raw, raw.length + 2));
        assertThatThrownBy(() -> Idx.readImages(extra)).hasMessageContaining("has trailing bytes");
        byte[] gz = gzip(raw);
        Path badGz = Files.write(dir.resolve("bad.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> Idx.readImages(badGz)).isInstanceOf(DataException.class).hasMessageContaining("corrupt or truncated gzip");
        assertThatThrownBy(() -> Idx.readImages(dir.resolve("missing"))).isInstanceOf(DataException.class).hasMessageContaining("file not found");
    }

    @Test
    void imageDatasetNormalisesAndChecksLabels() {
        byte[] px = {0, (byte) 255, 51, 102};
        ImageDataset d = new ImageDataset("t", px, new byte[] {3, 9}, 1, 10, new double[] {0.1307}, new double[] {0.3081});
        float[] row = new float[2];
        d.features(0, row);
        assertThat(row[0]).isEqualTo((float) ((0 - 0.1307) / 0.3081));
        assertThat(row[1]).isEqualTo((float) ((1 - 0.1307) / 0.3081));
        assertThat(d.label(1)).isEqualTo(9);
        assertThatThrownBy(() -> new ImageDataset("t", px, new byte[] {3, 10}, 1, 10, new double[] {0}, new double[] {1}))
                .isInstanceOf(DataException.class).hasMessageContaining("label 10 of sample 1 is outside [0, 10)");
    }

    @Test
    void cifarReaderParsesRecordsTheTestWrites() throws IOException {
        int n = 3;
        byte[] rec = new byte[n * Cifar10.RECORD];
        for (int r = 0; r < n; r++) {
            rec[r * Cifar10.RECORD] = (byte) (r * 4);
            for (int p = 0; p < Cifar10.PIXELS; p++) {
                int channel = p / 1024;
                rec[r * Cifar10.RECORD + 1 + p] = (byte) (channel * 100 + r);
            }
        }
        Path f = Files.write(dir.resolve("data_batch_1.bin"), rec);
        Cifar10.Records c = Cifar10.read(List.of(f, f));
        assertThat(c.labels()).containsExactly(0, 4, 8, 0, 4, 8);
        DataSource s = DataSource.CIFAR10;
        ImageDataset d = new ImageDataset("c", c.pixels(), c.labels(), 3, 10, s.mean(), s.std());
        float[] row = new float[3072];
        d.features(2, row);
        // Pixel 0 of each plane: red = 2, green = 102, blue = 202 (+ record index 2 → r = 2).
        assertThat(row[0]).isEqualTo((float) ((2 / 255.0 - 0.4914) / 0.2470));
        assertThat(row[1024]).isEqualTo((float) ((102 / 255.0 - 0.4822) / 0.2435));
        assertThat(row[2048]).isEqualTo((float) ((202 / 255.0 - 0.4465) / 0.2616));
        Path cut = Files.write(dir.resolve("cut.bin"), java.util.Arrays.copyOf(rec, rec.length - 1));
        assertThatThrownBy(() -> Cifar10.read(List.of(cut))).isInstanceOf(DataException.class).hasMessageContaining("not a whole number of 3073-byte records");
        rec[Cifar10.RECORD] = 10;
        Path bad = Files.write(dir.resolve("bad.bin"), rec);
        assertThatThrownBy(() -> Cifar10.read(List.of(bad))).hasMessageContaining("record 1 has label 10");
    }

    @Test
    void cifarLoadsFromItsFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        byte[] rec = new byte[2 * Cifar10.RECORD];
        rec[Cifar10.RECORD] = 7;
        for (String f : Cifar10.TRAIN_FILES) {
            Files.write(folder.resolve(f), rec);
        }
        Files.write(folder.resolve(Cifar10.TEST_FILE), gzip(rec));
        DataSets.Loaded l = DataSets.loadCifar10(new DataLocations(List.of(dir), true));
        assertThat(l.train().size()).isEqualTo(10);
        assertThat(l.test().size()).isEqualTo(2);
        assertThat(l.test().label(1)).isEqualTo(7);
        assertThat(l.train().featureSize()).isEqualTo(3072);
    }
}
