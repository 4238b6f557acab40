package dev.basin.data;

/** Samples held as float features (already normalised), labels, and optional regression targets. */
public final class DenseDataset implements Dataset {
    private final String name;
    private final float[] features;
    private final int[] labels;
    private final float[] targets;
    private final int featureSize;
    private final int targetSize;
    private final int classes;

    /**
     * @param features n × featureSize, row-major
     * @param targets  n × targetSize, row-major, or null for classification data
     */
    public DenseDataset(String name, float[] features, int featureSize, int[] labels, int classes,
                        float[] targets, int targetSize) {
        int n = labels.length;
        if (featureSize < 1 || features.length != n * featureSize) {
            throw new IllegalArgumentException(name + ": " + features.length + " features for " + n
                    + " samples of " + featureSize);
        }
        if (targets != null && (targetSize < 1 || targets.length != n * targetSize)) {
            throw new IllegalArgumentException(name + ": " + targets.length + " targets for " + n
                    + " samples of " + targetSize);
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " outside [0, " + classes + ")");
            }
        }
        this.name = name;
        this.features = features;
        this.labels = labels;
        this.targets = targets;
        this.featureSize = featureSize;
        this.targetSize = targets == null ? 0 : targetSize;
        this.classes = classes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int featureSize() {
        return featureSize;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public void features(int index, float[] out) {
        System.arraycopy(features, index * featureSize, out, 0, featureSize);
    }

    @Override
    public int targetSize() {
        return targetSize;
    }

    @Override
    public void target(int index, float[] out) {
        if (targets == null) {
            Dataset.super.target(index, out);
        }
        System.arraycopy(targets, index * targetSize, out, 0, targetSize);
    }
}
