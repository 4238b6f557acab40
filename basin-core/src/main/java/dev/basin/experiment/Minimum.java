package dev.basin.experiment;

import dev.basin.numeric.FloatVec;
import dev.basin.optim.Optimizer;
import dev.basin.optim.Optimizers;

/**
 * Training θ to a stated criterion before an escape experiment: "loss=L" (the evaluation loss at most L) or
 * "accuracy=A" (evaluation accuracy at least A), checked every {@code checkEvery} steps, at most
 * {@code maxIterations} steps.
 */
public final class Minimum {
    /** What the training reached. */
    public record Reached(long iterations, double loss, double accuracy, boolean met) {
    }

    /** A parsed criterion. */
    public record Criterion(boolean loss, double threshold, String given) {
        public static Criterion parse(String spec) {
            String[] p = spec.split("=");
            if (p.length != 2 || !(p[0].equals("loss") || p[0].equals("accuracy"))) {
                throw new IllegalArgumentException("a training criterion is loss=L or accuracy=A (e.g. loss=0.05, accuracy=0.99), got '" + spec + "'");
            }
            double t;
            try {
                t = Double.parseDouble(p[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + p[1] + "' in '" + spec + "' is not a number");
            }
            if (!(t > 0) || p[0].equals("accuracy") && t > 1) {
                throw new IllegalArgumentException("the criterion " + spec + " is impossible: a loss must be > 0, an accuracy in (0, 1]");
            }
            return new Criterion(p[0].equals("loss"), t, p[1].strip());
        }

        boolean met(double loss, double accuracy) {
            return this.loss ? loss <= threshold : accuracy >= threshold;
        }

        public String describe() {
            return (this.loss ? "loss <= " : "accuracy >= ") + given;
        }
    }

    private Minimum() {
    }

    /** Trains {@code theta} in place with a fresh optimizer on the stream of {@code seed} until the criterion holds. */
    public static Reached train(Objective obj, FloatVec theta, String optimizer, double lr, Criterion c, long checkEvery, long maxIterations, long seed) {
        if (checkEvery < 1 || maxIterations < 1 || !(lr > 0)) {
            throw new IllegalArgumentException("need checkEvery >= 1, maxIterations >= 1 and a positive learning rate");
        }
        Optimizer opt = Optimizers.byName(optimizer).create(theta.length());
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
        }
        return new Reached(it, e.loss(), e.accuracy(), c.met(e.loss(), e.accuracy()));
    }
}
