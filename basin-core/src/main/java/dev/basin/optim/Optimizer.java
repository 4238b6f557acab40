package dev.basin.optim;

import dev.basin.numeric.FloatVec;

/**
 * A first-order update rule θ ← θ − (step built from g and the state). Created from an immutable
 * {@link OptimizerConfig}; its mutable part is the explicit {@link #state()}.
 */
public interface Optimizer {
    /**
     * One step with learning rate {@code lr}: overwrites θ and advances the state. {@code grad} is
     * read-only for every optimizer except where a wrapper says otherwise ({@link WeightDecay}).
     */
    void step(FloatVec theta, FloatVec grad, double lr);

    OptimizerState state();

    OptimizerConfig config();
}
