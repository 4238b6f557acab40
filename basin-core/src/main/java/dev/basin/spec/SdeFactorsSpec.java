package dev.basin.spec;

import java.util.List;

/**
 * {@code basin sde factors}: the paper's Factor 1 and Factor 2 of escape measured on a quadratic basin with
 * Hessian diag(curvatures) and noise aligned with it, Σ = noise_scale·H^{1/2}, at learning rate eta
 * (ε = η^{(α−1)/α}); see {@link dev.basin.sde.Factors}.
 *
 * @param curvatures    the Hessian's eigenvalues h_i, each &gt; 0 (default [1, 4, 16, 64])
 * @param height        basin height above the minimum (default 0.5)
 * @param noiseScale    c in Σ = c·H^{1/2} (default 0.05)
 * @param alphas        Factor 1: the tail indices, each in (0, 2) (default [1.2, 1.4, 1.6, 1.8])
 * @param alpha         Factor 2 and the algorithms: the tail index, in (0, 2) (default 1.5)
 * @param eta           learning rate (default 0.01)
 * @param substeps      Euler steps of the SDEs per learning-rate step (default 10)
 * @param trajectories  trajectories per case, at least 2 (default 1000)
 * @param capIterations trajectories still inside after this many learning-rate steps are censored (default 20000)
 * @param seed          the seed; trajectory i uses stream i (default 1)
 */
public record SdeFactorsSpec(List<Double> curvatures, Double height, Double noiseScale, List<Double> alphas, Double alpha, Double eta,
                             Integer substeps, Integer trajectories, Long capIterations, Long seed) implements ExperimentSpec {
    public static final List<Double> DEFAULT_CURVATURES = List.of(1.0, 4.0, 16.0, 64.0);
    public static final List<Double> DEFAULT_ALPHAS = List.of(1.2, 1.4, 1.6, 1.8);

    public SdeFactorsSpec {
        curvatures = SdeEscapeSpec.numbers("curvatures", Check.or(curvatures, DEFAULT_CURVATURES));
        Check.that(!curvatures.isEmpty(), "curvatures: give at least one");
        for (double c : curvatures) {
            Check.that(c > 0 && Double.isFinite(c), "curvatures: the Hessian is not positive definite (curvature " + c + "); every curvature must be > 0");
        }
        height = Check.positive("height", Check.or(height, 0.5));
        noiseScale = Check.positive("noise_scale", Check.or(noiseScale, 0.05));
        alphas = SdeEscapeSpec.numbers("alphas", Check.or(alphas, DEFAULT_ALPHAS));
        Check.that(!alphas.isEmpty(), "alphas: give at least one tail index");
        for (double a : alphas) {
            Check.that(a > 0 && a < 2, "alphas values must be in (0, 2), got " + a);
        }
        alpha = Check.or(alpha, 1.5);
        Check.that(alpha > 0 && alpha < 2, "alpha must be in (0, 2), got " + alpha);
        eta = Check.positive("eta", Check.or(eta, 0.01));
        substeps = Check.atLeast("substeps", Check.or(substeps, 10), 1);
        trajectories = Check.atLeast("trajectories", Check.or(trajectories, 1000), 2);
        capIterations = Check.atLeast("cap_iterations", Check.or(capIterations, 20_000L), 1);
        Check.that(capIterations <= Long.MAX_VALUE / substeps, "cap_iterations times substeps must fit in a long, got " + capIterations + " x " + substeps);
        seed = Check.or(seed, 1L);
    }

    public double[] curvatureArray() {
        return SdeEscapeSpec.array(curvatures);
    }

    public double[] alphaArray() {
        return SdeEscapeSpec.array(alphas);
    }

    /** Every key at its default. */
    public static SdeFactorsSpec defaults() {
        return new SdeFactorsSpec(null, null, null, null, null, null, null, null, null, null);
    }
}
