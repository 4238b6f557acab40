package dev.basin.data;

import java.util.SplittableRandom;

/**
 * Cuts a data set into minibatches, epoch after epoch, like a PyTorch DataLoader with
 * drop_last=False: every epoch visits each sample once; the last batch of an epoch holds the
 * remainder when the batch size does not divide the set.
 *
 * <p>{@link Order#FIXED} visits samples in data-set order every epoch (the reference loaders);
 * {@link Order#SHUFFLE} draws a fresh permutation per epoch (Fisher–Yates) from a stream seeded
 * by {@code seed}, so the order is a function of the seed alone.
 */
public final class BatchSampler {
    public enum Order { SHUFFLE, FIXED }

    private final Dataset data;
    private final int batchSize;
    private final Order order;
    private final SplittableRandom rng;
    private final int[] perm;
    private int cursor;
    private long epoch;

    public BatchSampler(Dataset data, int batchSize, Order order, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.order = order;
        this.rng = new SplittableRandom(seed);
        this.perm = new int[data.size()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        this.cursor = perm.length;
        this.epoch = -1;
    }

    /** Fills {@code batch} with the next minibatch, starting a new epoch when the current one is done. */
    public void next(Batch batch) {
        if (cursor >= perm.length) {
            startEpoch();
        }
        int count = Math.min(batchSize, perm.length - cursor);
        batch.fill(data, perm, cursor, count);
        cursor += count;
    }

    /**
     * Advances past the next {@code batches} minibatches without filling any: the sampler is then exactly where it
     * would be after that many {@link #next} calls (the shuffle stream drawn the same), which is how a resumed run
     * finds its place in the data order, mid-epoch included.
     */
    public void skip(long batches) {
        if (batches < 0) {
            throw new IllegalArgumentException("cannot skip " + batches + " batches");
        }
        for (long b = 0; b < batches; b++) {
            if (cursor >= perm.length) {
                startEpoch();
            }
            cursor += Math.min(batchSize, perm.length - cursor);
        }
    }

    /** Position within the current epoch's order: samples of it already returned. */
    public int cursor() {
        return cursor;
    }

    /** 0-based epoch of the last batch returned (−1 before the first). */
    public long epoch() {
        return epoch;
    }

    private void startEpoch() {
        epoch++;
        cursor = 0;
        if (order == Order.SHUFFLE) {
            for (int i = perm.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
        }
    }
}
