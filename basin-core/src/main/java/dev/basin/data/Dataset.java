package dev.basin.data;

/**
 * An indexed, in-memory collection of samples. Features are returned already normalised, as the
 * network sees them. Classification sets give a label in [0, classes); regression sets (teacher–
 * student) also give a target vector.
 */
public interface Dataset {
    /** A short name for logs and config.json, e.g. "fashion-train". */
    String name();

    int size();

    int featureSize();

    int classes();

    int label(int index);

    /** Overwrites {@code out[0..featureSize)} with sample {@code index}'s normalised features. */
    void features(int index, float[] out);

    /**
     * The shape of a sample as an image, {channels, height, width} with channels · height · width = featureSize()
     * and features stored channel-major; null for data that are not images.
     */
    default int[] imageShape() {
        return null;
    }

    /** Target vector width; 0 for classification data. */
    default int targetSize() {
        return 0;
    }

    /** Overwrites {@code out[0..targetSize)} with sample {@code index}'s target. */
    default void target(int index, float[] out) {
        throw new UnsupportedOperationException(name() + " has no regression targets");
    }
}
