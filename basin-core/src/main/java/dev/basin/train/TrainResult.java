package dev.basin.train;

/**
 * The outcome of a training run.
 *
 * @param status             "completed" or "diverged"
 * @param iterations         optimizer steps completed
 * @param divergedAt         the step at which the loss became NaN/Inf (−1 when none)
 * @param last               the last metrics row written
 * @param trainSeconds       wall time of the training loop, evaluations included
 * @param stepsPerSecond     optimizer steps per second, evaluations excluded
 * @param finalCheckpoint    run-directory-relative path of the last checkpoint, or null
 * @param divergence         what became NaN or infinite (null when the run did not diverge)
 */
public record TrainResult(String status, long iterations, long divergedAt, MetricsRow last, double trainSeconds,
                          double stepsPerSecond, String finalCheckpoint, String divergence) {
    public boolean diverged() {
        return "diverged".equals(status);
    }
}
