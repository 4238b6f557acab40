package dev.basin.data;

import dev.basin.numeric.FloatVec;

/**
 * A reusable batch buffer: up to {@code capacity} samples of {@code featureSize} floats (row-major),
 * their class labels, and, for regression data sets, their target vectors. {@link #size()} says how
 * many rows are filled now (the last batch of an epoch may be smaller).
 */
public final class Batch {
    private final int capacity;
    private final int featureSize;
    private final int targetSize;
    private final FloatVec features;
    private final int[] labels;
    private final FloatVec targets;
    private final float[] row;
    private final float[] targetRow;
    private int size;

    /** @param targetSize 0 for classification data (labels only) */
    public Batch(int capacity, int featureSize, int targetSize) {
        if (capacity < 1) {
            throw new IllegalArgumentException("batch capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.featureSize = featureSize;
        this.targetSize = targetSize;
        this.features = FloatVec.zeros(capacity * featureSize);
        this.labels = new int[capacity];
        this.targets = targetSize > 0 ? FloatVec.zeros(capacity * targetSize) : null;
        this.row = new float[featureSize];
        this.targetRow = new float[Math.max(targetSize, 0)];
    }

    public static Batch forDataset(Dataset d, int capacity) {
        return new Batch(capacity, d.featureSize(), d.targetSize());
    }

    public int capacity() {
        return capacity;
    }

    public int featureSize() {
        return featureSize;
    }

    public int targetSize() {
        return targetSize;
    }

    public int size() {
        return size;
    }

    /** Sets how many rows are in use (0..capacity). */
    public void setSize(int size) {
        if (size < 0 || size > capacity) {
            throw new IllegalArgumentException("batch size " + size + " outside [0, " + capacity + "]");
        }
        this.size = size;
    }

    /** The whole feature buffer (capacity rows); rows beyond size() are stale. */
    public FloatVec features() {
        return features;
    }

    /** The label array (capacity entries); entries beyond size() are stale. */
    public int[] labels() {
        return labels;
    }

    /** Target rows for regression data, or null for classification data. */
    public FloatVec targets() {
        return targets;
    }

    /** Fills this batch with samples {@code indices[from .. from+count)} of {@code data}. */
    public void fill(Dataset data, int[] indices, int from, int count) {
        setSize(count);
        for (int r = 0; r < count; r++) {
            copyRow(data, indices[from + r], r);
        }
    }

    /** Fills this batch with the consecutive samples {@code [start, start+count)} of {@code data}. */
    public void fillRange(Dataset data, int start, int count) {
        setSize(count);
        for (int r = 0; r < count; r++) {
            copyRow(data, start + r, r);
        }
    }

    private void copyRow(Dataset data, int idx, int r) {
        data.features(idx, row);
        features.copyFrom(r * featureSize, row, 0, featureSize);
        labels[r] = data.label(idx);
        if (targetSize > 0) {
            data.target(idx, targetRow);
            targets.copyFrom(r * targetSize, targetRow, 0, targetSize);
        }
    }
}
