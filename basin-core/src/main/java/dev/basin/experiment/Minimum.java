package dev.basin.experiment;

import dev.basin.numeric.FloatVec;
import dev.basin.optim.Optimizer;
import dev.basin.spec.OptimizerSpec;
import dev.basin.spec.TrainCriterion;

/**
 * Training θ to a stated criterion ({@link TrainCriterion}: "loss=L" or "accuracy=A") before an escape
 * experiment, checked every {@code checkEvery} steps, at most {@code maxIterations} steps.
 */
public final class Minimum {
    /** What the training reached. */
    public record Reached(long iterations, double loss, double accuracy, boolean met) {
    }

    private Minimum() {
    }

    /**
     * Trains {@code theta} in place with a fresh optimizer ({@code optimizer}: name, rate and options) on the stream of
     * {@code seed} until the criterion holds.
     */
    public static Reached train(Objective obj, FloatVec theta, OptimizerSpec optimizer, TrainCriterion c, long checkEvery, long maxIterations, long seed) {
        return train(obj, theta, optimizer, c, checkEvery, maxIterations, seed, null);
    }

    /** Told after each check of {@link #train}: the iterations so far and the loss and accuracy there. */
    public interface Progress {
        void checked(long iterations, double loss, double accuracy);
    }

    /** As {@link #train(Objective, FloatVec, OptimizerSpec, TrainCriterion, long, long, long)}, telling {@code progress} (null: nobody) at each check. */
    public static Reached train(Objective obj, FloatVec theta, OptimizerSpec optimizer, TrainCriterion c, long checkEvery, long maxIterations, long seed,
                                Progress progress) {
        double lr = optimizer.lr();
        if (checkEvery < 1 || maxIterations < 1 || !(lr > 0)) {
            throw new IllegalArgumentException("need checkEvery >= 1, maxIterations >= 1 and a positive learning rate");
        }
        Optimizer opt = optimizer.config().create(theta.length());
        FloatVec grad = FloatVec.zeros(theta.length());
        Objective.Stream s = obj.stream(seed);
        Objective.Evaluation e = s.evaluate(theta);
        long it = 0;
        while (!c.met(e.loss(), e.accuracy()) && it < maxIterations) {
            long stop = Math.min(maxIterations, it + checkEvery);
            while (it < stop) {
                if (!Double.isFinite(s.step(theta, opt, grad, lr))) {
                    return new Reached(it + 1, Double.NaN, Double.NaN, false);
                }
                it++;
            }
            e = s.evaluate(theta);
            if (progress != null) {
                progress.checked(it, e.loss(), e.accuracy());
            }
        }
        return new Reached(it, e.loss(), e.accuracy(), c.met(e.loss(), e.accuracy()));
    }
}
