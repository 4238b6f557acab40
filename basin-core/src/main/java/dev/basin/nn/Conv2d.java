package dev.basin.nn;

import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * nn.Conv2d with square kernels, one stride and one zero padding for both sides (no groups, no dilation):
 * a sample is C×H×W floats channel-major, the output O×OH×OW, the weight [O, C, k, k] and the bias [O]
 * exactly as PyTorch stores them, so a checkpoint's tensors load into {@code torch.nn.Conv2d} unchanged.
 *
 * <p>Every pass is lowered to the network's GEMM by im2col: the batch is cut into chunks of samples whose
 * patch matrix (one row per output position, C·k·k columns, ordered as the weight's [C, k, k]) holds about
 * 2<sup>20</sup> floats, so it stays in cache; the chunk's rows times Wᵀ give the outputs, its output
 * gradients times W the patch gradients (scattered back by col2im), and the output gradients transposed
 * times the patches accumulate the weight gradient. The patch, output-row and per-sample buffers are sized
 * when a thread first uses the layer and reused for every later call: nothing is allocated per step.
 *
 * <p>Initialisation is PyTorch's default: kaiming_uniform with a = √5 on the weight, i.e. U(±1/√fan_in)
 * with fan_in = C·k·k, and the bias U(±1/√fan_in).
 */
public final class Conv2d implements Layer {
    /** Target size in floats of one chunk's patch matrix. */
    static final int CHUNK_FLOATS = 1 << 20;

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
    private final int chunk;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    public Conv2d(ImageShape input, int outChannels, int kernel, int stride, int padding, boolean bias) {
        this(input, outChannels, kernel, stride, padding, bias, CHUNK_FLOATS);
    }

    /** With the chunk's patch matrix capped at {@code chunkFloats} floats (tests use small caps to run many chunks). */
    Conv2d(ImageShape input, int outChannels, int kernel, int stride, int padding, boolean bias, int chunkFloats) {
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
        this.chunk = Math.max(1, chunkFloats / (ohw * ckk));
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
        FloatVec w = weight(params);
        for (int r0 = 0; r0 < batch; r0 += chunk) {
            int nb = Math.min(chunk, batch - r0);
            im2col(x.buffer(), r0, nb, s.col.buffer());
            gemm.sgemm(false, true, nb * ohw, outChannels, ckk, 1f, s.col, ckk, w, ckk, 0f, s.z, outChannels);
            scatter(s.z.buffer(), y.buffer(), r0, nb, biasOf(params));
        }
    }

    @Override
    public void backwardInput(Gemm gemm, FloatVec params, FloatVec x, FloatVec y, FloatVec gy, FloatVec gx, int batch) {
        Scratch s = scratch.get();
        FloatVec w = weight(params);
        for (int r0 = 0; r0 < batch; r0 += chunk) {
            int nb = Math.min(chunk, batch - r0);
            gather(gy.buffer(), r0, nb, s.z.buffer());
            gemm.sgemm(false, false, nb * ohw, ckk, outChannels, 1f, s.z, outChannels, w, ckk, 0f, s.col, ckk);
            col2im(s.col.buffer(), gx.buffer(), r0, nb);
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

    /** target ← beta · target + alpha · dL/dθ: dL/dW = Σ_chunks gZᵀ · patches, dL/db = Σ over positions and samples of gy. */
    private void paramGradient(Gemm gemm, FloatVec x, FloatVec gy, float alpha, float beta, FloatVec target, int batch) {
        Scratch s = scratch.get();
        FloatVec tw = weight(target);
        FloatVec tb = biasOf(target);
        for (int r0 = 0; r0 < batch; r0 += chunk) {
            int nb = Math.min(chunk, batch - r0);
            float b = r0 == 0 ? beta : 1f;
            im2col(x.buffer(), r0, nb, s.col.buffer());
            gather(gy.buffer(), r0, nb, s.z.buffer());
            gemm.sgemm(true, false, outChannels, ckk, nb * ohw, alpha, s.z, outChannels, s.col, ckk, b, tw, ckk);
            if (tb != null) {
                addColumnSums(s.z.buffer(), nb * ohw, alpha, b, tb);
            }
        }
    }

    /** rOut = conv(x, V) + v_b (+ conv(rIn, W) when the input depends on θ). */
    @Override
    public void forwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec x, FloatVec rIn, FloatVec y, FloatVec rOut, int batch) {
        Scratch s = scratch.get();
        for (int r0 = 0; r0 < batch; r0 += chunk) {
            int nb = Math.min(chunk, batch - r0);
            im2col(x.buffer(), r0, nb, s.col.buffer());
            gemm.sgemm(false, true, nb * ohw, outChannels, ckk, 1f, s.col, ckk, weight(dir), ckk, 0f, s.z, outChannels);
            if (rIn != null) {
                im2col(rIn.buffer(), r0, nb, s.col.buffer());
                gemm.sgemm(false, true, nb * ohw, outChannels, ckk, 1f, s.col, ckk, weight(params), ckk, 1f, s.z, outChannels);
            }
            scatter(s.z.buffer(), rOut.buffer(), r0, nb, biasOf(dir));
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
        FloatVec w = weight(params);
        FloatVec rw = weight(rGradParams);
        FloatVec rb = biasOf(rGradParams);
        for (int r0 = 0; r0 < batch; r0 += chunk) {
            int nb = Math.min(chunk, batch - r0);
            int rows = nb * ohw;
            gather(gy.buffer(), r0, nb, s.z.buffer());
            gather(rGy.buffer(), r0, nb, s.z2.buffer());
            if (gx != null) {
                gemm.sgemm(false, false, rows, ckk, outChannels, 1f, s.z, outChannels, w, ckk, 0f, s.col, ckk);
                col2im(s.col.buffer(), gx.buffer(), r0, nb);
                gemm.sgemm(false, false, rows, ckk, outChannels, 1f, s.z2, outChannels, w, ckk, 0f, s.col, ckk);
                gemm.sgemm(false, false, rows, ckk, outChannels, 1f, s.z, outChannels, weight(dir), ckk, 1f, s.col, ckk);
                col2im(s.col.buffer(), rGx.buffer(), r0, nb);
            }
            float b = r0 == 0 ? 0f : 1f;
            im2col(x.buffer(), r0, nb, s.col.buffer());
            gemm.sgemm(true, false, outChannels, ckk, rows, 1f, s.z2, outChannels, s.col, ckk, b, rw, ckk);
            if (rIn != null) {
                im2col(rIn.buffer(), r0, nb, s.col.buffer());
                gemm.sgemm(true, false, outChannels, ckk, rows, 1f, s.z, outChannels, s.col, ckk, 1f, rw, ckk);
            }
            if (rb != null) {
                addColumnSums(s.z2.buffer(), rows, 1f, b, rb);
            }
        }
    }

    /**
     * The exact slower path: sample r's weight gradient gZ_rᵀ · patches_r is not an outer product, so it is
     * formed sample by sample (one GEMM each) and its square added: target += scale · Σ_r (∂L/∂θ of sample r)².
     */
    @Override
    public void addSquaredSampleGradients(Gemm gemm, FloatVec x, FloatVec gy, float scale, FloatVec target, FloatVec scratchA,
                                          FloatVec scratchB, int batch) {
        Scratch s = scratch.get();
        FloatBuffer g = s.sample().buffer();
        FloatBuffer t = target.buffer();
        FloatBuffer z = s.z.buffer();
        int nw = outChannels * ckk;
        for (int r = 0; r < batch; r++) {
            im2col(x.buffer(), r, 1, s.col.buffer());
            gather(gy.buffer(), r, 1, z);
            gemm.sgemm(true, false, outChannels, ckk, ohw, 1f, s.z, outChannels, s.col, ckk, 0f, s.sample(), ckk);
            for (int i = 0; i < nw; i++) {
                float v = g.get(i);
                t.put(i, t.get(i) + scale * v * v);
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
     * Patch rows of samples r0..r0+nb: row (r−r0)·OHW + p holds the C×k×k window of output position p (zeros in the
     * padding). Built in heap arrays (the input chunk fetched and the patches stored by one bulk copy each), where
     * the JIT compiles the copy loops without the per-element checks of native-buffer access.
     */
    private void im2col(FloatBuffer x, int r0, int nb, FloatBuffer col) {
        Scratch s = scratch.get();
        int c = input.channels();
        int h = input.height();
        int w = input.width();
        int n = c * h * w;
        float[] xs = s.inArr;
        float[] cs = s.colArr;
        x.get(r0 * n, xs, 0, nb * n);
        int idx = 0;
        for (int r = 0; r < nb; r++) {
            int base = r * n;
            for (int oy = 0; oy < oh; oy++) {
                int iy0 = oy * stride - padding;
                for (int ox = 0; ox < ow; ox++) {
                    int ix0 = ox * stride - padding;
                    boolean inside = ix0 >= 0 && ix0 + kernel <= w;
                    for (int ch = 0; ch < c; ch++) {
                        int cb = base + ch * h * w;
                        for (int i = 0; i < kernel; i++) {
                            int iy = iy0 + i;
                            if (iy < 0 || iy >= h) {
                                for (int j = 0; j < kernel; j++) {
                                    cs[idx + j] = 0f;
                                }
                            } else if (inside) {
                                int rb = cb + iy * w + ix0;
                                for (int j = 0; j < kernel; j++) {
                                    cs[idx + j] = xs[rb + j];
                                }
                            } else {
                                int rb = cb + iy * w;
                                for (int j = 0; j < kernel; j++) {
                                    int ix = ix0 + j;
                                    cs[idx + j] = ix >= 0 && ix < w ? xs[rb + ix] : 0f;
                                }
                            }
                            idx += kernel;
                        }
                    }
                }
            }
        }
        col.put(0, cs, 0, idx);
    }

    /** The adjoint of {@link #im2col}: overwrites samples r0..r0+nb of gx with the patch gradients summed back onto the pixels. */
    private void col2im(FloatBuffer col, FloatBuffer gx, int r0, int nb) {
        Scratch s = scratch.get();
        int c = input.channels();
        int h = input.height();
        int w = input.width();
        int n = c * h * w;
        float[] gs = s.inArr;
        float[] cs = s.colArr;
        java.util.Arrays.fill(gs, 0, nb * n, 0f);
        col.get(0, cs, 0, nb * ohw * ckk);
        int idx = 0;
        for (int r = 0; r < nb; r++) {
            int base = r * n;
            for (int oy = 0; oy < oh; oy++) {
                int iy0 = oy * stride - padding;
                for (int ox = 0; ox < ow; ox++) {
                    int ix0 = ox * stride - padding;
                    boolean inside = ix0 >= 0 && ix0 + kernel <= w;
                    for (int ch = 0; ch < c; ch++) {
                        int cb = base + ch * h * w;
                        for (int i = 0; i < kernel; i++) {
                            int iy = iy0 + i;
                            if (iy >= 0 && iy < h) {
                                if (inside) {
                                    int rb = cb + iy * w + ix0;
                                    for (int j = 0; j < kernel; j++) {
                                        gs[rb + j] += cs[idx + j];
                                    }
                                } else {
                                    int rb = cb + iy * w;
                                    for (int j = 0; j < kernel; j++) {
                                        int ix = ix0 + j;
                                        if (ix >= 0 && ix < w) {
                                            gs[rb + ix] += cs[idx + j];
                                        }
                                    }
                                }
                            }
                            idx += kernel;
                        }
                    }
                }
            }
        }
        gx.put(r0 * n, gs, 0, nb * n);
    }

    /** Output rows (position-major, [nb·OHW, O]) → NCHW samples r0..r0+nb, plus the bias when given. */
    private void scatter(FloatBuffer z, FloatBuffer y, int r0, int nb, FloatVec b) {
        int n = outChannels * ohw;
        for (int r = 0; r < nb; r++) {
            int yb = (r0 + r) * n;
            int zb = r * ohw * outChannels;
            for (int o = 0; o < outChannels; o++) {
                float bo = b == null ? 0f : b.get(o);
                int yo = yb + o * ohw;
                for (int p = 0; p < ohw; p++) {
                    y.put(yo + p, z.get(zb + p * outChannels + o) + bo);
                }
            }
        }
    }

    /** NCHW samples r0..r0+nb of gy → position-major rows [nb·OHW, O]. */
    private void gather(FloatBuffer gy, int r0, int nb, FloatBuffer z) {
        int n = outChannels * ohw;
        for (int r = 0; r < nb; r++) {
            int gb = (r0 + r) * n;
            int zb = r * ohw * outChannels;
            for (int o = 0; o < outChannels; o++) {
                int go = gb + o * ohw;
                for (int p = 0; p < ohw; p++) {
                    z.put(zb + p * outChannels + o, gy.get(go + p));
                }
            }
        }
    }

    /** target[o] ← beta · target[o] + alpha · Σ_rows z[row, o] (target not read when beta is 0). */
    private void addColumnSums(FloatBuffer z, int rows, float alpha, float beta, FloatVec target) {
        for (int o = 0; o < outChannels; o++) {
            float sum = 0f;
            for (int row = 0; row < rows; row++) {
                sum += z.get(row * outChannels + o);
            }
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

    /** One thread's buffers: a chunk's patches (native and heap), its input (heap), two chunks of output rows, one sample's weight gradient. */
    private final class Scratch {
        final FloatVec col = FloatVec.zeros(chunk * ohw * ckk);
        final FloatVec z = FloatVec.zeros(chunk * ohw * outChannels);
        final FloatVec z2 = FloatVec.zeros(chunk * ohw * outChannels);
        final float[] colArr = new float[chunk * ohw * ckk];
        final float[] inArr = new float[chunk * input.size()];
        private FloatVec sample;
        private FloatVec paramGradient;

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
