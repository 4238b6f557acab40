package dev.basin.train;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's folder: config.json (fully resolved), metrics.csv, checkpoints/iter-NNNNNNN.safetensors and
 * summary.json. A run never writes into a folder that already holds files, so nothing from an
 * earlier run is overwritten.
 */
public final class RunDirectory {
    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.csv";
    public static final String SUMMARY = "summary.json";
    public static final String CHECKPOINTS = "checkpoints";

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** Fails (IllegalArgumentException) when {@code dir} exists and is not an empty folder. Creates nothing. */
    public static void checkUsable(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file; choose a folder name");
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            if (s.iterator().hasNext()) {
                throw new IllegalArgumentException("run folder " + dir + " already holds files; choose another --out so nothing is overwritten");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --out folder " + dir + ": " + e.getMessage());
        }
    }

    /** Creates the folder (which must be absent or empty). */
    public static RunDirectory create(Path dir) throws IOException {
        checkUsable(dir);
        Files.createDirectories(dir.resolve(CHECKPOINTS));
        return new RunDirectory(dir);
    }

    /** Opens an existing run folder for reading. */
    public static RunDirectory open(Path dir) {
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new IllegalArgumentException(dir + " is not a Basin run folder (no " + CONFIG + ")");
        }
        return new RunDirectory(dir);
    }

    public Path root() {
        return root;
    }

    public Path config() {
        return root.resolve(CONFIG);
    }

    public Path metrics() {
        return root.resolve(METRICS);
    }

    public Path summary() {
        return root.resolve(SUMMARY);
    }

    public Path checkpoint(long iteration) {
        return root.resolve(CHECKPOINTS).resolve(String.format(java.util.Locale.ROOT, "iter-%07d.safetensors", iteration));
    }
}
