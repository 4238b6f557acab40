package dev.basin.optim;

import dev.basin.numeric.FloatVec;

/** Plain SGD: θ ← θ − η g. No momentum, no state beyond the step counter. */
public final class Sgd implements Optimizer {
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

    private final Config config;
    private final OptimizerState state = new OptimizerState();

    private Sgd(Config config) {
        this.config = config;
    }

    @Override
    public void step(FloatVec theta, FloatVec grad, double lr) {
        state.advance();
        theta.axpyInPlace((float) -lr, grad);
    }

    @Override
    public OptimizerState state() {
        return state;
    }

    @Override
    public OptimizerConfig config() {
        return config;
    }
}
