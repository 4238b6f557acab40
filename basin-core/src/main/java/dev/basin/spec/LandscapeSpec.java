package dev.basin.spec;

import dev.basin.curvature.Geometry;

/**
 * {@code basin landscape}: the train loss around a checkpoint along one or two seeded random directions
 * (landscape.csv), and optionally its flatness E[F(θ + σε)] − F(θ), ε ~ N(0, I). Written to the run folder
 * unless told otherwise.
 *
 * @param run           a run folder (its latest checkpoint, or the one at {@code iteration}) or a checkpoint file inside one; required
 * @param iteration     with a run folder: the checkpoint at this iteration (absent: the latest)
 * @param dims          1 or 2 directions (default 1)
 * @param range         steps along each direction go from −range to range (default 1)
 * @param points        steps per direction, at least 2 (default 21)
 * @param normalization filter, layer or none: how a direction is scaled to θ (Li et al. 2018) (default filter)
 * @param samples       training samples evaluated, the first in data-set order (default 1000)
 * @param sigma         also the flatness with perturbations of this size (absent: off)
 * @param perturbations Gaussian perturbations for the flatness, at least 2 (default 50)
 * @param seed          seed of the directions (direction 2 uses seed + 1, the flatness seed + 7) (default 1)
 */
public record LandscapeSpec(String run, Long iteration, Integer dims, Double range, Integer points, Geometry.Normalization normalization,
                            Integer samples, Double sigma, Integer perturbations, Long seed) implements ExperimentSpec {
    public static final int DEFAULT_DIMS = 1;
    public static final double DEFAULT_RANGE = 1;
    public static final int DEFAULT_POINTS = 21;
    public static final int DEFAULT_SAMPLES = 1000;
    public static final int DEFAULT_PERTURBATIONS = 50;

    public LandscapeSpec {
        Check.that(run != null && !run.isBlank(), "run must be given: a run folder or a checkpoint file");
        dims = Check.or(dims, DEFAULT_DIMS);
        Check.that(dims == 1 || dims == 2, "dims must be 1 or 2, got " + dims);
        range = Check.positive("range", Check.or(range, DEFAULT_RANGE));
        points = Check.atLeast("points", Check.or(points, DEFAULT_POINTS), 2);
        normalization = Check.or(normalization, Geometry.Normalization.FILTER);
        samples = Check.or(samples, DEFAULT_SAMPLES);
        Check.that(samples >= 1, "the sample is empty: samples must be >= 1, got " + samples);
        if (sigma != null) {
            Check.positive("sigma", sigma);
        }
        perturbations = Check.atLeast("perturbations", Check.or(perturbations, DEFAULT_PERTURBATIONS), 2);
        seed = Check.or(seed, 1L);
    }

    /** The steps along each direction: −range … range. */
    public double[] steps() {
        return Geometry.grid(-range, range, points);
    }
}
