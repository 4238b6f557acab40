package dev.basin.train;

import java.nio.file.Path;

/** Observes a training run (progress bars, logs). Every method has a do-nothing default. */
public interface TrainListener {
    default void onStart(long iterations) {
    }

    /** A one-line note for the user (e.g. a stale run-folder lock was taken over). */
    default void onNote(String line) {
    }

    /** After each optimizer step: the number of completed steps and that step's minibatch loss. */
    default void onStep(long iteration, double batchLoss) {
    }

    default void onEval(MetricsRow row) {
    }

    default void onCheckpoint(Path file) {
    }

    default void onFinish(TrainResult result) {
    }
}
