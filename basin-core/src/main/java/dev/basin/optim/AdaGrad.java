package dev.basin.optim;

import dev.basin.numeric.FloatVec;
import java.nio.FloatBuffer;

/**
 * AdaGrad in PyTorch's form: η_t = η / (1 + (t − 1) · lr_decay); s ← s + g²;
 * θ ← θ − η_t g / (sqrt(s) + ε), with s starting at {@code initialAccumulator}. State: "sum".
 */
public final class AdaGrad extends BaseOptimizer<AdaGrad.Config> {
    public static final double DEFAULT_EPS = 1e-10;

    public record Config(double lrDecay, double eps, double initialAccumulator) implements OptimizerConfig {
        public Config {
            Checks.nonNegative("lr decay", lrDecay);
            Checks.nonNegative("eps", eps);
            Checks.nonNegative("initial accumulator", initialAccumulator);
        }

        public Config() {
            this(0, DEFAULT_EPS, 0);
        }

        @Override
        public String name() {
            return "adagrad";
        }

        @Override
        public Optimizer create(int dim) {
            return new AdaGrad(this, dim);
        }
    }

    private final FloatVec sum;

    private AdaGrad(Config config, int dim) {
        super(config);
        this.sum = state.addBuffer("sum", dim);
        sum.fill((float) config.initialAccumulator);
    }

    @Override
    public void step(FloatVec theta, FloatVec grad, double lr) {
        long t = state.advance();
        float clr = (float) (lr / (1 + (t - 1) * config.lrDecay));
        float e = (float) config.eps;
        FloatBuffer p = theta.buffer();
        FloatBuffer g = grad.buffer();
        FloatBuffer s = sum.buffer();
        int n = theta.length();
        for (int i = 0; i < n; i++) {
            float gi = g.get(i);
            float si = s.get(i) + gi * gi;
            s.put(i, si);
            p.put(i, p.get(i) - clr * gi / ((float) Math.sqrt(si) + e));
        }
    }
}
