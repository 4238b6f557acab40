package dev.basin.curvature;

import dev.basin.numeric.SymmetricEigen;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Extreme eigenpairs of a symmetric operator by the Lanczos process with full reorthogonalisation and thick
 * restarts, in float64.
 *
 * <p>Each new vector A·q_j is orthogonalised twice against the whole basis Q (classical Gram–Schmidt, "twice is
 * enough"); the projection coefficients are the entries of T = QᵀAQ, so A·Q = Q·T + β q e_nᵀ holds to rounding
 * and a Ritz pair (θ, y = Q s) has residual ‖Ay − θy‖ = β |s_n| exactly. When the basis is full, the process
 * keeps the best Ritz vectors (k plus half the remaining room) and the residual direction, and goes on (Wu &amp;
 * Simon's thick restart). A pair counts as converged when its residual is at most tol·|θ| (or tol·‖T‖ for θ
 * near 0).
 */
public final class Lanczos {
    /** Which end of the spectrum: largest algebraic, smallest algebraic, or largest magnitude. */
    public enum Which {
        LARGEST, SMALLEST, MAGNITUDE
    }

    /**
     * @param values      the k wanted Ritz values, in the order of {@code which} (LARGEST and MAGNITUDE: descending
     *                    by value or |value|; SMALLEST: ascending)
     * @param vectors     the Ritz vectors, unit length
     * @param residuals   ‖A y − θ y‖ of each pair
     * @param iterations  operator applications
     * @param converged   every pair within the tolerance
     */
    public record Result(double[] values, double[][] vectors, double[] residuals, int iterations, int restarts, boolean converged) {
        /** Residual relative to |θ| (∞ for θ = 0). */
        public double relativeResidual(int i) {
            return residuals[i] / Math.abs(values[i]);
        }
    }

    private Lanczos() {
    }

    /**
     * @param k              eigenpairs wanted, 1 ≤ k ≤ d
     * @param tolerance      relative residual target, e.g. 1e-6
     * @param maxIterations  operator applications at most
     * @param maxBasis       basis vectors kept at most (memory: maxBasis × d doubles); at least k + 2
     * @param seed           seed of the Gaussian start vector
     */
    public static Result eigs(SymmetricOperator op, int k, Which which, double tolerance, int maxIterations, int maxBasis, long seed) {
        int d = op.dim();
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("asked for " + k + " eigenpairs of a " + d + "-dimensional operator; k must be between 1 and " + d);
        }
        if (!(tolerance > 0) || maxIterations < 1) {
            throw new IllegalArgumentException("tolerance must be positive and maxIterations >= 1, got " + tolerance + " and " + maxIterations);
        }
        int m = Math.min(d, Math.max(maxBasis, k + 2));
        SplittableRandom rng = new SplittableRandom(seed);
        List<double[]> q = new ArrayList<>();
        double[] start = Vectors.gaussian(d, rng);
        Vectors.scale(1 / Vectors.norm(start), start);
        q.add(start);
        double[][] t = new double[m][m];
        double[] w = new double[d];
        int iterations = 0;
        int restarts = 0;
        while (true) {
            int j = q.size() - 1;
            op.apply(q.get(j), w);
            iterations++;
            double[] coef = orthogonalise(q, w);
            for (int i = 0; i <= j; i++) {
                t[i][j] = coef[i];
                t[j][i] = coef[i];
            }
            double beta = Vectors.norm(w);
            int n = j + 1;
            double[][] tn = new double[n][n];
            double tNorm = 0;
            for (int a = 0; a < n; a++) {
                System.arraycopy(t[a], 0, tn[a], 0, n);
                for (int b = 0; b < n; b++) {
                    tNorm = Math.max(tNorm, Math.abs(t[a][b]));
                }
            }
            SymmetricEigen eig = SymmetricEigen.of(tn);
            double[] theta = eig.values();
            double[][] s = eig.vectors();
            int[] order = rank(theta, which);
            boolean breakdown = beta <= 1e-13 * Math.max(tNorm, Double.MIN_NORMAL);
            int wanted = Math.min(k, n);
            boolean converged = n >= k;
            double[] res = new double[n];
            for (int i = 0; i < n; i++) {
                res[i] = breakdown ? 0 : beta * Math.abs(s[n - 1][i]);
            }
            for (int r = 0; r < wanted; r++) {
                int i = order[r];
                converged &= res[i] <= tolerance * Math.max(Math.abs(theta[i]), 1e-12 * tNorm);
            }
            boolean exhausted = breakdown && n == d;
            if (n >= k && (converged || iterations >= maxIterations || exhausted)) {
                double[] values = new double[k];
                double[][] vectors = new double[k][];
                double[] residuals = new double[k];
                for (int r = 0; r < k; r++) {
                    int i = order[r];
                    values[r] = theta[i];
                    residuals[r] = res[i];
                    vectors[r] = combine(q, s, i, d);
                }
                return new Result(values, vectors, residuals, iterations, restarts, converged);
            }
            if (iterations >= maxIterations) {
                throw new IllegalStateException("Lanczos stopped after " + iterations + " iterations with a basis of " + n + " < k = " + k);
            }
            double[] next;
            if (breakdown) {
                // An invariant subspace: continue with a fresh random direction orthogonal to it.
                next = Vectors.gaussian(d, rng);
                orthogonalise(q, next);
                double nn = Vectors.norm(next);
                Vectors.scale(1 / nn, next);
            } else {
                next = w.clone();
                Vectors.scale(1 / beta, next);
            }
            if (n < m) {
                q.add(next);
            } else {
                int keep = Math.min(n - 1, k + (m - k) / 2);
                List<double[]> kept = new ArrayList<>();
                for (double[] row : t) {
                    Arrays.fill(row, 0);
                }
                for (int r = 0; r < keep; r++) {
                    int i = order[r];
                    kept.add(combine(q, s, i, d));
                    t[r][r] = theta[i];
                }
                kept.add(next);
                q = kept;
                restarts++;
            }
        }
    }

    /** w ← w − Q(Qᵀw), twice; returns the summed coefficients Qᵀw of the original w. */
    private static double[] orthogonalise(List<double[]> q, double[] w) {
        double[] total = new double[q.size()];
        for (int pass = 0; pass < 2; pass++) {
            double[] c = new double[q.size()];
            for (int i = 0; i < c.length; i++) {
                c[i] = Vectors.dot(q.get(i), w);
            }
            for (int i = 0; i < c.length; i++) {
                Vectors.axpy(-c[i], q.get(i), w);
                total[i] += c[i];
            }
        }
        return total;
    }

    private static double[] combine(List<double[]> q, double[][] s, int col, int d) {
        double[] y = new double[d];
        for (int a = 0; a < q.size() && a < s.length; a++) {
            Vectors.axpy(s[a][col], q.get(a), y);
        }
        Vectors.scale(1 / Vectors.norm(y), y);
        return y;
    }

    /** Indices of theta, best first for {@code which}. */
    static int[] rank(double[] theta, Which which) {
        Integer[] idx = new Integer[theta.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Comparator<Integer> c = switch (which) {
            case LARGEST -> (a, b) -> Double.compare(theta[b], theta[a]);
            case SMALLEST -> (a, b) -> Double.compare(theta[a], theta[b]);
            case MAGNITUDE -> (a, b) -> Double.compare(Math.abs(theta[b]), Math.abs(theta[a]));
        };
        Arrays.sort(idx, c);
        int[] out = new int[idx.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
