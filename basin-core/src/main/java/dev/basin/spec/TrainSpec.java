package dev.basin.spec;

/**
 * {@code basin train}: train a network and write a run folder (config.json, metrics.csv, checkpoints,
 * summary.json, and alpha.csv / sharpness.csv when those probes are on).
 *
 * @param alpha     the tail-index probe (absent: off)
 * @param sharpness the sharpness probe (absent: off)
 */
public record TrainSpec(DataSpec data, ModelSpec model, LossKind loss, OptimizerSpec optimizer, ScheduleSpec schedule, TrainingSpec training,
                        AlphaSpec alpha, SharpnessSpec sharpness) implements ExperimentSpec {
    public TrainSpec {
        data = Check.or(data, DataSpec.defaults());
        model = Check.or(model, ModelSpec.defaults());
        loss = Check.or(loss, LossKind.CE);
        optimizer = Check.or(optimizer, OptimizerSpec.of(null));
        training = Check.or(training, TrainingSpec.defaults());
        schedule = Check.or(schedule, ScheduleSpec.constant()).resolved(training.iterations());
    }

    public TrainSpec withData(DataSpec d) {
        return new TrainSpec(d, model, loss, optimizer, schedule, training, alpha, sharpness);
    }
}
