package dev.basin.optim;

import dev.basin.numeric.FloatVec;
import java.nio.FloatBuffer;

/**
 * RMSProp in PyTorch's form (ε outside the square root, no bias correction):
 * <pre>
 *   v ← a v + (1 − a) g²
 *   centered:  ḡ ← a ḡ + (1 − a) g,   D = sqrt(v − ḡ²) + ε;   otherwise D = sqrt(v) + ε
 *   momentum μ &gt; 0:  b ← μ b + g / D,  θ ← θ − η b;   otherwise θ ← θ − η g / D
 * </pre>
 * State: "square_avg", and "grad_avg" (centered), "momentum_buffer" (μ &gt; 0).
 */
public final class RmsProp extends BaseOptimizer<RmsProp.Config> {
    public static final double DEFAULT_ALPHA = 0.99;
    public static final double DEFAULT_EPS = 1e-8;

    public record Config(double alpha, double eps, double momentum, boolean centered) implements OptimizerConfig {
        public Config {
            Checks.inRange("alpha", alpha, 0, 1, false);
            Checks.nonNegative("eps", eps);
            Checks.inRange("momentum", momentum, 0, 1, false);
        }

        public Config() {
            this(DEFAULT_ALPHA, DEFAULT_EPS, 0, false);
        }

        @Override
        public String name() {
            return "rmsprop";
        }

        @Override
        public Optimizer create(int dim) {
            return new RmsProp(this, dim);
        }
    }

    private final FloatVec sq;
    private final FloatVec avg;
    private final FloatVec buf;

    private RmsProp(Config config, int dim) {
        super(config);
        this.sq = state.addBuffer("square_avg", dim);
        this.avg = config.centered ? state.addBuffer("grad_avg", dim) : null;
        this.buf = config.momentum > 0 ? state.addBuffer("momentum_buffer", dim) : null;
    }

    @Override
    public void step(FloatVec theta, FloatVec grad, double lr) {
        state.advance();
        FloatBuffer p = theta.buffer();
        FloatBuffer g = grad.buffer();
        FloatBuffer s = sq.buffer();
        float a = (float) config.alpha;
        float c = (float) (1 - config.alpha);
        float e = (float) config.eps;
        float mu = (float) config.momentum;
        float eta = (float) lr;
        int n = theta.length();
        for (int i = 0; i < n; i++) {
            float gi = g.get(i);
            float si = a * s.get(i) + c * gi * gi;
            s.put(i, si);
            float var = si;
            if (avg != null) {
                float ai = a * avg.get(i) + c * gi;
                avg.set(i, ai);
                var = si - ai * ai;
            }
            float d = (float) Math.sqrt(var) + e;
            if (buf != null) {
                float bi = mu * buf.get(i) + gi / d;
                buf.set(i, bi);
                p.put(i, p.get(i) - eta * bi);
            } else {
                p.put(i, p.get(i) - eta * gi / d);
            }
        }
    }
}
