package dev.basin.sde;

import dev.basin.numeric.SpecialFunctions;

/**
 * The escape-time formulas of shared/docs/paper.md §3, for comparison with simulation. Lines marked
 * "(derived)" there are to be tested, not trusted; this class computes them, the tests check them.
 */
public final class Theory {
    private Theory() {
    }

    /** C_α = Γ(1 + α) sin(πα/2) / π, the constant of the Lévy measure of SαS(1): ν(dy) = C_α |y|^{−1−α} dy. */
    public static double cAlpha(double alpha) {
        return SpecialFunctions.gamma(1 + alpha) * Math.sin(Math.PI * alpha / 2) / Math.PI;
    }

    /** ε = η^{(α−1)/α}, the paper's noise scale for learning rate η. */
    public static double epsilon(double eta, double alpha) {
        return Math.pow(eta, (alpha - 1) / alpha);
    }

    /** Θ(ε⁻¹) = (2/α) ε^α. */
    public static double theta(double epsilon, double alpha) {
        return 2 / alpha * Math.pow(epsilon, alpha);
    }

    /**
     * The exact mean exit time of pure SαS(1) motion (E e^{iξX_t} = e^{−t|ξ|^α}, no drift) started at x from
     * (−r, r): (r² − x²)^{α/2} / Γ(1 + α); r²/2 − x²/2 at α = 2.
     */
    public static double noDriftMeanExit(double r, double x, double alpha) {
        if (Math.abs(x) >= r) {
            return 0;
        }
        return Math.pow(r * r - x * x, alpha / 2) / SpecialFunctions.gamma(1 + alpha);
    }

    /**
     * (derived) The small-noise mean exit time from an interval (−b, a) around a minimum for
     * dX = −U′(X) dt + ε σ dL: E Γ ≈ α ε^{−α} / (C_α σ^α (a^{−α} + b^{−α})), valid for α &lt; 2 and wide wells.
     */
    public static double intervalMeanExit(double a, double b, double epsilon, double sigma, double alpha) {
        return alpha * Math.pow(epsilon, -alpha) / (cAlpha(alpha) * Math.pow(sigma, alpha) * (Math.pow(a, -alpha) + Math.pow(b, -alpha)));
    }

    /**
     * (derived) The escape-rate proxy of a quadratic basin with i.i.d.-coordinate Lévy noise:
     * Σ_i (A_ii / h)^{α/2} for W = {y : yᵀ A y ≥ h} (A = Σ H Σ for SGD, Σ Q⁻¹ H Q⁻¹ Σ for ADAM).
     */
    public static double quadraticRate(double[] aDiagonal, double h, double alpha) {
        double s = 0;
        for (double a : aDiagonal) {
            s += Math.pow(a / h, alpha / 2);
        }
        return s;
    }

    /** (derived) E Γ ≈ α ε^{−α} / (2 C_α Σ_i (A_ii / h)^{α/2}). */
    public static double quadraticMeanExit(double[] aDiagonal, double h, double epsilon, double alpha) {
        return alpha * Math.pow(epsilon, -alpha) / (2 * cAlpha(alpha) * quadraticRate(aDiagonal, h, alpha));
    }

    /**
     * (derived) The axis-measure escape rate of a quadratic basin {½ yᵀHy &lt; h_f/2} under noise M L with
     * i.i.d. SαS coordinates L: the Lévy measure lives on M's columns m_j, so the rate is
     * Σ_j (m_jᵀ H m_j / h_f)^{α/2} — {@link #quadraticRate} with A = MᵀHM (M = Σ for SGD, Q⁻¹Σ for ADAM).
     */
    public static double axisRate(double[][] m, double[][] h, double hf, double alpha) {
        int d = h.length;
        double[] a = new double[m[0].length];
        for (int j = 0; j < a.length; j++) {
            double s = 0;
            for (int p = 0; p < d; p++) {
                double hp = 0;
                for (int q = 0; q < d; q++) {
                    hp += h[p][q] * m[q][j];
                }
                s += m[p][j] * hp;
            }
            a[j] = s;
        }
        return quadraticRate(a, hf, alpha);
    }
}
