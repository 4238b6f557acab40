package dev.basin.nn;

import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;
import dev.basin.numeric.Parallel;
import java.nio.FloatBuffer;

/**
 * nn.MaxPool2d with a square window, one stride and implicit −∞ padding (dilation 1, floor mode): each
 * output is the largest input of its window, the first one in row-major window order on ties, as PyTorch
 * picks it. The forward records, per thread, a heap copy of its input and each window's maximum as an index;
 * the later passes (backward, tangent, R-backward) route through those indices when their input is bit for bit
 * the recorded copy, and find the maxima again otherwise, so one layer object serves any number of workspaces
 * and threads and the results never depend on what ran before. Piecewise linear in its input,
 * so its tangent and R-backward route values through the same maxima and its second derivative is zero.
 */
public final class MaxPool2d implements Layer {
    private final ImageShape input;
    private final PoolWindows win;
    /** Bits of a key that hold the index in the plane, and their mask. */
    private final int indexBits;
    private final long indexMask;
    /** Per thread that runs {@link #pool}: one plane's keys, one row of column maxima and one of window maxima. */
    private final ThreadLocal<long[][]> keys;

    public MaxPool2d(ImageShape input, int kernel, int stride, int padding) {
        this.input = input;
        this.win = new PoolWindows(input, kernel, stride, padding, "MaxPool2d");
        int plane = input.height() * input.width();
        // Keys are (32-bit value) << indexBits | index: below 2^62 for planes of fewer than 2^30 pixels.
        if (plane >= 1 << 30) {
            throw new IllegalArgumentException("MaxPool2d needs images of fewer than 2^30 pixels, got " + input.height() + "x" + input.width());
        }
        this.indexBits = 32 - Integer.numberOfLeadingZeros(plane);
        this.indexMask = (1L << indexBits) - 1;
        this.keys = ThreadLocal.withInitial(() -> new long[][] {new long[plane], new long[input.width()], new long[win.ow]});
    }

    public ImageShape outputShape() {
        return win.outputShape();
    }

    /**
     * Per thread: the input's copy, a probe copy and an input-sized buffer; the window indices and an output-sized buffer;
     * one plane's keys, a row of column maxima and a row of window maxima.
     */
    @Override
    public long scratchBytes(int capacity, boolean tangents) {
        return 4L * capacity * (3L * input.size() + 2L * outputSize()) + 8L * (input.height() * input.width() + input.width() + win.ow);
    }

    @Override
    public int inputSize() {
        return input.size();
    }

    @Override
    public int outputSize() {
        return win.outputSize();
    }

    /**
     * One thread's record of the last input it pooled: a heap copy ({@code src}), each window's maximum as an index
     * into it ({@code idx}), and heap buffers for the passes.
     */
    private final class Kept {
        float[] src = new float[0];
        float[] probe = new float[0];
        int[] idx = new int[0];
        float[] in = new float[0];
        float[] out = new float[0];
        int batch = -1;

        void ensure(int b) {
            int n = b * input.size();
            int m = b * outputSize();
            if (src.length < n) {
                src = new float[n];
                probe = new float[n];
                in = new float[n];
            }
            if (idx.length < m) {
                idx = new int[m];
                out = new float[m];
            }
        }
    }

    private final ThreadLocal<Kept> scratch = ThreadLocal.withInitial(Kept::new);

    /** Records x's first b samples and finds the maximum of every window; leaves the pooled values in {@code k.out}. */
    private Kept record(FloatBuffer x, int b, int threads) {
        Kept k = scratch.get();
        k.ensure(b);
        x.get(0, k.src, 0, b * input.size());
        k.batch = b;
        Parallel.forRange(threads, b, 8, (from, to) -> pool(k, from, to));
        return k;
    }

    /** The record of x: the kept one when its copy equals x's first b samples bit for bit, else a fresh one. */
    private Kept find(FloatBuffer x, int b, int threads) {
        Kept k = scratch.get();
        k.ensure(b);
        int n = b * input.size();
        x.get(0, k.probe, 0, n);
        if (k.batch == b && java.util.Arrays.equals(k.probe, 0, n, k.src, 0, n)) {
            return k;
        }
        float[] t = k.src;
        k.src = k.probe;
        k.probe = t;
        k.batch = b;
        Parallel.forRange(threads, b, 8, (from, to) -> pool(k, from, to));
        return k;
    }

    /**
     * For samples from..to: idx[o] = index in src of the maximum of window o, the first largest in row-major window
     * order, as PyTorch picks it; where a window holds a NaN, its first NaN (NaN propagates); out[o] = its value.
     *
     * <p>Branch-free, as data-dependent branches (one mispredicted per new maximum) cost more than the comparisons:
     * each input of a plane becomes one ordered integer key, its value in an order-preserving integer form (−0
     * folded onto +0 by adding +0) above the complement of its index in the plane, so that the largest key of a
     * window is its first maximum; the keys' maximum is taken over each window's rows for every column, then over
     * its columns (separable, as max is associative), with a subtract-and-mask maximum. Window bounds come clipped
     * from the tables.
     */
    private void pool(Kept k, int from, int to) {
        float[] xs = k.src;
        int[] idx = k.idx;
        float[] ys = k.out;
        int w = input.width();
        int hw = input.height() * w;
        long[][] buf = keys.get();
        long[] key = buf[0];
        long[] col = buf[1];
        long[] row = buf[2];
        int o = from * outputSize();
        for (int pl = from * input.channels(); pl < to * input.channels(); pl++) {
            int base = pl * hw;
            boolean nan = false;
            for (int q = 0; q < hw; q++) {
                float v = xs[base + q];
                nan |= v != v;
                int bits = Float.floatToRawIntBits(v + 0f);
                bits ^= (bits >> 31) & 0x7fffffff;
                key[q] = ((long) bits << indexBits) | (indexMask - q);
            }
            for (int oy = 0; oy < win.oh; oy++) {
                int i0 = win.rowFrom[oy];
                int i1 = win.rowTo[oy];
                System.arraycopy(key, i0 * w, col, 0, w);
                for (int i = i0 + 1; i < i1; i++) {
                    int rb = i * w;
                    for (int j = 0; j < w; j++) {
                        col[j] = max(col[j], key[rb + j]);
                    }
                }
                for (int ox = 0; ox < win.ow; ox++) {
                    row[ox] = col[win.colFrom[ox]];
                }
                // Column j = ox·stride − padding + t of window ox, for t past its first column, where inside the image.
                for (int t = 1; t < win.kernel; t++) {
                    for (int ox = 0; ox < win.ow; ox++) {
                        int j = ox * win.stride - win.padding + t;
                        if (j > 0 && j < w) {
                            row[ox] = max(row[ox], col[j]);
                        }
                    }
                }
                for (int ox = 0; ox < win.ow; ox++) {
                    int at = base + (int) (indexMask - (row[ox] & indexMask));
                    if (nan) {
                        int first = firstNaN(xs, base, i0, i1, win.colFrom[ox], win.colTo[ox]);
                        at = first < 0 ? at : first;
                    }
                    idx[o] = at;
                    ys[o++] = xs[at];
                }
            }
        }
    }

    /** max(a, b) without a branch, for keys below 2<sup>62</sup> in magnitude (so a − b cannot overflow). */
    private static long max(long a, long b) {
        long d = a - b;
        return a - (d & (d >> 63));
    }

    /** The index of the first NaN of a window, or −1 if it holds none. */
    private int firstNaN(float[] xs, int base, int i0, int i1, int j0, int j1) {
        int w = input.width();
        for (int i = i0; i < i1; i++) {
            for (int j = j0; j < j1; j++) {
                float v = xs[base + i * w + j];
                if (v != v) {
                    return base + i * w + j;
                }
            }
        }
        return -1;
    }

    /** out[o] = src[idx[o]] for the values in {@code src} (rIn for the tangent). */
    private void route(Kept k, FloatBuffer src, FloatBuffer out, int batch) {
        int n = batch * input.size();
        int m = batch * outputSize();
        src.get(0, k.in, 0, n);
        float[] vs = k.in;
        int[] idx = k.idx;
        float[] ys = k.out;
        for (int o = 0; o < m; o++) {
            ys[o] = vs[idx[o]];
        }
        out.put(0, ys, 0, m);
    }

    /** gx = 0, then gx[idx[o]] += gy[o] for every window (windows may overlap). */
    private void unroute(Kept k, FloatBuffer gy, FloatBuffer gx, int batch) {
        int n = batch * input.size();
        int m = batch * outputSize();
        gy.get(0, k.out, 0, m);
        float[] g = k.in;
        java.util.Arrays.fill(g, 0, n, 0f);
        int[] idx = k.idx;
        float[] gs = k.out;
        for (int o = 0; o < m; o++) {
            g[idx[o]] += gs[o];
        }
        gx.put(0, g, 0, n);
    }

    @Override
    public void forward(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, int batch) {
        Kept k = record(in.buffer(), batch, gemm.threads());
        out.buffer().put(0, k.out, 0, batch * outputSize());
    }

    @Override
    public void backwardInput(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, FloatVec gradOut, FloatVec gradIn, int batch) {
        unroute(find(in.buffer(), batch, gemm.threads()), gradOut.buffer(), gradIn.buffer(), batch);
    }

    @Override
    public void forwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut, int batch) {
        if (rIn == null) {
            rOut.slice(0, batch * outputSize()).fill(0f);
        } else {
            route(find(in.buffer(), batch, gemm.threads()), rIn.buffer(), rOut.buffer(), batch);
        }
    }

    @Override
    public void backwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut,
                                FloatVec gy, FloatVec rGy, FloatVec gx, FloatVec rGx, FloatVec rGradParams, int batch) {
        if (gx != null) {
            Kept k = find(in.buffer(), batch, gemm.threads());
            unroute(k, gy.buffer(), gx.buffer(), batch);
            unroute(k, rGy.buffer(), rGx.buffer(), batch);
        }
    }

    @Override
    public String describe() {
        return "MaxPool2d(" + win.arguments() + ", dilation=1, ceil_mode=False)";
    }
}
