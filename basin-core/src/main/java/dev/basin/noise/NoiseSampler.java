package dev.basin.noise;

import dev.basin.data.Batch;
import dev.basin.data.Dataset;
import dev.basin.nn.Loss;
import dev.basin.nn.Network;
import dev.basin.nn.ParamTensor;
import dev.basin.numeric.FloatVec;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Samples the stochastic-gradient noise at a fixed θ over a whole evaluation set and estimates its tail
 * index with the controls of {@link NoiseAnalysis}. Two passes over the P minibatch gradients g_p (over the
 * set in data-set order, batch = the noise batch — the training batch unless told otherwise —, the last one
 * smaller when the batch does not divide the set, as a DataLoader without drop_last):
 * <ol>
 *   <li>the g_p, their mean ḡ and per-coordinate variance;</li>
 *   <li>each ξ_p = g_p − ḡ, streamed into the estimators: all coordinates of ξ_1, then of ξ_2, … — the
 *       reference's row-major pooling.</li>
 * </ol>
 * <b>Held or streamed.</b> When the P×d gradients fit in the memory budget (float32, native memory;
 * {@link Config#holdBytes}: by default 3/4 of the direct memory the JVM has left, see
 * {@link #directMemoryAvailable}), pass 1 keeps them and pass 2 reads them back: one gradient pass per
 * evaluation. Otherwise pass 2 recomputes each g_p (two gradient passes, O(d) memory). Both give the same
 * numbers to the last bit: the gradients are the same floats either way.
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
    public static final String RAW = NoiseAnalysis.RAW;
    public static final String EMA = NoiseAnalysis.EMA;
    public static final String EMA_PRECOND = NoiseAnalysis.EMA_PRECOND;
    /** Hold the gradients when they fit in this share of the direct memory left. */
    public static final double HOLD_SHARE = 0.75;

    /**
     * @param batch       minibatch size of the noise (the training batch unless measured at another)
     * @param batches     P′: at most this many minibatches, evenly spaced over the set (0 = all P)
     * @param perLayer    also estimate α for each parameter tensor's slice on its own
     * @param ema         ADAM's smoothed noise, or null
     * @param diagnostics standardised α̂ and the coordinate sample ({@link NoiseAnalysis})
     * @param coordinates coordinates sampled for the per-coordinate tests (with diagnostics)
     * @param holdBytes   memory budget for holding the gradients: −1 automatic, 0 never hold, else bytes
     * @param robust      the robust scales and their Gaussian null (gradients held; implied by diagnostics)
     */
    public record Config(int batch, int batches, boolean perLayer, Ema ema, boolean diagnostics, int coordinates, long holdBytes,
                         boolean robust) {
        public Config {
            if (batch < 1) {
                throw new IllegalArgumentException("noise batch must be >= 1, got " + batch);
            }
            if (batches < 0) {
                throw new IllegalArgumentException("number of noise batches must be >= 0 (0 = all), got " + batches);
            }
            if (coordinates < 0) {
                throw new IllegalArgumentException("number of sampled coordinates must be >= 0, got " + coordinates);
            }
            if (holdBytes < -1) {
                throw new IllegalArgumentException("memory budget must be >= 0 bytes or -1 (automatic), got " + holdBytes);
            }
        }

        public Config(int batch, int batches, boolean perLayer, Ema ema, boolean diagnostics, int coordinates, long holdBytes) {
            this(batch, batches, perLayer, ema, diagnostics, coordinates, holdBytes, diagnostics);
        }

        public Config(int batch, int batches, boolean perLayer, Ema ema) {
            this(batch, batches, perLayer, ema, false, 0, -1, false);
        }
    }

    /**
     * @param beta1          ADAM's β1
     * @param preconditioner ADAM's current Q = √v̂ + ε (a copy), or null to skip "ema_precond"
     */
    public record Ema(double beta1, FloatVec preconditioner) {
    }

    /**
     * The outcome at one θ on one set.
     *
     * @param batches       minibatches P used
     * @param samples       examples in them
     * @param held          whether the gradients were held in memory (one gradient pass) or recomputed
     * @param passSeconds   wall time of pass 1 alone: one full-gradient pass over the set
     * @param totalSeconds  wall time of the whole evaluation (both passes and the estimators)
     */
    public record Result(String set, int batches, int samples, boolean held, NoiseAnalysis.Result analysis, double passSeconds, double totalSeconds) {
        public Map<String, NoiseAnalysis.Quantity> quantities() {
            return analysis.quantities();
        }

        /** Mean over p of ‖ξ_p‖. */
        public double meanNoiseNorm() {
            return analysis.meanNoiseNorm();
        }

        /** Mean over p of ‖g_p‖. */
        public double meanGradNorm() {
            return analysis.meanRowNorm();
        }

        /** ‖ḡ‖. */
        public double fullGradNorm() {
            return analysis.meanNorm();
        }
    }

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

    /**
     * Direct (native) memory this JVM can still allocate: -XX:MaxDirectMemorySize (by default the heap
     * limit) less what direct buffers already take.
     */
    public static long directMemoryAvailable() {
        long max = Runtime.getRuntime().maxMemory();
        try {
            com.sun.management.HotSpotDiagnosticMXBean hs = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long v = Long.parseLong(hs.getVMOption("MaxDirectMemorySize").getValue());
            if (v > 0) {
                max = v;
            }
        } catch (RuntimeException e) {
            // Not a HotSpot JVM: the heap limit is the JDK's default for direct memory too.
        }
        long used = 0;
        for (java.lang.management.BufferPoolMXBean b : java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                used = b.getMemoryUsed();
            }
        }
        return Math.max(0, max - used);
    }

    /** Whether the P×d gradients of an evaluation would be held under this config's budget. */
    public boolean holds(int batches) {
        return holds(batches, new NoiseRows.Held.Cache());
    }

    /** Whether they would be held, counting the buffers {@code cache} already has as available. */
    public boolean holds(int batches, NoiseRows.Held.Cache cache) {
        long need = NoiseRows.Held.bytes(batches, net.parameterCount());
        long budget = config.holdBytes() >= 0 ? config.holdBytes() : (long) (HOLD_SHARE * (directMemoryAvailable() + cache.bytes()));
        return need <= budget && (long) net.parameterCount() * 4 < Integer.MAX_VALUE - 64;
    }

    public Result sample(FloatVec theta, Dataset data, String setName) {
        return sample(theta, data, setName, new NoiseRows.Held.Cache());
    }

    /** As {@link #sample(FloatVec, Dataset, String)}, holding the gradients (when they fit) in buffers from {@code cache}. */
    public Result sample(FloatVec theta, Dataset data, String setName, NoiseRows.Held.Cache cache) {
        if (config.batch() > data.size()) {
            throw new IllegalArgumentException("noise batch " + config.batch() + " is larger than the " + setName
                    + " set (" + data.size() + " samples)");
        }
        int[] batches = batchIndices(data.size(), config.batch(), config.batches());
        int p = batches.length;
        if (p < 2) {
            throw new IllegalArgumentException("noise needs at least 2 minibatches, the " + setName + " set gives " + p);
        }
        long t0 = System.nanoTime();
        GradientRows grads = new GradientRows(theta, data, batches);
        boolean hold = holds(p, cache);
        NoiseRows first = grads;
        NoiseRows second = grads;
        if (hold) {
            // One gradient pass into memory; every statistic is then read from there.
            NoiseRows.Held store = cache.get(p, net.parameterCount());
            grads.holdInto(store);
            for (int r = 0; r < p; r++) {
                grads.load(r);
            }
            first = store;
            second = store;
        }
        List<NoiseAnalysis.Segment> segments = new ArrayList<>();
        for (ParamTensor t : net.tensors()) {
            segments.add(new NoiseAnalysis.Segment(t.name(), t.offset(), t.length()));
        }
        Ema ema = config.ema();
        float[] q = null;
        if (ema != null && ema.preconditioner() != null) {
            q = new float[net.parameterCount()];
            ema.preconditioner().buffer().get(0, q);
        }
        NoiseAnalysis.Options o = new NoiseAnalysis.Options(config.perLayer(), ema == null ? Double.NaN : ema.beta1(), q,
                config.diagnostics(), config.coordinates(), 0x5eedL, true, config.robust() || config.diagnostics());
        NoiseAnalysis.Result r = NoiseAnalysis.analyse(first, second, segments, o);
        return new Result(setName, p, grads.samples(), hold, r, grads.firstPassSeconds(), (System.nanoTime() - t0) / 1e9);
    }

    /** The minibatch gradients of the evaluation set, computed when a row is loaded (and held on the first pass if asked). */
    private final class GradientRows implements NoiseRows {
        private final FloatVec theta;
        private final Dataset data;
        private final int[] batches;
        private final Batch batch;
        private final Network.Workspace ws;
        private final FloatVec g;
        private final FloatBuffer gb;
        private NoiseRows.Held store;
        private int loads;
        private int samples;
        private final long start = System.nanoTime();
        private long firstPassEnd;

        GradientRows(FloatVec theta, Dataset data, int[] batches) {
            this.theta = theta;
            this.data = data;
            this.batches = batches;
            this.batch = Batch.forDataset(data, config.batch());
            this.ws = net.workspace(config.batch());
            this.g = net.newParameters();
            this.gb = g.buffer();
        }

        void holdInto(NoiseRows.Held s) {
            store = s;
        }

        int samples() {
            return samples;
        }

        double firstPassSeconds() {
            return (firstPassEnd - start) / 1e9;
        }

        @Override
        public int rows() {
            return batches.length;
        }

        @Override
        public int dim() {
            return net.parameterCount();
        }

        @Override
        public void load(int p) {
            int first = batches[p] * batch.capacity();
            int count = Math.min(batch.capacity(), data.size() - first);
            batch.fillRange(data, first, count);
            net.lossAndGradient(theta, batch, loss, g, ws);
            if (loads < batches.length) {
                samples += count;
                if (store != null) {
                    store.put(p, gb);
                }
            }
            loads++;
            if (loads == batches.length) {
                firstPassEnd = System.nanoTime();
            }
        }

        @Override
        public void read(int from, int len, double[] dst) {
            for (int k = 0; k < len; k++) {
                dst[k] = gb.get(from + k);
            }
        }

        @Override
        public boolean inMemory() {
            return false;
        }
    }
}
