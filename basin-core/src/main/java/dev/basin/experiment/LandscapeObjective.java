package dev.basin.experiment;

import dev.basin.numeric.FloatVec;
import dev.basin.optim.Optimizer;
import dev.basin.sde.Landscape;
import dev.basin.sde.StableNoise;

/**
 * An analytic landscape with injected gradient noise, g = ∇F(θ) + σ ζ, ζ with i.i.d. SαS(1) coordinates from
 * stream (seed, 0) — the SDE lab's discrete setting, run through the real optimizers and the escape protocol.
 */
public final class LandscapeObjective implements Objective {
    private final Landscape f;
    private final double alpha;
    private final double sigma;

    public LandscapeObjective(Landscape f, double alpha, double sigma) {
        this.f = f;
        this.alpha = alpha;
        this.sigma = sigma;
    }

    @Override
    public int dim() {
        return f.dim();
    }

    @Override
    public Stream stream(long seed) {
        StableNoise noise = new StableNoise(alpha, 0, 1, seed, 0);
        double[] x = new double[f.dim()];
        double[] g = new double[f.dim()];
        return new Stream() {
            @Override
            public double step(FloatVec theta, Optimizer optimizer, FloatVec grad, double lr) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = theta.get(i);
                }
                f.gradient(x, g);
                for (int i = 0; i < x.length; i++) {
                    grad.set(i, (float) (g[i] + sigma * noise.sample()));
                }
                optimizer.step(theta, grad, lr);
                return f.value(x);
            }

            @Override
            public Evaluation evaluate(FloatVec theta) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = theta.get(i);
                }
                return new Evaluation(f.value(x), Double.NaN);
            }
        };
    }
}
