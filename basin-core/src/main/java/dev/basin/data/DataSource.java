package dev.basin.data;

import java.util.List;
import java.util.Locale;

/**
 * The data sets Basin knows: their official files with published SHA-256 checksums (of the
 * decompressed bytes), their download mirrors, and their normalisation constants.
 */
public enum DataSource {
    MNIST("mnist", "MNIST", "mnist", 1, 10, new double[] {0.1307}, new double[] {0.3081},
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/",
                    "http://yann.lecun.com/exdb/mnist/"),
            new OfficialFile("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            new OfficialFile("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            new OfficialFile("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new OfficialFile("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")),
    FASHION("fashion", "Fashion-MNIST", "fashion-mnist", 1, 10, new double[] {0.2860}, new double[] {0.3530},
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                    "https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/"),
            new OfficialFile("train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            new OfficialFile("train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
            new OfficialFile("t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            new OfficialFile("t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34")),
    /** The slice of Fashion-MNIST inside the jar: first 10,000 train and 2,000 test images. */
    EMBEDDED("embedded", "Fashion-MNIST slice (embedded: 10,000 train / 2,000 test)", null, 1, 10,
            new double[] {0.2860}, new double[] {0.3530}, List.of(),
            new OfficialFile("fashion-train-10k-images-idx3-ubyte", "ed2e37ed5a3a57d212141a69fe0a0de5a7126ffba14ac3f7e76f5f52cc04b1f0"),
            new OfficialFile("fashion-train-10k-labels-idx1-ubyte", "a69f2dad024ca220a8c4d85f621fdf929042d40c444abde2868903e9220ad517"),
            new OfficialFile("fashion-test-2k-images-idx3-ubyte", "862035b0a96959b614c9574f4c2b0ae9584ca234813e8d6d7adb7838b12ca46b"),
            new OfficialFile("fashion-test-2k-labels-idx1-ubyte", "aa3f574d30afaf0d4d9da084a6f8541771e20693d6a97fae6e9a4953fca8f078")),
    /** CIFAR-10 binary version; only the archive has a published checksum (verified on download). */
    CIFAR10("cifar10", "CIFAR-10", "cifar-10-batches-bin", 3, 10,
            new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2470, 0.2435, 0.2616},
            List.of("https://www.cs.toronto.edu/~kriz/"), null, null, null, null);

    /** CIFAR-10's archive and its published SHA-256. */
    public static final OfficialFile CIFAR10_ARCHIVE =
            new OfficialFile("cifar-10-binary.tar.gz", "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd");

    /** A file name (without .gz) and the SHA-256 of its decompressed bytes. */
    public record OfficialFile(String name, String sha256) {
    }

    private final String cliName;
    private final String displayName;
    private final String folder;
    private final int channels;
    private final int classes;
    private final double[] mean;
    private final double[] std;
    private final List<String> mirrors;
    private final OfficialFile trainImages;
    private final OfficialFile trainLabels;
    private final OfficialFile testImages;
    private final OfficialFile testLabels;

    DataSource(String cliName, String displayName, String folder, int channels, int classes, double[] mean, double[] std,
               List<String> mirrors, OfficialFile trainImages, OfficialFile trainLabels, OfficialFile testImages,
               OfficialFile testLabels) {
        this.cliName = cliName;
        this.displayName = displayName;
        this.folder = folder;
        this.channels = channels;
        this.classes = classes;
        this.mean = mean;
        this.std = std;
        this.mirrors = mirrors;
        this.trainImages = trainImages;
        this.trainLabels = trainLabels;
        this.testImages = testImages;
        this.testLabels = testLabels;
    }

    public static DataSource byName(String name) {
        for (DataSource s : values()) {
            if (s.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown data set '" + name + "'; choose one of " + names());
    }

    public static List<String> names() {
        return java.util.Arrays.stream(values()).map(DataSource::cliName).toList();
    }

    public String cliName() {
        return cliName;
    }

    public String displayName() {
        return displayName;
    }

    /** Sub-folder of a data directory that holds this set's files (null for the embedded set). */
    public String folder() {
        return folder;
    }

    public int channels() {
        return channels;
    }

    public int classes() {
        return classes;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    public List<String> mirrors() {
        return mirrors;
    }

    /** The IDX files in the order train images, train labels, test images, test labels (empty for CIFAR-10). */
    public List<OfficialFile> idxFiles() {
        return trainImages == null ? List.of() : List.of(trainImages, trainLabels, testImages, testLabels);
    }

    /** The published checksum for a file of this data set with the given name (".gz" ignored), or null. */
    public String officialSha256(String fileName) {
        String base = fileName.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
        for (OfficialFile f : idxFiles()) {
            if (f.name().equals(base)) {
                return f.sha256();
            }
        }
        return null;
    }
}
