package dev.basin.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Loads the named data sets into memory, verifying their files. */
public final class DataSets {
    private DataSets() {
    }

    /** The four IDX roles; the CLI's --train-images etc. map onto these. */
    public enum Role {
        TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS;

        public String optionName() {
            return "--" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * A loaded train/test pair, with a record of which files were read and how they were checked, and the class names
     * in label order where the data names them (image folders; null otherwise).
     */
    public record Loaded(Dataset train, Dataset test, List<FileCheck> files, List<String> classes) {
        public Loaded(Dataset train, Dataset test, List<FileCheck> files) {
            this(train, test, files, null);
        }
    }

    /**
     * One input file: where it came from, its SHA-256 (of the decompressed bytes) and the outcome of
     * verification: "official checksum matches", "no published checksum" or "not verified (--no-verify)".
     */
    public record FileCheck(String role, String source, String sha256, String verification) {
    }

    /** The data set used when none is named: the embedded Fashion-MNIST slice. */
    public static final String DEFAULT = "embedded";

    /** Default sizes of the synthetic (Gaussian-mixture) set used by {@code --dataset synthetic}. */
    public static final int SYNTHETIC_TRAIN = 10_000;
    public static final int SYNTHETIC_TEST = 2_000;
    public static final int SYNTHETIC_DIM = 64;

    /**
     * Loads an IDX data set (MNIST, Fashion-MNIST or the embedded slice). Files are the official ones
     * found through {@code where}, unless {@code overrides} names other files for some roles (e.g. the
     * 3,000-image MNIST test split). Every file whose name is an official one is checked against its
     * published SHA-256 when {@code verify} is set.
     */
    public static Loaded loadIdx(DataSource src, DataLocations where, Map<Role, String> overrides, boolean verify) {
        if (src == DataSource.CIFAR10 || src == DataSource.EMBEDDED && !overrides.isEmpty()) {
            throw new IllegalArgumentException(src.cliName() + " does not take IDX file options");
        }
        List<DataSource.OfficialFile> official = src.idxFiles();
        Map<Role, Idx.Array> content = new EnumMap<>(Role.class);
        List<FileCheck> checks = new ArrayList<>();
        for (Role role : Role.values()) {
            DataSource.OfficialFile of = official.get(role.ordinal());
            byte[] bytes;
            String source;
            String expected;
            if (src == DataSource.EMBEDDED) {
                source = "embedded:" + of.name() + ".gz";
                bytes = readResource(of.name() + ".gz");
                expected = of.sha256();
            } else {
                Path p;
                if (overrides.containsKey(role)) {
                    p = where.findUserFile(src.folder(), overrides.get(role));
                    if (p == null) {
                        throw new DataException(role.optionName() + " file '" + overrides.get(role) + "' not found (looked in the working directory and "
                                + where.describe() + ")");
                    }
                } else {
                    p = where.find(src.folder(), of.name());
                    if (p == null) {
                        throw new DataException(src.displayName() + " file " + of.name() + "[.gz] not found in " + where.describe()
                                + "; " + howToGet(src));
                    }
                }
                source = p.toAbsolutePath().normalize().toString();
                bytes = Idx.readDecompressed(p);
                expected = src.officialSha256(p.getFileName().toString());
            }
            // Structure first (a truncated file is reported as truncated), then the checksum.
            boolean images = role == Role.TRAIN_IMAGES || role == Role.TEST_IMAGES;
            Idx.Array parsed = Idx.parse(bytes, images ? Idx.IMAGES_MAGIC : Idx.LABELS_MAGIC, source);
            if (images && parsed.dims().length != 3) {
                throw new DataException(source + " should hold a 3-D image array, has " + parsed.dims().length + " dimensions");
            }
            String sha = Checksums.sha256(bytes);
            String outcome;
            if (!verify) {
                outcome = "not verified (--no-verify)";
            } else if (expected == null) {
                outcome = "no published checksum";
            } else {
                Checksums.verify(bytes, expected, source);
                outcome = "official checksum matches";
            }
            checks.add(new FileCheck(role.name().toLowerCase(java.util.Locale.ROOT), source, sha, outcome));
            content.put(role, parsed);
        }
        Dataset train = imageSet(src, "train", content.get(Role.TRAIN_IMAGES), content.get(Role.TRAIN_LABELS));
        Dataset test = imageSet(src, "test", content.get(Role.TEST_IMAGES), content.get(Role.TEST_LABELS));
        return new Loaded(train, test, checks);
    }

    /** The embedded Fashion-MNIST slice (always verified: the checksums are part of the build). */
    public static Loaded embedded() {
        return loadIdx(DataSource.EMBEDDED, new DataLocations(List.of(), false), Map.of(), true);
    }

    /** CIFAR-10 from data_batch_1..5.bin and test_batch.bin (raw or .gz). */
    public static Loaded loadCifar10(DataLocations where) {
        List<Path> trainFiles = new ArrayList<>();
        for (String f : Cifar10.TRAIN_FILES) {
            trainFiles.add(requireCifar(where, f));
        }
        Path testFile = requireCifar(where, Cifar10.TEST_FILE);
        Cifar10.Records tr = Cifar10.read(trainFiles);
        Cifar10.Records te = Cifar10.read(List.of(testFile));
        DataSource s = DataSource.CIFAR10;
        List<FileCheck> checks = new ArrayList<>();
        for (Path p : trainFiles) {
            checks.add(new FileCheck("train", p.toAbsolutePath().normalize().toString(), null, "no published checksum (the archive is verified by 'basin download')"));
        }
        checks.add(new FileCheck("test", testFile.toAbsolutePath().normalize().toString(), null, "no published checksum (the archive is verified by 'basin download')"));
        return new Loaded(
                new ImageDataset("cifar10-train", tr.pixels(), tr.labels(), s.channels(), s.classes(), s.mean(), s.std()),
                new ImageDataset("cifar10-test", te.pixels(), te.labels(), s.channels(), s.classes(), s.mean(), s.std()),
                checks);
    }

    /**
     * An image folder or zip archive ({@link ImageFolder}): decoded (or loaded from the cache in {@code cacheDir}; null: none),
     * each split put in the order of its permutation from {@code orderSeed}, normalised by {@code mean} and {@code std}
     * (null: computed from the training split). The one file check is the archive's (role "archive").
     */
    public static Loaded loadImageFolder(Path source, long orderSeed, double[] mean, double[] std, Path cacheDir) {
        ImageFolder.Decoded d = ImageFolder.load(source, cacheDir);
        int fs = d.featureSize();
        if ((mean == null) != (std == null)) {
            throw new IllegalArgumentException("give both mean and std, or neither");
        }
        if (mean == null) {
            ImageFolder.Normalisation n = ImageFolder.normalisation(d.train(), d.channels());
            mean = n.mean();
            std = n.std();
            for (int c = 0; c < std.length; c++) {
                if (!(std[c] > 0)) {
                    throw new DataException(source + ": channel " + c + " of the training images is constant (std 0); give data.std explicitly");
                }
            }
        } else if (mean.length != d.channels() || std.length != d.channels()) {
            throw new dev.basin.data.DataException(source + " has " + d.channels() + " channel" + (d.channels() == 1 ? "" : "s")
                    + " but the normalisation gives " + mean.length + " means and " + std.length + " standard deviations; give one per channel");
        }
        ImageFolder.Split tr = ImageFolder.permute(d.train(), ImageFolder.permutation(d.train().count(), orderSeed), fs);
        ImageFolder.Split te = ImageFolder.permute(d.test(), ImageFolder.permutation(d.test().count(), orderSeed + 1), fs);
        String base = source.getFileName() == null ? "imagefolder" : source.getFileName().toString().replaceFirst("(?i)\\.zip$", "");
        int k = d.classes().size();
        return new Loaded(
                new ImageDataset(base + "-train", tr.pixels(), tr.labels(), d.channels(), k, mean, std),
                new ImageDataset(base + "-test", te.pixels(), te.labels(), d.channels(), k, mean, std),
                List.of(new FileCheck("archive", source.toAbsolutePath().normalize().toString(), d.sha256(), "no published checksum")), d.classes());
    }

    /** The Gaussian-mixture set of {@code --dataset synthetic}: 10 classes in 64 dimensions, means ~6 apart, unit noise. */
    public static Loaded synthetic(long seed) {
        DenseDataset train = Synthetic.gaussianMixture("synthetic-train", SYNTHETIC_TRAIN, SYNTHETIC_DIM, 10, 6.0, 1.0, seed, 0);
        DenseDataset test = Synthetic.gaussianMixture("synthetic-test", SYNTHETIC_TEST, SYNTHETIC_DIM, 10, 6.0, 1.0, seed, 1);
        return new Loaded(train, test, List.of());
    }

    static String howToGet(DataSource src) {
        switch (src) {
            case FASHION:
                return "get it with 'basin download --dataset fashion' or 'apt-get install dataset-fashion-mnist', or point --data-dir at a folder that has it";
            case CIFAR10:
                return "get it with 'basin download --dataset cifar10', or point --data-dir at the folder with cifar-10-batches-bin";
            default:
                return "get it with 'basin download --dataset " + src.cliName() + "', or point --data-dir at a folder that has it"
                        + " (other file names: --train-images, --train-labels, --test-images, --test-labels)";
        }
    }

    private static Path requireCifar(DataLocations where, String name) {
        Path p = where.find(DataSource.CIFAR10.folder(), name);
        if (p == null) {
            throw new DataException("CIFAR-10 file " + name + " not found in " + where.describe() + "; " + howToGet(DataSource.CIFAR10));
        }
        return p;
    }

    private static Dataset imageSet(DataSource src, String split, Idx.Array im, Idx.Array lb) {
        if (im.count() != lb.count()) {
            throw new DataException(src.displayName() + " " + split + ": " + im.count() + " images but " + lb.count()
                    + " labels; the image and label files do not belong together");
        }
        return new ImageDataset(src.cliName() + "-" + split, im.data(), lb.data(), 1, src.classes(), src.mean(), src.std());
    }

    private static byte[] readResource(String name) {
        String path = "embedded/" + name;
        try (InputStream in = DataSets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new DataException("embedded data file " + name + " is missing from the jar; rebuild Basin with 'mvn package'");
            }
            return Idx.decompressIfGzip(in.readAllBytes(), "embedded data file " + name);
        } catch (IOException e) {
            throw new DataException("cannot read embedded data file " + name + ": " + e.getMessage());
        }
    }
}
