package dev.basin.nn;

import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;
import dev.basin.numeric.Parallel;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * nn.Conv2d with square kernels, one stride and one zero padding for both sides (no groups, no dilation):
 * a sample is C×H×W floats channel-major, the output O×OH×OW, the weight [O, C, k, k] and the bias [O]
 * exactly as PyTorch stores them, so a checkpoint's tensors load into {@code torch.nn.Conv2d} unchanged.
 *
 * <p>Every pass is lowered to the network's GEMM by im2col: the patch matrix has one row per output position
 * and C·k·k columns, ordered [k, k, C] (channel fastest), against a copy of the weight permuted to [O, k, k, C]
 * for each pass (its gradients are permuted back to PyTorch's [O, C, k, k]). The batch is walked in chunks of samples whose patch
 * rows hold about 2<sup>20</sup> floats (assembled in heap pieces of 2<sup>18</sup>): the chunk's rows times Wᵀ give the outputs, its output gradients times
 * W the patch gradients (summed back onto the pixels by col2im), and the output gradients transposed times the
 * patches the weight gradient.
 *
 * <p><b>Kept patches.</b> The forward keeps the patch matrix of its whole batch (up to {@code KEEP_FLOATS}
 * floats; the chunks beyond are rebuilt when needed) together with a heap copy of the input it was built from,
 * and the tangent pass keeps the patches of its input tangent the same way. A later pass on the same thread
 * reuses them when its input is bit for bit the kept copy (compared in full, which costs a pass over the input,
 * 1/k² of the patches at stride 1) and builds them again otherwise, so the results never depend on what ran
 * before: a training step builds each patch matrix once instead of twice, a Hessian-vector product twice
 * instead of five times. One layer object still serves any number of workspaces and threads.
 *
 * <p>Patches are built from a zero-padded channel-last (H, W, C) heap copy of each sample, so every row of a
 * window is one contiguous run of k·C floats (one array copy; col2im sums each pixel's C gradients over the
 * windows that cover it, C at a time); the buffers are sized when a thread first uses the layer at a batch size
 * and reused on every later call: nothing is allocated per step.
 *
 * <p>Initialisation is PyTorch's default: kaiming_uniform with a = √5 on the weight, i.e. U(±1/√fan_in)
 * with fan_in = C·k·k, and the bias U(±1/√fan_in).
 */
public final class Conv2d implements Layer {
    /** Target size in floats of one chunk's patch rows (one GEMM call). */
    static final int CHUNK_FLOATS = 1 << 20;
    /** Target size in floats of the heap patch rows that are assembled (or summed back) at a time, to stay in the core's cache. */
    static final int PIECE_FLOATS = 1 << 18;
    /** Largest patch matrix, in floats, that a thread keeps per input (64 MiB). */
    static final int KEEP_FLOATS = 1 << 24;

    private final ImageShape input;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean bias;
    private final int oh;
    private final int ow;
    private final int ohw;
    private final int ckk;
    private final int hp;
    private final int wp;
    private final int chunk;
    private final int piece;
    private final int keepSamples;
    /** One window row of a patch: k·C floats. */
    private final int run;
    /** torchCol[q]: the index in the weight's [C, k, k] of patch column q, ordered [k, k, C]. */
    private final int[] torchCol;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private final ThreadLocal<LoopBuffers> loopBuffers = ThreadLocal.withInitial(LoopBuffers::new);

    public Conv2d(ImageShape input, int outChannels, int kernel, int stride, int padding, boolean bias) {
        this(input, outChannels, kernel, stride, padding, bias, CHUNK_FLOATS, KEEP_FLOATS);
    }

    /** With the chunk's patch rows capped at {@code chunkFloats} floats (tests use small caps to run many chunks). */
    Conv2d(ImageShape input, int outChannels, int kernel, int stride, int padding, boolean bias, int chunkFloats) {
        this(input, outChannels, kernel, stride, padding, bias, chunkFloats, KEEP_FLOATS);
    }

    /** With chunks of {@code chunkFloats} and at most {@code keepFloats} floats of kept patches per input (0: none kept). */
    Conv2d(ImageShape input, int outChannels, int kernel, int stride, int padding, boolean bias, int chunkFloats, int keepFloats) {
        if (outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2d needs out_channels, kernel, stride >= 1 and padding >= 0, got "
                    + outChannels + ", " + kernel + ", " + stride + ", " + padding);
        }
        this.input = input;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.bias = bias;
        this.oh = ImageShape.outSide(input.height(), kernel, stride, padding, "Conv2d");
        this.ow = ImageShape.outSide(input.width(), kernel, stride, padding, "Conv2d");
        this.ohw = oh * ow;
        this.ckk = input.channels() * kernel * kernel;
        this.hp = input.height() + 2 * padding;
        this.wp = input.width() + 2 * padding;
        this.chunk = Math.max(1, chunkFloats / (ohw * ckk));
        // Pieces of at most half a chunk (tests with small chunks thus run several pieces per chunk).
        this.piece = Math.max(1, Math.min(chunk, Math.min(PIECE_FLOATS, chunkFloats / 2) / (ohw * ckk)));
        // Whole chunks only, so a chunk is either kept or rebuilt.
        int keep = keepFloats / (ohw * ckk);
        this.keepSamples = keep >= chunk ? keep / chunk * chunk : 0;
        int c = input.channels();
        this.run = kernel * c;
        this.torchCol = new int[ckk];
        for (int i = 0; i < kernel; i++) {
            for (int j = 0; j < kernel; j++) {
                for (int ch = 0; ch < c; ch++) {
                    torchCol[(i * kernel + j) * c + ch] = (ch * kernel + i) * kernel + j;
                }
            }
        }
    }

    /**
     * Per thread: the kept inputs (one slot for training, both with tangents) with their copies and kept patches, the
     * probe copy, a chunk's patches and output rows (native and heap), a piece of patches and inputs, the padded images.
     */
    @Override
    public long scratchBytes(int capacity, boolean tangents) {
        long in = (long) capacity * input.size();
        long keptPatches = (long) Math.min(capacity, keepSamples) * ohw * ckk;
        long slots = tangents ? 2 : 1;
        long rows = (long) chunk * ohw * outChannels;
        long floats = slots * (in + keptPatches) + in + (long) chunk * ohw * ckk + 4 * rows + (long) chunk * outChannels
                + 5L * outChannels * ckk
                + (long) piece * (ohw * ckk + input.size()) + (long) input.channels() * hp * wp + input.channels();
        return 4 * floats;
    }

    /** The kernel's side k (k × k). */
    public int kernel() {
        return kernel;
    }

    public ImageShape inputShape() {
        return input;
    }

    public ImageShape outputShape() {
        return new ImageShape(outChannels, oh, ow);
    }

    @Override
    public int inputSize() {
        return input.size();
    }

    @Override
    public int outputSize() {
        return outChannels * ohw;
    }

    @Override
    public List<ParamShape> parameters() {
        ParamShape w = new ParamShape("weight", new int[] {outChannels, input.channels(), kernel, kernel});
        return bias ? List.of(w, new ParamShape("bias", new int[] {outChannels})) : List.of(w);
    }

    @Override
    public void initialize(FloatVec params, SplittableRandom rng) {
        double bound = 1.0 / Math.sqrt(ckk);
        for (int i = 0; i < params.length(); i++) {
            params.set(i, (float) (bound * (2.0 * rng.nextDouble() - 1.0)));
        }
    }

    private FloatVec weight(FloatVec params) {
        return params.slice(0, outChannels * ckk);
    }

    private FloatVec biasOf(FloatVec params) {
        return bias ? params.slice(outChannels * ckk, outChannels) : null;
    }

    @Override
    public void forward(Gemm gemm, FloatVec params, FloatVec x, FloatVec y, int batch) {
        Scratch s = scratch.get();
        s.threads = gemm.threads();
        Kept k = s.record(x, batch, null);
        FloatVec w = s.permuted(weight(params), s.wp);
        for (int r0 = 0; r0 < batch; r0 += chunk) {
            int nb = Math.min(chunk, batch - r0);
            FloatVec col = patches(k, r0, nb, s);
            gemm.sgemm(false, true, nb * ohw, outChannels, ckk, 1f, col, ckk, w, ckk, 0f, s.z, outChannels);
            scatter(s.z.buffer(), y.buffer(), r0, nb, biasOf(params), s);
        }
    }

    @Override
    public void backwardInput(Gemm gemm, FloatVec params, FloatVec x, FloatVec y, FloatVec gy, FloatVec gx, int batch) {
        Scratch s = scratch.get();
        s.threads = gemm.threads();
        FloatVec w = s.permuted(weight(params), s.wp);
        for (int r0 = 0; r0 < batch; r0 += chunk) {
            int nb = Math.min(chunk, batch - r0);
            gather(gy.buffer(), r0, nb, s.z.buffer(), s);
            gemm.sgemm(false, false, nb * ohw, ckk, outChannels, 1f, s.z, outChannels, w, ckk, 0f, s.col, ckk);
            col2im(s.col.buffer(), gx.buffer(), r0, nb, s);
        }
    }

    @Override
    public void backwardParams(Gemm gemm, FloatVec params, FloatVec x, FloatVec y, FloatVec gy, FloatVec gParams, int batch) {
        paramGradient(gemm, x, gy, 1f, 0f, gParams, batch);
    }

    /**
     * The gradient is summed chunk by chunk into a scratch vector and then added once, so that θ is rounded once per
     * step as in gradient-then-update (accumulating every chunk into θ itself would round θ once per chunk).
     */
    @Override
    public void addScaledParamGradient(Gemm gemm, FloatVec params, FloatVec x, FloatVec y, FloatVec gy, float scale, FloatVec target,
                                       int batch) {
        FloatVec g = scratch.get().paramGradient();
        paramGradient(gemm, x, gy, 1f, 0f, g, batch);
        FloatBuffer gs = g.buffer();
        FloatBuffer t = target.buffer();
        for (int i = 0; i < g.length(); i++) {
            t.put(i, t.get(i) + scale * gs.get(i));
        }
    }

    /**
     * target ← beta · target + alpha · dL/dθ: dL/dW = Σ_chunks gZᵀ · patches (summed in [O, k, k, C] order, then permuted
     * into the target), dL/db = Σ over positions and samples of gy.
     */
    private void paramGradient(Gemm gemm, FloatVec x, FloatVec gy, float alpha, float beta, FloatVec target, int batch) {
        Scratch s = scratch.get();
        s.threads = gemm.threads();
        Kept k = s.find(x, batch, null);
        FloatVec tb = biasOf(target);
        for (int r0 = 0; r0 < batch; r0 += chunk) {
            int nb = Math.min(chunk, batch - r0);
            float b = r0 == 0 ? beta : 1f;
            FloatVec col = patches(k, r0, nb, s);
            gather(gy.buffer(), r0, nb, s.z.buffer(), s, tb == null ? null : s.sums);
            gemm.sgemm(true, false, outChannels, ckk, nb * ohw, 1f, s.z, outChannels, col, ckk, r0 == 0 ? 0f : 1f, s.gw, ckk);
            if (tb != null) {
                addColumnSums(s.sums, alpha, b, tb);
            }
        }
        s.unpermute(s.gw, alpha, beta, weight(target));
    }

    /** rOut = conv(x, V) + v_b (+ conv(rIn, W) when the input depends on θ). */
    @Override
    public void forwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec x, FloatVec rIn, FloatVec y, FloatVec rOut, int batch) {
        Scratch s = scratch.get();
        s.threads = gemm.threads();
        Kept kx = s.find(x, batch, null);
        Kept kr = rIn == null ? null : s.record(rIn, batch, kx);
        FloatVec v = s.permuted(weight(dir), s.vp);
        FloatVec w = kr == null ? null : s.permuted(weight(params), s.wp);
        for (int r0 = 0; r0 < batch; r0 += chunk) {
            int nb = Math.min(chunk, batch - r0);
            FloatVec col = patches(kx, r0, nb, s);
            gemm.sgemm(false, true, nb * ohw, outChannels, ckk, 1f, col, ckk, v, ckk, 0f, s.z, outChannels);
            if (kr != null) {
                col = patches(kr, r0, nb, s);
                gemm.sgemm(false, true, nb * ohw, outChannels, ckk, 1f, col, ckk, w, ckk, 1f, s.z, outChannels);
            }
            scatter(s.z.buffer(), rOut.buffer(), r0, nb, biasOf(dir), s);
        }
    }

    /**
     * gx = convᵀ(gy, W), rGx = convᵀ(rGy, W) + convᵀ(gy, V); R(dL/dW) = rGyᵀ·patches(x) + gyᵀ·patches(rIn),
     * R(dL/db) = Σ rGy.
     */
    @Override
    public void backwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec x, FloatVec rIn, FloatVec y, FloatVec rOut,
                                FloatVec gy, FloatVec rGy, FloatVec gx, FloatVec rGx, FloatVec rGradParams, int batch) {
        Scratch s = scratch.get();
        s.threads = gemm.threads();
        Kept kx = s.find(x, batch, null);
        Kept kr = rIn == null ? null : s.find(rIn, batch, kx);
        FloatVec w = gx == null ? null : s.permuted(weight(params), s.wp);
        FloatVec v = gx == null ? null : s.permuted(weight(dir), s.vp);
        FloatVec rw = s.gw;
        FloatVec rb = biasOf(rGradParams);
        for (int r0 = 0; r0 < batch; r0 += chunk) {
            int nb = Math.min(chunk, batch - r0);
            int rows = nb * ohw;
            gather(gy.buffer(), r0, nb, s.z.buffer(), s);
            gather(rGy.buffer(), r0, nb, s.z2.buffer(), s, rb == null ? null : s.sums);
            if (gx != null) {
                gemm.sgemm(false, false, rows, ckk, outChannels, 1f, s.z, outChannels, w, ckk, 0f, s.col, ckk);
                col2im(s.col.buffer(), gx.buffer(), r0, nb, s);
                gemm.sgemm(false, false, rows, ckk, outChannels, 1f, s.z2, outChannels, w, ckk, 0f, s.col, ckk);
                gemm.sgemm(false, false, rows, ckk, outChannels, 1f, s.z, outChannels, v, ckk, 1f, s.col, ckk);
                col2im(s.col.buffer(), rGx.buffer(), r0, nb, s);
            }
            float b = r0 == 0 ? 0f : 1f;
            FloatVec col = patches(kx, r0, nb, s);
            gemm.sgemm(true, false, outChannels, ckk, rows, 1f, s.z2, outChannels, col, ckk, b, rw, ckk);
            if (kr != null) {
                col = patches(kr, r0, nb, s);
                gemm.sgemm(true, false, outChannels, ckk, rows, 1f, s.z, outChannels, col, ckk, 1f, rw, ckk);
            }
            if (rb != null) {
                addColumnSums(s.sums, 1f, b, rb);
            }
        }
        s.unpermute(rw, 1f, 0f, weight(rGradParams));
    }

    /**
     * The exact slower path: sample r's weight gradient gZ_rᵀ · patches_r is not an outer product, so it is
     * formed sample by sample (one GEMM each) and its square added: target += scale · Σ_r (∂L/∂θ of sample r)².
     */
    @Override
    public void addSquaredSampleGradients(Gemm gemm, FloatVec x, FloatVec gy, float scale, FloatVec target, FloatVec scratchA,
                                          FloatVec scratchB, int batch) {
        Scratch s = scratch.get();
        s.threads = gemm.threads();
        Kept k = s.find(x, batch, null);
        FloatBuffer g = s.sample().buffer();
        FloatBuffer t = target.buffer();
        FloatBuffer z = s.z.buffer();
        int nw = outChannels * ckk;
        for (int r = 0; r < batch; r++) {
            FloatVec col = patches(k, r, 1, s);
            gather(gy.buffer(), r, 1, z, s);
            gemm.sgemm(true, false, outChannels, ckk, ohw, 1f, s.z, outChannels, col, ckk, 0f, s.sample(), ckk);
            for (int i = 0; i < nw; i++) {
                float v = g.get(i);
                int at = i / ckk * ckk + torchCol[i % ckk];
                t.put(at, t.get(at) + scale * v * v);
            }
            if (bias) {
                for (int o = 0; o < outChannels; o++) {
                    float sum = 0f;
                    for (int p = 0; p < ohw; p++) {
                        sum += z.get(p * outChannels + o);
                    }
                    t.put(nw + o, t.get(nw + o) + scale * sum * sum);
                }
            }
        }
    }

    /**
     * The patch rows of samples r0..r0+nb of k's input: a view of the kept matrix when k keeps them (built there
     * first if this is the next chunk to build), else built into the chunk buffer.
     */
    private FloatVec patches(Kept k, int r0, int nb, Scratch s) {
        int per = ohw * ckk;
        if (r0 + nb <= k.samples) {
            if (r0 + nb > k.built) {
                // Passes walk the chunks in order from 0, so there is no gap to fill; if there were, fill it chunk by chunk.
                while (k.built < r0) {
                    patches(k, k.built, Math.min(chunk, r0 - k.built), s);
                }
                FloatVec view = k.col.slice(r0 * per, nb * per);
                im2col(k.src, r0, nb, view.buffer(), s);
                k.built = r0 + nb;
                return view;
            }
            return k.col.slice(r0 * per, nb * per);
        }
        im2col(k.src, r0, nb, s.col.buffer(), s);
        return s.col;
    }

    /** The last window (of {@code out} along this side) that covers padded coordinate y: ⌊y/s⌋, at most out − 1. */
    private int lastWindow(int y, int out) {
        return Math.min(out - 1, y / stride);
    }

    /** The first window that covers padded coordinate y: ⌈(y − k + 1)/s⌉, at least 0. */
    private int firstWindow(int y) {
        return Math.max(0, Math.floorDiv(y - kernel + stride, stride));
    }

    /**
     * Patch rows of samples r0..r0+nb of the heap batch xs into col: row (r−r0)·OHW + p holds the k×k×C window of
     * output position p (channel fastest). Each sample is first copied into a zero-padded channel-last heap image, so
     * that every row of a window is one contiguous run of k·C floats; the rows are assembled in a heap array and
     * stored by one bulk copy per piece.
     */
    private void im2col(float[] xs, int r0, int nb, FloatBuffer col, Scratch s) {
        Parallel.forRange(s.threads, nb, 1, (from, to) -> im2colPart(xs, r0, from, to, col));
    }

    /** Samples r0+from..r0+to of {@link #im2col}, in the calling thread's heap buffers. */
    private void im2colPart(float[] xs, int r0, int from, int to, FloatBuffer col) {
        LoopBuffers s = loopBuffers.get();
        int n = input.size();
        float[] pad = s.pad;
        float[] cs = s.colArr;
        int idx = 0;
        int first = from;
        for (int r = from; r < to; r++) {
            toChannelLast(xs, (r0 + r) * n, pad);
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int pb = (oy * stride * wp + ox * stride) * input.channels();
                    for (int i = 0; i < kernel; i++) {
                        System.arraycopy(pad, pb + i * wp * input.channels(), cs, idx, run);
                        idx += run;
                    }
                }
            }
            if (r + 1 - first == piece || r + 1 == to) {
                col.put(first * ohw * ckk, cs, 0, idx);
                idx = 0;
                first = r + 1;
            }
        }
    }

    /** The sample at xs[xb..] (C×H×W) into the interior of the zero-padded channel-last image pad ((H+2p)×(W+2p)×C). */
    private void toChannelLast(float[] xs, int xb, float[] pad) {
        int c = input.channels();
        int h = input.height();
        int w = input.width();
        for (int ch = 0; ch < c; ch++) {
            for (int iy = 0; iy < h; iy++) {
                int src = xb + (ch * h + iy) * w;
                int dst = ((iy + padding) * wp + padding) * c + ch;
                for (int ix = 0; ix < w; ix++) {
                    pad[dst + ix * c] = xs[src + ix];
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: overwrites samples r0..r0+nb of gx with the patch gradients summed back onto the pixels. */
    private void col2im(FloatBuffer col, FloatBuffer gx, int r0, int nb, Scratch s) {
        Parallel.forRange(s.threads, nb, 1, (from, to) -> col2imPart(col, gx, r0, from, to));
    }

    /**
     * Samples r0+from..r0+to of {@link #col2im}, in the calling thread's heap buffers. Summed pixel by pixel (a gather,
     * not a scatter: every pixel's C sums stay in one small buffer while the windows that cover it are added, so no
     * store has to wait for an overlapping one): pixel (y, x) of the padded image collects column block (i, j) of
     * patch row (oy, ox) for every window with oy·s + i = y and ox·s + j = x; the padding's own gradients are never
     * formed.
     */
    private void col2imPart(FloatBuffer col, FloatBuffer gx, int r0, int from, int to) {
        LoopBuffers s = loopBuffers.get();
        int c = input.channels();
        int h = input.height();
        int w = input.width();
        int n = c * h * w;
        float[] gs = s.inArr;
        float[] cs = s.colArr;
        float[] acc = s.acc;
        int first = from;
        for (int r = from; r < to; r++) {
            if (r == first) {
                col.get(first * ohw * ckk, cs, 0, Math.min(piece, to - first) * ohw * ckk);
            }
            int rb = (r - first) * ohw * ckk;
            int gb = (r - first) * n;
            for (int iy = 0; iy < h; iy++) {
                int y = iy + padding;
                for (int ix = 0; ix < w; ix++) {
                    int x = ix + padding;
                    Arrays.fill(acc, 0f);
                    // Windows oy covering row y have i = y − oy·s in [0, k); i rises as oy falls, the order of the sums.
                    for (int oy = lastWindow(y, oh); oy >= firstWindow(y); oy--) {
                        int i = y - oy * stride;
                        for (int ox = lastWindow(x, ow); ox >= firstWindow(x); ox--) {
                            int j = x - ox * stride;
                            int src = rb + (oy * ow + ox) * ckk + (i * kernel + j) * c;
                            for (int ch = 0; ch < c; ch++) {
                                acc[ch] += cs[src + ch];
                            }
                        }
                    }
                    int dst = gb + iy * w + ix;
                    for (int ch = 0; ch < c; ch++) {
                        gs[dst + ch * h * w] = acc[ch];
                    }
                }
            }
            if (r + 1 - first == piece || r + 1 == to) {
                gx.put((r0 + first) * n, gs, 0, (r + 1 - first) * n);
                first = r + 1;
            }
        }
    }

    /**
     * dst[base + c·rows + q] = src[base + q·cols + c] + add[c] (add null: nothing added): one sample's [rows, cols]
     * block transposed four source rows at a time (four contiguous reads, four adjacent writes per column).
     */
    private static void transpose(float[] src, int base, int rows, int cols, float[] dst, float[] add) {
        int q = 0;
        for (; q + 4 <= rows; q += 4) {
            int s0 = base + q * cols;
            int s1 = s0 + cols;
            int s2 = s1 + cols;
            int s3 = s2 + cols;
            for (int c = 0; c < cols; c++) {
                float b = add == null ? 0f : add[c];
                int d = base + c * rows + q;
                dst[d] = src[s0 + c] + b;
                dst[d + 1] = src[s1 + c] + b;
                dst[d + 2] = src[s2 + c] + b;
                dst[d + 3] = src[s3 + c] + b;
            }
        }
        for (; q < rows; q++) {
            int s0 = base + q * cols;
            for (int c = 0; c < cols; c++) {
                dst[base + c * rows + q] = src[s0 + c] + (add == null ? 0f : add[c]);
            }
        }
    }

    /**
     * Output rows (position-major, [nb·OHW, O]) → NCHW samples r0..r0+nb, plus the bias when given; split over the
     * engine's threads by sample (each copies its samples out of and back into native memory itself).
     */
    private void scatter(FloatBuffer z, FloatBuffer y, int r0, int nb, FloatVec b, Scratch s) {
        int n = outChannels * ohw;
        float[] zs = s.zArr;
        float[] ys = s.yArr;
        float[] bs = s.biasArr;
        for (int o = 0; o < outChannels; o++) {
            bs[o] = b == null ? 0f : b.get(o);
        }
        Parallel.forRange(s.threads, nb, 1, (from, to) -> {
            z.get(from * n, zs, from * n, (to - from) * n);
            for (int r = from; r < to; r++) {
                transpose(zs, r * n, ohw, outChannels, ys, bs);
            }
            y.put((r0 + from) * n, ys, from * n, (to - from) * n);
        });
    }

    /** NCHW samples r0..r0+nb of gy → position-major rows [nb·OHW, O]. */
    private void gather(FloatBuffer gy, int r0, int nb, FloatBuffer z, Scratch s) {
        gather(gy, r0, nb, z, s, null);
    }

    /**
     * As {@link #gather}, and with {@code sums} not null, sums[o] = Σ over the chunk's samples, in order, of each sample's
     * sum of channel o (the bias gradient), the sample's sum taken in four interleaved partial sums; the same bits on
     * any number of threads. Split over the engine's threads by sample.
     */
    private void gather(FloatBuffer gy, int r0, int nb, FloatBuffer z, Scratch s, float[] sums) {
        int n = outChannels * ohw;
        float[] zs = s.zArr;
        float[] ys = s.yArr;
        float[] per = s.sampleSums;
        Parallel.forRange(s.threads, nb, 1, (from, to) -> {
            gy.get((r0 + from) * n, ys, from * n, (to - from) * n);
            for (int r = from; r < to; r++) {
                if (sums != null) {
                    for (int o = 0; o < outChannels; o++) {
                        per[r * outChannels + o] = sum(ys, r * n + o * ohw, ohw);
                    }
                }
                transpose(ys, r * n, outChannels, ohw, zs, null);
            }
            z.put(from * n, zs, from * n, (to - from) * n);
        });
        if (sums != null) {
            Arrays.fill(sums, 0f);
            for (int r = 0; r < nb; r++) {
                for (int o = 0; o < outChannels; o++) {
                    sums[o] += per[r * outChannels + o];
                }
            }
        }
    }

    /** xs[from] + … + xs[from + len − 1] in four interleaved partial sums, combined as (s0 + s1) + (s2 + s3), then the tail. */
    private static float sum(float[] xs, int from, int len) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = from;
        int end4 = from + (len & ~3);
        for (; i < end4; i += 4) {
            s0 += xs[i];
            s1 += xs[i + 1];
            s2 += xs[i + 2];
            s3 += xs[i + 3];
        }
        float t = (s0 + s1) + (s2 + s3);
        for (; i < from + len; i++) {
            t += xs[i];
        }
        return t;
    }

    /** target[o] ← beta · target[o] + alpha · sums[o] (target not read when beta is 0). */
    private void addColumnSums(float[] sums, float alpha, float beta, FloatVec target) {
        for (int o = 0; o < outChannels; o++) {
            float sum = sums[o];
            target.set(o, beta == 0f ? alpha * sum : beta * target.get(o) + alpha * sum);
        }
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Conv2d(").append(input.channels()).append(", ").append(outChannels)
                .append(", kernel_size=(").append(kernel).append(", ").append(kernel).append(")");
        if (stride != 1) {
            sb.append(", stride=(").append(stride).append(", ").append(stride).append(")");
        }
        if (padding != 0) {
            sb.append(", padding=(").append(padding).append(", ").append(padding).append(")");
        }
        if (!bias) {
            sb.append(", bias=False");
        }
        return sb.append(")").toString();
    }

    /**
     * The patches of one input batch: a heap copy of the input ({@code src}, what they were built from), the patch
     * rows of its first {@code samples} samples in native memory, of which the first {@code built} are built.
     */
    private final class Kept {
        float[] src = new float[0];
        FloatVec col;
        int batch = -1;
        int samples;
        int built;

        /** Makes this the record of {@code x}'s first {@code b} samples, none built yet. */
        void reset(FloatBuffer x, int b) {
            int n = b * input.size();
            if (src.length < n) {
                src = new float[n];
            }
            x.get(0, src, 0, n);
            batch = b;
            built = 0;
            samples = Math.min(b, keepSamples);
            int floats = samples * ohw * ckk;
            if (floats > 0 && (col == null || col.length() < floats)) {
                col = FloatVec.zeros(floats);
            }
        }
    }

    /**
     * The heap buffers of the loops over samples (im2col, col2im), per thread that runs them: the engine's threads and
     * the helpers {@link Parallel} lends them, which so need only these, not a whole {@link Scratch}.
     */
    private final class LoopBuffers {
        final float[] colArr = new float[piece * ohw * ckk];
        final float[] inArr = new float[piece * input.size()];
        final float[] pad = new float[input.channels() * hp * wp];
        final float[] acc = new float[input.channels()];
    }

    /** One engine thread's buffers: two kept inputs, a chunk's patches (native), output rows (native and heap). */
    private final class Scratch {
        final Kept[] kept = {new Kept(), new Kept()};
        final FloatVec col = FloatVec.zeros(chunk * ohw * ckk);
        final FloatVec z = FloatVec.zeros(chunk * ohw * outChannels);
        final FloatVec z2 = FloatVec.zeros(chunk * ohw * outChannels);
        final float[] zArr = new float[chunk * ohw * outChannels];
        final float[] yArr = new float[chunk * ohw * outChannels];
        final float[] biasArr = new float[outChannels];
        final float[] sums = new float[outChannels];
        final float[] sampleSums = new float[chunk * outChannels];
        /** The weight and the direction's weight permuted to [O, k, k, C], and a weight gradient in that order (native). */
        final FloatVec wp = FloatVec.zeros(outChannels * ckk);
        final FloatVec vp = FloatVec.zeros(outChannels * ckk);
        final FloatVec gw = FloatVec.zeros(outChannels * ckk);
        final float[] wFrom = new float[outChannels * ckk];
        final float[] wTo = new float[outChannels * ckk];
        float[] probe = new float[0];
        /** The engine's threads for the current pass (the GEMM's). */
        int threads = 1;
        private FloatVec sample;
        private FloatVec paramGradient;

        /** Records the input {@code x} of b samples in a kept slot other than {@code other}'s, to be built as it is walked. */
        Kept record(FloatVec x, int b, Kept other) {
            Kept k = kept[0] == other ? kept[1] : kept[0];
            k.reset(x.buffer(), b);
            return k;
        }

        /** The kept record whose copy equals x's first b samples bit for bit, else a fresh record of x (in a slot other than {@code other}'s). */
        Kept find(FloatVec x, int b, Kept other) {
            int n = b * input.size();
            if (probe.length < n) {
                probe = new float[n];
            }
            x.buffer().get(0, probe, 0, n);
            for (Kept k : kept) {
                if (k.batch == b && Arrays.equals(probe, 0, n, k.src, 0, n)) {
                    return k;
                }
            }
            Kept k = kept[0] == other ? kept[1] : kept[0];
            // The probe already holds x: swap it in as the record's copy instead of copying again.
            float[] old = k.src;
            k.src = probe;
            probe = old;
            k.batch = b;
            k.built = 0;
            k.samples = Math.min(b, keepSamples);
            int floats = k.samples * ohw * ckk;
            if (floats > 0 && (k.col == null || k.col.length() < floats)) {
                k.col = FloatVec.zeros(floats);
            }
            return k;
        }

        /** dst ← the weight w ([O, C, k, k]) permuted to the patches' column order [O, k, k, C]; returns dst. */
        FloatVec permuted(FloatVec w, FloatVec dst) {
            w.buffer().get(0, wFrom, 0, wFrom.length);
            for (int o = 0; o < outChannels; o++) {
                int b = o * ckk;
                for (int q = 0; q < ckk; q++) {
                    wTo[b + q] = wFrom[b + torchCol[q]];
                }
            }
            dst.buffer().put(0, wTo, 0, wTo.length);
            return dst;
        }

        /** target ([O, C, k, k]) ← beta · target + alpha · g, with g in the patches' order [O, k, k, C] (target not read when beta is 0). */
        void unpermute(FloatVec g, float alpha, float beta, FloatVec target) {
            g.buffer().get(0, wFrom, 0, wFrom.length);
            if (beta != 0f) {
                target.buffer().get(0, wTo, 0, wTo.length);
            }
            for (int o = 0; o < outChannels; o++) {
                int b = o * ckk;
                for (int q = 0; q < ckk; q++) {
                    int at = b + torchCol[q];
                    wTo[at] = beta == 0f ? alpha * wFrom[b + q] : beta * wTo[at] + alpha * wFrom[b + q];
                }
            }
            target.buffer().put(0, wTo, 0, wTo.length);
        }

        FloatVec paramGradient() {
            if (paramGradient == null) {
                paramGradient = FloatVec.zeros(parameterCount());
            }
            return paramGradient;
        }

        FloatVec sample() {
            if (sample == null) {
                sample = FloatVec.zeros(outChannels * ckk);
            }
            return sample;
        }
    }
}
