package dev.basin.optim;

import dev.basin.numeric.FloatVec;
import java.nio.FloatBuffer;

/**
 * Coupled (L2) weight decay composed in front of any optimizer, as PyTorch's {@code weight_decay}
 * argument of SGD, ADAM, RMSProp and AdaGrad: g ← g + λ θ, then the inner step. This wrapper
 * OVERWRITES the gradient vector it is given with g + λθ.
 */
public final class WeightDecay implements Optimizer {
    public record Config(OptimizerConfig inner, double weightDecay) implements OptimizerConfig {
        public Config {
            if (inner == null) {
                throw new IllegalArgumentException("weight decay needs an inner optimizer");
            }
            Checks.nonNegative("weight decay", weightDecay);
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public Optimizer create(int dim) {
            return new WeightDecay(this, inner.create(dim));
        }
    }

    private final Config config;
    private final Optimizer inner;

    private WeightDecay(Config config, Optimizer inner) {
        this.config = config;
        this.inner = inner;
    }

    @Override
    public void step(FloatVec theta, FloatVec grad, double lr) {
        float wd = (float) config.weightDecay;
        FloatBuffer p = theta.buffer();
        FloatBuffer g = grad.buffer();
        int n = theta.length();
        for (int i = 0; i < n; i++) {
            g.put(i, g.get(i) + wd * p.get(i));
        }
        inner.step(theta, grad, lr);
    }

    public Optimizer inner() {
        return inner;
    }

    @Override
    public OptimizerState state() {
        return inner.state();
    }

    @Override
    public OptimizerConfig config() {
        return config;
    }
}
