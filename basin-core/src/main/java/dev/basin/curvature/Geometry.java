package dev.basin.curvature;

import dev.basin.data.Dataset;
import dev.basin.nn.Loss;
import dev.basin.nn.Network;
import dev.basin.nn.ParamTensor;
import dev.basin.numeric.FloatVec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The loss landscape around and between parameter vectors: linear interpolation θ(β) = (1 − β)θ_a + βθ_b
 * (Goodfellow et al.; the paper's Fig. 3, right), random-direction slices with filter or layer normalisation
 * (Li et al. 2018), and flatness as the expected loss increase under Gaussian weight perturbation.
 * Every evaluation is the mean loss and accuracy over the first {@code count} samples of a data set.
 */
public final class Geometry {
    /** Loss and accuracy at one point of a path or grid. */
    public record Point(double x, double y, double loss, double accuracy) {
    }

    /** How a random direction is scaled to the parameters it perturbs. */
    public enum Normalization {
        /** Each filter (row of a weight matrix: one output unit's incoming weights) gets the norm of θ's row; biases 0. */
        FILTER,
        /** Each weight tensor gets the norm of θ's tensor; biases 0. */
        LAYER,
        /** The raw Gaussian direction. */
        NONE;

        /** The name in specs and on the command line: "filter", "layer", "none". */
        @com.fasterxml.jackson.annotation.JsonValue
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Normalization byName(String name) {
            for (Normalization n : values()) {
                if (n.key().equalsIgnoreCase(name)) {
                    return n;
                }
            }
            throw new IllegalArgumentException("unknown normalization '" + name + "'; choose filter, layer or none");
        }
    }

    /** {@code points} evenly spaced values from {@code from} to {@code to}, both included (points &gt;= 2, to &gt; from). */
    public static double[] grid(double from, double to, int points) {
        if (points < 2 || !(to > from)) {
            throw new IllegalArgumentException("need points >= 2 and to > from, got " + points + " points on [" + from + ", " + to + "]");
        }
        double[] r = new double[points];
        for (int i = 0; i < points; i++) {
            r[i] = from + (to - from) * i / (points - 1);
        }
        return r;
    }

    /**
     * E[F(θ + σε)] − F(θ) over Gaussian ε ~ N(0, I), with the standard error of the mean over perturbations.
     */
    public record Flatness(double sigma, double baseLoss, double meanIncrease, double stderr, int perturbations) {
    }

    private final Network net;
    private final Loss loss;
    private final Dataset data;
    private final int count;
    private final Network.Workspace ws;
    private final FloatVec point;

    public Geometry(Network net, Loss loss, Dataset data, int count, int batchSize) {
        if (count < 1) {
            throw new IllegalArgumentException("the sample is empty: ask for at least one sample, got " + count);
        }
        this.net = net;
        this.loss = loss;
        this.data = data;
        this.count = Math.min(count, data.size());
        this.ws = net.workspace(Math.max(1, Math.min(batchSize, this.count)));
        this.point = net.newParameters();
    }

    private Network.Evaluation eval(FloatVec theta) {
        return net.evaluate(theta, data, count, loss, ws);
    }

    /** Loss and accuracy at θ(β) = (1 − β)θ_a + βθ_b for each β (any real β: β &lt; 0 or &gt; 1 extrapolates). */
    public List<Point> interpolate(FloatVec a, FloatVec b, double[] betas) {
        check(a);
        check(b);
        List<Point> out = new ArrayList<>();
        java.nio.FloatBuffer pa = a.buffer();
        java.nio.FloatBuffer pb = b.buffer();
        java.nio.FloatBuffer p = point.buffer();
        for (double beta : betas) {
            for (int i = 0; i < point.length(); i++) {
                p.put(i, (float) ((1 - beta) * pa.get(i) + beta * pb.get(i)));
            }
            Network.Evaluation e = eval(point);
            out.add(new Point(beta, Double.NaN, e.loss(), e.accuracy()));
        }
        return out;
    }

    /**
     * The largest loss on the segment θ_a → θ_b above the straight line between its ends (the barrier), from
     * {@code points} evenly spaced evaluations including both ends.
     */
    public double barrier(FloatVec a, FloatVec b, int points) {
        double[] betas = new double[points];
        for (int i = 0; i < points; i++) {
            betas[i] = (double) i / (points - 1);
        }
        List<Point> path = interpolate(a, b, betas);
        double la = path.get(0).loss();
        double lb = path.get(points - 1).loss();
        double worst = 0;
        for (Point pt : path) {
            worst = Math.max(worst, pt.loss() - ((1 - pt.x()) * la + pt.x() * lb));
        }
        return worst;
    }

    /** A Gaussian direction (seeded), normalised to θ as asked. */
    public FloatVec randomDirection(FloatVec theta, Normalization norm, long seed) {
        check(theta);
        FloatVec d = net.newParameters();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < d.length(); i++) {
            d.set(i, (float) rng.nextGaussian());
        }
        if (norm == Normalization.NONE) {
            return d;
        }
        for (ParamTensor t : net.tensors()) {
            int[] shape = t.shape();
            if (shape.length < 2) {
                for (int i = 0; i < t.length(); i++) {
                    d.set(t.offset() + i, 0f);
                }
                continue;
            }
            int rows = norm == Normalization.FILTER ? shape[0] : 1;
            int len = t.length() / rows;
            for (int r = 0; r < rows; r++) {
                int off = t.offset() + r * len;
                double nd = 0;
                double nt = 0;
                for (int i = 0; i < len; i++) {
                    nd += (double) d.get(off + i) * d.get(off + i);
                    nt += (double) theta.get(off + i) * theta.get(off + i);
                }
                float s = nd == 0 ? 0f : (float) Math.sqrt(nt / nd);
                for (int i = 0; i < len; i++) {
                    d.set(off + i, d.get(off + i) * s);
                }
            }
        }
        return d;
    }

    /** Loss and accuracy at θ + α d for each α. */
    public List<Point> slice1d(FloatVec theta, FloatVec d, double[] alphas) {
        return surface(theta, d, null, alphas, new double[] {0});
    }

    /** Loss and accuracy at θ + α d1 + β d2 over the grid (α outer, β inner). */
    public List<Point> surface(FloatVec theta, FloatVec d1, FloatVec d2, double[] alphas, double[] betas) {
        check(theta);
        check(d1);
        if (d2 != null) {
            check(d2);
        }
        List<Point> out = new ArrayList<>();
        java.nio.FloatBuffer t = theta.buffer();
        java.nio.FloatBuffer a = d1.buffer();
        java.nio.FloatBuffer b = d2 == null ? null : d2.buffer();
        java.nio.FloatBuffer p = point.buffer();
        for (double x : alphas) {
            for (double y : betas) {
                for (int i = 0; i < point.length(); i++) {
                    double v = t.get(i) + x * a.get(i);
                    if (b != null) {
                        v += y * b.get(i);
                    }
                    p.put(i, (float) v);
                }
                Network.Evaluation e = eval(point);
                out.add(new Point(x, d2 == null ? Double.NaN : y, e.loss(), e.accuracy()));
            }
        }
        return out;
    }

    /** E[F(θ + σε)] − F(θ) over {@code perturbations} Gaussian draws ε ~ N(0, I) (seeded). */
    public Flatness flatness(FloatVec theta, double sigma, int perturbations, long seed) {
        check(theta);
        if (!(sigma > 0) || perturbations < 2) {
            throw new IllegalArgumentException("flatness needs sigma > 0 and at least 2 perturbations, got " + sigma + " and " + perturbations);
        }
        double base = eval(theta).loss();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] inc = new double[perturbations];
        java.nio.FloatBuffer t = theta.buffer();
        java.nio.FloatBuffer p = point.buffer();
        for (int k = 0; k < perturbations; k++) {
            for (int i = 0; i < point.length(); i++) {
                p.put(i, (float) (t.get(i) + sigma * rng.nextGaussian()));
            }
            inc[k] = eval(point).loss() - base;
        }
        dev.basin.numeric.Stats.Mean m = dev.basin.numeric.Stats.mean(inc);
        return new Flatness(sigma, base, m.mean(), m.stderr(), perturbations);
    }

    private void check(FloatVec v) {
        if (v.length() != net.parameterCount()) {
            throw new IllegalArgumentException("parameter vector has " + v.length() + " entries, the model has " + net.parameterCount());
        }
    }
}
