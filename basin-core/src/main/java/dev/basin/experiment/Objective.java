package dev.basin.experiment;

import dev.basin.numeric.FloatVec;
import dev.basin.optim.Optimizer;

/**
 * What the escape protocol runs optimizers on: a loss F over a flat parameter vector, with independent
 * streams of stochastic gradients. {@link NetworkObjective} is a network on a data set (minibatches in a
 * seeded order); {@link LandscapeObjective} an analytic landscape with injected α-stable gradient noise (the
 * SDE lab's setting, for cross-checks).
 */
public interface Objective {
    int dim();

    /** An independent stream (one per continuation, its own buffers): the same seed gives the same steps. */
    Stream stream(long seed);

    /** One continuation's source of optimizer steps and evaluations; used by one thread. */
    interface Stream {
        /** Takes one optimizer step from θ (in place) on the next stochastic gradient; returns its loss. */
        double step(FloatVec theta, Optimizer optimizer, FloatVec grad, double lr);

        /** F(θ) and the accuracy (NaN where it has no meaning) on the objective's evaluation sample, in one pass. */
        Evaluation evaluate(FloatVec theta);

        /** F(θ) on the evaluation sample. */
        default double loss(FloatVec theta) {
            return evaluate(theta).loss();
        }
    }

    /** Loss and accuracy at one point. */
    record Evaluation(double loss, double accuracy) {
    }
}
