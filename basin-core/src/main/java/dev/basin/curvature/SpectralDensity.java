package dev.basin.curvature;

import dev.basin.numeric.SymmetricEigen;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stochastic Lanczos quadrature (Ghorbani et al. 2019; PyHessian's density): for each Rademacher probe v/‖v‖,
 * m Lanczos steps (full reorthogonalisation) give Ritz values θ_j and weights τ_j² (squared first components
 * of the Ritz vectors of T), a quadrature for vᵀ f(A) v/‖v‖². The density estimate is the mean over probes of
 * Σ_j τ_j² δ(λ − θ_j), smoothed on a grid by a Gaussian of width σ; it integrates to 1, and its mean
 * Σ τ_j² θ_j is an unbiased estimate of tr(A)/d.
 */
public final class SpectralDensity {
    /**
     * @param nodes    Ritz values per probe
     * @param weights  their quadrature weights per probe (each row sums to 1)
     * @param grid     evaluation points
     * @param density  smoothed density on the grid
     * @param sigma    the Gaussian width used
     * @param trace    d · mean of the probe means, with its standard error across probes
     */
    public record Result(double[][] nodes, double[][] weights, double[] grid, double[] density, double sigma, Trace.Estimate trace, int matvecs) {
        /** Mean of the discrete quadrature measure (tr(A)/d estimate). */
        public double mean() {
            double s = 0;
            for (int p = 0; p < nodes.length; p++) {
                for (int j = 0; j < nodes[p].length; j++) {
                    s += weights[p][j] * nodes[p][j];
                }
            }
            return s / nodes.length;
        }
    }

    private SpectralDensity() {
    }

    /**
     * @param probes     independent probe vectors (≥ 2)
     * @param steps      Lanczos steps per probe (≤ d)
     * @param gridPoints points of the density grid, spread over [min θ − 3σ, max θ + 3σ]
     * @param sigmaFraction  σ as a fraction of the spread of the Ritz values (e.g. 0.01)
     */
    public static Result estimate(SymmetricOperator op, int probes, int steps, int gridPoints, double sigmaFraction, long seed) {
        int d = op.dim();
        if (probes < 2 || steps < 1 || gridPoints < 2 || !(sigmaFraction > 0)) {
            throw new IllegalArgumentException("need probes >= 2, steps >= 1, gridPoints >= 2 and a positive width, got " + probes + ", " + steps + ", "
                    + gridPoints + ", " + sigmaFraction);
        }
        int m = Math.min(steps, d);
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] nodes = new double[probes][];
        double[][] weights = new double[probes][];
        double[] probeMeans = new double[probes];
        double[] w = new double[d];
        int matvecs = 0;
        for (int p = 0; p < probes; p++) {
            double[] v = Vectors.rademacher(d, rng);
            Vectors.scale(1 / Math.sqrt(d), v);
            List<double[]> q = new ArrayList<>();
            q.add(v);
            double[] alpha = new double[m];
            double[] beta = new double[m];
            int n = 0;
            for (int j = 0; j < m; j++) {
                op.apply(q.get(j), w);
                matvecs++;
                alpha[j] = Vectors.dot(q.get(j), w);
                for (int pass = 0; pass < 2; pass++) {
                    for (double[] u : q) {
                        Vectors.axpy(-Vectors.dot(u, w), u, w);
                    }
                }
                n = j + 1;
                beta[j] = Vectors.norm(w);
                if (j + 1 == m || beta[j] < 1e-12 * Math.abs(alpha[0]) + 1e-300) {
                    break;
                }
                double[] next = w.clone();
                Vectors.scale(1 / beta[j], next);
                q.add(next);
            }
            double[][] t = new double[n][n];
            for (int j = 0; j < n; j++) {
                t[j][j] = alpha[j];
                if (j + 1 < n) {
                    t[j][j + 1] = beta[j];
                    t[j + 1][j] = beta[j];
                }
            }
            SymmetricEigen e = SymmetricEigen.of(t);
            nodes[p] = e.values();
            weights[p] = new double[n];
            double[][] s = e.vectors();
            double mean = 0;
            for (int j = 0; j < n; j++) {
                weights[p][j] = s[0][j] * s[0][j];
                mean += weights[p][j] * nodes[p][j];
            }
            probeMeans[p] = mean;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : nodes) {
            for (double x : row) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        double sigma = sigmaFraction * Math.max(hi - lo, 1e-12 * Math.max(1, Math.abs(hi)));
        double[] grid = new double[gridPoints];
        double[] density = new double[gridPoints];
        double g0 = lo - 3 * sigma;
        double g1 = hi + 3 * sigma;
        double norm = 1 / (Math.sqrt(2 * Math.PI) * sigma * probes);
        for (int i = 0; i < gridPoints; i++) {
            grid[i] = g0 + (g1 - g0) * i / (gridPoints - 1);
            double s = 0;
            for (int p = 0; p < probes; p++) {
                for (int j = 0; j < nodes[p].length; j++) {
                    double z = (grid[i] - nodes[p][j]) / sigma;
                    s += weights[p][j] * Math.exp(-0.5 * z * z);
                }
            }
            density[i] = s * norm;
        }
        dev.basin.numeric.Stats.Mean pm = dev.basin.numeric.Stats.mean(probeMeans);
        Trace.Estimate trace = new Trace.Estimate(d * pm.mean(), d * pm.stderr(), probes, matvecs);
        return new Result(nodes, weights, grid, density, sigma, trace, matvecs);
    }
}
