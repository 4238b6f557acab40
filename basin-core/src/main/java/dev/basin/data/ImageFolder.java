package dev.basin.data;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Image classification data in the torchvision {@code ImageFolder} layout, from a folder or straight from a
 * zip archive (never unpacked): {@code train/<class>/<file>} and {@code test/<class>/<file>}, optionally under
 * one top-level folder. Classes are the folder names of {@code train/}, sorted by name (code-point order, as
 * Python's {@code sorted}); label k is the k-th class; {@code test/} must have the same classes.
 *
 * <p><b>Images.</b> PNG and JPEG (recognised by their first bytes; the name must end in .png, .jpg or .jpeg),
 * decoded with {@code javax.imageio}; every image must have the size of the first (the file that differs is
 * named). Grayscale images give one channel; if any image is in colour, every image gives three (R, G, B; a
 * grayscale one repeated, alpha dropped, a palette expanded), as torchvision's {@code convert('RGB')}. 16-bit
 * samples keep their high byte. Stored as bytes, C×H×W per sample (NCHW, as the CIFAR-10 binary reader).
 * Names starting with '.' (e.g. {@code .DS_Store}) and entries outside {@code train/} and {@code test/} are
 * skipped.
 *
 * <p><b>Refused</b>, with one line naming the entry: names that are absolute, contain a {@code ..} segment, a
 * backslash or a control character; an entry that claims (or turns out to hold) more than {@link #MAX_ENTRY_BYTES};
 * an image wider or taller than {@link #MAX_SIDE}; a file that is not a PNG or JPEG, or one the decoder reports as
 * truncated or corrupt (any decoder warning counts); a file outside a class folder or in a sub-folder of one;
 * a class folder without images; a missing {@code train/} or {@code test/}; more pixels than one array holds.
 *
 * <p><b>Order.</b> Decoding gives the canonical order, class after class and by file name within a class. A
 * split is then put in the order of a permutation drawn by Fisher–Yates (i from n−1 down to 1, j =
 * {@code nextInt(i + 1)}, swap) from {@code new SplittableRandom(seed)} for train and
 * {@code new SplittableRandom(seed + 1)} for test, so that classes are interleaved and the order is a function of
 * the seed alone.
 *
 * <p><b>Cache.</b> The decoded canonical splits are stored in {@code <cache>/imagefolder-<sha256>-v<FORMAT>.bin},
 * keyed by the SHA-256 of the archive (for a folder: of its files' names and bytes) and the decoder's format
 * number, written atomically, and on load checked for its header, key, size and CRC-32; a cache that fails a check
 * is decoded again and rewritten. A cache that cannot be written is skipped.
 */
public final class ImageFolder {
    /** The most bytes one archive entry may hold. */
    public static final long MAX_ENTRY_BYTES = 64L << 20;
    /** The largest width or height accepted. */
    public static final int MAX_SIDE = 4096;
    /** Version of the decoding rules and the cache layout: part of the cache key. */
    public static final int FORMAT = 1;

    private static final byte[] MAGIC = "BASINIMG".getBytes(StandardCharsets.US_ASCII);

    private ImageFolder() {
    }

    /** One split in canonical order: {@code count} images of channels × height × width bytes, and their labels. */
    public record Split(byte[] pixels, byte[] labels) {
        public int count() {
            return labels.length;
        }
    }

    /**
     * A decoded archive.
     *
     * @param sha256  the archive's SHA-256 (a folder: of its names and bytes)
     * @param classes class names, sorted; label k is classes[k]
     * @param cached  whether it came from the cache
     * @param decodeS seconds spent decoding (or loading the cache), hashing excluded
     * @param hashS   seconds spent hashing the archive
     */
    public record Decoded(String sha256, List<String> classes, int channels, int height, int width, Split train, Split test, boolean cached,
                          double decodeS, double hashS) {
        public int featureSize() {
            return channels * height * width;
        }
    }

    /** Per-channel mean and standard deviation of p/255 over a split (population sd). */
    public record Normalisation(double[] mean, double[] std) {
    }

    /** Decodes {@code source} (a folder or a .zip file), from the cache in {@code cacheDir} when it holds it; null cacheDir: no cache. */
    public static Decoded load(Path source, Path cacheDir) {
        if (!Files.exists(source)) {
            throw new DataException("image folder or archive " + source + " not found; point --data-dir at a folder with train/ and test/ or a .zip of one");
        }
        boolean zip = Files.isRegularFile(source);
        long t0 = System.nanoTime();
        String sha = zip ? sha256File(source) : sha256Folder(source);
        double hashS = (System.nanoTime() - t0) / 1e9;
        Path cache = cacheDir == null ? null : cacheDir.resolve("imagefolder-" + sha + "-v" + FORMAT + ".bin");
        if (cache != null && Files.isRegularFile(cache)) {
            long t1 = System.nanoTime();
            Decoded d = readCache(cache, sha);
            if (d != null) {
                return withTimes(d, true, (System.nanoTime() - t1) / 1e9, hashS);
            }
        }
        long t1 = System.nanoTime();
        Decoded d;
        try (Archive a = zip ? new ZipArchive(source) : new FolderArchive(source)) {
            d = decode(a, sha);
        } catch (IOException e) {
            throw new DataException("cannot read " + source + ": " + e.getMessage());
        }
        d = withTimes(d, false, (System.nanoTime() - t1) / 1e9, hashS);
        if (cache != null) {
            try {
                writeCache(cache, d);
            } catch (IOException e) {
                // The cache is an optimisation: a read-only or full disk only costs the next run a decode.
            }
        }
        return d;
    }

    private static Decoded withTimes(Decoded d, boolean cached, double decodeS, double hashS) {
        return new Decoded(d.sha256(), d.classes(), d.channels(), d.height(), d.width(), d.train(), d.test(), cached, decodeS, hashS);
    }

    /**
     * What an archive holds without decoding it all: its classes, the images per class in each split, and the
     * first training image (canonical order) decoded, as C×H×W bytes.
     */
    public record Index(List<String> classes, int[] trainCounts, int[] testCounts, int channels, int height, int width, byte[] firstTrain) {
    }

    /** Checks the layout of {@code source} (as {@link #load} does) and decodes its first training image only. */
    public static Index index(Path source) {
        if (!Files.exists(source)) {
            throw new DataException("image folder or archive " + source + " not found");
        }
        try (Archive a = Files.isRegularFile(source) ? new ZipArchive(source) : new FolderArchive(source)) {
            Layout l = scan(a);
            int k = l.classes().size();
            int[] tr = new int[k];
            int[] te = new int[k];
            for (int c = 0; c < k; c++) {
                tr[c] = l.splits().get("train").classes.get(l.classes().get(c)).size();
                te[c] = l.splits().get("test").classes.get(l.classes().get(c)).size();
            }
            Decoder dec = new Decoder(a);
            Item first = l.splits().get("train").classes.get(l.classes().get(0)).firstEntry().getValue();
            Decoder.Image img = dec.decodeOne(dec.read(first), first);
            return new Index(l.classes(), tr, te, img.channels(), dec.height, dec.width, img.planes());
        } catch (IOException e) {
            throw new DataException("cannot read " + source + ": " + e.getMessage());
        }
    }

    /** The Fisher–Yates permutation of 0..n−1 from {@code new SplittableRandom(seed)} (see the class comment). */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** {@code split} with sample i taken from canonical position perm[i]. */
    public static Split permute(Split split, int[] perm, int featureSize) {
        byte[] px = new byte[split.pixels().length];
        byte[] lb = new byte[split.count()];
        for (int i = 0; i < perm.length; i++) {
            System.arraycopy(split.pixels(), perm[i] * featureSize, px, i * featureSize, featureSize);
            lb[i] = split.labels()[perm[i]];
        }
        return new Split(px, lb);
    }

    /** Per-channel mean and population standard deviation of p/255 over {@code split} (exact integer sums). */
    public static Normalisation normalisation(Split split, int channels) {
        int fs = split.pixels().length / Math.max(1, split.count());
        int per = fs / channels;
        long[] s1 = new long[channels];
        long[] s2 = new long[channels];
        byte[] px = split.pixels();
        for (int i = 0; i < split.count(); i++) {
            for (int c = 0; c < channels; c++) {
                int off = i * fs + c * per;
                long a = 0;
                long b = 0;
                for (int k = 0; k < per; k++) {
                    int v = px[off + k] & 0xff;
                    a += v;
                    b += v * v;
                }
                s1[c] += a;
                s2[c] += b;
            }
        }
        double[] mean = new double[channels];
        double[] std = new double[channels];
        double n = (double) split.count() * per;
        for (int c = 0; c < channels; c++) {
            double m = s1[c] / n;
            double var = s2[c] / n - m * m;
            mean[c] = m / 255.0;
            std[c] = Math.sqrt(Math.max(var, 0)) / 255.0;
        }
        return new Normalisation(mean, std);
    }

    // ---------------------------------------------------------------- archives

    /** A file of the archive: its name relative to the root ('/'-separated) and what it claims to hold (−1 unknown). */
    private record Item(String name, long size, Object handle) {
    }

    private interface Archive extends AutoCloseable {
        /** Every entry name (directories end in '/') with its claimed size. */
        List<Item> items() throws IOException;

        InputStream open(Item item) throws IOException;

        String describe(String name);

        @Override
        void close() throws IOException;
    }

    private static final class ZipArchive implements Archive {
        private final Path file;
        private final ZipFile zip;

        ZipArchive(Path file) {
            this.file = file;
            try {
                this.zip = new ZipFile(file.toFile());
            } catch (ZipException e) {
                throw new DataException(file + " is not a readable zip archive (" + e.getMessage() + "); give a folder or a .zip of train/ and test/");
            } catch (IOException e) {
                throw new DataException("cannot read " + file + ": " + e.getMessage());
            }
        }

        @Override
        public List<Item> items() {
            List<Item> out = new ArrayList<>();
            try {
                Enumeration<? extends ZipEntry> en = zip.entries();
                while (en.hasMoreElements()) {
                    ZipEntry e = en.nextElement();
                    out.add(new Item(e.getName(), e.getSize(), e));
                }
            } catch (IllegalArgumentException e) {
                // ZipFile throws this for an entry name that is not valid in the archive's charset.
                throw new DataException(file + ": an entry name cannot be read (" + e.getMessage() + "); the archive is corrupt");
            }
            return out;
        }

        @Override
        public InputStream open(Item item) throws IOException {
            return zip.getInputStream((ZipEntry) item.handle());
        }

        @Override
        public String describe(String name) {
            return file + ": entry '" + DataException.excerpt(name) + "'";
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    private static final class FolderArchive implements Archive {
        private final Path root;

        FolderArchive(Path root) {
            this.root = root;
        }

        @Override
        public List<Item> items() throws IOException {
            List<Item> out = new ArrayList<>();
            try (Stream<Path> s = Files.walk(root)) {
                for (Iterator<Path> it = s.iterator(); it.hasNext(); ) {
                    Path p = it.next();
                    if (p.equals(root)) {
                        continue;
                    }
                    String rel = root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                    if (Files.isDirectory(p)) {
                        out.add(new Item(rel + "/", 0, p));
                    } else {
                        out.add(new Item(rel, Files.size(p), p));
                    }
                }
            }
            return out;
        }

        @Override
        public InputStream open(Item item) throws IOException {
            return Files.newInputStream((Path) item.handle());
        }

        @Override
        public String describe(String name) {
            return root.resolve(name).toString();
        }

        @Override
        public void close() {
        }
    }

    /** Throws when {@code name} could escape the archive's root or is otherwise not a plain relative name. */
    static void checkName(String name, Archive a) {
        String why = null;
        if (name.isEmpty()) {
            why = "has an empty name";
        } else if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            why = "has an absolute name";
        } else if (name.indexOf('\\') >= 0) {
            why = "has a backslash in its name";
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            why = "has a control character in its name";
        } else {
            for (String seg : name.split("/")) {
                if (seg.equals("..")) {
                    why = "has a '..' segment (it would land outside the archive's folder)";
                    break;
                }
            }
        }
        if (why != null) {
            throw new DataException(a.describe(name) + " " + why + "; the archive is unsafe, refusing it");
        }
    }

    private static boolean imageName(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        return f.endsWith(".png") || f.endsWith(".jpg") || f.endsWith(".jpeg");
    }

    private static final class SplitFiles {
        final TreeMap<String, TreeMap<String, Item>> classes = new TreeMap<>();
        boolean present;
    }

    /** The archive's layout: its classes and each split's files by class, checked but not decoded. */
    private record Layout(List<String> classes, Map<String, SplitFiles> splits) {
    }

    private static Layout scan(Archive a) throws IOException {
        List<Item> items = a.items();
        for (Item it : items) {
            checkName(it.name(), a);
        }
        // An optional single top-level folder holding train/ and test/.
        String prefix = "";
        TreeSet<String> tops = new TreeSet<>();
        for (Item it : items) {
            int s = it.name().indexOf('/');
            tops.add(s < 0 ? it.name() : it.name().substring(0, s));
        }
        if (!tops.contains("train") && !tops.contains("test")) {
            List<String> dirs = tops.stream().filter(t -> !t.startsWith(".") && !t.equals("__MACOSX")).toList();
            if (dirs.size() == 1) {
                prefix = dirs.get(0) + "/";
            }
        }
        Map<String, SplitFiles> splits = Map.of("train", new SplitFiles(), "test", new SplitFiles());
        for (Item it : items) {
            if (!it.name().startsWith(prefix)) {
                continue;
            }
            String rel = it.name().substring(prefix.length());
            boolean dir = rel.endsWith("/");
            String[] seg = (dir ? rel.substring(0, rel.length() - 1) : rel).split("/");
            SplitFiles sf = splits.get(seg[0]);
            if (sf == null || seg.length == 0) {
                continue;
            }
            sf.present = true;
            if (seg.length == 1) {
                continue;
            }
            String last = seg[seg.length - 1];
            if (last.startsWith(".") || seg[1].startsWith(".")) {
                continue;
            }
            if (seg.length == 2) {
                if (dir) {
                    sf.classes.computeIfAbsent(seg[1], k -> new TreeMap<>());
                } else {
                    throw new DataException(a.describe(it.name()) + " is a file directly in " + seg[0]
                            + "/; images belong in class folders, " + seg[0] + "/<class>/<image>");
                }
                continue;
            }
            if (seg.length > 3) {
                throw new DataException(a.describe(it.name()) + " is in a sub-folder of class folder " + seg[0] + "/" + seg[1]
                        + "/; images belong directly in " + seg[0] + "/<class>/");
            }
            if (dir) {
                throw new DataException(a.describe(it.name()) + " is a sub-folder of class folder " + seg[0] + "/" + seg[1]
                        + "/; images belong directly in " + seg[0] + "/<class>/");
            }
            if (!imageName(last)) {
                throw new DataException(a.describe(it.name()) + " is not a PNG or JPEG image (name must end in .png, .jpg or .jpeg);"
                        + " remove it from the class folder");
            }
            if (it.size() > MAX_ENTRY_BYTES) {
                throw new DataException(a.describe(it.name()) + " claims " + it.size() + " bytes, more than the " + (MAX_ENTRY_BYTES >> 20)
                        + " MiB an image may have; the archive is damaged or hostile");
            }
            sf.classes.computeIfAbsent(seg[1], k -> new TreeMap<>()).put(last, it);
        }
        String where = prefix.isEmpty() ? "" : " (under " + prefix + ")";
        for (String s : List.of("train", "test")) {
            SplitFiles sf = splits.get(s);
            if (!sf.present) {
                throw new DataException(a.describe(prefix + s + "/") + " is missing" + where + "; an image folder needs train/<class>/* and test/<class>/*");
            }
            if (sf.classes.isEmpty()) {
                throw new DataException(a.describe(prefix + s + "/") + " has no class folders; put the images in " + s + "/<class>/");
            }
            for (Map.Entry<String, TreeMap<String, Item>> c : sf.classes.entrySet()) {
                if (c.getValue().isEmpty()) {
                    throw new DataException(a.describe(prefix + s + "/" + c.getKey() + "/") + " holds no images; remove the empty class folder"
                            + " or add its images");
                }
            }
        }
        List<String> classes = List.copyOf(splits.get("train").classes.keySet());
        List<String> testClasses = List.copyOf(splits.get("test").classes.keySet());
        if (!classes.equals(testClasses)) {
            TreeSet<String> onlyTrain = new TreeSet<>(classes);
            onlyTrain.removeAll(testClasses);
            TreeSet<String> onlyTest = new TreeSet<>(testClasses);
            onlyTest.removeAll(classes);
            throw new DataException(a.describe(prefix) + ": train/ and test/ have different classes (only in train/: " + onlyTrain
                    + ", only in test/: " + onlyTest + "); labels follow the sorted class names, so both need the same ones");
        }
        if (classes.size() > 256) {
            throw new DataException(a.describe(prefix + "train/") + " has " + classes.size() + " classes; at most 256 are supported");
        }
        return new Layout(classes, splits);
    }

    private static Decoded decode(Archive a, String sha) throws IOException {
        Layout l = scan(a);
        List<String> classes = l.classes();
        Map<String, SplitFiles> splits = l.splits();
        Decoder dec = new Decoder(a);
        Split train = dec.split(splits.get("train"), classes);
        Split test = dec.split(splits.get("test"), classes);
        // A colour image in either split makes both colour.
        train = dec.expand(train);
        test = dec.expand(test);
        return new Decoded(sha, classes, dec.channels, dec.height, dec.width, train, test, false, 0, 0);
    }

    /** Decodes images of one size into byte planes, widening from gray to RGB when the first colour image arrives. */
    private static final class Decoder {
        private final Archive a;
        int channels = 1;
        int height = -1;
        int width = -1;
        private String first;

        Decoder(Archive a) {
            this.a = a;
        }

        Split split(SplitFiles sf, List<String> classes) throws IOException {
            int n = 0;
            for (TreeMap<String, Item> files : sf.classes.values()) {
                n += files.size();
            }
            byte[] labels = new byte[n];
            byte[] px = null;
            int splitChannels = 1;
            int i = 0;
            for (int label = 0; label < classes.size(); label++) {
                for (Item it : sf.classes.get(classes.get(label)).values()) {
                    byte[] bytes = read(it);
                    Image img = decodeOne(bytes, it);
                    if (px == null) {
                        long total = (long) n * 3 * height * width;
                        if (total > Integer.MAX_VALUE - 16) {
                            throw new DataException(a.describe(it.name()) + ": " + n + " images of " + width + "×" + height
                                    + " are more pixels than Basin holds in one array (2^31 bytes); use fewer or smaller images");
                        }
                        px = new byte[n * height * width];
                    }
                    if (img.channels == 3 && splitChannels == 1) {
                        px = widen(px, i, height * width);
                        splitChannels = 3;
                    }
                    int hw = height * width;
                    int base = i * splitChannels * hw;
                    for (int c = 0; c < splitChannels; c++) {
                        System.arraycopy(img.planes, (img.channels == 1 ? 0 : c) * hw, px, base + c * hw, hw);
                    }
                    labels[i++] = (byte) label;
                }
            }
            channels = Math.max(channels, splitChannels);
            return new Split(px, labels);
        }

        /** The split with three channels if the data set has three and it has one. */
        Split expand(Split s) {
            int hw = height * width;
            if (channels == 3 && s.pixels().length == s.count() * hw) {
                return new Split(widen(s.pixels(), s.count(), hw), s.labels());
            }
            return s;
        }

        /** Gray planes of the first {@code done} samples repeated into R, G, B; room for all samples of {@code px}. */
        private static byte[] widen(byte[] px, int done, int hw) {
            int n = px.length / hw;
            byte[] out = new byte[n * 3 * hw];
            for (int j = 0; j < done; j++) {
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(px, j * hw, out, (j * 3 + c) * hw, hw);
                }
            }
            return out;
        }

        private byte[] read(Item it) throws IOException {
            try (InputStream in = a.open(it)) {
                byte[] b = in.readNBytes((int) MAX_ENTRY_BYTES + 1);
                if (b.length > MAX_ENTRY_BYTES) {
                    throw new DataException(a.describe(it.name()) + " holds more than the " + (MAX_ENTRY_BYTES >> 20)
                            + " MiB an image may have; the archive is damaged or hostile");
                }
                return b;
            } catch (ZipException e) {
                throw new DataException(a.describe(it.name()) + " cannot be read (" + e.getMessage() + "); the archive is damaged");
            } catch (NoSuchFileException e) {
                throw new DataException(a.describe(it.name()) + " disappeared while reading");
            }
        }

        private record Image(int channels, byte[] planes) {
        }

        private Image decodeOne(byte[] b, Item it) {
            boolean png = b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
            boolean jpeg = b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff;
            if (!png && !jpeg) {
                throw new DataException(a.describe(it.name()) + " is not a PNG or JPEG image (" + (b.length == 0 ? "empty"
                        : "its first bytes are " + HexFormat.of().formatHex(b, 0, Math.min(8, b.length))) + ")");
            }
            String kind = png ? "PNG" : "JPEG";
            ImageReader reader = null;
            try (ImageInputStream iis = new MemoryCacheImageInputStream(new ByteArrayInputStream(b))) {
                Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(png ? "png" : "jpeg");
                if (!readers.hasNext()) {
                    throw new DataException("this Java runtime has no " + kind + " decoder");
                }
                reader = readers.next();
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((src, msg) -> warnings.add(msg));
                reader.setInput(iis, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) {
                    throw new DataException(a.describe(it.name()) + " is " + w + "×" + h + " pixels; images may be at most " + MAX_SIDE + " on a side");
                }
                if (height < 0) {
                    height = h;
                    width = w;
                    first = it.name();
                } else if (h != height || w != width) {
                    throw new DataException(a.describe(it.name()) + " is " + w + "×" + h + " but " + DataException.excerpt(first) + " is " + width
                            + "×" + height + "; all images must have one size (resize them first)");
                }
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new DataException(a.describe(it.name()) + ": the " + kind + " decoder reports '" + DataException.excerpt(warnings.get(0))
                            + "'; the image is truncated or corrupt");
                }
                return pixels(img);
            } catch (DataException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new DataException(a.describe(it.name()) + " is a truncated or corrupt " + kind + " image (" + DataException.excerpt(
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            } finally {
                if (reader != null) {
                    reader.dispose();
                }
            }
        }

        private Image pixels(BufferedImage img) {
            int w = img.getWidth();
            int h = img.getHeight();
            int hw = w * h;
            java.awt.image.ColorModel cm = img.getColorModel();
            Raster r = img.getRaster();
            int bits = r.getSampleModel().getSampleSize(0);
            int shift = Math.max(0, bits - 8);
            int[] buf = new int[hw];
            if (!(cm instanceof IndexColorModel) && cm.getNumColorComponents() == 1) {
                byte[] out = new byte[hw];
                r.getSamples(0, 0, w, h, 0, buf);
                for (int k = 0; k < hw; k++) {
                    out[k] = (byte) (buf[k] >>> shift);
                }
                return new Image(1, out);
            }
            byte[] out = new byte[3 * hw];
            if (!(cm instanceof IndexColorModel) && cm.getNumColorComponents() == 3
                    && cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_RGB) {
                for (int c = 0; c < 3; c++) {
                    r.getSamples(0, 0, w, h, c, buf);
                    for (int k = 0; k < hw; k++) {
                        out[c * hw + k] = (byte) (buf[k] >>> shift);
                    }
                }
                return new Image(3, out);
            }
            int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int k = 0; k < hw; k++) {
                out[k] = (byte) (rgb[k] >>> 16);
                out[hw + k] = (byte) (rgb[k] >>> 8);
                out[2 * hw + k] = (byte) rgb[k];
            }
            return new Image(3, out);
        }
    }

    // ---------------------------------------------------------------- checksums

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    private static String sha256File(Path f) {
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // digesting
            }
        } catch (IOException e) {
            throw new DataException("cannot read " + f + ": " + e.getMessage());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 over the sorted relative names of the folder's files, each followed by a NUL, its length and its bytes. */
    private static String sha256Folder(Path root) {
        MessageDigest md = sha256();
        try (FolderArchive a = new FolderArchive(root)) {
            TreeMap<String, Item> files = new TreeMap<>();
            for (Item it : a.items()) {
                if (!it.name().endsWith("/")) {
                    files.put(it.name(), it);
                }
            }
            byte[] buf = new byte[1 << 16];
            for (Item it : files.values()) {
                md.update(it.name().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                long len = Files.size((Path) it.handle());
                for (int s = 56; s >= 0; s -= 8) {
                    md.update((byte) (len >>> s));
                }
                try (InputStream in = a.open(it)) {
                    int k;
                    while ((k = in.read(buf)) >= 0) {
                        md.update(buf, 0, k);
                    }
                }
            }
        } catch (IOException e) {
            throw new DataException("cannot read " + root + ": " + e.getMessage());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    // ---------------------------------------------------------------- cache

    private static void writeCache(Path cache, Decoded d) throws IOException {
        AtomicFiles.write(cache, raw -> {
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
            out.write(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(d.sha256());
            out.writeInt(d.classes().size());
            for (String c : d.classes()) {
                out.writeUTF(c);
            }
            out.writeInt(d.channels());
            out.writeInt(d.height());
            out.writeInt(d.width());
            out.writeInt(d.train().count());
            out.writeInt(d.test().count());
            out.write(d.train().labels());
            out.write(d.test().labels());
            out.write(d.train().pixels());
            out.write(d.test().pixels());
            out.flush();
            new DataOutputStream(raw).writeLong(crc.getValue());
        });
    }

    /** The cached decode, or null when the file fails a check (it is then decoded again and rewritten). */
    static Decoded readCache(Path cache, String sha) {
        try {
            long size = Files.size(cache);
            CRC32 crc = new CRC32();
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(cache), 1 << 20)) {
                DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
                byte[] magic = new byte[MAGIC.length];
                in.readFully(magic);
                if (!java.util.Arrays.equals(magic, MAGIC) || in.readInt() != FORMAT || !in.readUTF().equals(sha)) {
                    return null;
                }
                int k = in.readInt();
                if (k < 1 || k > 256) {
                    return null;
                }
                List<String> classes = new ArrayList<>();
                long header = MAGIC.length + 4 + 2 + sha.length() + 4;
                for (int i = 0; i < k; i++) {
                    String c = in.readUTF();
                    classes.add(c);
                    header += 2 + c.getBytes(StandardCharsets.UTF_8).length;
                }
                int ch = in.readInt();
                int h = in.readInt();
                int w = in.readInt();
                int ntr = in.readInt();
                int nte = in.readInt();
                header += 20;
                if ((ch != 1 && ch != 3) || h < 1 || w < 1 || h > MAX_SIDE || w > MAX_SIDE || ntr < 1 || nte < 1) {
                    return null;
                }
                long fs = (long) ch * h * w;
                if (fs * ntr > Integer.MAX_VALUE || fs * nte > Integer.MAX_VALUE
                        || size != header + ntr + nte + fs * (ntr + nte) + 8) {
                    return null;
                }
                byte[] ltr = new byte[ntr];
                byte[] lte = new byte[nte];
                in.readFully(ltr);
                in.readFully(lte);
                byte[] ptr = new byte[(int) (fs * ntr)];
                byte[] pte = new byte[(int) (fs * nte)];
                in.readFully(ptr);
                in.readFully(pte);
                long expected = crc.getValue();
                long stored = new DataInputStream(raw).readLong();
                if (stored != expected) {
                    return null;
                }
                for (byte[] ls : List.of(ltr, lte)) {
                    for (byte l : ls) {
                        if ((l & 0xff) >= k) {
                            return null;
                        }
                    }
                }
                return new Decoded(sha, List.copyOf(classes), ch, h, w, new Split(ptr, ltr), new Split(pte, lte), true, 0, 0);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
