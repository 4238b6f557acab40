package dev.basin.spec;

import dev.basin.data.DataException;
import dev.basin.data.DataLocations;
import dev.basin.data.DataSets;
import dev.basin.data.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data a run reads: a data set by name, where to look for its files, files to use instead of the official
 * ones, and each file's SHA-256. A resolved spec lists every file read with its checksum; loading it again
 * finds each file (at its recorded path if it is still there, else by the usual lookup) and refuses a file
 * whose checksum differs, so a re-run reads the same bytes or stops.
 *
 * @param dataset   embedded (default: the 10,000/2,000-image Fashion-MNIST slice inside Basin), fashion, mnist, cifar10, imagefolder
 *                  or synthetic
 * @param dir       folder with the data files (default: $BASIN_DATA_DIR, then ~/.basin/data, then /usr/share/datasets); for
 *                  imagefolder (required) a folder with train/&lt;class&gt;/* and test/&lt;class&gt;/*, or a .zip of one
 * @param files     files read: role (train_images, train_labels, test_images, test_labels; CIFAR-10: train, test; imagefolder:
 *                  archive), source, sha256
 * @param verify    check official files against their published SHA-256 (default true)
 * @param orderSeed imagefolder only: the seed of the permutation that orders each split (train: this seed, test: seed + 1;
 *                  see {@link dev.basin.data.ImageFolder}) (default 0)
 * @param mean      imagefolder only: per-channel mean of p/255 subtracted (default: computed from the training split, and recorded)
 * @param std       imagefolder only: per-channel standard deviation divided by (given with mean, or computed and recorded)
 * @param classes   imagefolder only: the class names, label 0 first (recorded; when given, the archive's must be the same)
 */
public record DataSpec(String dataset, String dir, List<FileSpec> files, Boolean verify, Long orderSeed, List<Double> mean, List<Double> std,
                       List<String> classes) {
    public static final String SYNTHETIC = "synthetic";
    public static final String IMAGEFOLDER = "imagefolder";

    /** A data spec without the image-folder keys. */
    public DataSpec(String dataset, String dir, List<FileSpec> files, Boolean verify) {
        this(dataset, dir, files, verify, null, null, null, null);
    }

    /** A data spec without the recorded class names. */
    public DataSpec(String dataset, String dir, List<FileSpec> files, Boolean verify, Long orderSeed, List<Double> mean, List<Double> std) {
        this(dataset, dir, files, verify, orderSeed, mean, std, null);
    }

    /** One file: its role, where it was (or is to be) read from, and its SHA-256 (null: not checked). */
    public record FileSpec(String role, String source, String sha256) {
        public FileSpec {
            Check.that(role != null && !role.isBlank(), "role must be given");
            Check.that(source != null && !source.isBlank(), "source must be given");
            role = role.toLowerCase(Locale.ROOT);
            Check.that(sha256 == null || sha256.matches("[0-9a-f]{64}"), "sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
    }

    public DataSpec {
        dataset = Check.or(dataset, DataSets.DEFAULT).toLowerCase(Locale.ROOT);
        boolean images = dataset.equals(IMAGEFOLDER);
        if (!dataset.equals(SYNTHETIC) && !images) {
            String d = dataset;
            Check.parsed("dataset", () -> DataSource.byName(d));
        }
        files = files == null ? List.of() : List.copyOf(files);
        verify = Check.or(verify, true);
        boolean builtIn = dataset.equals(SYNTHETIC) || dataset.equals(DataSets.DEFAULT);
        Check.that(!builtIn || dir == null, "dir: the " + dataset + " data set is inside Basin and reads no folder");
        if (dataset.equals(SYNTHETIC)) {
            Check.that(files.isEmpty(), "files: the synthetic data set reads no files");
        }
        classes = classes == null ? null : List.copyOf(classes);
        if (images) {
            Check.that(dir != null && !dir.isBlank(), "dir: the imagefolder data set needs a folder with train/<class>/* and test/<class>/*, or a .zip of one (--data-dir)");
            orderSeed = Check.or(orderSeed, 0L);
            Check.that((mean == null) == (std == null), "mean, std: give both (one value per channel) or neither (computed from the training split)");
            if (mean != null) {
                mean = List.copyOf(mean);
                std = List.copyOf(std);
                Check.that(!mean.isEmpty() && mean.size() == std.size(), "mean, std: give one value per channel in each, got " + mean.size() + " and " + std.size());
                for (int c = 0; c < std.size(); c++) {
                    Check.that(Double.isFinite(mean.get(c)), "mean: value " + c + " must be finite, got " + mean.get(c));
                    Check.that(std.get(c) > 0 && Double.isFinite(std.get(c)), "std: value " + c + " must be > 0, got " + std.get(c));
                }
            }
        } else {
            Check.that(orderSeed == null && mean == null && std == null && classes == null,
                    "order_seed, mean, std, classes: only the imagefolder data set takes them");
        }
        for (FileSpec f : files) {
            Check.that(roles(dataset).contains(f.role()), "files: unknown role '" + f.role() + "' for " + dataset + "; choose one of " + roles(dataset));
        }
    }

    /** The default: the embedded slice. */
    public static DataSpec defaults() {
        return new DataSpec(null, null, null, null);
    }

    /** The same data set with {@code files} as file overrides (CLI --train-images etc.: role → name or path). */
    public static DataSpec of(String dataset, Path dir, Map<DataSets.Role, String> overrides, boolean verify) {
        List<FileSpec> fs = new ArrayList<>();
        overrides.forEach((r, v) -> fs.add(new FileSpec(r.name(), v, null)));
        return new DataSpec(dataset, dir == null ? null : dir.toString(), fs, verify);
    }

    private static List<String> roles(String dataset) {
        if (dataset.equals(IMAGEFOLDER)) {
            return List.of("archive");
        }
        if (dataset.equals(DataSource.CIFAR10.cliName())) {
            return List.of("train", "test");
        }
        return java.util.Arrays.stream(DataSets.Role.values()).map(r -> r.name().toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Loads the data; the synthetic set is drawn from {@code seed}. Files listed with a SHA-256 must have it.
     * Missing or damaged files are a {@link DataException}.
     */
    public DataSets.Loaded load(long seed) {
        if (dataset.equals(SYNTHETIC)) {
            return DataSets.synthetic(seed);
        }
        DataSets.Loaded loaded;
        if (dataset.equals(IMAGEFOLDER)) {
            // The archive a resolved spec recorded is read where it was if it is still there (its checksum is checked below).
            Path source = Path.of(dir);
            for (FileSpec f : files) {
                if (f.sha256() != null && Files.exists(Path.of(f.source()))) {
                    source = Path.of(f.source());
                }
            }
            loaded = DataSets.loadImageFolder(source, orderSeed, mean == null ? null : mean.stream().mapToDouble(Double::doubleValue).toArray(),
                    std == null ? null : std.stream().mapToDouble(Double::doubleValue).toArray(), DataLocations.cacheDir());
        } else if (DataSource.byName(dataset) == DataSource.EMBEDDED) {
            Check.that(files.stream().allMatch(f -> f.source().startsWith("embedded:")),
                    "data.files: the embedded data set takes no file options; use dataset fashion or mnist");
            loaded = DataSets.embedded();
        } else {
            DataSource src = DataSource.byName(dataset);
            DataLocations where = DataLocations.resolve(dir == null ? null : Path.of(dir), System.getenv(DataLocations.ENV_VAR),
                    Path.of(System.getProperty("user.home")));
            if (src == DataSource.CIFAR10) {
                // CIFAR-10's files are found in dir; the recorded list only documents them.
                loaded = DataSets.loadCifar10(where);
            } else {
                Map<DataSets.Role, String> overrides = new EnumMap<>(DataSets.Role.class);
                for (FileSpec f : files) {
                    DataSets.Role r = DataSets.Role.valueOf(f.role().toUpperCase(Locale.ROOT));
                    // A recorded file (with its checksum) is used where it was if it is still there; without a
                    // checksum it is a file option and must exist.
                    if (f.sha256() == null || Files.isRegularFile(Path.of(f.source()))) {
                        overrides.put(r, f.source());
                    }
                }
                loaded = DataSets.loadIdx(src, where, overrides, verify);
            }
        }
        if (classes != null && loaded.classes() != null && !classes.equals(loaded.classes())) {
            throw new DataException("the image archive " + loaded.files().get(0).source() + " has the classes " + loaded.classes()
                    + ", the spec names " + classes + "; labels follow the class names, so they must be the same");
        }
        for (FileSpec f : files) {
            if (f.sha256() == null) {
                continue;
            }
            for (DataSets.FileCheck c : loaded.files()) {
                if (c.role().equalsIgnoreCase(f.role()) && c.sha256() != null && matches(c, f) && !c.sha256().equals(f.sha256())) {
                    throw new DataException("the " + c.role() + " file " + c.source() + " differs from the one the spec names (SHA-256 "
                            + c.sha256() + ", the spec has " + f.sha256() + ")");
                }
            }
        }
        return loaded;
    }

    /** CIFAR-10 has several train files under one role: they are matched by file name; IDX roles are unique. */
    private static boolean matches(DataSets.FileCheck c, FileSpec f) {
        return !c.role().equals("train") && !c.role().equals("test")
                || Path.of(c.source()).getFileName().equals(Path.of(f.source()).getFileName());
    }

    /** This spec with every file that {@code loaded} read, and its checksum. */
    public DataSpec resolved(DataSets.Loaded loaded) {
        List<FileSpec> fs = new ArrayList<>();
        for (DataSets.FileCheck c : loaded.files()) {
            fs.add(new FileSpec(c.role(), c.source(), c.sha256()));
        }
        List<Double> m = mean;
        List<Double> sd = std;
        if (dataset.equals(IMAGEFOLDER) && m == null && loaded.train() instanceof dev.basin.data.ImageDataset im) {
            m = java.util.Arrays.stream(im.mean()).boxed().toList();
            sd = java.util.Arrays.stream(im.std()).boxed().toList();
        }
        return new DataSpec(dataset, dir, fs, verify, orderSeed, m, sd, classes != null ? classes : loaded.classes());
    }
}
