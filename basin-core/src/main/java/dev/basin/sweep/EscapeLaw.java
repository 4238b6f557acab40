package dev.basin.sweep;

import java.util.List;

/**
 * Which law the mean exit time follows over a sweep of learning rate η and batch B: the Lévy prediction, a power
 * law in the rate (mean exit ∝ η^−α at a fixed basin), or the Gaussian-noise prediction of Xie, Sato &amp; Sugiyama
 * (2021), an exponential in B/η (mean exit ∝ exp(k·B/η)). Each is fitted to right-censored exit times by maximum
 * likelihood with the exit time of a run at (η, B) exponentially distributed with mean m(η, B): an exit seen at t
 * adds log(1/m) − t/m to the log-likelihood, a run censored at t adds −t/m. With log m = a + b·x (x = −log η for the
 * power law, x = B/η for the exponential) that is a censored exponential regression; it is maximised by Newton's
 * method, and the intervals are ±1.96 standard errors from the observed information. Both laws have two parameters,
 * so their AIC difference is twice their log-likelihood difference.
 */
public final class EscapeLaw {
    /** One run: its rate, batch, time (exit, or where it was censored) and whether the exit was seen. */
    public record Run(double lr, int batch, double time, boolean exited) {
    }

    /**
     * The runs of a group that shares (η, B) from its summary alone: {@code runs} runs of which {@code exits} exited,
     * their exit or censoring times summing to {@code totalTime}. The censored exponential likelihood depends on a group's
     * runs only through its exit count and total time, so these runs (each at totalTime / runs) give the same fit as the
     * runs themselves (tested); an SDE escape table's restricted mean times its trajectories is that total.
     */
    public static List<Run> pooled(double lr, int batch, int runs, int exits, double totalTime) {
        if (runs < 1 || exits < 0 || exits > runs || !(totalTime >= 0)) {
            throw new IllegalArgumentException("a group needs runs >= 1, 0 <= exits <= runs and a total time >= 0, got " + runs + ", " + exits + ", " + totalTime);
        }
        List<Run> out = new java.util.ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            out.add(new Run(lr, batch, totalTime / runs, i < exits));
        }
        return out;
    }

    /** A fitted law: log m = a + b·x; b is α for the power law, k for the exponential. */
    public record Fit(String law, double a, double aStderr, double b, double bStderr, double logLikelihood, double aic, int runs, int exits) {
        public double bLo() {
            return b - 1.96 * bStderr;
        }

        public double bHi() {
            return b + 1.96 * bStderr;
        }
    }

    /** Both fits and the verdict. */
    public record Comparison(Fit powerLaw, Fit exponential, String better, double deltaAic) {
    }

    public static final String POWER = "power law in lr (Levy): mean exit = exp(a) * lr^-b";
    public static final String EXPONENTIAL = "exponential in batch/lr (Gaussian): mean exit = exp(a + b * batch/lr)";

    private EscapeLaw() {
    }

    /** Fits both laws; the better is the one with the lower AIC (a difference under 2 is called "neither clearly"). */
    public static Comparison compare(List<Run> runs) {
        Fit p = fit(POWER, runs, r -> -Math.log(r.lr()));
        Fit e = fit(EXPONENTIAL, runs, r -> r.batch() / r.lr());
        double d = e.aic() - p.aic();
        String better = Math.abs(d) < 2 ? "neither clearly (|delta AIC| < 2)" : d > 0 ? "power law (Levy)" : "exponential (Gaussian)";
        return new Comparison(p, e, better, d);
    }

    /** The censored exponential regression of log mean on x. */
    public static Fit fit(String law, List<Run> runs, java.util.function.ToDoubleFunction<Run> covariate) {
        int n = runs.size();
        double[] x = new double[n];
        double[] t = new double[n];
        double[] d = new double[n];
        int exits = 0;
        double mx = 0;
        for (int i = 0; i < n; i++) {
            x[i] = covariate.applyAsDouble(runs.get(i));
            t[i] = runs.get(i).time();
            d[i] = runs.get(i).exited() ? 1 : 0;
            exits += runs.get(i).exited() ? 1 : 0;
            mx += x[i] / n;
        }
        if (exits == 0) {
            throw new IllegalArgumentException("no run exited: the exit-time law cannot be fitted (raise the cap)");
        }
        // centre x for a well-conditioned Newton iteration: log m = c + b (x - mx)
        double sx = 0;
        for (int i = 0; i < n; i++) {
            sx += (x[i] - mx) * (x[i] - mx);
        }
        double scale = sx > 0 ? Math.sqrt(sx / n) : 1;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = (x[i] - mx) / scale;
        }
        double sumT = 0;
        for (double v : t) {
            sumT += v;
        }
        double c = Math.log(sumT / exits);
        double b = 0;
        double[][] info = new double[2][2];
        for (int iter = 0; iter < 200; iter++) {
            // ll = Σ [-d (c + b z) - t exp(-(c + b z))]
            double g0 = 0;
            double g1 = 0;
            double h00 = 0;
            double h01 = 0;
            double h11 = 0;
            for (int i = 0; i < n; i++) {
                double w = t[i] * Math.exp(-(c + b * z[i]));
                g0 += w - d[i];
                g1 += (w - d[i]) * z[i];
                h00 += w;
                h01 += w * z[i];
                h11 += w * z[i] * z[i];
            }
            double det = h00 * h11 - h01 * h01;
            if (!(det > 0)) {
                break;
            }
            double dc = (h11 * g0 - h01 * g1) / det;
            double db = (h00 * g1 - h01 * g0) / det;
            // damped step: at most 2 in either coordinate
            double f = Math.min(1, 2 / Math.max(Math.abs(dc), Math.abs(db)));
            c += f * dc;
            b += f * db;
            info = new double[][] {{h00, h01}, {h01, h11}};
            if (Math.abs(dc) + Math.abs(db) < 1e-10) {
                break;
            }
        }
        double ll = 0;
        double h00 = 0;
        double h01 = 0;
        double h11 = 0;
        for (int i = 0; i < n; i++) {
            double eta = c + b * z[i];
            double w = t[i] * Math.exp(-eta);
            ll += -d[i] * eta - w;
            h00 += w;
            h01 += w * z[i];
            h11 += w * z[i] * z[i];
        }
        double det = h00 * h11 - h01 * h01;
        double vc = h11 / det;
        double vb = h00 / det;
        double cov = -h01 / det;
        // back to x: log m = (c - b mx / scale) + (b / scale) x
        double bx = b / scale;
        double ax = c - b * mx / scale;
        double vbx = vb / (scale * scale);
        double k = mx / scale;
        double vax = vc + k * k * vb - 2 * k * cov;
        return new Fit(law, ax, Math.sqrt(vax), bx, Math.sqrt(vbx), ll, 2 * 2 - 2 * ll, n, exits);
    }
}
