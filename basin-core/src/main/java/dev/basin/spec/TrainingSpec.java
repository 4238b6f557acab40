package dev.basin.spec;

import dev.basin.data.BatchSampler;
import dev.basin.train.TrainSettings;

/**
 * How training proceeds (everything of {@link TrainSettings} but the thread count, which is the machine's).
 *
 * @param batch             minibatch size (default 100)
 * @param iterations        optimizer steps (default 3000)
 * @param evalEvery         metrics row every N steps (default 250)
 * @param trainEvalSamples  train samples evaluated per metrics row, first in data-set order; -1 = all, 0 = none (default 10,000)
 * @param order             shuffle (seeded, per epoch; default) or fixed (data-set order, as the paper's reference loaders)
 * @param seed              run seed; every random stream derives from it (default 1)
 * @param checkpointEvery   checkpoint every N steps; 0 = only at the end (default 0)
 * @param checkpointAtStart also a checkpoint at iteration 0 (default false)
 * @param evalBatch         batch of evaluation passes; does not change results (default 1000)
 */
public record TrainingSpec(Integer batch, Long iterations, Long evalEvery, Integer trainEvalSamples, BatchSampler.Order order, Long seed,
                           Long checkpointEvery, Boolean checkpointAtStart, Integer evalBatch) {
    public TrainingSpec {
        batch = Check.atLeast("batch", Check.or(batch, TrainSettings.DEFAULT_BATCH), 1);
        iterations = Check.atLeast("iterations", Check.or(iterations, TrainSettings.DEFAULT_ITERATIONS), 0);
        evalEvery = Check.atLeast("eval_every", Check.or(evalEvery, TrainSettings.DEFAULT_EVAL_EVERY), 1);
        trainEvalSamples = Check.atLeast("train_eval_samples", Check.or(trainEvalSamples, TrainSettings.DEFAULT_TRAIN_EVAL_SAMPLES), -1);
        order = Check.or(order, BatchSampler.Order.SHUFFLE);
        seed = Check.or(seed, TrainSettings.DEFAULT_SEED);
        checkpointEvery = Check.atLeast("checkpoint_every", Check.or(checkpointEvery, 0L), 0);
        checkpointAtStart = Check.or(checkpointAtStart, false);
        evalBatch = Check.atLeast("eval_batch", Check.or(evalBatch, TrainSettings.DEFAULT_EVAL_BATCH), 1);
    }

    public static TrainingSpec defaults() {
        return new TrainingSpec(null, null, null, null, null, null, null, null, null);
    }

    /** The trainer's settings with {@code threads} BLAS threads. */
    public TrainSettings settings(int threads) {
        return new TrainSettings(batch, iterations, evalEvery, trainEvalSamples, order, seed, threads, checkpointEvery, checkpointAtStart, evalBatch);
    }
}
