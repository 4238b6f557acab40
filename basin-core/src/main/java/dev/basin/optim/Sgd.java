package dev.basin.optim;

import dev.basin.numeric.FloatVec;

/** Plain SGD: θ ← θ − η g. No momentum, no state beyond the step counter. */
public final class Sgd extends BaseOptimizer<Sgd.Config> {
    /** Plain SGD has no hyper-parameters besides the learning rate. */
    public record Config() implements OptimizerConfig {
        @Override
        public String name() {
            return "sgd";
        }

        @Override
        public Optimizer create(int dim) {
            return new Sgd(this);
        }
    }


    private Sgd(Config config) {
        super(config);
    }

    /** Counts a step that was applied elsewhere (fused into the backward pass, {@code Network.lossAndSgdStep}). */
    public void countFusedStep() {
        state.advance();
    }

    @Override
    public void step(FloatVec theta, FloatVec grad, double lr) {
        state.advance();
        theta.axpyInPlace((float) -lr, grad);
    }
}
