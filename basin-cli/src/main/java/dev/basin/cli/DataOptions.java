package dev.basin.cli;

import dev.basin.data.DataLocations;
import dev.basin.data.DataSets;
import dev.basin.spec.DataSpec;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** The data-set options shared by the commands that train. */
final class DataOptions {
    @Option(names = "--dataset", defaultValue = DataSets.DEFAULT,
            description = "embedded, fashion, mnist, cifar10, imagefolder or synthetic (default: ${DEFAULT-VALUE}: a 10,000/2,000-image Fashion-MNIST slice inside Basin);"
                    + " imagefolder reads PNG/JPEG images from --data-dir DIR or FILE.zip laid out as train/<class>/*, test/<class>/*")
    String dataset;

    @Option(names = "--data-dir", description = "Folder with the data files (default: $" + DataLocations.ENV_VAR
            + ", then ~/.basin/data, then /usr/share/datasets); for imagefolder a folder or .zip with train/<class>/* and test/<class>/*")
    Path dataDir;

    @Option(names = "--train-images", description = "IDX file to use instead of the official train images (name or path)")
    String trainImages;

    @Option(names = "--train-labels", description = "IDX file to use instead of the official train labels")
    String trainLabels;

    @Option(names = "--test-images", description = "IDX file to use instead of the official test images, e.g. t10k-first3000-images-idx3-ubyte.gz")
    String testImages;

    @Option(names = "--test-labels", description = "IDX file to use instead of the official test labels")
    String testLabels;

    @Option(names = "--no-verify", description = "Skip the SHA-256 check of official data files")
    boolean noVerify;

    /** The data spec these options describe (file options as overrides, checked when the data is loaded). */
    DataSpec spec() {
        Map<DataSets.Role, String> overrides = new EnumMap<>(DataSets.Role.class);
        putIf(overrides, DataSets.Role.TRAIN_IMAGES, trainImages);
        putIf(overrides, DataSets.Role.TRAIN_LABELS, trainLabels);
        putIf(overrides, DataSets.Role.TEST_IMAGES, testImages);
        putIf(overrides, DataSets.Role.TEST_LABELS, testLabels);
        String ds = dataset.toLowerCase(Locale.ROOT);
        if ((ds.equals(DataSets.DEFAULT) || ds.equals(DataSpec.SYNTHETIC)) && (!overrides.isEmpty() || dataDir != null)) {
            throw new IllegalArgumentException("the " + ds + " data set takes no --data-dir or file options; use --dataset fashion or mnist");
        }
        if (ds.equals("cifar10") && !overrides.isEmpty()) {
            throw new IllegalArgumentException("CIFAR-10 takes no IDX file options; point --data-dir at the folder with cifar-10-batches-bin");
        }
        if (ds.equals(DataSpec.IMAGEFOLDER) && !overrides.isEmpty()) {
            throw new IllegalArgumentException("imagefolder takes no IDX file options; point --data-dir at a folder or .zip with train/<class>/* and test/<class>/*");
        }
        return DataSpec.of(dataset, dataDir, overrides, !noVerify);
    }

    private static void putIf(Map<DataSets.Role, String> m, DataSets.Role r, String v) {
        if (v != null) {
            m.put(r, v);
        }
    }
}
