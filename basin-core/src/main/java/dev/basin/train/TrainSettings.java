package dev.basin.train;

import dev.basin.data.BatchSampler;

/**
 * How a training run proceeds, validated on construction (the message names the field and value).
 *
 * @param batch             minibatch size S
 * @param iterations        number of optimizer steps
 * @param evalEvery         evaluate (and write a metrics row) every this many steps; also at 0 and at the end
 * @param trainEvalSamples  train-set samples evaluated per metrics row (the first ones in data-set order; 0 = skip, −1 = all)
 * @param order             data order: a seeded shuffle per epoch, or fixed data-set order as the reference loaders
 * @param seed              the run seed; every random stream derives from it
 * @param threads           threads for the GEMMs and the layers' loops
 * @param checkpointEvery   save a checkpoint every this many steps (0 = only at the end)
 * @param checkpointAtStart also save one at iteration 0
 * @param evalBatch         batch size used for evaluation passes (does not change results, only speed)
 */
public record TrainSettings(int batch, long iterations, long evalEvery, int trainEvalSamples, BatchSampler.Order order,
                            long seed, int threads, long checkpointEvery, boolean checkpointAtStart, int evalBatch) {
    public static final int DEFAULT_BATCH = 100;
    public static final long DEFAULT_ITERATIONS = 3000;
    public static final long DEFAULT_EVAL_EVERY = 250;
    public static final int DEFAULT_TRAIN_EVAL_SAMPLES = 10_000;
    public static final long DEFAULT_SEED = 1;
    public static final int DEFAULT_EVAL_BATCH = 1000;

    public TrainSettings {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
        if (evalEvery < 1) {
            throw new IllegalArgumentException("eval-every must be >= 1, got " + evalEvery);
        }
        if (trainEvalSamples < -1) {
            throw new IllegalArgumentException("train-eval-samples must be >= 0 or -1 (all), got " + trainEvalSamples);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpoint-every must be >= 0, got " + checkpointEvery);
        }
        if (evalBatch < 1) {
            throw new IllegalArgumentException("eval batch must be >= 1, got " + evalBatch);
        }
        if (order == null) {
            throw new IllegalArgumentException("data order must be given");
        }
    }
}
