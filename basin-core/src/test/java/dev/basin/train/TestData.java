package dev.basin.train;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Where the real data sets used by the accuracy tests live; tests skip, with a message, when absent. */
final class TestData {
    private TestData() {
    }

    /** The shared MNIST copy (../shared/datasets/mnist relative to the repository root). */
    static Path sharedMnist() {
        String shared = System.getProperty("basin.shared.dir", "../shared");
        Path p = Path.of(shared, "datasets", "mnist");
        Assumptions.assumeTrue(Files.isRegularFile(p.resolve("train-images-idx3-ubyte.gz")),
                "skipped: shared MNIST not found at " + p + " (tests use it only when present)");
        return p;
    }

    /** Fashion-MNIST from Debian's dataset-fashion-mnist package. */
    static Path debianFashion() {
        Path p = Path.of("/usr/share/datasets/fashion-mnist");
        Assumptions.assumeTrue(Files.isRegularFile(p.resolve("train-images-idx3-ubyte.gz")),
                "skipped: Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        return p;
    }
}
