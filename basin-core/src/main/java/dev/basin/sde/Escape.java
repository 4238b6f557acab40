package dev.basin.sde;

import java.util.ArrayList;
import java.util.List;

/**
 * Escape from a basin under the paper's SGD SDE (eq. 4), dθ = −∇F dt + ε Σ dL, measured by Monte Carlo and
 * set beside the theory, for several tail indices α.
 *
 * <ul>
 *   <li>{@code interval}: F = ½x² in one dimension, basin (−b, a), Σ = σ; prediction: the interval law.</li>
 *   <li>{@code quadratic}: F = ½ Σ h_i y_i², basin {F &lt; height}, Σ = diag(σ_i); prediction:
 *       α ε^{−α} / (2 C_α Σ_i (A_ii / h_f)^{α/2}) with A = ΣHΣ and h_f = 2·height.</li>
 * </ul>
 */
public final class Escape {
    /** A basin: its dimension, gradient, membership and the predicted mean exit time for (α, ε). */
    public interface Basin {
        int dim();

        void gradient(double[] x, double[] g);

        boolean inside(double[] x);

        NoiseShape noise();

        double predictedMeanExit(double alpha, double epsilon);

        String describe();
    }

    public static Basin interval(double a, double b, double sigma) {
        if (!(a > 0) || !(b > 0) || !(sigma > 0)) {
            throw new IllegalArgumentException("interval needs a > 0, b > 0 and sigma > 0, got " + a + ", " + b + ", " + sigma);
        }
        return new Basin() {
            public int dim() {
                return 1;
            }

            public void gradient(double[] x, double[] g) {
                g[0] = x[0];
            }

            public boolean inside(double[] x) {
                return x[0] > -b && x[0] < a;
            }

            public NoiseShape noise() {
                return NoiseShape.isotropic(1, sigma);
            }

            public double predictedMeanExit(double alpha, double epsilon) {
                return Theory.intervalMeanExit(a, b, epsilon, sigma, alpha);
            }

            public String describe() {
                return "interval F = x^2/2 on (-" + b + ", " + a + "), sigma " + sigma;
            }
        };
    }

    public static Basin quadratic(double[] curvatures, double height, double[] sigmas) {
        if (curvatures.length != sigmas.length || curvatures.length == 0) {
            throw new IllegalArgumentException("need one sigma per curvature, got " + curvatures.length + " curvatures and " + sigmas.length + " sigmas");
        }
        for (int i = 0; i < curvatures.length; i++) {
            if (!(curvatures[i] > 0) || !(sigmas[i] > 0)) {
                throw new IllegalArgumentException("curvatures and sigmas must be positive");
            }
        }
        if (!(height > 0)) {
            throw new IllegalArgumentException("basin height must be positive, got " + height);
        }
        double[] hs = curvatures.clone();
        double[] ss = sigmas.clone();
        double[] a = new double[hs.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = ss[i] * hs[i] * ss[i];
        }
        return new Basin() {
            public int dim() {
                return hs.length;
            }

            public void gradient(double[] x, double[] g) {
                for (int i = 0; i < hs.length; i++) {
                    g[i] = hs[i] * x[i];
                }
            }

            public boolean inside(double[] x) {
                double f = 0;
                for (int i = 0; i < hs.length; i++) {
                    f += 0.5 * hs[i] * x[i] * x[i];
                }
                return f < height;
            }

            public NoiseShape noise() {
                return NoiseShape.diagonal(ss);
            }

            public double predictedMeanExit(double alpha, double epsilon) {
                return Theory.quadraticMeanExit(a, 2 * height, epsilon, alpha);
            }

            public String describe() {
                return "quadratic F = sum h_i y_i^2 / 2, h = " + java.util.Arrays.toString(hs) + ", height " + height + ", sigma = "
                        + java.util.Arrays.toString(ss);
            }
        };
    }

    /** Measured against predicted for one α. */
    public record Row(double alpha, double epsilon, int trajectories, double mean, double stderr, double median, int censored,
                      double predicted, double ksD, double ksP) {
        public double ratio() {
            return mean / predicted;
        }
    }

    private Escape() {
    }

    /** Dynamics names accepted by {@link #run}. */
    public static final List<String> DYNAMICS = List.of("sde", "sgd", "sgdm", "adam");

    /**
     * Simulates {@code trajectories} exits from the minimum for each α, on {@code threads} threads, capped at
     * {@code capSteps} steps. Dynamics "sde": Euler–Maruyama with step h and noise scale ε; "sgd", "sgdm",
     * "adam": the discrete algorithms with learning rate η = h on g = ∇F + shaped SαS noise (momentum 0.9;
     * ADAM β = (0.9, 0.999), ε = 1e-8). Times are in units of h (iterations × η). The theory's prediction is
     * given for "sde" and for "sgd" (the Euler scheme with h = η and ε = η^{(α−1)/α}); NaN otherwise.
     */
    public static List<Row> run(Basin basin, String dynamics, double[] alphas, double epsilon, double h, int trajectories, long capSteps,
                                long seed, int threads) {
        List<Row> rows = new ArrayList<>();
        for (double alpha : alphas) {
            java.util.function.Supplier<ExitTimes.Step> steps;
            double eps;
            switch (dynamics) {
                case "sde" -> {
                    steps = ExitTimes.sgdSde(basin::gradient, basin.noise(), epsilon, h, alpha);
                    eps = epsilon;
                }
                case "sgd" -> {
                    steps = ExitTimes.sgdDiscrete(basin::gradient, basin.noise(), h);
                    eps = Theory.epsilon(h, alpha);
                }
                case "sgdm" -> {
                    steps = ExitTimes.sgdmDiscrete(basin::gradient, basin.noise(), h, 0.9);
                    eps = Double.NaN;
                }
                case "adam" -> {
                    steps = ExitTimes.adamDiscrete(basin::gradient, basin.noise(), h, 0.9, 0.999, 1e-8);
                    eps = Double.NaN;
                }
                default -> throw new IllegalArgumentException("unknown dynamics '" + dynamics + "'; choose one of " + DYNAMICS);
            }
            ExitTimes.Result r = ExitTimes.simulate(trajectories, new double[basin.dim()], alpha, seed, capSteps, h, steps, basin::inside, threads);
            double[] ks = r.ksAgainstExponential();
            double predicted = Double.isNaN(eps) ? Double.NaN : basin.predictedMeanExit(alpha, eps);
            rows.add(new Row(alpha, eps, trajectories, r.mean(), r.stderr(), r.median(), r.censoredCount(), predicted, ks[0], ks[1]));
        }
        return rows;
    }
}
