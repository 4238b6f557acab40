package dev.basin.optim;

import dev.basin.numeric.FloatVec;

/**
 * SGD with momentum in PyTorch's convention (not the "v = μv − ηg" textbook form):
 * <pre>
 *   t = 1:  b ← g                       (the buffer is a copy of g; dampening is not applied)
 *   t > 1:  b ← μ b + (1 − dampening) g
 *   d = g + μ b   if nesterov,   d = b otherwise
 *   θ ← θ − η d
 * </pre>
 * State buffer "momentum_buffer" = b.
 */
public final class SgdMomentum extends BaseOptimizer<SgdMomentum.Config> {
    /**
     * @param momentum μ in [0, 1)
     * @param dampening in [0, 1]
     * @param nesterov Nesterov's variant (needs μ &gt; 0 and dampening 0, as in PyTorch)
     */
    public record Config(double momentum, double dampening, boolean nesterov) implements OptimizerConfig {
        public static final double DEFAULT_MOMENTUM = 0.9;

        public Config {
            Checks.inRange("momentum", momentum, 0, 1, false);
            Checks.inRange("dampening", dampening, 0, 1, true);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("nesterov needs momentum > 0 and dampening = 0, got momentum="
                        + momentum + ", dampening=" + dampening);
            }
        }

        public Config() {
            this(DEFAULT_MOMENTUM, 0, false);
        }

        @Override
        public String name() {
            return "sgdm";
        }

        @Override
        public Optimizer create(int dim) {
            return new SgdMomentum(this, dim);
        }
    }

    private final FloatVec buf;

    private SgdMomentum(Config config, int dim) {
        super(config);
        this.buf = state.addBuffer("momentum_buffer", dim);
    }

    @Override
    public void step(FloatVec theta, FloatVec grad, double lr) {
        long t = state.advance();
        float mu = (float) config.momentum;
        float a = (float) lr;
        // Whole-vector BLAS passes (vectorised): b ← μ b + (1 − dampening) g, then θ ← θ − η d.
        if (t == 1) {
            buf.copyFrom(grad);
        } else {
            buf.scaleInPlace(mu);
            buf.axpyInPlace((float) (1 - config.dampening), grad);
        }
        if (config.nesterov) {
            theta.axpyInPlace(-a, grad);
            theta.axpyInPlace(-a * mu, buf);
        } else {
            theta.axpyInPlace(-a, buf);
        }
    }
}
