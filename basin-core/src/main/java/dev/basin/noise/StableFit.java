package dev.basin.noise;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.StableSampler;

/**
 * Fits of α-stable laws to a 1-D sample, in Nolan's S(α, β, σ, δ; 0) parameterisation:
 * log E e^{iωX} = −|σω|^α [1 + iβ sign(ω) tan(πα/2)((σ|ω|)^{1−α} − 1)] + iδω (α ≠ 1), so that β = 0 is
 * {@link StableLaw}'s SαS(σ) shifted by δ, and Commons RNG's {@code StableSampler.of(rng, α, β, σ, δ)} draws from
 * it. Every estimate is restricted to 0.2 ≤ α ≤ 2 and −1 ≤ β ≤ 1. With {@code symmetric}, β is fixed at 0 and
 * (α, σ, δ) fitted.
 *
 * <p><b>McCulloch (1986)</b>, from the sample quantiles q_p (Hazen: the i-th order statistic is the (i − ½)/n
 * quantile, linear in between): ν_α = (q.95 − q.05)/(q.75 − q.25) and ν_β = (q.95 + q.05 − 2q.5)/(q.95 − q.05) give
 * α = ψ₁(ν_α, |ν_β|), β = sign(ν_β) ψ₂(ν_α, |ν_β|) by bilinear interpolation in his Tables III–IV (ν_α clamped to
 * [2.439, 25], so α ≥ 0.513; ν_α &lt; 2.439 gives α = 2); then σ = (q.75 − q.25)/φ₃(α, β) (Table V) and
 * δ = q.5 + σ φ₅(α, β) (Table VII; his ζ, which is the S0 location). Symmetric: ν_β = 0, δ = q.5. No standard
 * error of its own (NaN; see {@link #bootstrapStderr}).
 *
 * <p><b>Koutrouvelis (1980)</b>, iterated from McCulloch's estimate. With the data standardised by the current
 * (σ, δ), the empirical characteristic function φ̂ at t_k = πk/25, k = 1..K, gives
 * y_k = log(−log|φ̂(t_k)|²) = log 2 + α log σ' + α log t_k + error, a regression on log t_k whose slope is α and
 * whose intercept gives the scale correction σ'; the data are rescaled by σ', and the phase at u_l = πl/50,
 * l = 1..L, regressed as arg φ̂(u_l) = (δ' − b) u_l + b u_l^α, b = β tan(πα/2) (symmetric: δ' u_l), gives the
 * location correction δ' and β. K and L come from Koutrouvelis's tables by α and n (bilinear, n clamped to
 * [200, 1600], α to [0.3, 1.9]; K = 9–134, L = 9–70), fixed after the second iteration; from the third iteration on the
 * standardisation moves only half of each correction (the map from one standardisation to the next is noisy,
 * and at α = 0.8 it can settle into a 2-cycle of ±0.1 SE in log σ otherwise); the iteration stops when
 * α, log σ and δ/σ each change by less than 1e-5 or less than 5% of their standard errors (at most 30
 * iterations; the standardised ecf of heavy-tailed data is rough in t, so at α = 0.8, n = 10⁴ the iterates keep a
 * jitter of about 2e-4 in α, 2–4% of its standard error). Both regressions are weighted by the inverse
 * asymptotic variances of y_k and arg φ̂(u_l) (their β = 0 forms, at the current α). β is set to 0 when α &gt; 1.98
 * (it is not identified at α = 2).
 * Standard errors are asymptotic: the sandwich (XᵀWX)⁻¹XᵀWΣWX(XᵀWX)⁻¹ of each weighted regression with the full
 * asymptotic covariance Σ of the ecf-derived points, e.g.
 * n Cov(y_j, y_k) = (e^{t_j^α + t_k^α − |t_j − t_k|^α} + e^{t_j^α + t_k^α − (t_j + t_k)^α} − 2)/(2 (t_j t_k)^α)
 * (Koutrouvelis's formulas with β = 0, σ = 1), conditional on the final standardisation; SE(σ) = σ SE(log σ') by
 * the delta method, SE(δ) = σ SE(δ'), SE(β) = SE(b)/|tan(πα/2)|.
 *
 * <p><b>Maximum likelihood</b> (symmetric only): (α, log σ, δ) maximising Σ log f(x_i) with {@link StableLaw}'s
 * density, by Nelder–Mead from the Koutrouvelis estimate (α folded at 2, so that α = 2 is reachable). Standard
 * errors from the observed information: the inverse of the central-difference Hessian of −log L in
 * (α, log σ, δ) (steps 0.005, 0.005, 0.005σ); SE(α) is NaN when α̂ is within a step of 2 (a boundary, where the
 * normal approximation fails) and the others then come from the (log σ, δ) block.
 *
 * <p><b>Measured</b> (symmetric samples, σ = 1.3, 10 seeds at n = 10⁴; StableFitTest's bands are built on these).
 * Spread of Koutrouvelis's α̂: sd 0.010, 0.015, 0.018, 0.013 at α = 0.8, 1.2, 1.5, 1.8 against mean reported SEs
 * 0.012, 0.015, 0.016, 0.014 (0.004–0.005 at n = 10⁵); at α = 2 the estimates pile up at the bound (sd 0.001).
 * McCulloch's: sd 0.008, 0.019, 0.022, 0.030 (0.027 at α = 2), and on exact quantiles (its population value) a bias
 * of at most +0.011 in α (linear interpolation of his tables) and 0.0015 in σ. Maximum likelihood: about 100
 * likelihood evaluations, 1 s at n = 10⁴ and 1.6 s at 10⁵; SE(α) 0.0086 against Koutrouvelis's 0.0118 at
 * α = 0.8 (0.0151 against 0.0159 at 1.5). Koutrouvelis takes 5–30 ms at n = 10⁴ and 30–170 ms at 10⁵, McCulloch
 * 1–5 ms (a sort). Skewed samples (n = 10⁵): Koutrouvelis's β̂ within 1.2 SE (SE ≈ 0.01), δ̂ (S0) within 0.6 SE.
 */
public final class StableFit {
    /** The estimators. */
    public enum Method {
        MCCULLOCH, KOUTROUVELIS, MAXIMUM_LIKELIHOOD
    }

    /**
     * A fitted stable law.
     *
     * @param method         how it was fitted
     * @param symmetric      β fixed at 0
     * @param alpha          α̂, in [0.2, 2]
     * @param beta           β̂ (0 when symmetric)
     * @param sigma          σ̂ &gt; 0 (Nolan's γ)
     * @param delta          δ̂, the S0 location
     * @param alphaStderr    standard error of α̂ (NaN when not available)
     * @param betaStderr     standard error of β̂ (NaN when symmetric or not available)
     * @param sigmaStderr    standard error of σ̂
     * @param deltaStderr    standard error of δ̂
     * @param stderrMethod   "none", "asymptotic (regression sandwich)", "observed information" or
     *                       "parametric bootstrap (B = …)"
     * @param n              sample size
     * @param iterations     Koutrouvelis iterations or likelihood evaluations (0 for McCulloch)
     * @param converged      the iteration met its tolerance (always true for McCulloch)
     */
    public record Estimate(Method method, boolean symmetric, double alpha, double beta, double sigma, double delta,
                           double alphaStderr, double betaStderr, double sigmaStderr, double deltaStderr,
                           String stderrMethod, int n, int iterations, boolean converged) {
        /** The SαS law with this α, σ, δ (β is ignored). */
        public StableLaw symmetricLaw() {
            return StableLaw.of(alpha, sigma, delta);
        }

        Estimate withStderr(double a, double b, double s, double d, String how) {
            return new Estimate(method, symmetric, alpha, beta, sigma, delta, a, b, s, d, how, n, iterations, converged);
        }
    }

    private StableFit() {
    }

    /** Fits by the given method (maximum likelihood requires {@code symmetric}). */
    public static Estimate fit(double[] x, Method method, boolean symmetric) {
        return switch (method) {
            case MCCULLOCH -> mcCulloch(x, symmetric);
            case KOUTROUVELIS -> koutrouvelis(x, symmetric);
            case MAXIMUM_LIKELIHOOD -> {
                if (!symmetric) {
                    throw new IllegalArgumentException("maximum likelihood is implemented for the symmetric law only (symmetric = true)");
                }
                yield maximumLikelihood(x);
            }
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // McCulloch

    /** ν_α grid of McCulloch's Tables III–IV. */
    private static final double[] NU_ALPHA = {2.439, 2.5, 2.6, 2.7, 2.8, 3.0, 3.2, 3.5, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 25.0};
    /** ν_β grid of Tables III–IV. */
    private static final double[] NU_BETA = {0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0};
    /** Table III: α = ψ₁(ν_α, ν_β), rows ν_α, columns ν_β. */
    private static final double[][] PSI1 = {
        {2.000, 2.000, 2.000, 2.000, 2.000, 2.000, 2.000},
        {1.916, 1.924, 1.924, 1.924, 1.924, 1.924, 1.924},
        {1.808, 1.813, 1.829, 1.829, 1.829, 1.829, 1.829},
        {1.729, 1.730, 1.737, 1.745, 1.745, 1.745, 1.745},
        {1.664, 1.663, 1.663, 1.668, 1.676, 1.676, 1.676},
        {1.563, 1.560, 1.553, 1.548, 1.547, 1.547, 1.547},
        {1.484, 1.480, 1.471, 1.460, 1.448, 1.438, 1.438},
        {1.391, 1.386, 1.378, 1.364, 1.337, 1.318, 1.318},
        {1.279, 1.273, 1.266, 1.250, 1.210, 1.184, 1.150},
        {1.128, 1.121, 1.114, 1.101, 1.067, 1.027, 0.973},
        {1.029, 1.021, 1.014, 1.004, 0.974, 0.935, 0.874},
        {0.896, 0.892, 0.884, 0.883, 0.855, 0.823, 0.769},
        {0.818, 0.812, 0.806, 0.801, 0.780, 0.756, 0.691},
        {0.698, 0.695, 0.692, 0.689, 0.676, 0.656, 0.597},
        {0.593, 0.590, 0.588, 0.586, 0.579, 0.563, 0.513}};
    /** Table IV: β = ψ₂(ν_α, ν_β), rows ν_α, columns ν_β. */
    private static final double[][] PSI2 = {
        {0, 2.160, 1.000, 1.000, 1.000, 1.000, 1.000},
        {0, 1.592, 3.390, 1.000, 1.000, 1.000, 1.000},
        {0, 0.759, 1.800, 1.000, 1.000, 1.000, 1.000},
        {0, 0.482, 1.048, 1.694, 1.000, 1.000, 1.000},
        {0, 0.360, 0.760, 1.232, 2.229, 1.000, 1.000},
        {0, 0.253, 0.518, 0.823, 1.575, 1.000, 1.000},
        {0, 0.203, 0.410, 0.632, 1.244, 1.906, 1.000},
        {0, 0.165, 0.332, 0.499, 0.943, 1.560, 1.000},
        {0, 0.136, 0.271, 0.404, 0.689, 1.230, 2.195},
        {0, 0.109, 0.216, 0.323, 0.539, 0.827, 1.917},
        {0, 0.096, 0.190, 0.284, 0.472, 0.693, 1.759},
        {0, 0.082, 0.163, 0.243, 0.412, 0.601, 1.596},
        {0, 0.074, 0.147, 0.220, 0.377, 0.546, 1.482},
        {0, 0.064, 0.128, 0.191, 0.330, 0.478, 1.362},
        {0, 0.056, 0.112, 0.167, 0.285, 0.428, 1.274}};
    /** α grid of Tables V and VII (ascending). */
    private static final double[] ALPHA_GRID = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0};
    /** β grid of Tables V and VII. */
    private static final double[] BETA_GRID = {0.0, 0.25, 0.5, 0.75, 1.0};
    /** Table V: ν_c = φ₃(α, β) = (q.75 − q.25)/σ, rows α ascending. */
    private static final double[][] PHI3 = {
        {2.588, 3.073, 4.534, 6.636, 9.144},
        {2.337, 2.634, 3.542, 4.808, 6.247},
        {2.189, 2.392, 3.004, 3.844, 4.775},
        {2.098, 2.244, 2.676, 3.265, 3.912},
        {2.040, 2.149, 2.461, 2.886, 3.356},
        {2.000, 2.085, 2.311, 2.624, 2.973},
        {1.980, 2.040, 2.205, 2.435, 2.696},
        {1.965, 2.007, 2.125, 2.294, 2.491},
        {1.955, 1.984, 2.067, 2.188, 2.333},
        {1.946, 1.967, 2.022, 2.106, 2.211},
        {1.939, 1.952, 1.988, 2.045, 2.116},
        {1.933, 1.940, 1.962, 1.997, 2.043},
        {1.927, 1.930, 1.943, 1.961, 1.987},
        {1.921, 1.922, 1.927, 1.936, 1.947},
        {1.914, 1.915, 1.916, 1.918, 1.921},
        {1.908, 1.908, 1.908, 1.908, 1.908}};
    /** Table VII: ν_ζ = φ₅(α, β) = (ζ − q.5)/σ, rows α ascending. */
    private static final double[][] PHI5 = {
        {0, -0.061, -0.279, -0.659, -1.198},
        {0, -0.078, -0.272, -0.581, -0.997},
        {0, -0.089, -0.262, -0.520, -0.853},
        {0, -0.096, -0.250, -0.469, -0.742},
        {0, -0.099, -0.237, -0.424, -0.652},
        {0, -0.098, -0.223, -0.380, -0.576},
        {0, -0.095, -0.208, -0.346, -0.508},
        {0, -0.090, -0.192, -0.310, -0.447},
        {0, -0.084, -0.173, -0.276, -0.390},
        {0, -0.075, -0.154, -0.241, -0.335},
        {0, -0.066, -0.134, -0.206, -0.283},
        {0, -0.056, -0.111, -0.170, -0.232},
        {0, -0.043, -0.088, -0.132, -0.179},
        {0, -0.030, -0.061, -0.092, -0.123},
        {0, -0.017, -0.032, -0.049, -0.064},
        {0, 0, 0, 0, 0}};

    /** McCulloch's quantile estimate (see the class Javadoc). */
    public static Estimate mcCulloch(double[] x, boolean symmetric) {
        double[] s = checkedSorted(x);
        return mcCullochSorted(s, symmetric);
    }

    private static Estimate mcCullochSorted(double[] s, boolean symmetric) {
        int n = s.length;
        double q05 = quantile(s, 0.05);
        double q25 = quantile(s, 0.25);
        double q50 = quantile(s, 0.50);
        double q75 = quantile(s, 0.75);
        double q95 = quantile(s, 0.95);
        double iqr = q75 - q25;
        if (!(iqr > 0) || !(q95 - q05 > 0)) {
            throw new IllegalArgumentException("the sample's quartiles coincide (q25 = q75 = " + q25 + "): too many tied values to fit a scale");
        }
        double nuAlpha = (q95 - q05) / iqr;
        double nuBeta = symmetric ? 0 : (q95 + q05 - 2 * q50) / (q95 - q05);
        double alpha;
        double beta;
        if (nuAlpha < NU_ALPHA[0]) {
            alpha = 2;
            beta = 0;
        } else {
            double nb = Math.min(1, Math.abs(nuBeta));
            alpha = interpolate(NU_ALPHA, NU_BETA, PSI1, nuAlpha, nb);
            beta = Math.signum(nuBeta) * interpolate(NU_ALPHA, NU_BETA, PSI2, nuAlpha, nb);
        }
        alpha = Math.max(StableLaw.MIN_ALPHA, Math.min(2, alpha));
        beta = Math.max(-1, Math.min(1, beta));
        double ab = Math.abs(beta);
        double sigma = iqr / interpolate(ALPHA_GRID, BETA_GRID, PHI3, alpha, ab);
        double delta = q50 + sigma * Math.signum(beta) * interpolate(ALPHA_GRID, BETA_GRID, PHI5, alpha, ab);
        return new Estimate(Method.MCCULLOCH, symmetric, alpha, beta, sigma, delta, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            "none", n, 0, true);
    }

    /** The p-quantile of sorted data, Hazen's positions (i − ½)/n, linear between, clamped to the extremes. */
    static double quantile(double[] sorted, double p) {
        int n = sorted.length;
        double h = n * p + 0.5; // 1-based position
        if (h <= 1) {
            return sorted[0];
        }
        if (h >= n) {
            return sorted[n - 1];
        }
        int i = (int) Math.floor(h);
        double frac = h - i;
        return sorted[i - 1] + frac * (sorted[i] - sorted[i - 1]);
    }

    /** Bilinear interpolation in table[i][j] on grids gx (rows), gy (columns), arguments clamped to the grids. */
    static double interpolate(double[] gx, double[] gy, double[][] table, double x, double y) {
        x = Math.max(gx[0], Math.min(gx[gx.length - 1], x));
        y = Math.max(gy[0], Math.min(gy[gy.length - 1], y));
        int i = cell(gx, x);
        int j = cell(gy, y);
        double tx = (x - gx[i]) / (gx[i + 1] - gx[i]);
        double ty = (y - gy[j]) / (gy[j + 1] - gy[j]);
        return (1 - tx) * ((1 - ty) * table[i][j] + ty * table[i][j + 1]) + tx * ((1 - ty) * table[i + 1][j] + ty * table[i + 1][j + 1]);
    }

    private static int cell(double[] g, double v) {
        int i = 0;
        while (i < g.length - 2 && v > g[i + 1]) {
            i++;
        }
        return i;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Koutrouvelis

    private static final double[] K_ALPHA = {1.9, 1.5, 1.3, 1.1, 0.9, 0.7, 0.5, 0.3};
    private static final double[][] K_TABLE = {{9, 9, 9}, {11, 11, 11}, {22, 16, 14}, {24, 18, 15}, {28, 22, 18}, {30, 24, 20},
        {86, 68, 56}, {134, 124, 118}};
    private static final double[] L_ALPHA = {1.9, 1.5, 1.1, 0.9, 0.7, 0.5, 0.3};
    private static final double[][] L_TABLE = {{9, 10, 11}, {12, 14, 15}, {16, 18, 17}, {14, 14, 14}, {24, 16, 16}, {40, 38, 36},
        {70, 68, 66}};
    private static final double[] SIZES = {200, 800, 1600};
    private static final int MAX_ITERATIONS = 30;
    private static final double TOLERANCE = 1e-5;
    private static final double SETTLE = 0.05;

    /** K (points of the α regression) from Koutrouvelis's table, bilinear in α (descending grid) and n. */
    static int chooseK(double alpha, int n) {
        return tableLookup(K_ALPHA, K_TABLE, alpha, n);
    }

    /** L (points of the phase regression). */
    static int chooseL(double alpha, int n) {
        return tableLookup(L_ALPHA, L_TABLE, alpha, n);
    }

    private static int tableLookup(double[] alphas, double[][] table, double alpha, int n) {
        double a = Math.max(alphas[alphas.length - 1], Math.min(alphas[0], alpha));
        double m = Math.max(SIZES[0], Math.min(SIZES[2], n));
        int i = 0;
        while (i < alphas.length - 2 && a < alphas[i + 1]) {
            i++;
        }
        int j = m > SIZES[1] ? 1 : 0;
        double ta = (alphas[i] - a) / (alphas[i] - alphas[i + 1]);
        double tn = (m - SIZES[j]) / (SIZES[j + 1] - SIZES[j]);
        double v = (1 - ta) * ((1 - tn) * table[i][j] + tn * table[i][j + 1]) + ta * ((1 - tn) * table[i + 1][j] + tn * table[i + 1][j + 1]);
        return (int) Math.floor(v + 0.5);
    }

    /** Koutrouvelis's regression estimate started from McCulloch's (see the class Javadoc). */
    public static Estimate koutrouvelis(double[] x, boolean symmetric) {
        double[] s = checkedSorted(x);
        return koutrouvelis(x, symmetric, mcCullochSorted(s, symmetric));
    }

    static Estimate koutrouvelis(double[] x, boolean symmetric, Estimate start) {
        int n = x.length;
        double alpha = start.alpha();
        double beta = symmetric ? 0 : start.beta();
        double sigma = start.sigma();
        double delta = start.delta();
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = (x[i] - delta) / sigma;
        }
        int k = 0;
        int l = 0;
        boolean converged = false;
        int iterations = 0;
        double[] seAlphaStep = null;
        double[] sePhaseStep = null;
        for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
            iterations++;
            if (iter < 2) {
                k = chooseK(alpha, n);
                l = chooseL(alpha, n);
            }
            // α and σ: y_k = log(−log|φ̂(t_k)|²) on log t_k.
            double[] re = new double[k];
            double[] im = new double[k];
            ecf(s, Math.PI / 25, k, re, im);
            double[] t = new double[k];
            double[] y = new double[k];
            int m = 0;
            for (int j = 0; j < k; j++) {
                double m2 = re[j] * re[j] + im[j] * im[j];
                if (m2 > 0 && m2 < 1) {
                    t[m] = Math.PI * (j + 1) / 25;
                    y[m] = Math.log(-Math.log(m2));
                    m++;
                }
            }
            if (m < 3) {
                throw new IllegalArgumentException("the sample's characteristic function is degenerate on Koutrouvelis's grid (" + m
                    + " usable points): too few distinct values");
            }
            t = Arrays.copyOf(t, m);
            y = Arrays.copyOf(y, m);
            double[][] design = new double[m][2];
            double[] wt = new double[m];
            for (int j = 0; j < m; j++) {
                design[j][0] = 1;
                design[j][1] = Math.log(t[j]);
            }
            double[][] covY = covY(t, alpha, n);
            for (int j = 0; j < m; j++) {
                wt[j] = 1 / covY[j][j];
            }
            Regression ra = Regression.fit(design, y, wt, covY);
            double alphaNew = Math.max(StableLaw.MIN_ALPHA, Math.min(2, ra.b[1]));
            double logSigmaRel = (ra.b[0] - Math.log(2)) / alphaNew;
            // From the third iteration on, the standardisation moves half-way (damping a 2-cycle of the noisy map).
            double damp = iter < 2 ? 1 : 0.5;
            double sigmaRel = Math.exp(damp * logSigmaRel);
            // SE of α and of log σ' (gradient (1/α, −(c − log 2)/α²) of log σ' in (c, α)).
            double g0 = 1 / alphaNew;
            double g1 = -(ra.b[0] - Math.log(2)) / (alphaNew * alphaNew);
            double varLogSigma = g0 * g0 * ra.cov[0][0] + 2 * g0 * g1 * ra.cov[0][1] + g1 * g1 * ra.cov[1][1];
            seAlphaStep = new double[] {Math.sqrt(ra.cov[1][1]), Math.sqrt(Math.max(0, varLogSigma))};
            sigma *= sigmaRel;
            for (int i = 0; i < n; i++) {
                s[i] /= sigmaRel;
            }
            // β and δ: arg φ̂(u_l) = (δ' − b) u_l + b u_l^α, b = β tan(πα/2).
            double[] pr = new double[l];
            double[] pi = new double[l];
            ecf(s, Math.PI / 50, l, pr, pi);
            double[] u = new double[l];
            double[] z = new double[l];
            for (int j = 0; j < l; j++) {
                u[j] = Math.PI * (j + 1) / 50;
                z[j] = Math.atan2(pi[j], pr[j]);
            }
            double[][] covZ = covZ(u, alphaNew, n);
            double[] wz = new double[l];
            for (int j = 0; j < l; j++) {
                wz[j] = 1 / covZ[j][j];
            }
            double shift;
            double betaNew;
            if (symmetric) {
                double[][] dz = new double[l][1];
                for (int j = 0; j < l; j++) {
                    dz[j][0] = u[j];
                }
                Regression rp = Regression.fit(dz, z, wz, covZ);
                shift = rp.b[0];
                betaNew = 0;
                sePhaseStep = new double[] {Double.NaN, Math.sqrt(rp.cov[0][0])};
            } else {
                double[][] dz = new double[l][2];
                for (int j = 0; j < l; j++) {
                    dz[j][0] = u[j];
                    dz[j][1] = Math.pow(u[j], alphaNew);
                }
                Regression rp = Regression.fit(dz, z, wz, covZ);
                double tan = Math.tan(Math.PI * alphaNew / 2);
                betaNew = alphaNew > 1.98 ? 0 : Math.max(-1, Math.min(1, rp.b[1] / tan));
                shift = rp.b[0] + rp.b[1];
                double seShift = Math.sqrt(Math.max(0, rp.cov[0][0] + 2 * rp.cov[0][1] + rp.cov[1][1]));
                sePhaseStep = new double[] {alphaNew > 1.98 ? Double.NaN : Math.sqrt(rp.cov[1][1]) / Math.abs(tan), seShift};
            }
            delta += sigma * damp * shift;
            for (int i = 0; i < n; i++) {
                s[i] -= damp * shift;
            }
            // Stop when every change is below 1e-5 or below 5% of its standard error: the standardised ecf of
            // heavy-tailed data is rough in t, so the iterates keep a jitter of 2–4% of SE(α) at α = 0.8.
            boolean settled = Math.abs(alphaNew - alpha) < Math.max(TOLERANCE, SETTLE * seAlphaStep[0])
                && Math.abs(logSigmaRel) < Math.max(TOLERANCE, SETTLE * seAlphaStep[1])
                && Math.abs(shift) < Math.max(TOLERANCE, SETTLE * sePhaseStep[1]);
            alpha = alphaNew;
            beta = betaNew;
            if (settled) {
                converged = true;
                break;
            }
        }
        return new Estimate(Method.KOUTROUVELIS, symmetric, alpha, beta, sigma, delta, seAlphaStep[0],
            symmetric ? Double.NaN : sePhaseStep[0], sigma * seAlphaStep[1], sigma * sePhaseStep[1],
            "asymptotic (regression sandwich)", n, iterations, converged);
    }

    /** re[j] + i im[j] = (1/n) Σ e^{i (j+1) h s_i}, j &lt; m, by rotating e^{ih s_i} (no trigonometry per grid point). */
    static void ecf(double[] s, double h, int m, double[] re, double[] im) {
        Arrays.fill(re, 0, m, 0);
        Arrays.fill(im, 0, m, 0);
        for (double v : s) {
            double c1 = Math.cos(h * v);
            double s1 = Math.sin(h * v);
            double c = c1;
            double sn = s1;
            for (int j = 0; j < m; j++) {
                re[j] += c;
                im[j] += sn;
                double cn = c * c1 - sn * s1;
                sn = sn * c1 + c * s1;
                c = cn;
            }
        }
        for (int j = 0; j < m; j++) {
            re[j] /= s.length;
            im[j] /= s.length;
        }
    }

    /** Asymptotic covariance of y_k = log(−log|φ̂(t_k)|²) for SαS(1) (Koutrouvelis, β = 0). */
    static double[][] covY(double[] t, double alpha, int n) {
        int m = t.length;
        double[] ta = new double[m];
        for (int j = 0; j < m; j++) {
            ta[j] = Math.pow(t[j], alpha);
        }
        double[][] c = new double[m][m];
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < m; k++) {
                double a = ta[j] + ta[k] - Math.pow(Math.abs(t[j] - t[k]), alpha);
                double d = ta[j] + ta[k] - Math.pow(t[j] + t[k], alpha);
                c[j][k] = (Math.exp(a) + Math.exp(d) - 2) / (2.0 * n * ta[j] * ta[k]);
            }
        }
        return c;
    }

    /** Asymptotic covariance of arg φ̂(u_l) for SαS(1): e^{u_j^α + u_k^α}(e^{−|u_j − u_k|^α} − e^{−(u_j + u_k)^α})/(2n). */
    static double[][] covZ(double[] u, double alpha, int n) {
        int m = u.length;
        double[] ua = new double[m];
        for (int j = 0; j < m; j++) {
            ua[j] = Math.pow(u[j], alpha);
        }
        double[][] c = new double[m][m];
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < m; k++) {
                c[j][k] = Math.exp(ua[j] + ua[k]) * (Math.exp(-Math.pow(Math.abs(u[j] - u[k]), alpha)) - Math.exp(-Math.pow(u[j] + u[k], alpha)))
                    / (2.0 * n);
            }
        }
        return c;
    }

    /** Weighted least squares with the sandwich covariance of the coefficients under a given covariance of y. */
    private record Regression(double[] b, double[][] cov) {
        static Regression fit(double[][] x, double[] y, double[] w, double[][] sigma) {
            int m = y.length;
            int p = x[0].length;
            double[][] xtwx = new double[p][p];
            double[] xtwy = new double[p];
            for (int i = 0; i < m; i++) {
                for (int a = 0; a < p; a++) {
                    xtwy[a] += x[i][a] * w[i] * y[i];
                    for (int c = 0; c < p; c++) {
                        xtwx[a][c] += x[i][a] * w[i] * x[i][c];
                    }
                }
            }
            double[][] inv = invert(xtwx);
            double[] b = new double[p];
            for (int a = 0; a < p; a++) {
                for (int c = 0; c < p; c++) {
                    b[a] += inv[a][c] * xtwy[c];
                }
            }
            // Meat: (WX)ᵀ Σ (WX).
            double[][] wx = new double[m][p];
            for (int i = 0; i < m; i++) {
                for (int a = 0; a < p; a++) {
                    wx[i][a] = w[i] * x[i][a];
                }
            }
            double[][] meat = new double[p][p];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    double sij = sigma[i][j];
                    for (int a = 0; a < p; a++) {
                        for (int c = 0; c < p; c++) {
                            meat[a][c] += wx[i][a] * sij * wx[j][c];
                        }
                    }
                }
            }
            return new Regression(b, multiply(multiply(inv, meat), inv));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Maximum likelihood

    /** The symmetric maximum-likelihood fit, started from Koutrouvelis's symmetric estimate. */
    public static Estimate maximumLikelihood(double[] x) {
        double[] s = checkedSorted(x);
        Estimate start = koutrouvelis(x, true, mcCullochSorted(s, true));
        return maximumLikelihood(x, start);
    }

    static Estimate maximumLikelihood(double[] x, Estimate start) {
        double sigma0 = start.sigma();
        // Coordinates (a, log σ, δ/σ₀); α = a folded at 2.
        double[] p0 = {start.alpha(), Math.log(start.sigma()), start.delta() / sigma0};
        double seA = Double.isFinite(start.alphaStderr()) ? start.alphaStderr() : 0.02;
        double[] steps = {Math.max(0.01, 2 * seA), 0.02, 0.02};
        NelderMead.Result r = NelderMead.minimise(p -> -logLikelihood(x, fold(p[0]), Math.exp(p[1]), p[2] * sigma0), p0, steps, 1e-7, 1e-6, 600);
        double alpha = fold(r.point()[0]);
        double sigma = Math.exp(r.point()[1]);
        double delta = r.point()[2] * sigma0;
        Estimate e = new Estimate(Method.MAXIMUM_LIKELIHOOD, true, alpha, 0, sigma, delta, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            "observed information", x.length, r.evaluations(), r.converged());
        return observedInformation(x, e);
    }

    private static double fold(double a) {
        return a > 2 ? 4 - a : a;
    }

    private static double logLikelihood(double[] x, double alpha, double sigma, double delta) {
        if (!(alpha >= StableLaw.MIN_ALPHA && alpha <= 2) || !(sigma > 0) || !Double.isFinite(sigma) || !Double.isFinite(delta)) {
            return Double.NEGATIVE_INFINITY;
        }
        return StableLaw.of(alpha, sigma, delta).logLikelihood(x);
    }

    /** Standard errors from the central-difference Hessian of −log L in (α, log σ, δ). */
    private static Estimate observedInformation(double[] x, Estimate e) {
        double h = 0.005;
        double[] c = {e.alpha(), Math.log(e.sigma()), e.delta()};
        double[] steps = {h, h, h * e.sigma()};
        boolean alphaFree = e.alpha() + h <= 2 && e.alpha() - h >= StableLaw.MIN_ALPHA;
        int[] free = alphaFree ? new int[] {0, 1, 2} : new int[] {1, 2};
        int d = free.length;
        double f0 = nll(x, c);
        double[][] hess = new double[d][d];
        for (int i = 0; i < d; i++) {
            int a = free[i];
            double[] pp = c.clone();
            double[] pm = c.clone();
            pp[a] += steps[a];
            pm[a] -= steps[a];
            hess[i][i] = (nll(x, pp) - 2 * f0 + nll(x, pm)) / (steps[a] * steps[a]);
            for (int j = 0; j < i; j++) {
                int b = free[j];
                double[] q1 = c.clone();
                double[] q2 = c.clone();
                double[] q3 = c.clone();
                double[] q4 = c.clone();
                q1[a] += steps[a];
                q1[b] += steps[b];
                q2[a] += steps[a];
                q2[b] -= steps[b];
                q3[a] -= steps[a];
                q3[b] += steps[b];
                q4[a] -= steps[a];
                q4[b] -= steps[b];
                double v = (nll(x, q1) - nll(x, q2) - nll(x, q3) + nll(x, q4)) / (4 * steps[a] * steps[b]);
                hess[i][j] = v;
                hess[j][i] = v;
            }
        }
        double[][] cov;
        try {
            cov = invert(hess);
        } catch (IllegalArgumentException singular) {
            return e.withStderr(Double.NaN, Double.NaN, Double.NaN, Double.NaN, "observed information (singular)");
        }
        double[] se = {Double.NaN, Double.NaN, Double.NaN};
        for (int i = 0; i < d; i++) {
            se[free[i]] = cov[i][i] > 0 ? Math.sqrt(cov[i][i]) : Double.NaN;
        }
        return e.withStderr(se[0], Double.NaN, e.sigma() * se[1], se[2], "observed information");
    }

    private static double nll(double[] x, double[] c) {
        return -logLikelihood(x, c[0], Math.exp(c[1]), c[2]);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bootstrap

    /**
     * The fit by {@code method}, with standard errors replaced by a parametric bootstrap: {@code replicates}
     * samples of the same size from the fitted law (Commons RNG's StableSampler, S0 parameterisation), each refitted
     * by the same method; each standard error is the replicates' sample standard deviation. Replicate b uses its
     * own stream of {@code seed}.
     */
    public static Estimate bootstrapStderr(double[] x, Method method, boolean symmetric, int replicates, long seed) {
        if (replicates < 2) {
            throw new IllegalArgumentException("a bootstrap standard error needs at least 2 replicates, got " + replicates);
        }
        Estimate e = fit(x, method, symmetric);
        int n = x.length;
        double[][] v = new double[4][replicates];
        double[] y = new double[n];
        for (int b = 0; b < replicates; b++) {
            UniformRandomProvider rng = Streams.of(seed, b);
            StableSampler sampler = StableSampler.of(rng, e.alpha(), e.beta(), e.sigma(), e.delta());
            for (int i = 0; i < n; i++) {
                y[i] = sampler.sample();
            }
            Estimate r = fit(y, method, symmetric);
            v[0][b] = r.alpha();
            v[1][b] = r.beta();
            v[2][b] = r.sigma();
            v[3][b] = r.delta();
        }
        return e.withStderr(sd(v[0]), symmetric ? Double.NaN : sd(v[1]), sd(v[2]), sd(v[3]), "parametric bootstrap (B = " + replicates + ")");
    }

    private static double sd(double[] v) {
        double m = 0;
        for (double a : v) {
            m += a;
        }
        m /= v.length;
        double ss = 0;
        for (double a : v) {
            ss += (a - m) * (a - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    /** A sorted copy, after checking the sample (at least 10 finite values). */
    static double[] checkedSorted(double[] x) {
        if (x == null) {
            throw new IllegalArgumentException("the sample is null");
        }
        if (x.length < 10) {
            throw new IllegalArgumentException("a stable fit needs at least 10 values, got " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("the sample has a non-finite value " + x[i] + " at index " + i);
            }
        }
        double[] s = x.clone();
        Arrays.sort(s);
        return s;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        int k = b.length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    s += a[i][l] * b[l][j];
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    /** Inverse of a small matrix by Gauss–Jordan with partial pivoting. */
    static double[][] invert(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        double scale = 0;
        for (double[] row : a) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
                    piv = r;
                }
            }
            if (!(Math.abs(m[piv][col]) > 1e-14 * scale)) {
                throw new IllegalArgumentException("singular matrix");
            }
            double[] tmp = m[piv];
            m[piv] = m[col];
            m[col] = tmp;
            double d = m[col][col];
            for (int j = 0; j < 2 * n; j++) {
                m[col][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = m[r][col];
                    if (f != 0) {
                        for (int j = 0; j < 2 * n; j++) {
                            m[r][j] -= f * m[col][j];
                        }
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }
}
