package dev.basin.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.basin.data.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's summary.json: how training ended, its last metrics row, speed, and the last checkpoint.
 *
 * @param divergedAtIteration the step at which the loss became NaN/Inf (absent when it did not)
 * @param finalCheckpoint     run-folder-relative path of the last checkpoint (absent when none)
 * @param divergence          what became NaN or infinite (absent when the run did not diverge)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSummary(String status, long iterationsCompleted, Long divergedAtIteration, @JsonProperty("final") MetricsRow last,
                         double trainSeconds, double stepsPerSecond, double samplesPerSecond, String finalCheckpoint,
                         String divergence) {
    public static RunSummary of(TrainResult r, int batch) {
        return new RunSummary(r.status(), r.iterations(), r.diverged() ? r.divergedAt() : null, r.last(), r.trainSeconds(), r.stepsPerSecond(),
                r.stepsPerSecond() * batch, r.finalCheckpoint(), r.divergence());
    }

    /** The training result this summary records. */
    public TrainResult result() {
        return new TrainResult(status, iterationsCompleted, divergedAtIteration == null ? -1 : divergedAtIteration, last, trainSeconds,
                stepsPerSecond, finalCheckpoint, divergence);
    }

    public static RunSummary read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + " not found: the run has not finished");
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), RunSummary.class);
        } catch (IOException e) {
            throw new DataException(file + " is not a summary.json written by this version of Basin: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
