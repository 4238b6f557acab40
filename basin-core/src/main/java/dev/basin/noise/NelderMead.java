package dev.basin.noise;

import java.util.function.ToDoubleFunction;

/**
 * Minimises a function of a few variables by the Nelder–Mead simplex (reflection 1, expansion 2, contraction ½,
 * shrink ½). Bounds are the caller's: it minimises over an unconstrained reparameterisation or returns +∞
 * outside the domain. Stops when the simplex's function values agree to {@code fTol} (absolute) and its vertices
 * to {@code xTol} (in every coordinate), or after {@code maxEvaluations}.
 */
final class NelderMead {
    /** The best vertex, its value, evaluations used, and whether the tolerances were met. */
    record Result(double[] point, double value, int evaluations, boolean converged) {
    }

    private NelderMead() {
    }

    static Result minimise(ToDoubleFunction<double[]> f, double[] start, double[] steps, double fTol, double xTol, int maxEvaluations) {
        int d = start.length;
        double[][] x = new double[d + 1][];
        double[] fx = new double[d + 1];
        x[0] = start.clone();
        fx[0] = f.applyAsDouble(x[0]);
        int evals = 1;
        for (int i = 0; i < d; i++) {
            x[i + 1] = start.clone();
            x[i + 1][i] += steps[i];
            fx[i + 1] = f.applyAsDouble(x[i + 1]);
            evals++;
        }
        boolean converged = false;
        while (evals < maxEvaluations) {
            sort(x, fx);
            double spread = fx[d] - fx[0];
            double width = 0;
            for (int i = 1; i <= d; i++) {
                for (int j = 0; j < d; j++) {
                    width = Math.max(width, Math.abs(x[i][j] - x[0][j]));
                }
            }
            if (spread <= fTol && width <= xTol) {
                converged = true;
                break;
            }
            double[] centroid = new double[d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    centroid[j] += x[i][j] / d;
                }
            }
            double[] xr = along(centroid, x[d], -1);
            double fr = f.applyAsDouble(xr);
            evals++;
            if (fr < fx[0]) {
                double[] xe = along(centroid, x[d], -2);
                double fe = f.applyAsDouble(xe);
                evals++;
                if (fe < fr) {
                    x[d] = xe;
                    fx[d] = fe;
                } else {
                    x[d] = xr;
                    fx[d] = fr;
                }
            } else if (fr < fx[d - 1]) {
                x[d] = xr;
                fx[d] = fr;
            } else {
                boolean outside = fr < fx[d];
                double[] xc = outside ? along(centroid, x[d], -0.5) : along(centroid, x[d], 0.5);
                double fc = f.applyAsDouble(xc);
                evals++;
                if (fc < Math.min(fr, fx[d])) {
                    x[d] = xc;
                    fx[d] = fc;
                } else {
                    for (int i = 1; i <= d; i++) {
                        for (int j = 0; j < d; j++) {
                            x[i][j] = x[0][j] + 0.5 * (x[i][j] - x[0][j]);
                        }
                        fx[i] = f.applyAsDouble(x[i]);
                        evals++;
                    }
                }
            }
        }
        sort(x, fx);
        return new Result(x[0], fx[0], evals, converged);
    }

    /** centroid + t (worst − centroid). */
    private static double[] along(double[] centroid, double[] worst, double t) {
        double[] out = new double[centroid.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = centroid[j] + t * (worst[j] - centroid[j]);
        }
        return out;
    }

    private static void sort(double[][] x, double[] fx) {
        for (int i = 1; i < fx.length; i++) {
            double[] xi = x[i];
            double fi = fx[i];
            int j = i - 1;
            // NaN sorts last.
            while (j >= 0 && (fx[j] > fi || (Double.isNaN(fx[j]) && !Double.isNaN(fi)))) {
                x[j + 1] = x[j];
                fx[j + 1] = fx[j];
                j--;
            }
            x[j + 1] = xi;
            fx[j + 1] = fi;
        }
    }
}
