package dev.basin.curvature;

import dev.basin.numeric.SpecialFunctions;
import dev.basin.numeric.SymmetricEigen;
import dev.basin.sde.Theory;

/**
 * The escaping-set quantities of shared/docs/paper.md §3 at a minimum, restricted to the span of the Hessian's
 * top-k eigenvectors U: there H_U = diag(λ), the noise covariance is C = UᵀΣU, and the Lévy noise enters
 * as M L with M_SGD = C^{1/2} (symmetric root) and M_ADAM = (Uᵀ Q⁻¹ U) C^{1/2} (ADAM's preconditioner Q = √v̂ + ε
 * projected on the subspace). For W = {y : yᵀAy ≥ h_f}, A = MᵀH_U M, h_f = 2h:
 * <ul>
 *   <li>axis measure (i.i.d.-coordinate noise): rate = Σ_j (A_jj / h_f)^{α/2};</li>
 *   <li>inner-ellipsoid volume (the paper's volume reading): V = π^{k/2}/Γ(k/2 + 1) · h_f^{k/2} / √det A —
 *       a smaller inner region means a larger escaping set;</li>
 *   <li>predicted mean escape time α ε^{−α} / (2 C_α rate), ε = η^{(α−1)/α}, and the ADAM/SGD ratio
 *       rate_SGD / rate_ADAM.</li>
 * </ul>
 */
public final class EscapeSets {
    /** One optimizer's escaping set. */
    public record Side(double[][] noiseMatrix, double[][] a, double axisRate, double innerVolume, double predictedEscapeTime) {
    }

    public record Result(double[] eigenvalues, double[][] covariance, double[][] qProjected, double alpha, double height, double eta,
                         Side sgd, Side adam, double predictedRatioAxis, double volumeRatio) {
    }

    private EscapeSets() {
    }

    /**
     * @param eigenvalues  H's top-k eigenvalues λ (the basis U is implicit in the projected quantities)
     * @param covariance   C = UᵀΣU (k × k)
     * @param qInverseProjected  Uᵀ diag(1/q) U (k × k)
     */
    public static Result compute(double[] eigenvalues, double[][] covariance, double[][] qInverseProjected, double alpha, double height, double eta) {
        if (!(alpha > 0 && alpha <= 2)) {
            throw new IllegalArgumentException("alpha must be in (0, 2], got " + alpha);
        }
        if (!(height > 0) || !(eta > 0)) {
            throw new IllegalArgumentException("basin height and learning rate must be positive, got " + height + " and " + eta);
        }
        int k = eigenvalues.length;
        double[][] root = sqrtPsd(covariance);
        double[][] mAdam = multiply(qInverseProjected, root);
        double hf = 2 * height;
        double eps = Theory.epsilon(eta, alpha);
        Side sgd = side(root, eigenvalues, hf, alpha, eps, k);
        Side adam = side(mAdam, eigenvalues, hf, alpha, eps, k);
        return new Result(eigenvalues.clone(), covariance, qInverseProjected, alpha, height, eta, sgd, adam, sgd.axisRate() / adam.axisRate(),
                adam.innerVolume() / sgd.innerVolume());
    }

    private static Side side(double[][] m, double[] lambda, double hf, double alpha, double eps, int k) {
        double[][] a = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += m[p][i] * lambda[p] * m[p][j];
                }
                a[i][j] = s;
            }
        }
        double[] diag = new double[k];
        for (int i = 0; i < k; i++) {
            diag[i] = a[i][i];
        }
        double rate = Theory.quadraticRate(diag, hf, alpha);
        double logDet = 0;
        for (double ev : SymmetricEigen.of(a).values()) {
            logDet += Math.log(Math.max(ev, Double.MIN_NORMAL));
        }
        double logVol = k / 2.0 * Math.log(Math.PI) - Math.log(SpecialFunctions.gamma(k / 2.0 + 1)) + k / 2.0 * Math.log(hf) - 0.5 * logDet;
        double time = alpha * Math.pow(eps, -alpha) / (2 * Theory.cAlpha(alpha) * rate);
        return new Side(m, a, rate, Math.exp(logVol), time);
    }

    /** The symmetric square root of a positive semi-definite matrix (negative eigenvalues from rounding clipped to 0). */
    static double[][] sqrtPsd(double[][] c) {
        SymmetricEigen e = SymmetricEigen.of(c);
        double[] v = e.values();
        double[][] u = e.vectors();
        int k = v.length;
        double[][] r = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += u[i][p] * Math.sqrt(Math.max(v[p], 0)) * u[j][p];
                }
                r[i][j] = s;
            }
        }
        return r;
    }

    static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        int m = y[0].length;
        double[][] r = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int p = 0; p < y.length; p++) {
                    s += x[i][p] * y[p][j];
                }
                r[i][j] = s;
            }
        }
        return r;
    }

    /** Uᵀ diag(w) U for orthonormal rows u_j (k × d): the projection of a diagonal matrix. */
    public static double[][] projectDiagonal(double[][] u, double[] w) {
        int k = u.length;
        double[][] r = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int p = 0; p < w.length; p++) {
                    s += u[i][p] * w[p] * u[j][p];
                }
                r[i][j] = r[j][i] = s;
            }
        }
        return r;
    }

    /**
     * The escaping sets at a minimum, measured: the top-k Hessian eigenpairs of {@code c} by Lanczos (relative
     * residual {@code tol}), the noise covariance of size-S minibatches projected on them, and ADAM's
     * Q = √(E[g_S²]) + 10⁻⁸ at that point (ḡ² + (Fisher diagonal − ḡ²)/S), projected as UᵀQ⁻¹U.
     */
    public static Result atMinimum(NetworkCurvature c, int k, int minibatch, double alpha, double height, double eta, double tol, long seed) {
        Lanczos.Result top = Lanczos.eigs(c.hessian(), Math.min(k, c.dim()), Lanczos.Which.LARGEST, tol, 300, Sharpness.MAX_BASIS, seed);
        double[][] u = top.vectors();
        double[][] cov = c.projectedCovariance(u, minibatch);
        return compute(top.values(), cov, projectDiagonal(u, adamQInverse(c, minibatch)), alpha, height, eta);
    }

    /**
     * 1/Q for ADAM's preconditioner at a point where it has no state of its own: Q = √(E[g_S²]) + 10⁻⁸ for
     * minibatch gradients of S samples, E[g_S²] = ḡ² + (Fisher diagonal − ḡ²)/S.
     */
    public static double[] adamQInverse(NetworkCurvature c, int minibatch) {
        double[] f = c.fisherDiagonal();
        double[] g = c.gradient();
        double[] qInv = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            qInv[i] = 1 / (Math.sqrt(g[i] * g[i] + Math.max(f[i] - g[i] * g[i], 0) / minibatch) + 1e-8);
        }
        return qInv;
    }
}
