package dev.basin.spec;

/**
 * {@code basin interpolate}: loss and accuracy on the line θ(β) = (1 − β) θ_A + β θ_B between two checkpoints
 * of one model, on the first samples of the train and test sets, into interpolation.csv; and the train-loss
 * barrier on the segment A → B (21 points). Written to A's run folder unless told otherwise.
 *
 * @param a       a checkpoint file or a run folder (its latest checkpoint): β = 0; required
 * @param b       the same for β = 1; required
 * @param from    the first β (default −0.5)
 * @param to      the last β, above {@code from} (default 1.5)
 * @param points  values of β on [from, to], at least 2 (default 41)
 * @param samples samples of each set evaluated, the first in data-set order (default 2000)
 */
public record InterpolateSpec(String a, String b, Double from, Double to, Integer points, Integer samples) implements ExperimentSpec {
    public static final double DEFAULT_FROM = -0.5;
    public static final double DEFAULT_TO = 1.5;
    public static final int DEFAULT_POINTS = 41;
    public static final int DEFAULT_SAMPLES = 2000;

    public InterpolateSpec {
        Check.that(a != null && !a.isBlank(), "a must be given: a checkpoint file or a run folder");
        Check.that(b != null && !b.isBlank(), "b must be given: a checkpoint file or a run folder");
        from = Check.finite("from", Check.or(from, DEFAULT_FROM));
        to = Check.finite("to", Check.or(to, DEFAULT_TO));
        Check.that(to > from, "to must be > from, got from " + from + " and to " + to);
        points = Check.atLeast("points", Check.or(points, DEFAULT_POINTS), 2);
        samples = Check.or(samples, DEFAULT_SAMPLES);
        Check.that(samples >= 1, "the sample is empty: samples must be >= 1, got " + samples);
    }

    /** The values of β. */
    public double[] betas() {
        return dev.basin.curvature.Geometry.grid(from, to, points);
    }
}
