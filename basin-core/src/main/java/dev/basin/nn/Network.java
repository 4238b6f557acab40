package dev.basin.nn;

import dev.basin.data.Batch;
import dev.basin.data.Dataset;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A feed-forward stack of layers (PyTorch's nn.Sequential) over ONE flat parameter vector θ.
 *
 * <p>Layer i's tensors occupy consecutive slices of θ in layer order, each named as nn.Sequential
 * names it: "{i}.weight", "{i}.bias". Gradients, optimizer state and directions share this layout.
 * The network itself holds no θ: every pass takes θ as an argument, so one network evaluates at any
 * point (checkpoints, interpolations, perturbations).
 */
public final class Network {
    private final List<Layer> layers;
    private final Gemm gemm;
    private final int[] offsets;
    private final int parameterCount;
    private final List<ParamTensor> tensors;
    private final List<String> names;

    public Network(List<Layer> layers, Gemm gemm) {
        this(layers, null, gemm);
    }

    /**
     * A network whose layer i is named {@code names.get(i)} (its tensors "{name}.weight", "{name}.bias"), for
     * modules that nest nn.Sequential blocks ("features.0", "classifier.1"); null names the layers 0, 1, 2, ….
     */
    public Network(List<Layer> layers, List<String> names, Gemm gemm) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        if (names != null && names.size() != layers.size()) {
            throw new IllegalArgumentException(names.size() + " layer names for " + layers.size() + " layers");
        }
        this.layers = List.copyOf(layers);
        List<String> ns = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            ns.add(names == null ? Integer.toString(i) : names.get(i));
        }
        this.names = List.copyOf(ns);
        this.gemm = gemm;
        this.offsets = new int[layers.size() + 1];
        List<ParamTensor> ts = new ArrayList<>();
        long off = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (i > 0 && layers.get(i - 1).outputSize() != l.inputSize()) {
                throw new IllegalArgumentException("layer " + i + " (" + l.describe() + ") expects " + l.inputSize()
                        + " inputs but layer " + (i - 1) + " gives " + layers.get(i - 1).outputSize());
            }
            offsets[i] = (int) off;
            for (ParamShape p : l.parameters()) {
                ts.add(new ParamTensor(this.names.get(i) + "." + p.name(), p.shape(), (int) off, p.size()));
                off += p.size();
            }
            if (off > Integer.MAX_VALUE / 4) {
                throw new IllegalArgumentException("network has too many parameters for one vector: " + off);
            }
        }
        offsets[layers.size()] = (int) off;
        this.parameterCount = (int) off;
        this.tensors = Collections.unmodifiableList(ts);
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Layer names, as PyTorch's state_dict prefixes ("0", "1", … for a plain nn.Sequential). */
    public List<String> layerNames() {
        return names;
    }

    public Gemm gemm() {
        return gemm;
    }

    /** The same layers with another GEMM (e.g. the reference one, for tests). */
    public Network withGemm(Gemm other) {
        return new Network(layers, names, other);
    }

    public int inputSize() {
        return layers.get(0).inputSize();
    }

    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    /** d, the length of θ. */
    public int parameterCount() {
        return parameterCount;
    }

    /** Named tensors in storage order. */
    public List<ParamTensor> tensors() {
        return tensors;
    }

    /** Layer i's slice of a flat vector (θ, a gradient, a direction). */
    public FloatVec layerSlice(FloatVec flat, int layer) {
        return flat.slice(offsets[layer], offsets[layer + 1] - offsets[layer]);
    }

    public FloatVec newParameters() {
        return FloatVec.zeros(parameterCount);
    }

    /**
     * Overwrites θ with a fresh initialisation. Each layer draws from its own stream split, in layer
     * order, from {@code new SplittableRandom(seed)}, so the draw is a function of the seed alone.
     */
    public void initialize(FloatVec theta, long seed) {
        checkParams(theta);
        SplittableRandom root = new SplittableRandom(seed);
        for (int i = 0; i < layers.size(); i++) {
            SplittableRandom r = root.split();
            layers.get(i).initialize(layerSlice(theta, i), r);
        }
    }

    /** Activation buffers for batches of up to {@code capacity} samples, allocated once. */
    public Workspace workspace(int capacity) {
        return new Workspace(capacity);
    }

    /**
     * Bytes a {@link Workspace} of this capacity takes: activations and their gradients for every layer, and with
     * {@code tangents} the R-operator passes' buffers too (what curvature products use), plus what the layers keep
     * per thread ({@link Layer#scratchBytes}: a convolution's patch matrices, a max pool's indices).
     */
    public long workspaceBytes(int capacity, boolean tangents) {
        long floats = 0;
        long scratch = 0;
        for (Layer l : layers) {
            floats += (long) capacity * l.outputSize();
            scratch += l.scratchBytes(capacity, tangents);
        }
        return 4L * floats * (tangents ? 4 : 2) + scratch;
    }


    /** Runs the forward pass; returns the output buffer (rows beyond batch.size() are stale). */
    public FloatVec forward(FloatVec theta, Batch batch, Workspace ws) {
        checkParams(theta);
        ws.check(batch);
        int b = batch.size();
        FloatVec in = batch.features();
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).forward(gemm, layerSlice(theta, i), in, ws.acts[i], b);
            in = ws.acts[i];
        }
        return in;
    }

    /**
     * Forward and backward: returns the mean loss over the batch and overwrites {@code grad} with its
     * gradient with respect to θ. {@code ws.lastCorrect()} then holds the batch's correct count.
     */
    public double lossAndGradient(FloatVec theta, Batch batch, Loss loss, FloatVec grad, Workspace ws) {
        checkParams(grad);
        double value = forwardWithOutputGradient(theta, batch, loss, ws);
        int n = layers.size();
        int b = batch.size();
        for (int i = n - 1; i >= 0; i--) {
            FloatVec in = i == 0 ? batch.features() : ws.acts[i - 1];
            FloatVec gradIn = i == 0 ? null : ws.grads[i - 1];
            layers.get(i).backward(gemm, layerSlice(theta, i), in, ws.acts[i], ws.grads[i], gradIn, layerSlice(grad, i), b);
        }
        return value;
    }

    /** Forward pass and loss; leaves dL/d(output) in the last gradient buffer and the correct count in ws. */
    private double forwardWithOutputGradient(FloatVec theta, Batch batch, Loss loss, Workspace ws) {
        FloatVec out = forward(theta, batch, ws);
        double value = loss.evaluate(out, outputSize(), batch, ws.grads[layers.size() - 1]);
        ws.lastCorrect = correct(out, batch);
        return value;
    }

    /**
     * One plain SGD step fused into the backward pass: returns the batch's mean loss and updates θ in place
     * by θ ← θ − η ∇L, each layer's weights as soon as its input gradient (which needs the old weights) is
     * done. The same step as {@link #lossAndGradient} followed by θ − η g, without writing g and reading it
     * back (one memory pass over θ instead of three); results agree to float rounding, not bit for bit.
     */
    public double lossAndSgdStep(FloatVec theta, Batch batch, Loss loss, float lr, Workspace ws) {
        double value = forwardWithOutputGradient(theta, batch, loss, ws);
        int n = layers.size();
        int b = batch.size();
        for (int i = n - 1; i >= 0; i--) {
            Layer l = layers.get(i);
            FloatVec in = i == 0 ? batch.features() : ws.acts[i - 1];
            FloatVec params = layerSlice(theta, i);
            if (i > 0) {
                l.backwardInput(gemm, params, in, ws.acts[i], ws.grads[i], ws.grads[i - 1], b);
            }
            l.addScaledParamGradient(gemm, params, in, ws.acts[i], ws.grads[i], -lr, params, b);
        }
        return value;
    }

    /** Index of the first layer with parameters (layers before it see an input that does not depend on θ). */
    private int firstParameterLayer() {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).parameterCount() > 0) {
                return i;
            }
        }
        return layers.size();
    }

    /**
     * Forward-mode pass along {@code dir} after a forward pass: fills the workspace's tangent buffers with
     * d(act_i)/dt at θ + t·dir; returns the output tangent J·dir (batch × outputs).
     */
    private FloatVec forwardTangent(FloatVec theta, Batch batch, FloatVec dir, Workspace ws) {
        ws.ensureTangents();
        int first = firstParameterLayer();
        int b = batch.size();
        FloatVec rin = null;
        FloatVec in = batch.features();
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).forwardTangent(gemm, layerSlice(theta, i), layerSlice(dir, i), in, i <= first ? null : rin, ws.acts[i], ws.racts[i], b);
            rin = ws.racts[i];
            in = ws.acts[i];
        }
        return ws.racts[layers.size() - 1];
    }

    /**
     * Exact Hessian-vector product by Pearlmutter's R-operator: returns the batch's mean loss and overwrites
     * {@code hv} with ∇²L(θ)·dir, where L is the mean loss over the batch. Costs one forward, one forward-mode
     * and one R-backward pass (8 GEMMs per hidden Linear layer, 3 for the first; a gradient is 3 and 2).
     */
    public double hessianVector(FloatVec theta, Batch batch, Loss loss, FloatVec dir, FloatVec hv, Workspace ws) {
        checkParams(dir);
        checkParams(hv);
        double value = forwardWithOutputGradient(theta, batch, loss, ws);
        int n = layers.size();
        FloatVec rz = forwardTangent(theta, batch, dir, ws);
        loss.hessianVectorProduct(ws.acts[n - 1], outputSize(), batch, rz, ws.rgrads[n - 1]);
        int first = firstParameterLayer();
        int b = batch.size();
        for (int i = n - 1; i >= first; i--) {
            FloatVec in = i == 0 ? batch.features() : ws.acts[i - 1];
            boolean inner = i > first;
            layers.get(i).backwardTangent(gemm, layerSlice(theta, i), layerSlice(dir, i), in, inner ? ws.racts[i - 1] : null, ws.acts[i], ws.racts[i],
                    ws.grads[i], ws.rgrads[i], inner ? ws.grads[i - 1] : null, inner ? ws.rgrads[i - 1] : null, layerSlice(hv, i), b);
        }
        return value;
    }

    /**
     * Generalised Gauss–Newton product G·dir = Jᵀ ∇²_o L J·dir (J the Jacobian of the outputs): returns the
     * mean loss, overwrites {@code gv}. Positive semi-definite for convex losses; equals H·dir where the
     * network is linear in θ.
     */
    public double gaussNewtonVector(FloatVec theta, Batch batch, Loss loss, FloatVec dir, FloatVec gv, Workspace ws) {
        checkParams(dir);
        checkParams(gv);
        double value = forwardWithOutputGradient(theta, batch, loss, ws);
        int n = layers.size();
        FloatVec rz = forwardTangent(theta, batch, dir, ws);
        loss.hessianVectorProduct(ws.acts[n - 1], outputSize(), batch, rz, ws.grads[n - 1]);
        backwardFromOutput(theta, batch, gv, ws);
        return value;
    }

    /** Back-propagates the output gradient in the workspace (from a forward pass) into {@code grad}. */
    private void backwardFromOutput(FloatVec theta, Batch batch, FloatVec grad, Workspace ws) {
        int b = batch.size();
        int first = firstParameterLayer();
        for (int i = layers.size() - 1; i >= first; i--) {
            FloatVec in = i == 0 ? batch.features() : ws.acts[i - 1];
            FloatVec gradIn = i > first ? ws.grads[i - 1] : null;
            layers.get(i).backward(gemm, layerSlice(theta, i), in, ws.acts[i], ws.grads[i], gradIn, layerSlice(grad, i), b);
        }
    }

    /**
     * Per-sample directional derivatives in one forward-mode pass: overwrites out[r] with u·∇f_r(θ) for every
     * sample r of the batch (f_r its own loss, not divided by the batch size); returns the mean loss.
     */
    public double directionalDerivatives(FloatVec theta, Batch batch, Loss loss, FloatVec u, double[] out, Workspace ws) {
        checkParams(u);
        double value = forwardWithOutputGradient(theta, batch, loss, ws);
        FloatVec rz = forwardTangent(theta, batch, u, ws);
        sampleDots(ws.grads[layers.size() - 1], rz, batch.size(), out);
        return value;
    }

    /** out[r] = B · Σ_j gz_rj rz_rj (gz is the gradient of the batch mean, so B·gz_r is sample r's own). */
    private void sampleDots(FloatVec gz, FloatVec rz, int b, double[] out) {
        int k = outputSize();
        for (int r = 0; r < b; r++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += (double) gz.get(r * k + j) * rz.get(r * k + j);
            }
            out[r] = s * b;
        }
    }

    /**
     * The per-sample outer-product action without forming per-sample gradients: overwrites {@code out} with
     * Σ_r ∇f_r (∇f_rᵀ v) over the batch and {@code dots} (length ≥ batch) with ∇f_rᵀ v. One forward, one
     * forward-mode and one backward pass. Returns the mean loss.
     */
    public double sampleOuterProductVector(FloatVec theta, Batch batch, Loss loss, FloatVec v, FloatVec out, double[] dots, Workspace ws) {
        checkParams(v);
        checkParams(out);
        double value = forwardWithOutputGradient(theta, batch, loss, ws);
        int b = batch.size();
        FloatVec gz = ws.grads[layers.size() - 1];
        FloatVec rz = forwardTangent(theta, batch, v, ws);
        sampleDots(gz, rz, b, dots);
        int k = outputSize();
        for (int r = 0; r < b; r++) {
            float w = (float) (dots[r] * b);
            for (int j = 0; j < k; j++) {
                gz.set(r * k + j, gz.get(r * k + j) * w);
            }
        }
        backwardFromOutput(theta, batch, out, ws);
        return value;
    }

    /**
     * Adds Σ_r (∇f_r)² elementwise over the batch to {@code target} (the diagonal of Σ_r ∇f_r ∇f_rᵀ, exactly,
     * one forward and one backward pass); returns the mean loss.
     */
    public double addSquaredSampleGradients(FloatVec theta, Batch batch, Loss loss, FloatVec target, Workspace ws) {
        checkParams(target);
        double value = forwardWithOutputGradient(theta, batch, loss, ws);
        ws.ensureScratch();
        int b = batch.size();
        int first = firstParameterLayer();
        float scale = (float) b * b;
        for (int i = layers.size() - 1; i >= first; i--) {
            Layer l = layers.get(i);
            FloatVec in = i == 0 ? batch.features() : ws.acts[i - 1];
            if (i > first) {
                l.backwardInput(gemm, layerSlice(theta, i), in, ws.acts[i], ws.grads[i], ws.grads[i - 1], b);
            }
            l.addSquaredSampleGradients(gemm, in, ws.grads[i], scale, layerSlice(target, i), ws.scratchA, ws.scratchB, b);
        }
        return value;
    }

    /** Number of rows whose arg-max output equals the label (ties go to the lowest index). */
    public int correct(FloatVec output, Batch batch) {
        int width = outputSize();
        int[] y = batch.labels();
        int c = 0;
        for (int r = 0; r < batch.size(); r++) {
            int base = r * width;
            int best = 0;
            float bestV = output.get(base);
            for (int j = 1; j < width; j++) {
                float v = output.get(base + j);
                if (v > bestV) {
                    bestV = v;
                    best = j;
                }
            }
            if (best == y[r]) {
                c++;
            }
        }
        return c;
    }

    /**
     * Mean loss and accuracy over the first {@code count} samples of {@code data} in data-set order,
     * in batches of the workspace's capacity. Losses are summed in double.
     */
    public Evaluation evaluate(FloatVec theta, Dataset data, int count, Loss loss, Workspace ws) {
        int n = Math.min(count, data.size());
        Batch batch = Batch.forDataset(data, ws.capacity);
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < n; start += ws.capacity) {
            int b = Math.min(ws.capacity, n - start);
            batch.fillRange(data, start, b);
            FloatVec out = forward(theta, batch, ws);
            lossSum += loss.evaluate(out, outputSize(), batch, null) * b;
            correct += correct(out, batch);
        }
        return new Evaluation(n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : (double) correct / n, n);
    }

    private void checkParams(FloatVec v) {
        if (v.length() != parameterCount) {
            throw new IllegalArgumentException("flat vector has length " + v.length() + ", network has "
                    + parameterCount + " parameters");
        }
    }

    /** A PyTorch-style listing of the layers. */
    public String describe() {
        StringBuilder sb = new StringBuilder("Sequential(\n");
        for (int i = 0; i < layers.size(); i++) {
            sb.append("  (").append(names.get(i)).append("): ").append(layers.get(i).describe()).append('\n');
        }
        return sb.append(")").toString();
    }

    /** Mean loss, accuracy and sample count of an evaluation. */
    public record Evaluation(double loss, double accuracy, int samples) {
    }

    /** Per-layer activation and gradient buffers for batches up to a fixed capacity. */
    public final class Workspace {
        private final int capacity;
        private final FloatVec[] acts;
        private final FloatVec[] grads;
        private FloatVec[] racts;
        private FloatVec[] rgrads;
        private FloatVec scratchA;
        private FloatVec scratchB;
        private int lastCorrect;

        private Workspace(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("workspace capacity must be >= 1, got " + capacity);
            }
            this.capacity = capacity;
            acts = new FloatVec[layers.size()];
            grads = new FloatVec[layers.size()];
            for (int i = 0; i < layers.size(); i++) {
                int w = layers.get(i).outputSize();
                acts[i] = FloatVec.zeros(capacity * w);
                grads[i] = FloatVec.zeros(capacity * w);
            }
        }

        public int capacity() {
            return capacity;
        }

        /** Tangent buffers for the R-operator passes, allocated on first use. */
        private void ensureTangents() {
            if (racts == null) {
                racts = new FloatVec[layers.size()];
                rgrads = new FloatVec[layers.size()];
                for (int i = 0; i < layers.size(); i++) {
                    racts[i] = FloatVec.zeros(capacity * layers.get(i).outputSize());
                    rgrads[i] = FloatVec.zeros(capacity * layers.get(i).outputSize());
                }
            }
        }

        private void ensureScratch() {
            if (scratchA == null) {
                int w = inputSize();
                for (Layer l : layers) {
                    w = Math.max(w, l.outputSize());
                }
                scratchA = FloatVec.zeros(capacity * w);
                scratchB = FloatVec.zeros(capacity * w);
            }
        }

        /** Correct predictions in the last {@link #lossAndGradient} batch. */
        public int lastCorrect() {
            return lastCorrect;
        }

        /** Output of layer i from the last forward pass. */
        public FloatVec activation(int i) {
            return acts[i];
        }

        private void check(Batch batch) {
            if (batch.size() > capacity) {
                throw new IllegalArgumentException("batch of " + batch.size() + " exceeds workspace capacity " + capacity);
            }
            if (batch.featureSize() != inputSize()) {
                throw new IllegalArgumentException("samples have " + batch.featureSize() + " features, network expects " + inputSize());
            }
        }
    }
}
