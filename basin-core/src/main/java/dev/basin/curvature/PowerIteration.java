package dev.basin.curvature;

import java.util.SplittableRandom;

/**
 * The dominant eigenpair (largest |λ|) by power iteration, float64: v ← Av/‖Av‖ until
 * ‖Av − λv‖ ≤ tol·|λ| with λ = vᵀAv. Converges at the rate |λ₂/λ₁| per step; Lanczos is faster and is what
 * the commands use, this is the simple cross-check PyHessian-style tools rely on.
 */
public final class PowerIteration {
    public record Result(double value, double[] vector, double residual, int iterations, boolean converged) {
    }

    private PowerIteration() {
    }

    public static Result dominant(SymmetricOperator op, double tolerance, int maxIterations, long seed) {
        int d = op.dim();
        if (!(tolerance > 0) || maxIterations < 1) {
            throw new IllegalArgumentException("tolerance must be positive and maxIterations >= 1, got " + tolerance + " and " + maxIterations);
        }
        double[] v = Vectors.gaussian(d, new SplittableRandom(seed));
        Vectors.scale(1 / Vectors.norm(v), v);
        double[] av = new double[d];
        double lambda = 0;
        double residual = Double.POSITIVE_INFINITY;
        int it = 0;
        while (it < maxIterations) {
            op.apply(v, av);
            it++;
            lambda = Vectors.dot(v, av);
            double r2 = 0;
            for (int i = 0; i < d; i++) {
                double e = av[i] - lambda * v[i];
                r2 += e * e;
            }
            residual = Math.sqrt(r2);
            if (residual <= tolerance * Math.abs(lambda)) {
                return new Result(lambda, v.clone(), residual, it, true);
            }
            double n = Vectors.norm(av);
            if (n == 0) {
                return new Result(0, v.clone(), 0, it, true);
            }
            for (int i = 0; i < d; i++) {
                v[i] = av[i] / n;
            }
        }
        return new Result(lambda, v, residual, it, false);
    }
}
