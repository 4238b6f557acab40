package dev.basin.spec;

/**
 * The escaping-set quantities of SGD and ADAM in the span of the top Hessian eigenvectors
 * ({@link dev.basin.curvature.EscapeSets}), written to escape-sets.json.
 *
 * @param alpha     the tail index α in (0, 2] (absent: the run's last raw train α in alpha.csv, capped at 2)
 * @param height    the basin height h above the minimum's loss; h_f = 2h (default 0.1)
 * @param minibatch the minibatch size S of the noise covariance (absent: the run's training batch)
 * @param eta       the learning rate in ε = η^((α−1)/α) (absent: the run's learning rate)
 */
public record EscapeSetsSpec(Double alpha, Double height, Integer minibatch, Double eta) {
    public static final double DEFAULT_HEIGHT = 0.1;

    public EscapeSetsSpec {
        Check.that(alpha == null || (alpha > 0 && alpha <= 2), "alpha must be in (0, 2], got " + alpha);
        height = Check.positive("height", Check.or(height, DEFAULT_HEIGHT));
        Check.that(minibatch == null || minibatch >= 1, "minibatch must be >= 1, got " + minibatch);
        Check.that(eta == null || (eta > 0 && Double.isFinite(eta)), "eta must be a finite number > 0, got " + eta);
    }

    /** All defaults: α, S and η from the run, h = 0.1. */
    public static EscapeSetsSpec defaults() {
        return new EscapeSetsSpec(null, null, null, null);
    }
}
