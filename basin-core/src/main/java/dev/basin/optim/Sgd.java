package dev.basin.optim;

import dev.basin.numeric.FloatVec;
import java.nio.FloatBuffer;

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
        FloatBuffer t = theta.buffer();
        FloatBuffer g = grad.buffer();
        float a = (float) lr;
        int n = theta.length();
        for (int i = 0; i < n; i++) {
            t.put(i, t.get(i) - a * g.get(i));
        }
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
