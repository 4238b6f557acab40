package dev.basin.noise;

import dev.basin.data.Batch;
import dev.basin.data.Dataset;
import dev.basin.nn.Loss;
import dev.basin.nn.Network;
import dev.basin.nn.ParamTensor;
import dev.basin.numeric.FloatVec;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples the stochastic-gradient noise at a fixed θ over a whole evaluation set and estimates its tail
 * index, in two streaming passes with O(d) memory (the reference keeps the P×d matrix instead):
 * <ol>
 *   <li>the P minibatch gradients g_p over the set in data-set order (batch = the training batch, the
 *       last one smaller when the batch does not divide the set, as a DataLoader without drop_last) and
 *       their mean ḡ;</li>
 *   <li>each g_p again, its noise ξ_p = g_p − ḡ streamed into a {@link TailIndexAccumulator}: all
 *       coordinates of ξ_1, then of ξ_2, … — the reference's row-major pooling.</li>
 * </ol>
 * θ is only read; the sampler has its own workspace and batch buffer, so training state is untouched.
 *
 * <p><b>ADAM's smoothed noise</b> ({@link Ema}). The paper's Factor 1 is about the noise ADAM applies,
 * the bias-corrected exponential average of the noise, not the raw ξ. Basin samples it under the
 * frozen-θ approximation: drawing the evaluation batches in order as ADAM would draw training batches,
 * e_p = β1 e_{p−1} + (1 − β1) ξ_p with e_0 = 0, and the p-th sample is ê_p = e_p / (1 − β1^p)
 * = (1 − β1)/(1 − β1^p) Σ_{i≤p} β1^{p−i} ξ_i — the paper's expression with the evaluation batches
 * as the steps. "ema" pools the ê_p like the raw noise; "ema_precond" pools Q⁻¹ ê_p with ADAM's current
 * preconditioner Q = diag(√v̂ + ε), the noise as it moves θ (up to the step size η).
 */
public final class NoiseSampler {
    /** Quantity names in results and alpha.csv. */
    public static final String RAW = "raw";
    public static final String EMA = "ema";
    public static final String EMA_PRECOND = "ema_precond";

    /**
     * @param batch    minibatch size (the training batch)
     * @param batches  P′: at most this many minibatches, evenly spaced over the set (0 = all P)
     * @param perLayer also estimate α for each parameter tensor's slice on its own
     * @param ema      ADAM's smoothed noise, or null
     */
    public record Config(int batch, int batches, boolean perLayer, Ema ema) {
        public Config {
            if (batch < 1) {
                throw new IllegalArgumentException("noise batch must be >= 1, got " + batch);
            }
            if (batches < 0) {
                throw new IllegalArgumentException("number of noise batches must be >= 0 (0 = all), got " + batches);
            }
        }
    }

    /**
     * @param beta1          ADAM's β1
     * @param preconditioner ADAM's current Q = √v̂ + ε (a copy), or null to skip "ema_precond"
     */
    public record Ema(double beta1, FloatVec preconditioner) {
    }

    /** Tail-index estimates of one noise quantity, overall and per parameter tensor. */
    public record Estimates(TailIndex mohammadi, TailIndex order, TailIndex hill, Map<String, TailIndex> perTensor) {
    }

    /**
     * The outcome at one θ on one set.
     *
     * @param meanNoiseNorm mean over p of ‖ξ_p‖
     * @param meanGradNorm  mean over p of ‖g_p‖
     * @param fullGradNorm  ‖ḡ‖
     * @param passSeconds   wall time of pass 1 alone: one full-gradient pass over the set
     * @param totalSeconds  wall time of the whole evaluation (both passes and the estimators)
     */
    public record Result(String set, int batches, int samples, double meanNoiseNorm, double meanGradNorm, double fullGradNorm,
                         Map<String, Estimates> quantities, double passSeconds, double totalSeconds) {
    }

    private static final int CHUNK = 4096;

    private final Network net;
    private final Loss loss;
    private final Config config;

    public NoiseSampler(Network net, Loss loss, Config config) {
        this.net = net;
        this.loss = loss;
        this.config = config;
        if (config.ema() != null && config.ema().preconditioner() != null
                && config.ema().preconditioner().length() != net.parameterCount()) {
            throw new IllegalArgumentException("preconditioner has length " + config.ema().preconditioner().length()
                    + ", the network " + net.parameterCount());
        }
    }

    /** The indices of the minibatches used: all P, or min(P′, P) evenly spaced ones. */
    public static int[] batchIndices(int setSize, int batch, int wanted) {
        int total = (setSize + batch - 1) / batch;
        if (total == 0) {
            throw new IllegalArgumentException("the evaluation set is empty");
        }
        int p = wanted == 0 ? total : Math.min(wanted, total);
        int[] idx = new int[p];
        for (int i = 0; i < p; i++) {
            idx[i] = (int) ((long) i * total / p);
        }
        return idx;
    }

    public Result sample(FloatVec theta, Dataset data, String setName) {
        if (config.batch() > data.size()) {
            throw new IllegalArgumentException("noise batch " + config.batch() + " is larger than the " + setName
                    + " set (" + data.size() + " samples)");
        }
        int[] batches = batchIndices(data.size(), config.batch(), config.batches());
        int d = net.parameterCount();
        int p = batches.length;
        if (p < 2) {
            throw new IllegalArgumentException("noise needs at least 2 minibatches, the " + setName + " set gives " + p);
        }
        Batch batch = Batch.forDataset(data, config.batch());
        Network.Workspace ws = net.workspace(config.batch());
        FloatVec g = net.newParameters();
        FloatBuffer gb = g.buffer();

        long t0 = System.nanoTime();
        // Pass 1: ḡ.
        double[] mean = new double[d];
        double gradNorms = 0;
        int samples = 0;
        for (int b : batches) {
            int n = fill(batch, data, b);
            samples += n;
            net.lossAndGradient(theta, batch, loss, g, ws);
            double sq = 0;
            for (int i = 0; i < d; i++) {
                float v = gb.get(i);
                mean[i] += v;
                sq += (double) v * v;
            }
            gradNorms += Math.sqrt(sq);
        }
        double full = 0;
        for (int i = 0; i < d; i++) {
            mean[i] /= p;
            full += mean[i] * mean[i];
        }

        long t1 = System.nanoTime();
        // Pass 2: ξ_p = g_p − ḡ, streamed.
        long n = (long) d * p;
        List<ParamTensor> tensors = net.tensors();
        Sink raw = new Sink(n, tensors, p);
        Ema ema = config.ema();
        Sink emaSink = ema == null ? null : new Sink(n, tensors, p);
        FloatVec q = ema == null ? null : ema.preconditioner();
        Sink preSink = q == null ? null : new Sink(n, tensors, p);
        double[] e = ema == null ? null : new double[d];
        double[] xi = new double[CHUNK];
        double[] hat = ema == null ? null : new double[CHUNK];
        double[] pre = q == null ? null : new double[CHUNK];
        double noiseNorms = 0;
        int step = 0;
        for (int b : batches) {
            fill(batch, data, b);
            net.lossAndGradient(theta, batch, loss, g, ws);
            step++;
            double sq = 0;
            double b1 = ema == null ? 0 : ema.beta1();
            double correction = ema == null ? 1 : 1 / (1 - Math.pow(b1, step));
            // Chunks never cross a tensor boundary, so per-tensor accumulators see exactly their slice.
            for (int t = 0; t < tensors.size(); t++) {
                int from = tensors.get(t).offset();
                int to = from + tensors.get(t).length();
                for (int c = from; c < to; c += CHUNK) {
                    int len = Math.min(CHUNK, to - c);
                    for (int k = 0; k < len; k++) {
                        double x = gb.get(c + k) - mean[c + k];
                        xi[k] = x;
                        sq += x * x;
                    }
                    raw.accept(t, xi, len);
                    if (e != null) {
                        for (int k = 0; k < len; k++) {
                            int i = c + k;
                            e[i] = b1 * e[i] + (1 - b1) * xi[k];
                            hat[k] = e[i] * correction;
                        }
                        emaSink.accept(t, hat, len);
                        if (pre != null) {
                            for (int k = 0; k < len; k++) {
                                pre[k] = hat[k] / q.get(c + k);
                            }
                            preSink.accept(t, pre, len);
                        }
                    }
                }
            }
            noiseNorms += Math.sqrt(sq);
        }
        Map<String, Estimates> out = new LinkedHashMap<>();
        out.put(RAW, raw.estimates(tensors, config.perLayer()));
        if (emaSink != null) {
            out.put(EMA, emaSink.estimates(tensors, config.perLayer()));
        }
        if (preSink != null) {
            out.put(EMA_PRECOND, preSink.estimates(tensors, config.perLayer()));
        }
        return new Result(setName, p, samples, noiseNorms / p, gradNorms / p, Math.sqrt(full), out, (t1 - t0) / 1e9,
                (System.nanoTime() - t0) / 1e9);
    }

    private static int fill(Batch batch, Dataset data, int index) {
        int start = index * batch.capacity();
        int count = Math.min(batch.capacity(), data.size() - start);
        batch.fillRange(data, start, count);
        return count;
    }

    /** An accumulator over all scalars and, optionally, one per tensor. */
    private final class Sink {
        private final TailIndexAccumulator all;
        private final TailIndexAccumulator[] perTensor;

        Sink(long n, List<ParamTensor> tensors, int p) {
            all = new TailIndexAccumulator(BlockPlan.robust(n));
            if (config.perLayer()) {
                perTensor = new TailIndexAccumulator[tensors.size()];
                for (int i = 0; i < perTensor.length; i++) {
                    long m = (long) tensors.get(i).length() * p;
                    perTensor[i] = m >= 4 ? new TailIndexAccumulator(BlockPlan.robust(m)) : null;
                }
            } else {
                perTensor = null;
            }
        }

        void accept(int tensor, double[] xs, int len) {
            all.accept(xs, 0, len);
            if (perTensor != null && perTensor[tensor] != null) {
                perTensor[tensor].accept(xs, 0, len);
            }
        }

        Estimates estimates(List<ParamTensor> tensors, boolean perLayer) {
            Map<String, TailIndex> layers = new LinkedHashMap<>();
            if (perLayer) {
                for (int i = 0; i < tensors.size(); i++) {
                    if (perTensor[i] != null) {
                        layers.put(tensors.get(i).name(), perTensor[i].mohammadi());
                    }
                }
            }
            return new Estimates(all.mohammadi(), all.orderStatistics(), all.hill(), layers);
        }
    }
}
