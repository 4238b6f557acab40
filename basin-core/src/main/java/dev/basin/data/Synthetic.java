package dev.basin.data;

import java.util.SplittableRandom;

/** Synthetic data sets with known structure, for tests and quick experiments. */
public final class Synthetic {
    private Synthetic() {
    }

    /**
     * A Gaussian mixture: class c has mean μ_c (drawn once, N(0, I)·separation/√dim per coordinate
     * so that ‖μ_c‖ ≈ separation) and samples x = μ_c + noise·N(0, I). Labels cycle 0, 1, …, classes−1
     * so the classes are balanced. The means depend only on {@code seed}; the samples on
     * ({@code seed}, {@code stream}), so train and test sets share means but not points.
     */
    public static DenseDataset gaussianMixture(String name, int n, int dim, int classes, double separation,
                                               double noise, long seed, long stream) {
        if (n < 1 || dim < 1 || classes < 2) {
            throw new IllegalArgumentException("gaussian mixture needs n >= 1, dim >= 1, classes >= 2");
        }
        SplittableRandom meansRng = new SplittableRandom(seed);
        double[][] mu = new double[classes][dim];
        double s = separation / Math.sqrt(dim);
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < dim; j++) {
                mu[c][j] = s * gaussian(meansRng);
            }
        }
        SplittableRandom rng = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (stream + 1)));
        float[] x = new float[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            y[i] = c;
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = (float) (mu[c][j] + noise * gaussian(rng));
            }
        }
        return new DenseDataset(name, x, dim, y, classes, null, 0);
    }

    /**
     * Teacher–student regression: inputs x ~ N(0, I); a fixed random teacher
     * f(x) = V tanh(W x / √dim) with W [hidden×dim], V [outputs×hidden] ~ N(0, 1/hidden) drawn from
     * {@code seed}; targets t = f(x) + noise·N(0, I); labels = arg max of f(x) (so the set can also be
     * used for classification).
     */
    public static DenseDataset teacherStudent(String name, int n, int dim, int hidden, int outputs, double noise,
                                              long seed, long stream) {
        if (n < 1 || dim < 1 || hidden < 1 || outputs < 2) {
            throw new IllegalArgumentException("teacher-student needs n, dim, hidden >= 1 and outputs >= 2");
        }
        SplittableRandom teacher = new SplittableRandom(seed);
        double[] w = new double[hidden * dim];
        double[] v = new double[outputs * hidden];
        for (int i = 0; i < w.length; i++) {
            w[i] = gaussian(teacher);
        }
        double vs = 1.0 / Math.sqrt(hidden);
        for (int i = 0; i < v.length; i++) {
            v[i] = vs * gaussian(teacher);
        }
        SplittableRandom rng = new SplittableRandom(seed ^ (0xD1B54A32D192ED03L * (stream + 1)));
        float[] x = new float[n * dim];
        float[] t = new float[n * outputs];
        int[] y = new int[n];
        double[] h = new double[hidden];
        double inv = 1.0 / Math.sqrt(dim);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = (float) gaussian(rng);
            }
            for (int a = 0; a < hidden; a++) {
                double z = 0;
                for (int j = 0; j < dim; j++) {
                    z += w[a * dim + j] * x[i * dim + j];
                }
                h[a] = Math.tanh(z * inv);
            }
            int best = 0;
            double bestV = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < outputs; o++) {
                double f = 0;
                for (int a = 0; a < hidden; a++) {
                    f += v[o * hidden + a] * h[a];
                }
                if (f > bestV) {
                    bestV = f;
                    best = o;
                }
                t[i * outputs + o] = (float) (f + noise * gaussian(rng));
            }
            y[i] = best;
        }
        return new DenseDataset(name, x, dim, y, outputs, t, outputs);
    }

    /** A standard normal draw (Box–Muller; one of the pair is discarded to keep the stream simple). */
    static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }
}
