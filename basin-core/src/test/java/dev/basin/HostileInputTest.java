package dev.basin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.data.Cifar10;
import dev.basin.data.DataException;
import dev.basin.data.Idx;
import dev.basin.data.Npy;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.noise.SampleFile;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.spec.SpecException;
import dev.basin.spec.Specs;
import dev.basin.train.Checkpoint;
import dev.basin.train.MetricsRow;
import dev.basin.train.Safetensors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.function.Supplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input for every reader: each damaged input must end in exactly one clean exception of the
 * project's types (DataException for data, SpecException/IllegalArgumentException for specs) whose one-line
 * message names the file or source; never another RuntimeException, an Error, or a hang.
 *
 * <p>Each randomized test runs a fixed number of cases; case {@code i} draws its values from a {@link Gen} seeded
 * with the test's seed and {@code i}, edge values first. A failure names the seed and the case; {@code
 * -Dbasin.hostile.seed=S} replaces every test's seed.
 */
class HostileInputTest {
    private static final Map<String, AtomicInteger> CASES = new TreeMap<>();
    private static final long TIMEOUT_S = 10;
    private static ExecutorService worker;
    private static Path dir;
    private static Network net;

    @BeforeAll
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("basin-hostile");
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "hostile", 1 << 20);
            t.setDaemon(true);
            return t;
        });
        net = Models.mlp(4, 3, 5, 3, true, OpenBlasGemm.INSTANCE);
    }

    @AfterAll
    static void report() throws IOException {
        worker.shutdownNow();
        int total = 0;
        synchronized (CASES) {
            for (Map.Entry<String, AtomicInteger> e : CASES.entrySet()) {
                System.out.println("[hostile] " + e.getKey() + ": " + e.getValue().get() + " cases");
                total += e.getValue().get();
            }
        }
        System.out.println("[hostile] total: " + total + " cases");
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    interface Body {
        void run() throws Exception;
    }

    enum Kind { DATA, SPEC }

    interface Case {
        void run(Gen g) throws Exception;
    }

    /** Runs {@code n} cases of {@code body}, case {@code i} on {@code new Gen(seed, i)}. */
    private static void cases(long defaultSeed, int n, Case body) {
        long seed = Long.getLong("basin.hostile.seed", defaultSeed);
        for (int i = 0; i < n; i++) {
            try {
                body.run(new Gen(seed, i));
            } catch (AssertionError | Exception e) {
                throw new AssertionError("seed " + seed + ", case " + i + " of " + n + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Values for one case. In case {@code c}, each draw returns its {@code c}-th edge value while there is one
     * (so every edge value of every draw is tried in the first cases), later an edge value one time in eight, and
     * otherwise a random value, biased toward small values and the bounds.
     */
    static final class Gen {
        private static final byte[] EDGE_BYTES = {0, 1, -1, Byte.MAX_VALUE, Byte.MIN_VALUE};
        private static final String EDGE_CHARS = " \u0000a\uffff\ud800\n,\"";

        private final UniformRandomProvider r;
        private final int c;

        Gen(long seed, int c) {
            this.r = RandomSource.XO_RO_SHI_RO_128_PP.create(seed * 0x9E3779B97F4A7C15L + c);
            this.c = c;
        }

        int index() {
            return c;
        }

        /** Index of the edge value to return, or -1 for a random value. */
        private int edge(int edges) {
            if (c < edges) {
                return c;
            }
            return r.nextInt(8) == 0 ? r.nextInt(edges) : -1;
        }

        /** Uniform in [0, n), no edge values. */
        int uniform(int n) {
            return r.nextInt(n);
        }

        int ints() {
            return ints(Integer.MIN_VALUE, Integer.MAX_VALUE);
        }

        /** In [min, max]; edge values 0, 1, -1, the bounds, the int bounds, and {@code extra}, where in range. */
        int ints(int min, int max, int... extra) {
            List<Integer> edges = new ArrayList<>();
            List<Integer> all = new ArrayList<>(List.of(0, 1, -1, min, max, Integer.MIN_VALUE, Integer.MAX_VALUE));
            for (int x : extra) {
                all.add(x);
            }
            for (int x : all) {
                if (x >= min && x <= max && !edges.contains(x)) {
                    edges.add(x);
                }
            }
            int k = edge(edges.size());
            if (k >= 0) {
                return edges.get(k);
            }
            long span = (long) max - min + 1;
            long v = switch (r.nextInt(3)) {
                case 0 -> Math.max(min, Math.min(max, r.nextInt(201) - 100));
                case 1 -> r.nextBoolean() ? min + r.nextLong(Math.min(span, 101)) : max - r.nextLong(Math.min(span, 101));
                default -> min + r.nextLong(span);
            };
            return (int) v;
        }

        long longs() {
            long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE};
            int k = edge(edges.length);
            if (k >= 0) {
                return edges[k];
            }
            return r.nextBoolean() ? r.nextLong() : r.nextInt(2001) - 1000;
        }

        boolean bools() {
            int k = edge(2);
            return k >= 0 ? k == 1 : r.nextBoolean();
        }

        double doubles() {
            double[] edges = {0.0, -0.0, 1.0, -1.0, 0.01, -0.01, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
            int k = edge(edges.length);
            if (k >= 0) {
                return edges[k];
            }
            switch (r.nextInt(3)) {
                case 0:
                    return Math.round((r.nextDouble() * 200 - 100) * 100) / 100.0;
                case 1:
                    double d = Double.longBitsToDouble(r.nextLong());
                    return Double.isFinite(d) ? d : r.nextDouble();
                default:
                    return (r.nextDouble() * 2 - 1) * 1e6;
            }
        }

        /** A length in [0, max]: the edges 0, 1 and max, then often short. */
        private int size(int max) {
            int[] edges = max >= 1 ? new int[] {0, 1, max} : new int[] {0};
            int k = edge(edges.length);
            if (k >= 0) {
                return edges[k];
            }
            return r.nextBoolean() ? r.nextInt(Math.min(max, 10) + 1) : r.nextInt(max + 1);
        }

        /** Up to {@code maxLen} bytes; the edges are the empty array, one edge byte, and {@code maxLen} of one. */
        byte[] bytes(int maxLen) {
            int k = edge(1 + 2 * EDGE_BYTES.length);
            if (k >= 0) {
                if (k == 0) {
                    return new byte[0];
                }
                k--;
                byte[] b = new byte[k < EDGE_BYTES.length ? Math.min(1, maxLen) : maxLen];
                Arrays.fill(b, EDGE_BYTES[k % EDGE_BYTES.length]);
                return b;
            }
            byte[] b = new byte[size(maxLen)];
            r.nextBytes(b);
            for (int i = 0; i < b.length; i++) {
                if (r.nextInt(8) == 0) {
                    b[i] = EDGE_BYTES[r.nextInt(EDGE_BYTES.length)];
                }
            }
            return b;
        }

        /** Up to {@code maxLen} chars of the whole BMP (surrogates too); edges as for {@link #bytes}. */
        String strings(int maxLen) {
            int k = edge(1 + 2 * EDGE_CHARS.length());
            if (k >= 0) {
                if (k == 0) {
                    return "";
                }
                k--;
                char ch = EDGE_CHARS.charAt(k % EDGE_CHARS.length());
                return String.valueOf(ch).repeat(k < EDGE_CHARS.length() ? Math.min(1, maxLen) : maxLen);
            }
            char[] cs = new char[size(maxLen)];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = switch (r.nextInt(8)) {
                    case 0, 1, 2, 3 -> (char) (32 + r.nextInt(95));
                    case 4 -> (char) r.nextInt(32);
                    case 5 -> EDGE_CHARS.charAt(r.nextInt(EDGE_CHARS.length()));
                    default -> (char) r.nextInt(0x10000);
                };
            }
            return new String(cs);
        }

        /** One of {@code values}: each in turn in the first cases, then uniform. */
        <T> T pick(List<T> values) {
            int k = edge(values.size());
            return values.get(k >= 0 ? k : r.nextInt(values.size()));
        }

        /** Up to {@code maxSize} elements; sizes 0, 1 and maxSize first; one in ten repeats an earlier element. */
        <T> List<T> list(int maxSize, Supplier<T> element) {
            int n = size(maxSize);
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(i > 0 && r.nextInt(10) == 0 ? out.get(r.nextInt(i)) : element.get());
            }
            return out;
        }
    }

    /** Runs {@code body} on the worker with a timeout; returns the clean exception it threw, or null when it returned. */
    private static RuntimeException run(String reader, String source, Kind kind, Body body) {
        synchronized (CASES) {
            CASES.computeIfAbsent(reader, k -> new AtomicInteger()).incrementAndGet();
        }
        Future<Throwable> f = worker.submit(() -> {
            try {
                body.run();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Throwable t;
        try {
            t = f.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError(reader + ": " + source + " did not finish within " + TIMEOUT_S + " s");
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
        if (t == null) {
            return null;
        }
        boolean clean = kind == Kind.DATA ? t instanceof DataException
                : t instanceof SpecException || t instanceof IllegalArgumentException || t instanceof DataException;
        if (!clean) {
            throw new AssertionError(reader + ": " + source + " threw " + t.getClass().getName() + " instead of a "
                    + (kind == Kind.DATA ? "DataException" : "SpecException") + ": " + t, t);
        }
        String m = t.getMessage();
        assertThat(m).as(reader + ": message of " + t).isNotNull().contains(source).doesNotContain("\n");
        assertThat(m.length()).as(reader + ": message length of " + source).isLessThan(2000);
        return (RuntimeException) t;
    }

    /** A clean exception is required. */
    private static RuntimeException fails(String reader, String source, Kind kind, Body body) {
        RuntimeException e = run(reader, source, kind, body);
        if (e == null) {
            throw new AssertionError(reader + ": " + source + " was accepted, expected an error");
        }
        return e;
    }

    private static Path write(String name, byte[] b) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
    }

    private static Path write(String name, String s) throws IOException {
        return write(name, s.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- IDX

    private static byte[] idx(int magic, int[] dims, int payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload).order(ByteOrder.BIG_ENDIAN);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void idxHeaderDimensions() {
        cases(0x1D401L, 400, g -> {
            int n = g.ints();
            int rows = g.ints();
            int cols = g.ints();
            int payload = g.ints(0, 64);
            byte[] b = idx(Idx.IMAGES_MAGIC, new int[] {n, rows, cols}, payload);
            long product = (long) n * rows * cols;
            boolean valid = n >= 0 && rows >= 0 && cols >= 0 && Math.multiplyHigh((long) n * rows, cols) == 0 && product == payload;
            RuntimeException e = run("IDX", "dims.idx", Kind.DATA, () -> Idx.parse(b, Idx.IMAGES_MAGIC, "dims.idx"));
            assertThat(e == null).as("accepted iff the header matches the payload").isEqualTo(valid);
        });
    }

    @Test
    void idxLabelCounts() {
        cases(0x1D402L, 200, g -> {
            int n = g.ints();
            int payload = g.ints(0, 300);
            byte[] b = idx(Idx.LABELS_MAGIC, new int[] {n}, payload);
            RuntimeException e = run("IDX", "labels.idx", Kind.DATA, () -> Idx.parse(b, Idx.LABELS_MAGIC, "labels.idx"));
            assertThat(e == null).isEqualTo(n == payload);
        });
    }

    @Test
    void idxWrongMagic() {
        cases(0x1D403L, 200, g -> {
            int magic = g.ints(Integer.MIN_VALUE, Integer.MAX_VALUE, Idx.LABELS_MAGIC, Idx.IMAGES_MAGIC + 1, Idx.IMAGES_MAGIC - 1);
            if (magic == Idx.IMAGES_MAGIC) {
                return;
            }
            byte[] b = idx(magic, new int[] {1, 2, 2}, 4);
            fails("IDX", "magic.idx", Kind.DATA, () -> Idx.parse(b, Idx.IMAGES_MAGIC, "magic.idx"));
        });
    }

    @Test
    void idxRandomBytes() {
        cases(0x1D404L, 200, g -> {
            byte[] b = g.bytes(600);
            boolean images = g.bools();
            run("IDX", "random.idx", Kind.DATA, () -> Idx.parse(b, images ? Idx.IMAGES_MAGIC : Idx.LABELS_MAGIC, "random.idx"));
        });
    }

    @Test
    void idxTruncatedGzip() {
        cases(0x1D405L, 150, g -> {
            int cut = g.ints(2, 10_000);
            long seed = g.longs();
            byte[] pixels = new byte[6 * 5 * 5];
            new Random(seed).nextBytes(pixels);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            Idx.writeImages(raw, pixels, 6, 5, 5);
            byte[] z = gzip(raw.toByteArray());
            byte[] cutZ = Arrays.copyOf(z, Math.min(cut, z.length - 1));
            Path p = write("cut.idx.gz", cutZ);
            fails("IDX", p.toString(), Kind.DATA, () -> Idx.readImages(p));
        });
    }

    @Test
    void idxFlippedBytes() {
        cases(0x1D406L, 150, g -> {
            long seed = g.longs();
            boolean gz = g.bools();
            Random r = new Random(seed);
            byte[] pixels = new byte[3 * 4 * 4];
            r.nextBytes(pixels);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            Idx.writeImages(raw, pixels, 3, 4, 4);
            byte[] b = gz ? gzip(raw.toByteArray()) : raw.toByteArray();
            for (int k = 1 + r.nextInt(4); k > 0; k--) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            Path p = write("flip.idx", b);
            run("IDX", p.toString(), Kind.DATA, () -> Idx.readImages(p));
        });
    }

    @Test
    void idxHandMade() throws IOException {
        fails("IDX", "short.idx", Kind.DATA, () -> Idx.parse(new byte[] {0, 0, 8}, Idx.IMAGES_MAGIC, "short.idx"));
        fails("IDX", "header.idx", Kind.DATA, () -> Idx.parse(new byte[] {0, 0, 8, 3, 0, 0}, Idx.IMAGES_MAGIC, "header.idx"));
        // 2^31-1 cubed overflows long; 65536^2 overflows int.
        fails("IDX", "huge.idx", Kind.DATA, () -> Idx.parse(idx(Idx.IMAGES_MAGIC, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, 0), Idx.IMAGES_MAGIC, "huge.idx"));
        fails("IDX", "int.idx", Kind.DATA, () -> Idx.parse(idx(Idx.IMAGES_MAGIC, new int[] {1, 65536, 65536}, 0), Idx.IMAGES_MAGIC, "int.idx"));
        fails("IDX", "count.idx", Kind.DATA, () -> Idx.parse(idx(Idx.LABELS_MAGIC, new int[] {60_000}, 10), Idx.LABELS_MAGIC, "count.idx"));
        Path labels = write("labels-as-images.idx", idx(Idx.LABELS_MAGIC, new int[] {3}, 3));
        fails("IDX", labels.toString(), Kind.DATA, () -> Idx.readImages(labels));
        Path gzMagicOnly = write("magic.gz", new byte[] {0x1f, (byte) 0x8b});
        fails("IDX", gzMagicOnly.toString(), Kind.DATA, () -> Idx.readImages(gzMagicOnly));
        Path junkGz = write("junk.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        fails("IDX", junkGz.toString(), Kind.DATA, () -> Idx.readImages(junkGz));
        Path empty = write("empty.idx", new byte[0]);
        fails("IDX", empty.toString(), Kind.DATA, () -> Idx.readImages(empty));
        Path missing = dir.resolve("missing.idx");
        fails("IDX", missing.toString(), Kind.DATA, () -> Idx.readImages(missing));
    }

    // ---------------------------------------------------------------- CIFAR-10

    @Test
    void cifarPartialRecords() {
        cases(0xC1FA1L, 100, g -> {
            int length = g.ints(0, 3 * Cifar10.RECORD + 10, Cifar10.RECORD, 2 * Cifar10.RECORD, 3 * Cifar10.RECORD);
            long seed = g.longs();
            byte[] b = new byte[length];
            new Random(seed).nextBytes(b);
            for (int off = 0; off < length; off += Cifar10.RECORD) {
                b[off] = (byte) Math.floorMod(b[off], 10);
            }
            Path p = write("partial.bin", b);
            RuntimeException e = run("CIFAR-10", p.toString(), Kind.DATA, () -> Cifar10.read(List.of(p)));
            assertThat(e == null).isEqualTo(length > 0 && length % Cifar10.RECORD == 0);
        });
    }

    @Test
    void cifarBadLabels() {
        cases(0xC1FA2L, 100, g -> {
            int records = g.ints(1, 4);
            int label = g.ints(10, 255);
            long seed = g.longs();
            boolean secondFile = g.bools();
            Random r = new Random(seed);
            byte[] good = new byte[Cifar10.RECORD];
            byte[] b = new byte[records * Cifar10.RECORD];
            r.nextBytes(b);
            for (int off = 0; off < b.length; off += Cifar10.RECORD) {
                b[off] = (byte) r.nextInt(10);
            }
            b[r.nextInt(records) * Cifar10.RECORD] = (byte) label;
            Path ok = write("good.bin", good);
            Path p = write("labels.bin", b);
            DataException e = (DataException) fails("CIFAR-10", p.toString(), Kind.DATA,
                    () -> Cifar10.read(secondFile ? List.of(ok, p) : List.of(p)));
            assertThat(e.getMessage()).contains("label " + label);
        });
    }

    @Test
    void cifarHandMade() throws IOException {
        Path empty = write("empty.bin", new byte[0]);
        fails("CIFAR-10", empty.toString(), Kind.DATA, () -> Cifar10.read(List.of(empty)));
        Path missing = dir.resolve("missing.bin");
        fails("CIFAR-10", missing.toString(), Kind.DATA, () -> Cifar10.read(List.of(missing)));
        Path cutGz = write("cut.bin.gz", Arrays.copyOf(gzip(new byte[Cifar10.RECORD]), 20));
        fails("CIFAR-10", cutGz.toString(), Kind.DATA, () -> Cifar10.read(List.of(cutGz)));
    }

    // ---------------------------------------------------------------- safetensors

    private static byte[] safetensors(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    private static byte[] validCheckpoint() throws IOException {
        Path p = dir.resolve("valid.safetensors");
        Checkpoint.save(p, net, net.newParameters(), null, 7, Map.of());
        return Files.readAllBytes(p);
    }

    @Test
    void safetensorsOffsetsAndShapes() {
        cases(0x5AFE1L, 300, g -> {
            int start = g.ints(-3, 40);
            int end = g.ints(-3, 40);
            List<Integer> shape = shapes(g);
            int data = g.ints(0, 40);
            String h = "{\"t\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[" + start + "," + end + "]}}";
            long count = 1;
            boolean nonNegative = true;
            for (int s : shape) {
                count *= s;
                nonNegative &= s >= 0;
            }
            boolean valid = nonNegative && start >= 0 && end >= start && end <= data && end - start == 4 * count;
            Path p = write("offsets.safetensors", safetensors(h, data));
            RuntimeException e = run("safetensors", p.toString(), Kind.DATA, () -> Safetensors.read(p));
            assertThat(e == null).as(h + " with " + data + " data bytes").isEqualTo(valid);
        });
    }

    /** Up to three dimensions in [-2, 6]. */
    private static List<Integer> shapes(Gen g) {
        return g.list(3, () -> g.ints(-2, 6));
    }

    @Test
    void safetensorsTwoTensors() {
        // All 49 pairs: the space is smaller than the usual number of cases.
        cases(0x5AFE2L, 7 * 7, g -> {
            int a0 = g.index() / 7;
            int b0 = g.index() % 7;
            // Two 1-float tensors at 4*a0 and 4*b0, the buffer ending where the later one ends (the format has no
            // trailing bytes): invalid iff they overlap (a0 == b0).
            String h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[" + 4 * a0 + "," + (4 * a0 + 4) + "]},"
                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[" + 4 * b0 + "," + (4 * b0 + 4) + "]}}";
            Path p = write("two.safetensors", safetensors(h, 4 * Math.max(a0, b0) + 4));
            RuntimeException e = run("safetensors", p.toString(), Kind.DATA, () -> Safetensors.read(p));
            assertThat(e == null).as(h).isEqualTo(a0 != b0);
        });
    }

    @Test
    void safetensorsHeaderLength() {
        cases(0x5AFE3L, 150, g -> {
            long n = g.longs();
            byte[] rest = g.bytes(64);
            byte[] b = ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN).putLong(n).put(rest).array();
            Path p = write("length.safetensors", b);
            run("safetensors", p.toString(), Kind.DATA, () -> Safetensors.read(p));
        });
    }

    @Test
    void safetensorsNonJsonHeader() {
        cases(0x5AFE4L, 150, g -> {
            String header = g.strings(80);
            Path p = write("text.safetensors", safetensors(header, 8));
            run("safetensors", p.toString(), Kind.DATA, () -> Safetensors.read(p));
        });
    }

    @Test
    void safetensorsRandomBytes() {
        cases(0x5AFE5L, 150, g -> {
            byte[] b = g.bytes(300);
            Path p = write("random.safetensors", b);
            run("safetensors", p.toString(), Kind.DATA, () -> Safetensors.read(p));
        });
    }

    @Test
    void checkpointMutations() {
        cases(0xC4EC1L, 200, g -> {
            long seed = g.longs();
            Random r = new Random(seed);
            byte[] b = validCheckpoint();
            long headerLen = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                // Mostly in the header, where damage changes the structure.
                int at = r.nextInt(4) == 0 ? r.nextInt(b.length) : r.nextInt((int) (8 + headerLen));
                b[at] = r.nextBoolean() ? (byte) r.nextInt(256) : (byte) "{}[],:\"0123456789-".charAt(r.nextInt(18));
            }
            Path p = write("mutated.safetensors", r.nextInt(5) == 0 ? Arrays.copyOf(b, r.nextInt(b.length)) : b);
            run("checkpoint", p.toString(), Kind.DATA, () -> Checkpoint.load(p, net));
        });
    }

    @Test
    void safetensorsHandMade() throws IOException {
        String ok = "\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]";
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("dup", "{\"a\":{" + ok + "},\"a\":{" + ok + "}}");
        bad.put("overlap", "{\"a\":{" + ok + "},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}");
        bad.put("f16", "{\"a\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]}}");
        bad.put("dtype-number", "{\"a\":{\"dtype\":5,\"shape\":[2],\"data_offsets\":[0,8]}}");
        bad.put("shape-mismatch", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}");
        bad.put("negative-shape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[8,4]}}");
        bad.put("negative-pair", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1,-2],\"data_offsets\":[0,8]}}");
        bad.put("shape-object", "{\"a\":{\"dtype\":\"F32\",\"shape\":{\"x\":1,\"y\":2},\"data_offsets\":[0,8]}}");
        bad.put("shape-long", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967298],\"data_offsets\":[0,8]}}");
        bad.put("shape-float", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}");
        bad.put("shape-overflow", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647,4],\"data_offsets\":[0,4]}}");
        bad.put("offsets-overflow", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[9223372036854775800,9223372036854775804]}}");
        bad.put("offsets-text", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[\"0\",\"8\"]}}");
        bad.put("offsets-three", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,16]}}");
        bad.put("offsets-missing", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}");
        bad.put("entry-number", "{\"a\":3}");
        bad.put("array", "[1,2,3]");
        bad.put("string", "\"x\"");
        bad.put("not-json", "safetensors? no");
        bad.put("deep", "[".repeat(100_000));
        bad.put("deep-object", "{\"a\":".repeat(50_000));
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Path p = write(e.getKey() + ".safetensors", safetensors(e.getValue(), 16));
            fails("safetensors", p.toString(), Kind.DATA, () -> Safetensors.read(p));
        }
        byte[] tooLong = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        Path p1 = write("header-past-limit.safetensors", tooLong);
        fails("safetensors", p1.toString(), Kind.DATA, () -> Safetensors.read(p1));
        byte[] pastFile = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array();
        Path p2 = write("header-past-file.safetensors", pastFile);
        fails("safetensors", p2.toString(), Kind.DATA, () -> Safetensors.read(p2));
        byte[] negative = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(-8).array();
        Path p3 = write("header-negative.safetensors", negative);
        fails("safetensors", p3.toString(), Kind.DATA, () -> Safetensors.read(p3));
        Path p4 = write("short.safetensors", new byte[] {1, 2, 3});
        fails("safetensors", p4.toString(), Kind.DATA, () -> Safetensors.read(p4));

        // Checkpoint.load: another model's tensors, and an optimizer buffer of the wrong shape.
        Path other = dir.resolve("other.safetensors");
        Network wider = Models.mlp(4, 3, 6, 3, true, OpenBlasGemm.INSTANCE);
        Checkpoint.save(other, wider, wider.newParameters(), null, 1, Map.of());
        fails("checkpoint", other.toString(), Kind.DATA, () -> Checkpoint.load(other, net));
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        for (var t : net.tensors()) {
            tensors.put(t.name(), new Safetensors.Tensor(t.shape(), new float[t.length()]));
        }
        var first = net.tensors().get(0);
        tensors.put(Checkpoint.OPTIMIZER_PREFIX + "exp_avg." + first.name(), new Safetensors.Tensor(new int[] {1}, new float[1]));
        Path buf = dir.resolve("buffer.safetensors");
        Safetensors.write(buf, tensors, Map.of("format", Checkpoint.FORMAT));
        fails("checkpoint", buf.toString(), Kind.DATA, () -> Checkpoint.load(buf, net));
        Path missing = dir.resolve("missing.safetensors");
        fails("checkpoint", missing.toString(), Kind.DATA, () -> Checkpoint.load(missing, net));
        Path valid = write("valid2.safetensors", validCheckpoint());
        assertThat(run("checkpoint", valid.toString(), Kind.DATA, () -> Checkpoint.load(valid, net))).isNull();
    }

    // ---------------------------------------------------------------- .npy

    private static byte[] npy(int major, String descr, String fortran, String shape, int payloadBytes) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': (" + shape + "), }";
        int pre = major == 1 ? 10 : 12;
        String header = dict + " ".repeat((64 - (pre + dict.length() + 1) % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(pre + header.length() + payloadBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) header.length());
        } else {
            b.putInt(header.length());
        }
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < payloadBytes; i++) {
            b.put((byte) 0x3f); // 0x3f3f3f3f is a finite float, 0x3f3f... a finite double
        }
        return b.array();
    }

    private static final List<String> DESCRS = List.of("<f8", "<f4", ">f8", ">f4", "|f8", "=f4", "<i4", "<i8", "<f2", "<c16", "|b1",
            "<U10", "|O", "<f16", "f8");

    @Test
    void npyHeaders() {
        cases(0x4E901L, 300, g -> {
            String descr = g.pick(DESCRS);
            boolean fortran = g.bools();
            List<Integer> shape = shapes(g);
            int extra = g.ints(-9, 9);
            int major = g.ints(1, 3);
            int size = descr.endsWith("4") ? 4 : 8;
            long n = 1;
            boolean nonNegative = true;
            for (int s : shape) {
                n *= s;
                nonNegative &= s >= 0;
            }
            String shapeText = shape.size() == 1 ? shape.get(0) + "," : shape.toString().replaceAll("[\\[\\]]", "");
            int payload = (int) Math.max(0, (nonNegative ? n : 1) * size + extra);
            boolean supported = descr.matches("[<>|=]?f[48]");
            boolean valid = supported && nonNegative && payload == n * size;
            Path p = write("a.npy", npy(major, descr, fortran ? "True" : "False", shapeText, payload));
            RuntimeException e = run(".npy", p.toString(), Kind.DATA, () -> new SampleFile(p, null).count());
            assertThat(e == null).as(descr + " " + shape + " fortran " + fortran + " payload " + payload).isEqualTo(valid);
            run(".npy", p.toString(), Kind.DATA, () -> new SampleFile(p, null).shape());
        });
    }

    @Test
    void npyRandomBytes() {
        cases(0x4E902L, 150, g -> {
            byte[] b = g.bytes(200);
            boolean magic = g.bools();
            byte[] m = magic ? npy(1, "<f8", "False", "2,", 16) : new byte[0];
            byte[] all = Arrays.copyOf(m, Math.min(m.length, 10) + b.length);
            System.arraycopy(b, 0, all, Math.min(m.length, 10), b.length);
            Path p = write("r.npy", all);
            run(".npy", p.toString(), Kind.DATA, () -> new SampleFile(p, null).count());
        });
    }

    @Test
    void npyHandMade() throws IOException {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        byte[] magic = npy(1, "<f8", "False", "2,", 16);
        magic[1] = 'M';
        bad.put("magic", magic);
        byte[] version = npy(1, "<f8", "False", "2,", 16);
        version[6] = 9;
        bad.put("version", version);
        bad.put("int", npy(1, "<i8", "False", "2,", 16));
        bad.put("object", npy(1, "|O", "False", "2,", 16));
        bad.put("short", npy(1, "<f8", "False", "3,", 16));
        bad.put("long", npy(1, "<f8", "False", "1,", 16));
        bad.put("fortran-short", npy(1, "<f4", "True", "3, 2", 20));
        bad.put("fortran-long", npy(1, "<f4", "True", "2, 2", 20));
        bad.put("big-endian-short", npy(1, ">f8", "False", "4,", 16));
        bad.put("negative", npy(1, "<f8", "False", "-2,", 16));
        bad.put("overflow", npy(1, "<f8", "False", "4294967296, 4294967296, 4294967296", 16));
        bad.put("huge", npy(1, "<f8", "True", "100000, 100000", 16));
        bad.put("shape-text", npy(1, "<f8", "False", "'a',", 16));
        bad.put("no-shape", new String("\u0093NUMPY\u0001\u0000\u0010\u0000{'descr': '<f8'}").getBytes(StandardCharsets.ISO_8859_1));
        byte[] hugeHeader = npy(2, "<f8", "False", "2,", 16);
        hugeHeader[8] = (byte) 0xff;
        hugeHeader[9] = (byte) 0xff;
        hugeHeader[10] = (byte) 0xff;
        hugeHeader[11] = (byte) 0x7f;
        bad.put("header-length", hugeHeader);
        bad.put("truncated-header", Arrays.copyOf(npy(1, "<f8", "False", "2,", 16), 30));
        bad.put("empty", new byte[0]);
        ByteBuffer nan = ByteBuffer.wrap(npy(1, "<f8", "False", "2,", 16)).order(ByteOrder.LITTLE_ENDIAN);
        nan.putDouble(nan.capacity() - 8, Double.NaN);
        bad.put("nan", nan.array());
        ByteBuffer inf = ByteBuffer.wrap(npy(1, ">f4", "False", "2,", 8)).order(ByteOrder.BIG_ENDIAN);
        inf.putFloat(inf.capacity() - 4, Float.NEGATIVE_INFINITY);
        bad.put("inf", inf.array());
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            Path p = write(e.getKey() + ".npy", e.getValue());
            fails(".npy", p.toString(), Kind.DATA, () -> new SampleFile(p, null).count());
        }
        // Written by Npy.writeDoubles, a Fortran-ordered array and a big-endian one are read.
        Path ok = dir.resolve("ok.npy");
        Npy.writeDoubles(ok, new double[] {1, 2, 3});
        assertThat(new SampleFile(ok, null).count()).isEqualTo(3);
        Path f = write("fortran.npy", npy(1, "<f4", "True", "2, 3", 24));
        assertThat(new SampleFile(f, null).count()).isEqualTo(6);
        Path be = write("be.npy", npy(3, ">f8", "False", "2,", 16));
        assertThat(new SampleFile(be, null).count()).isEqualTo(2);
        Path col = write("col.npy", npy(1, "<f8", "False", "2,", 16));
        run(".npy", "--column", Kind.SPEC, () -> new SampleFile(col, "x").count());
    }

    // ---------------------------------------------------------------- text and CSV samples

    private static final List<String> CELLS = List.of("NaN", "Infinity", "-Infinity", "+Infinity", "inf", "nan", "1e400", "-1e400",
            "1e-400", "0x1p3", "1.5", "-2", " 3 ", "", "#c", "a", "1,2", "\"4\"", "1_000", "١", "\u0000", "1e", "--1", "0.0d", "7f");

    @Test
    void textSamples() {
        cases(0x7E171L, 300, g -> {
            List<String> lines = lines(g);
            boolean csv = g.bools();
            String text = csv ? "a,b\n" + String.join("\n", lines.stream().map(l -> l + ",1").toList()) : String.join("\n", lines);
            Path p = write(csv ? "s.csv" : "s.txt", text);
            run("text/CSV samples", p.toString(), Kind.DATA, () -> new SampleFile(p, csv ? "a" : null).count());
        });
    }

    /** Up to 20 lines, each a double (5 in 9), one of CELLS (3 in 9) or a string of up to 12 chars (1 in 9). */
    private static List<String> lines(Gen g) {
        return g.list(20, () -> {
            int w = g.uniform(9);
            return w < 5 ? Double.toString(g.doubles()) : w < 8 ? g.pick(CELLS) : g.strings(12);
        });
    }

    @Test
    void textHandMade() throws IOException {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("nan.txt", "1\nNaN\n2\n");
        bad.put("nan-first.txt", "NaN\n1\n");
        bad.put("inf.txt", "1\nInfinity\n");
        bad.put("minus-inf.txt", "1\n-Infinity\n");
        bad.put("overflow.txt", "1\n1e400\n");
        bad.put("word.txt", "1\n2\nthree\n");
        bad.put("columns.txt", "1,2\n3,4\n");
        bad.put("huge-number.txt", "1\n" + "9".repeat(5_000_000) + "\n");
        bad.put("huge-junk.txt", "1\n" + "x".repeat(5_000_000) + "\n");
        bad.put("huge-row.csv", "a,b\n" + ",".repeat(2_000_000) + "\n");
        bad.put("nan.csv", "a,b\n1,2\nNaN,3\n");
        bad.put("missing-cell.csv", "b,a\n1,2\n3\n");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Path p = write(e.getKey(), e.getValue());
            fails("text/CSV samples", p.toString(), Kind.DATA, () -> new SampleFile(p, e.getKey().endsWith(".csv") ? "a" : null).count());
        }
        Path wide = write("wide.csv", "a,b\n" + "1,".repeat(2_000_000) + "\n");
        assertThat(run("text/CSV samples", wide.toString(), Kind.DATA, () -> assertThat(new SampleFile(wide, "a").count()).isOne())).isNull();
        Path csv = write("cols.csv", "a,b\n1,2\n");
        fails("text/CSV samples", csv.toString(), Kind.DATA, () -> new SampleFile(csv, "zz").count());
        fails("text/CSV samples", csv.toString(), Kind.DATA, () -> new SampleFile(csv, "7").count());
        fails("text/CSV samples", csv.toString(), Kind.DATA, () -> new SampleFile(csv, "99999999999999").count());
        // An empty file or one of blank lines and comments holds no values: the reader says 0 and the commands refuse it.
        for (String name : List.of("empty.txt", "blank.txt")) {
            Path p = write(name, name.startsWith("empty") ? "" : "\n  \n# nothing\n");
            assertThat(run("text/CSV samples", p.toString(), Kind.DATA, () -> assertThat(new SampleFile(p, null).count()).isZero())).isNull();
        }
        Path missing = dir.resolve("missing.txt");
        fails("text/CSV samples", missing.toString(), Kind.DATA, () -> new SampleFile(missing, null).count());
    }

    // ---------------------------------------------------------------- typed CSV tables

    private static String metricsCsv() {
        List<MetricsRow> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rows.add(new MetricsRow(10L * i, i, 0.01, i == 0 ? Double.NaN : 1.0 / (i + 1), 0.5, 0.75, 0.6, 0.7, 1.25 * i));
        }
        return MetricsRow.TABLE.csv(rows);
    }

    private static String mutate(String text, Random r) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        StringBuilder sb;
        switch (r.nextInt(9)) {
            case 0 -> lines.remove(r.nextInt(lines.size()));
            case 1 -> {
                int i = r.nextInt(lines.size());
                lines.add(i, lines.get(i));
            }
            case 2 -> {
                int i = r.nextInt(lines.size());
                String[] cells = lines.get(i).split(",", -1);
                cells[r.nextInt(cells.length)] = CELLS.get(r.nextInt(CELLS.size()));
                lines.set(i, String.join(",", cells));
            }
            case 3 -> {
                int i = r.nextInt(lines.size());
                lines.set(i, lines.get(i) + ",extra");
            }
            case 4 -> {
                int i = r.nextInt(lines.size());
                String l = lines.get(i);
                lines.set(i, l.isEmpty() ? "\"" : l.substring(0, r.nextInt(l.length())));
            }
            case 5 -> {
                int i = r.nextInt(lines.size());
                lines.set(i, lines.get(i).replace(",", r.nextBoolean() ? ";" : "\""));
            }
            case 6 -> {
                int i = r.nextInt(lines.size());
                lines.set(i, "x".repeat(1 + r.nextInt(200_000)));
            }
            default -> {
            }
        }
        sb = new StringBuilder(String.join("\n", lines));
        for (int k = r.nextInt(3); k > 0 && sb.length() > 0; k--) {
            sb.setCharAt(r.nextInt(sb.length()), (char) (r.nextBoolean() ? r.nextInt(128) : ",\"\n\r 0-.eE".charAt(r.nextInt(10))));
        }
        return sb.toString();
    }

    @Test
    void tableMutations() {
        cases(0x7AB11L, 400, g -> {
            String text = mutate(metricsCsv(), new Random(g.longs()));
            run("typed CSV table", "metrics-x.csv", Kind.DATA, () -> MetricsRow.TABLE.parse(text, "metrics-x.csv"));
        });
    }

    @Test
    void tableRandomText() {
        cases(0x7AB12L, 100, g -> {
            String text = g.strings(300);
            run("typed CSV table", "metrics-r.csv", Kind.DATA, () -> MetricsRow.TABLE.parse(text, "metrics-r.csv"));
        });
    }

    @Test
    void tableHandMade() {
        String valid = metricsCsv();
        assertThat(run("typed CSV table", "ok.csv", Kind.DATA, () -> MetricsRow.TABLE.parse(valid, "ok.csv"))).isNull();
        String header = MetricsRow.HEADER;
        for (String text : List.of("", "\n", "a,b,c\n1,2,3\n", header + "\n1,2\n", header + "\n\"unclosed,1,2,3,4,5,6,7,8\n",
                header + "\n" + "1,".repeat(9) + "\n", header + "\n9223372036854775808,0,0,0,0,0,0,0,0\n",
                header + "\nx,0,0,0,0,0,0,0,0\n")) {
            fails("typed CSV table", "bad.csv", Kind.DATA, () -> MetricsRow.TABLE.parse(text, "bad.csv"));
        }
    }

    // ---------------------------------------------------------------- specs and config.json

    private static final String SPEC = dev.basin.spec.SpecsTest.TRAIN;

    private static final List<String> VALUES = List.of("1", "-1", "0", "1.5", "1e400", "-0.0", "true", "null", "~", "\"\"", "abc",
            "[1, 2]", "[]", "{}", "{a: 1}", ".nan", ".inf", "99999999999999999999", "*x", "&x 1", "!!binary AAAA", "'2'", "[[[[1]]]]",
            "|\n  text", "adam", "sgd", "train", "noise");

    private static String mutateSpec(String text, Random r) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n")));
        int i = r.nextInt(lines.size());
        String l = lines.get(i);
        switch (r.nextInt(8)) {
            case 0 -> lines.remove(i);
            case 1 -> lines.add(i, l);
            case 2 -> {
                int colon = l.indexOf(':');
                if (colon >= 0) {
                    lines.set(i, l.substring(0, colon + 1) + " " + VALUES.get(r.nextInt(VALUES.size())));
                }
            }
            case 3 -> lines.set(i, l.replaceFirst("\\w+:", "k" + r.nextInt(5) + ":"));
            case 4 -> lines.set(i, "  ".repeat(r.nextInt(4)) + l.trim());
            case 5 -> lines.add(i, "  ".repeat(r.nextInt(3)) + "extra_" + r.nextInt(3) + ": " + VALUES.get(r.nextInt(VALUES.size())));
            case 6 -> {
                int at = r.nextInt(l.length() + 1);
                lines.set(i, l.substring(0, at) + (char) (r.nextInt(95) + 32) + l.substring(at));
            }
            default -> {
                byte[] junk = new byte[1 + r.nextInt(20)];
                r.nextBytes(junk);
                lines.add(i, new String(junk, StandardCharsets.ISO_8859_1));
            }
        }
        return String.join("\n", lines) + "\n";
    }

    @Test
    void specMutations() {
        cases(0x5BEC1L, 400, g -> {
            Random r = new Random(g.longs());
            String text = SPEC;
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                text = mutateSpec(text, r);
            }
            String t = text;
            run("spec (YAML)", "x.yaml", Kind.SPEC, () -> Specs.parse(t, "x.yaml", List.of()));
        });
    }

    @Test
    void specJsonMutations() {
        cases(0x5BEC2L, 200, g -> {
            Random r = new Random(g.longs());
            StringBuilder sb = new StringBuilder(Specs.toJson(Specs.parse(SPEC, "x.yaml", List.of()).spec()));
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                int at = r.nextInt(sb.length());
                switch (r.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, "{}[],:\"0-.etrufalsn ".charAt(r.nextInt(20)));
                    default -> sb.setCharAt(at, (char) r.nextInt(128));
                }
            }
            String t = sb.toString();
            run("spec (JSON)", "x.json", Kind.SPEC, () -> Specs.parse(t, "x.json", List.of()));
        });
    }

    @Test
    void specRandomText() {
        cases(0x5BEC3L, 100, g -> {
            String text = g.strings(200);
            run("spec (YAML)", "r.yaml", Kind.SPEC, () -> Specs.parse(text, "r.yaml", List.of()));
        });
    }

    @Test
    void configJsonMutations() {
        cases(0xC0F61L, 100, g -> {
            long seed = g.longs();
            Random r = new Random(seed);
            byte[] b = Specs.toJson(Specs.parse(SPEC, "x.yaml", List.of()).spec()).getBytes(StandardCharsets.UTF_8);
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            Path run = dir.resolve("run-" + Long.toHexString(seed));
            Files.createDirectories(run);
            Path p = write(dir.relativize(run.resolve("config.json")).toString(), b);
            run("config.json", p.toString(), Kind.DATA, () -> Specs.readRun(p));
        });
    }

    @Test
    void specHandMade() throws IOException {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("duplicate", SPEC.replace("  lr: 1e-3\n", "  lr: 1e-3\n  lr: 0.5\n"));
        bad.put("duplicate-top", SPEC + "protocol: noise\n");
        bad.put("no-protocol", SPEC.replace("protocol: train\n", ""));
        bad.put("unknown-protocol", SPEC.replace("protocol: train", "protocol: fly"));
        bad.put("lr-string", SPEC.replace("lr: 1e-3", "lr: fast"));
        bad.put("iterations-float", SPEC.replace("iterations: 20", "iterations: 20.5"));
        bad.put("iterations-huge", SPEC.replace("iterations: 20", "iterations: 99999999999999999999999"));
        bad.put("optimizer-list", SPEC.replace("  name: adam\n  lr: 1e-3\n", "  - adam\n"));
        bad.put("version", "spec_version: 99\n" + SPEC.substring(SPEC.indexOf('\n') + 1));
        bad.put("version-text", SPEC.replace("spec_version: 1", "spec_version: one"));
        bad.put("list", "- 1\n- 2\n");
        bad.put("scalar", "42\n");
        bad.put("empty", "");
        bad.put("tab", "protocol:\ttrain\n\tdata: 1\n");
        bad.put("deep-flow", "protocol: train\ndata: " + "[".repeat(20_000) + "\n");
        bad.put("deep-block", "protocol: train\n" + buildDeepBlock(2_000));
        bad.put("aliases", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                + "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nprotocol: train\n");
        bad.put("binary", new String(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 13, 9}, StandardCharsets.ISO_8859_1));
        for (Map.Entry<String, String> e : bad.entrySet()) {
            String source = e.getKey() + ".yaml";
            fails("spec (YAML)", source, Kind.SPEC, () -> Specs.parse(e.getValue(), source, List.of()));
        }
        String json = Specs.toJson(Specs.parse(SPEC, "x.yaml", List.of()).spec());
        fails("spec (JSON)", "dup.json", Kind.SPEC, () -> Specs.parse(json.replaceFirst("\\{", "{\"protocol\": \"train\","), "dup.json", List.of()));
        fails("spec (JSON)", "deep.json", Kind.SPEC, () -> Specs.parse("{\"protocol\":\"train\",\"data\":" + "[".repeat(100_000), "deep.json", List.of()));
        fails("spec (JSON)", "trailing.json", Kind.SPEC, () -> Specs.parse(json + "{}", "trailing.json", List.of()));
        Path dirRun = Files.createDirectories(dir.resolve("run-hand"));
        for (String text : List.of("", "{", "[]", "{\"basin_version\": \"0.0.1\"}", json.replace("\"train\"", "\"fly\""), "{\"a\":".repeat(50_000))) {
            Path p = Files.writeString(dirRun.resolve("config.json"), text);
            fails("config.json", p.toString(), Kind.DATA, () -> Specs.readRun(p));
        }
        Path bin = Files.write(dirRun.resolve("config.json"), new byte[] {(byte) 0xc3, (byte) 0x28, 0x7b});
        fails("config.json", bin.toString(), Kind.DATA, () -> Specs.readRun(bin));
        Path missing = dir.resolve("no-run/config.json");
        fails("config.json", missing.toString(), Kind.DATA, () -> Specs.readRun(missing));
        Path ok = Files.writeString(dirRun.resolve("config.json"), json);
        assertThat(run("config.json", ok.toString(), Kind.DATA, () -> Specs.readRun(ok))).isNull();
    }

    @Test
    void shippedExamplesStillParse() throws IOException {
        // Duplicate keys are now an error; no shipped example may have any.
        Path examples = Path.of(System.getProperty("user.dir")).resolve("../examples").normalize();
        if (!Files.isDirectory(examples)) {
            return;
        }
        try (Stream<Path> s = Files.list(examples)) {
            for (Path p : s.filter(x -> x.toString().endsWith(".yaml")).sorted().toList()) {
                if (p.getFileName().toString().startsWith("sweep-")) {
                    assertThat(dev.basin.spec.SweepSpec.read(p)).as(p.toString()).isNotNull();
                } else {
                    assertThat(Specs.read(p, List.of()).spec()).as(p.toString()).isNotNull();
                }
            }
        }
    }

    private static String buildDeepBlock(int depth) {
        StringBuilder sb = new StringBuilder("data:\n");
        for (int i = 1; i <= depth; i++) {
            sb.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- image folders and archives

    private static Map<String, byte[]> goodImages() {
        return dev.basin.data.ImageZips.standard(2, 1, 4, 4);
    }

    private static Path zipFile(String name, Map<String, byte[]> entries) throws IOException {
        return write(name, dev.basin.data.ImageZips.zip(entries));
    }

    private static RuntimeException imageFails(Path p, String... expected) {
        RuntimeException e = fails("image archive", p.toString(), Kind.DATA, () -> dev.basin.data.ImageFolder.load(p, null));
        for (String x : expected) {
            assertThat(e.getMessage()).as("message for " + p).contains(x);
        }
        return e;
    }

    @Test
    void imageArchiveUnsafeNames() throws IOException {
        byte[] png = dev.basin.data.ImageZips.encode(dev.basin.data.ImageZips.rgb(1, 4, 4), "png");
        String[][] bad = {{"../evil.png", "'..'"}, {"train/ant/../../evil.png", "'..'"}, {"/etc/evil.png", "absolute"},
                {"C:/evil.png", "absolute"}, {"train\\ant\\evil.png", "backslash"}, {"train/ant/ev\u0001il.png", "control"}};
        int i = 0;
        for (String[] b : bad) {
            Map<String, byte[]> m = goodImages();
            m.put(b[0], png);
            imageFails(zipFile("unsafe-" + i++ + ".zip", m), "unsafe", b[1]);
        }
    }

    @Test
    void imageArchiveHugeClaimedSize() throws IOException {
        Map<String, byte[]> m = goodImages();
        m.put("train/ant/zz-huge.png", dev.basin.data.ImageZips.encode(dev.basin.data.ImageZips.rgb(1, 4, 4), "png"));
        byte[] z = dev.basin.data.ImageZips.zip(m);
        // The central-directory record of the last entry: uncompressed size at offset 24.
        int at = -1;
        for (int k = z.length - 46; k >= 0; k--) {
            if (z[k] == 'P' && z[k + 1] == 'K' && z[k + 2] == 1 && z[k + 3] == 2) {
                at = k;
                break;
            }
        }
        ByteBuffer.wrap(z, at + 24, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7ffffff0);
        imageFails(write("huge.zip", z), "zz-huge.png", "claims");
    }

    @Test
    void imageArchiveBadImages() throws IOException {
        byte[] png = dev.basin.data.ImageZips.encode(dev.basin.data.ImageZips.rgb(3, 4, 4), "png");
        byte[] jpg = dev.basin.data.ImageZips.encode(dev.basin.data.ImageZips.rgb(3, 16, 16), "jpeg");
        Map<String, byte[]> m = goodImages();
        m.put("train/ant/notes.txt", "hello".getBytes(StandardCharsets.UTF_8));
        imageFails(zipFile("txt.zip", m), "notes.txt", "not a PNG or JPEG");
        m = goodImages();
        m.put("train/ant/fake.png", "not an image at all".getBytes(StandardCharsets.UTF_8));
        imageFails(zipFile("fake.zip", m), "fake.png", "not a PNG or JPEG");
        m = goodImages();
        m.put("train/ant/empty.png", new byte[0]);
        imageFails(zipFile("emptyimg.zip", m), "empty.png");
        m = goodImages();
        m.put("train/ant/cut.png", Arrays.copyOf(png, png.length / 2));
        imageFails(zipFile("cutpng.zip", m), "cut.png", "corrupt");
        // A JPEG set of 16×16 images with one cut short.
        Map<String, byte[]> j = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            j.put(split + "/a/0.jpg", jpg);
            j.put(split + "/b/0.jpg", jpg);
        }
        assertThat(run("image archive", "jpeg", Kind.DATA, () -> dev.basin.data.ImageFolder.load(zipFile("okjpg.zip", j), null))).isNull();
        for (int cut : new int[] {3, 20, jpg.length / 2, jpg.length - 2}) {
            j.put("train/b/0.jpg", Arrays.copyOf(jpg, cut));
            imageFails(zipFile("cutjpg-" + cut + ".zip", j), "train/b/0.jpg");
        }
        m = goodImages();
        byte[] flipped = png.clone();
        flipped[flipped.length / 2] ^= 0x5a;
        m.put("train/ant/flip.png", flipped);
        imageFails(zipFile("flippng.zip", m), "flip.png");
        // A header that claims an enormous image (PNG IHDR width and height): refused before any pixel is allocated.
        byte[] big = png.clone();
        ByteBuffer.wrap(big, 16, 8).order(ByteOrder.BIG_ENDIAN).putInt(1 << 20).putInt(1 << 20);
        m = goodImages();
        m.put("train/ant/big.png", big);
        imageFails(zipFile("bigpng.zip", m), "big.png");
    }

    @Test
    void imageArchiveBadLayouts() throws IOException {
        byte[] png = dev.basin.data.ImageZips.encode(dev.basin.data.ImageZips.rgb(1, 4, 4), "png");
        Map<String, byte[]> m = goodImages();
        m.put("train/empty/", null);
        imageFails(zipFile("emptyclass.zip", m), "train/empty/", "no images");
        m = goodImages();
        m.entrySet().removeIf(e -> e.getKey().startsWith("test/"));
        imageFails(zipFile("notest.zip", m), "test/", "missing");
        m = goodImages();
        m.entrySet().removeIf(e -> e.getKey().startsWith("train/"));
        imageFails(zipFile("notrain.zip", m), "train/", "missing");
        m = goodImages();
        m.put("train/loose.png", png);
        imageFails(zipFile("loose.zip", m), "train/loose.png", "class folders");
        m = goodImages();
        m.put("train/ant/deeper/x.png", png);
        imageFails(zipFile("deep.zip", m), "train/ant/deeper/x.png", "sub-folder");
        m = goodImages();
        m.put("test/wasp/x.png", png);
        imageFails(zipFile("classes.zip", m), "different classes", "wasp");
        imageFails(zipFile("nothing.zip", new LinkedHashMap<>()), "missing");
        imageFails(write("random.zip", new Gen(7, 99).bytes(500)));
        Path missing = dir.resolve("no-such.zip");
        imageFails(missing, "not found");
        // A folder, not a zip: the same checks.
        Path tree = dev.basin.data.ImageZips.unpack(goodImages(), dir.resolve("tree-empty-class"));
        Files.createDirectories(tree.resolve("test/ant/sub"));
        imageFails(tree, "sub-folder");
    }

    @Test
    void imageArchiveFlippedBytes() throws IOException {
        byte[] good = dev.basin.data.ImageZips.zip(goodImages());
        cases(0x1a6e, 40, g -> {
            byte[] b = good.clone();
            int flips = 1 + g.r.nextInt(8);
            for (int k = 0; k < flips; k++) {
                b[g.r.nextInt(b.length)] ^= (byte) (1 + g.r.nextInt(255));
            }
            Path p = write("flip-" + g.r.nextInt(1 << 30) + ".zip", b);
            // Accepted (the flip hit a field nobody checks) or one clean line naming the archive.
            run("image archive", p.toString(), Kind.DATA, () -> dev.basin.data.ImageFolder.load(p, null));
        });
    }
}
