package dev.basin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.spec.DataSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image-folder reader on small archives made here, and the shared CIFAR-10 JPEG copy when present. */
class ImageFolderTest {
    @TempDir
    Path tmp;

    private Path standardZip(String name) throws IOException {
        return ImageZips.write(tmp.resolve(name), ImageZips.zip(ImageZips.standard(4, 2, 5, 3)));
    }

    @Test
    void zipDecodesClassesSortedLabelsAndNchwPixels() throws IOException {
        ImageFolder.Decoded d = ImageFolder.load(standardZip("a.zip"), null);
        assertThat(d.classes()).containsExactly("ant", "bee", "cat");
        assertThat(d.channels()).isEqualTo(3);
        assertThat(d.height()).isEqualTo(3);
        assertThat(d.width()).isEqualTo(5);
        assertThat(d.train().count()).isEqualTo(12);
        assertThat(d.test().count()).isEqualTo(6);
        // Canonical order: class after class, files by name (img0, img1, ...), whatever the archive's entry order.
        for (int s = 0; s < 2; s++) {
            ImageFolder.Split sp = s == 0 ? d.train() : d.test();
            int per = s == 0 ? 4 : 2;
            for (int i = 0; i < sp.count(); i++) {
                int label = i / per;
                assertThat(sp.labels()[i]).isEqualTo((byte) label);
                int id = 100 * s + 10 * label + i % per;
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 3; y++) {
                        for (int x = 0; x < 5; x++) {
                            assertThat(sp.pixels()[i * 45 + c * 15 + y * 5 + x] & 0xff).as("split %d sample %d c %d (%d,%d)", s, i, c, x, y)
                                    .isEqualTo(ImageZips.value(id, c, x, y));
                        }
                    }
                }
            }
        }
    }

    @Test
    void folderGivesTheSameDataAsItsZip() throws IOException {
        Map<String, byte[]> entries = ImageZips.standard(3, 2, 4, 4);
        ImageFolder.Decoded z = ImageFolder.load(ImageZips.write(tmp.resolve("b.zip"), ImageZips.zip(entries)), null);
        ImageFolder.Decoded f = ImageFolder.load(ImageZips.unpack(entries, tmp.resolve("tree")), null);
        assertThat(f.classes()).isEqualTo(z.classes());
        assertThat(f.train().pixels()).isEqualTo(z.train().pixels());
        assertThat(f.test().labels()).isEqualTo(z.test().labels());
    }

    @Test
    void oneTopLevelFolderIsAccepted() throws IOException {
        Map<String, byte[]> inner = ImageZips.standard(2, 1, 4, 4);
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("cifar/", null);
        inner.forEach((k, v) -> m.put("cifar/" + k, v));
        m.put("__MACOSX/cifar/train/._x", new byte[] {1});
        ImageFolder.Decoded d = ImageFolder.load(ImageZips.write(tmp.resolve("top.zip"), ImageZips.zip(m)), null);
        assertThat(d.classes()).containsExactly("ant", "bee", "cat");
        assertThat(d.train().count()).isEqualTo(6);
    }

    @Test
    void grayscaleJpegGivesOneChannelAndMixedGivesRgb() throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            for (String c : List.of("x", "y")) {
                for (int i = 0; i < 2; i++) {
                    int flat = 40 + 100 * (c.equals("y") ? 1 : 0) + 10 * i;
                    m.put(split + "/" + c + "/" + i + ".jpg", ImageZips.encode(ImageZips.gray(0, 8, 8, flat), "jpeg"));
                }
            }
        }
        ImageFolder.Decoded g = ImageFolder.load(ImageZips.write(tmp.resolve("g.zip"), ImageZips.zip(m)), null);
        assertThat(g.channels()).isEqualTo(1);
        // A flat 8×8 block is exact in JPEG up to rounding.
        assertThat(g.train().pixels()[0] & 0xff).isBetween(39, 41);
        assertThat(g.train().pixels()[3 * 64] & 0xff).isBetween(149, 151);
        // One colour PNG in test/ makes every image three channels, gray ones repeated.
        m.put("test/y/9.png", ImageZips.encode(ImageZips.rgb(5, 8, 8), "png"));
        ImageFolder.Decoded mixed = ImageFolder.load(ImageZips.write(tmp.resolve("m.zip"), ImageZips.zip(m)), null);
        assertThat(mixed.channels()).isEqualTo(3);
        byte[] p = mixed.train().pixels();
        assertThat(p.length).isEqualTo(4 * 3 * 64);
        assertThat(p[64] & 0xff).isEqualTo(p[0] & 0xff);
        assertThat(p[128] & 0xff).isEqualTo(p[0] & 0xff);
        assertThat(mixed.test().pixels()[4 * 192 + 64 + 9] & 0xff).isEqualTo(ImageZips.value(5, 1, 1, 1));
    }

    @Test
    void mixedSizesAreRefusedNamingTheFile() throws IOException {
        Map<String, byte[]> m = ImageZips.standard(2, 1, 4, 4);
        m.put("train/bee/odd.png", ImageZips.encode(ImageZips.rgb(1, 5, 4), "png"));
        Path z = ImageZips.write(tmp.resolve("sizes.zip"), ImageZips.zip(m));
        assertThatThrownBy(() -> ImageFolder.load(z, null)).isInstanceOf(DataException.class)
                .hasMessageContaining("train/bee/odd.png").hasMessageContaining("5×4").hasMessageContaining("one size");
    }

    @Test
    void permutationInterleavesClassesAndDependsOnlyOnTheSeed() {
        int[] a = ImageFolder.permutation(1000, 3);
        assertThat(ImageFolder.permutation(1000, 3)).isEqualTo(a);
        assertThat(ImageFolder.permutation(1000, 4)).isNotEqualTo(a);
        assertThat(Arrays.stream(a).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, 1000).toArray());
        // Ten classes of 100 in canonical order: the first 100 of the permuted order hold every class.
        long classes = Arrays.stream(a, 0, 100).map(i -> i / 100).distinct().count();
        assertThat(classes).isEqualTo(10);
        // Against the documented rule, written out.
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        int[] p = java.util.stream.IntStream.range(0, 1000).toArray();
        for (int i = 999; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        assertThat(a).isEqualTo(p);
    }

    @Test
    void loadedSetsArePermutedAndNormalisedFromTheTrainingSplit() throws IOException {
        Path z = standardZip("n.zip");
        DataSets.Loaded l = DataSets.loadImageFolder(z, 7, null, null, null);
        ImageFolder.Decoded d = ImageFolder.load(z, null);
        ImageDataset tr = (ImageDataset) l.train();
        // mean and population sd of p/255 per channel, in double over the canonical bytes.
        for (int c = 0; c < 3; c++) {
            double s = 0;
            double s2 = 0;
            int n = 0;
            for (int i = 0; i < 12; i++) {
                for (int k = 0; k < 15; k++) {
                    double v = (d.train().pixels()[i * 45 + c * 15 + k] & 0xff) / 255.0;
                    s += v;
                    s2 += v * v;
                    n++;
                }
            }
            double m = s / n;
            assertThat(tr.mean()[c]).isCloseTo(m, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(tr.std()[c]).isCloseTo(Math.sqrt(s2 / n - m * m), org.assertj.core.data.Offset.offset(1e-12));
        }
        int[] perm = ImageFolder.permutation(12, 7);
        float[] f = new float[45];
        for (int i = 0; i < 12; i++) {
            assertThat(tr.label(i)).isEqualTo(d.train().labels()[perm[i]]);
            tr.features(i, f);
            int raw = d.train().pixels()[perm[i] * 45 + 15 + 2] & 0xff;
            assertThat((double) f[15 + 2]).isCloseTo((raw / 255.0 - tr.mean()[1]) / tr.std()[1], org.assertj.core.data.Offset.offset(1e-5));
        }
        int[] permTest = ImageFolder.permutation(6, 8);
        assertThat(l.test().label(0)).isEqualTo(d.test().labels()[permTest[0]]);
        assertThat(l.files()).singleElement().satisfies(fc -> {
            assertThat(fc.role()).isEqualTo("archive");
            assertThat(fc.sha256()).isEqualTo(Checksums.sha256(Files.readAllBytes(z)));
        });
    }

    @Test
    void cacheIsUsedValidatedAndRebuilt() throws IOException {
        Path z = standardZip("c.zip");
        Path cache = tmp.resolve("cache");
        ImageFolder.Decoded first = ImageFolder.load(z, cache);
        assertThat(first.cached()).isFalse();
        Path file;
        try (var s = Files.list(cache)) {
            file = s.filter(p -> p.getFileName().toString().startsWith("imagefolder-")).findFirst().orElseThrow();
        }
        assertThat(file.getFileName().toString()).contains(first.sha256()).endsWith("-v" + ImageFolder.FORMAT + ".bin");
        ImageFolder.Decoded second = ImageFolder.load(z, cache);
        assertThat(second.cached()).isTrue();
        assertThat(second.classes()).isEqualTo(first.classes());
        assertThat(second.train().pixels()).isEqualTo(first.train().pixels());
        assertThat(second.test().labels()).isEqualTo(first.test().labels());
        // A flipped pixel byte fails the CRC; a cut file fails the size check: decoded again and rewritten.
        byte[] b = Files.readAllBytes(file);
        b[b.length - 20] ^= 0x10;
        Files.write(file, b);
        assertThat(ImageFolder.readCache(file, first.sha256())).isNull();
        assertThat(ImageFolder.load(z, cache).cached()).isFalse();
        assertThat(ImageFolder.load(z, cache).cached()).isTrue();
        Files.write(file, Arrays.copyOf(b, b.length / 2));
        ImageFolder.Decoded again = ImageFolder.load(z, cache);
        assertThat(again.cached()).isFalse();
        assertThat(again.train().pixels()).isEqualTo(first.train().pixels());
        // Another archive has another key.
        assertThat(ImageFolder.readCache(file, "0".repeat(64))).isNull();
    }

    @Test
    void dataSpecRecordsTheArchiveAndNormalisationAndRefusesAnother() throws IOException {
        Path z = standardZip("s.zip");
        String old = System.getProperty(DataLocations.CACHE_PROPERTY);
        System.setProperty(DataLocations.CACHE_PROPERTY, tmp.resolve("speccache").toString());
        try {
            DataSpec spec = new DataSpec("imagefolder", z.toString(), null, null, null, null, null);
            assertThat(spec.orderSeed()).isZero();
            DataSets.Loaded l = spec.load(1);
            DataSpec r = spec.resolved(l);
            assertThat(r.mean()).hasSize(3);
            assertThat(r.std()).hasSize(3);
            assertThat(r.files()).singleElement().satisfies(f -> assertThat(f.role()).isEqualTo("archive"));
            assertThat(r.classes()).containsExactly("ant", "bee", "cat");
            DataSpec renamed = new DataSpec("imagefolder", z.toString(), null, null, null, null, null, List.of("ant", "bee", "wasp"));
            assertThatThrownBy(() -> renamed.load(1)).isInstanceOf(DataException.class).hasMessageContaining("wasp");
            DataSets.Loaded again = r.load(1);
            assertThat(again.train().label(3)).isEqualTo(l.train().label(3));
            // The recorded archive replaced by another: refused.
            Files.write(z, ImageZips.zip(ImageZips.standard(3, 2, 5, 3)));
            assertThatThrownBy(() -> r.load(1)).isInstanceOf(DataException.class).hasMessageContaining("differs");
        } finally {
            if (old == null) {
                System.clearProperty(DataLocations.CACHE_PROPERTY);
            } else {
                System.setProperty(DataLocations.CACHE_PROPERTY, old);
            }
        }
        assertThatThrownBy(() -> new DataSpec("imagefolder", null, null, null, null, null, null)).hasMessageContaining("dir");
        assertThatThrownBy(() -> new DataSpec("fashion", null, null, null, 3L, null, null)).hasMessageContaining("only the imagefolder");
        assertThatThrownBy(() -> new DataSpec("imagefolder", "x.zip", null, null, null, List.of(0.5), null)).hasMessageContaining("both");
        assertThatThrownBy(() -> new DataSpec("imagefolder", "x.zip", null, null, null, List.of(0.5), List.of(0.0))).hasMessageContaining("> 0");
    }

    @Test
    void givenNormalisationMustMatchTheChannels() throws IOException {
        Path z = standardZip("g.zip");
        assertThatThrownBy(() -> DataSets.loadImageFolder(z, 0, new double[] {0.5}, new double[] {0.2}, null)).isInstanceOf(DataException.class)
                .hasMessageContaining("3 channels");
        DataSets.Loaded l = DataSets.loadImageFolder(z, 0, new double[] {0.5, 0.5, 0.5}, new double[] {0.25, 0.25, 0.25}, null);
        assertThat(((ImageDataset) l.train()).mean()).containsExactly(0.5, 0.5, 0.5);
    }

    /** The shared CIFAR-10 JPEG copy: layout, counts, and one image (the full decode is timed in docs/performance.md). */
    @Test
    void sharedCifar10Index() {
        Path zip = Path.of(System.getProperty("basin.shared.dir", "../shared"), "datasets", "cifar10", "cifar10-jpeg.zip");
        Assumptions.assumeTrue(Files.isRegularFile(zip), "skipped: shared CIFAR-10 JPEG copy not found at " + zip + " (used only when present)");
        ImageFolder.Index ix = ImageFolder.index(zip);
        assertThat(ix.classes()).containsExactly("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
        assertThat(ix.trainCounts()).containsOnly(5000);
        assertThat(ix.testCounts()).containsOnly(1000);
        assertThat(ix.channels()).isEqualTo(3);
        assertThat(ix.height()).isEqualTo(32);
        assertThat(ix.width()).isEqualTo(32);
        assertThat(ix.firstTrain()).hasSize(3072);
    }
}
