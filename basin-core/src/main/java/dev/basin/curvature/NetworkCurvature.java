package dev.basin.curvature;

import dev.basin.data.Batch;
import dev.basin.data.Dataset;
import dev.basin.nn.Loss;
import dev.basin.nn.Network;
import dev.basin.numeric.FloatVec;
import java.util.SplittableRandom;

/**
 * Curvature and noise operators of a network's loss F(θ) = (1/n) Σ_i f_i(θ) over a fixed sample of a data set
 * (the first n samples in data-set order, or a seeded random subset), streamed in batches so that any n fits
 * in memory. Products are computed in float32 by the network's passes and accumulated in float64.
 *
 * <ul>
 *   <li>{@link #hessian()}: H v, exact (R-operator);</li>
 *   <li>{@link #gaussNewton()}: G v = Jᵀ ∇²_o ℓ J v;</li>
 *   <li>{@link #finiteDifferenceHessian()}: (∇F(θ + εv) − ∇F(θ − εv)) / 2ε, the cross-check;</li>
 *   <li>{@link #noiseCovariance(int)}: Σ v = (1/S)[(1/n) Σ_i ∇f_i (∇f_iᵀ v) − ḡ (ḡᵀ v)], the covariance of a
 *       size-S minibatch gradient (shared/docs/paper.md §1), without forming per-sample gradients;</li>
 *   <li>{@link #projectedCovariance}: UᵀΣU for a few directions U, from forward-mode passes alone;</li>
 *   <li>{@link #fisherDiagonal()}: (1/n) Σ_i (∇f_i)², the diagonal of the empirical Fisher (ADAM's E[g²]).</li>
 * </ul>
 */
public final class NetworkCurvature {
    private final Network net;
    private final FloatVec theta;
    private final Loss loss;
    private final Dataset data;
    private final int[] indices;
    private final Network.Workspace ws;
    private final Batch batch;
    private final FloatVec dir;
    private final FloatVec out;
    private final double[] dots;
    private double[] meanGradient;
    private double meanLoss = Double.NaN;

    /**
     * @param indices    the samples (data-set indices) that define F
     * @param batchSize  samples per pass (memory: a few activations of this many samples per layer)
     */
    public NetworkCurvature(Network net, FloatVec theta, Loss loss, Dataset data, int[] indices, int batchSize) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("the sample is empty: ask for at least one sample");
        }
        if (theta.length() != net.parameterCount()) {
            throw new IllegalArgumentException("parameter vector has " + theta.length() + " entries, the model has " + net.parameterCount());
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        for (int i : indices) {
            if (i < 0 || i >= data.size()) {
                throw new IllegalArgumentException("sample index " + i + " is outside the data set of " + data.size());
            }
        }
        this.net = net;
        this.theta = theta;
        this.loss = loss;
        this.data = data;
        this.indices = indices.clone();
        int cap = Math.min(batchSize, indices.length);
        this.ws = net.workspace(cap);
        this.batch = Batch.forDataset(data, cap);
        this.dir = net.newParameters();
        this.out = net.newParameters();
        this.dots = new double[cap];
    }

    /** The first n samples in data-set order. */
    public static int[] firstSamples(Dataset data, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the sample is empty: ask for at least one sample, got " + n);
        }
        int m = Math.min(n, data.size());
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = i;
        }
        return idx;
    }

    /** n distinct samples drawn uniformly with {@code seed} (partial Fisher–Yates), in ascending order. */
    public static int[] randomSamples(Dataset data, int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("the sample is empty: ask for at least one sample, got " + n);
        }
        int size = data.size();
        int m = Math.min(n, size);
        int[] perm = new int[size];
        for (int i = 0; i < size; i++) {
            perm[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(size - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] idx = java.util.Arrays.copyOf(perm, m);
        java.util.Arrays.sort(idx);
        return idx;
    }

    public int dim() {
        return net.parameterCount();
    }

    public int samples() {
        return indices.length;
    }

    public Network network() {
        return net;
    }

    /** One pass over the sample: what to do with each batch. */
    private interface BatchPass {
        void run(Batch b);
    }

    private void forEachBatch(BatchPass pass) {
        int cap = ws.capacity();
        for (int start = 0; start < indices.length; start += cap) {
            int b = Math.min(cap, indices.length - start);
            batch.fill(data, indices, start, b);
            pass.run(batch);
        }
    }

    private void setDirection(double[] v) {
        if (v.length != dim()) {
            throw new IllegalArgumentException("direction has " + v.length + " entries, the model has " + dim() + " parameters");
        }
        java.nio.FloatBuffer f = dir.buffer();
        for (int i = 0; i < v.length; i++) {
            f.put(i, (float) v[i]);
        }
    }

    private static void accumulate(FloatVec src, double weight, double[] dst) {
        java.nio.FloatBuffer f = src.buffer();
        for (int i = 0; i < dst.length; i++) {
            dst[i] += weight * f.get(i);
        }
    }

    /** F(θ) and ∇F(θ) over the sample (computed once, then cached). */
    public double[] gradient() {
        if (meanGradient == null) {
            double[] g = new double[dim()];
            double[] value = {0};
            forEachBatch(b -> {
                value[0] += net.lossAndGradient(theta, b, loss, out, ws) * b.size();
                accumulate(out, (double) b.size() / indices.length, g);
            });
            meanLoss = value[0] / indices.length;
            meanGradient = g;
        }
        return meanGradient.clone();
    }

    public double loss() {
        gradient();
        return meanLoss;
    }

    /** An operator on this network's parameter space whose product is {@code product}. */
    private SymmetricOperator fromProduct(java.util.function.BiConsumer<double[], double[]> product) {
        int d = net.parameterCount();
        return new SymmetricOperator() {
            @Override
            public int dim() {
                return d;
            }

            @Override
            public void apply(double[] v, double[] result) {
                product.accept(v, result);
            }
        };
    }

    /** The mean over the sample of the per-batch products of {@code kind}. */
    public SymmetricOperator operator(CurvatureOperator kind) {
        return fromProduct((v, result) -> {
            setDirection(v);
            java.util.Arrays.fill(result, 0);
            forEachBatch(b -> {
                switch (kind) {
                    case HESSIAN -> net.hessianVector(theta, b, loss, dir, out, ws);
                    case GGN -> net.gaussNewtonVector(theta, b, loss, dir, out, ws);
                }
                accumulate(out, (double) b.size() / indices.length, result);
            });
        });
    }

    /** The Hessian of F, exact products. */
    public SymmetricOperator hessian() {
        return operator(CurvatureOperator.HESSIAN);
    }

    /** The generalised Gauss–Newton matrix of F. */
    public SymmetricOperator gaussNewton() {
        return operator(CurvatureOperator.GGN);
    }

    /**
     * Central differences of the float32 gradient: ε = ∛(2⁻²³) · rms(θ)/rms(v) (the step that balances the
     * O(ε²) truncation error against the O(u/ε) rounding error of float32 gradients, u = 2⁻²³, for a
     * perturbation at the scale of the parameters).
     */
    public SymmetricOperator finiteDifferenceHessian() {
        FloatVec shifted = net.newParameters();
        double thetaRms = Math.sqrt(theta.dot(theta) / Math.max(1, dim()));
        return fromProduct((v, result) -> {
            double vRms = Vectors.norm(v) / Math.sqrt(v.length);
            if (vRms == 0) {
                java.util.Arrays.fill(result, 0);
                return;
            }
            double eps = Math.cbrt(0x1.0p-23) * Math.max(thetaRms, 1e-3) / vRms;
            java.util.Arrays.fill(result, 0);
            for (int sign : new int[] {1, -1}) {
                java.nio.FloatBuffer s = shifted.buffer();
                java.nio.FloatBuffer t = theta.buffer();
                for (int i = 0; i < v.length; i++) {
                    s.put(i, (float) (t.get(i) + sign * eps * v[i]));
                }
                forEachBatch(b -> {
                    net.lossAndGradient(shifted, b, loss, out, ws);
                    accumulate(out, sign * (double) b.size() / indices.length / (2 * eps), result);
                });
            }
        });
    }

    /**
     * Σ v = (1/S)[(1/n) Σ_i ∇f_i (∇f_iᵀ v) − ḡ (ḡᵀ v)]: the covariance of the mean gradient of S samples drawn
     * from this sample (with replacement), the paper's Σ_t.
     */
    public SymmetricOperator noiseCovariance(int minibatch) {
        if (minibatch < 1) {
            throw new IllegalArgumentException("minibatch size S must be >= 1, got " + minibatch);
        }
        double[] g = gradient();
        return fromProduct((v, result) -> {
            setDirection(v);
            java.util.Arrays.fill(result, 0);
            forEachBatch(b -> {
                net.sampleOuterProductVector(theta, b, loss, dir, out, dots, ws);
                accumulate(out, 1.0 / indices.length, result);
            });
            double gv = Vectors.dot(g, v);
            for (int i = 0; i < result.length; i++) {
                result[i] = (result[i] - g[i] * gv) / minibatch;
            }
        });
    }

    /**
     * Per-sample directional derivatives a_ij = ∇f_iᵀ u_j for each direction (rows of {@code u}), one
     * forward-mode pass per direction: [direction][sample].
     */
    public double[][] directionalDerivatives(double[][] u) {
        double[][] a = new double[u.length][indices.length];
        for (int j = 0; j < u.length; j++) {
            setDirection(u[j]);
            int[] pos = {0};
            double[] row = a[j];
            forEachBatch(b -> {
                net.directionalDerivatives(theta, b, loss, dir, dots, ws);
                System.arraycopy(dots, 0, row, pos[0], b.size());
                pos[0] += b.size();
            });
        }
        return a;
    }

    /**
     * UᵀΣU (k × k) for directions u_j (rows of {@code u}, any d-vectors): (1/S)[(1/n) Σ_i a_ij a_il − ā_j ā_l]
     * with a_ij = ∇f_iᵀ u_j and ā_j = (1/n) Σ_i a_ij = ḡᵀu_j — forward-mode passes only.
     */
    public double[][] projectedCovariance(double[][] u, int minibatch) {
        if (minibatch < 1) {
            throw new IllegalArgumentException("minibatch size S must be >= 1, got " + minibatch);
        }
        double[][] a = directionalDerivatives(u);
        int k = u.length;
        int n = indices.length;
        double[] mean = new double[k];
        for (int j = 0; j < k; j++) {
            for (double x : a[j]) {
                mean[j] += x;
            }
            mean[j] /= n;
        }
        double[][] c = new double[k][k];
        for (int j = 0; j < k; j++) {
            for (int l = 0; l <= j; l++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += a[j][i] * a[l][i];
                }
                c[j][l] = c[l][j] = (s / n - mean[j] * mean[l]) / minibatch;
            }
        }
        return c;
    }

    /** (1/n) Σ_i (∇f_i)² elementwise. */
    public double[] fisherDiagonal() {
        FloatVec acc = net.newParameters();
        double[] result = new double[dim()];
        forEachBatch(b -> {
            acc.fill(0f);
            net.addSquaredSampleGradients(theta, b, loss, acc, ws);
            accumulate(acc, 1.0 / indices.length, result);
        });
        return result;
    }
}
