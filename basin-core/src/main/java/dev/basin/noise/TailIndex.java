package dev.basin.noise;

/**
 * One tail-index estimate: α̂ with its standard error, and how it was obtained.
 *
 * @param estimator "mohammadi", "order" or "hill"
 * @param alpha     α̂ (NaN when the sample cannot support an estimate)
 * @param stderr    standard error of α̂ (see each estimator's Javadoc for how it is obtained)
 * @param n         scalars used
 * @param k1        block length (Mohammadi, order statistics) or number of upper order statistics (Hill)
 * @param dropped   trailing scalars left out by the block plan
 */
public record TailIndex(String estimator, double alpha, double stderr, long n, long k1, long dropped) {
}
