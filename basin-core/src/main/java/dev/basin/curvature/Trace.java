package dev.basin.curvature;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stochastic trace estimators with standard errors, float64: Hutchinson (mean of zᵀAz over Rademacher z) and
 * Hutch++ (Meyer et al. 2021: the exact trace on a sketched top subspace plus Hutchinson on the rest, which
 * has far less variance when a few eigenvalues dominate).
 */
public final class Trace {
    /** The estimate, its standard error, the probes behind the error and the operator applications used. */
    public record Estimate(double value, double stderr, int probes, int matvecs) {
    }

    private Trace() {
    }

    public static Estimate hutchinson(SymmetricOperator op, int probes, long seed) {
        if (probes < 2) {
            throw new IllegalArgumentException("need at least 2 probes for a standard error, got " + probes);
        }
        int d = op.dim();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] az = new double[d];
        double[] samples = new double[probes];
        for (int p = 0; p < probes; p++) {
            double[] z = Vectors.rademacher(d, rng);
            op.apply(z, az);
            samples[p] = Vectors.dot(z, az);
        }
        return summarise(samples, 0, probes);
    }

    /**
     * Hutch++ with {@code matvecs} operator applications (rounded down to a multiple of 3): a third sketch
     * S, Q = orth(AS); tr(QᵀAQ) exactly (a third); Hutchinson on (I − QQᵀ)A(I − QQᵀ) with the last third.
     * The standard error is that of the Hutchinson part.
     */
    public static Estimate hutchPlusPlus(SymmetricOperator op, int matvecs, long seed) {
        int k = matvecs / 3;
        if (k < 2) {
            throw new IllegalArgumentException("Hutch++ needs at least 6 operator applications, got " + matvecs);
        }
        int d = op.dim();
        k = Math.min(k, d);
        SplittableRandom rng = new SplittableRandom(seed);
        List<double[]> q = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double[] y = new double[d];
            op.apply(Vectors.rademacher(d, rng), y);
            for (int pass = 0; pass < 2; pass++) {
                for (double[] u : q) {
                    Vectors.axpy(-Vectors.dot(u, y), u, y);
                }
            }
            double n = Vectors.norm(y);
            if (n > 1e-12) {
                Vectors.scale(1 / n, y);
                q.add(y);
            }
        }
        double exact = 0;
        double[] aq = new double[d];
        for (double[] u : q) {
            op.apply(u, aq);
            exact += Vectors.dot(u, aq);
        }
        double[] samples = new double[k];
        double[] az = new double[d];
        for (int p = 0; p < k; p++) {
            double[] z = Vectors.rademacher(d, rng);
            for (double[] u : q) {
                Vectors.axpy(-Vectors.dot(u, z), u, z);
            }
            op.apply(z, az);
            for (double[] u : q) {
                Vectors.axpy(-Vectors.dot(u, az), u, az);
            }
            samples[p] = Vectors.dot(z, az);
        }
        return summarise(samples, exact, 3 * k);
    }

    private static Estimate summarise(double[] samples, double offset, int matvecs) {
        dev.basin.numeric.Stats.Mean m = dev.basin.numeric.Stats.mean(samples);
        return new Estimate(offset + m.mean(), m.stderr(), samples.length, matvecs);
    }
}
