package dev.basin.nn;

import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;
import java.nio.FloatBuffer;

/**
 * nn.MaxPool2d with a square window, one stride and implicit −∞ padding (dilation 1, floor mode): each
 * output is the largest input of its window, the first one in row-major window order on ties, as PyTorch
 * picks it. The layer keeps no indices: the backward passes find each window's maximum again from the
 * forward's input, so one layer object serves any number of workspaces. Piecewise linear in its input,
 * so its tangent and R-backward route values through the same maxima and its second derivative is zero.
 */
public final class MaxPool2d implements Layer {
    private final ImageShape input;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int oh;
    private final int ow;

    public MaxPool2d(ImageShape input, int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException("MaxPool2d needs kernel, stride >= 1 and 0 <= padding <= kernel/2, got "
                    + kernel + ", " + stride + ", " + padding);
        }
        this.input = input;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.oh = ImageShape.outSide(input.height(), kernel, stride, padding, "MaxPool2d");
        this.ow = ImageShape.outSide(input.width(), kernel, stride, padding, "MaxPool2d");
    }

    public ImageShape outputShape() {
        return new ImageShape(input.channels(), oh, ow);
    }

    @Override
    public int inputSize() {
        return input.size();
    }

    @Override
    public int outputSize() {
        return input.channels() * oh * ow;
    }

    /** Heap copies of a batch's inputs and values (grown to the largest batch seen, per thread). */
    private static final class Arrays3 {
        float[] x = new float[0];
        float[] v = new float[0];
        float[] y = new float[0];
    }

    private final ThreadLocal<Arrays3> scratch = ThreadLocal.withInitial(Arrays3::new);

    private Arrays3 arrays(int batch) {
        Arrays3 a = scratch.get();
        int n = batch * input.size();
        if (a.x.length < n) {
            a.x = new float[n];
            a.v = new float[n];
        }
        if (a.y.length < batch * outputSize()) {
            a.y = new float[batch * outputSize()];
        }
        return a;
    }

    /** Index in xs of the maximum of window (oy, ox) of the plane at {@code base}: the first largest (a NaN, once met, is kept: NaN propagates as in PyTorch). */
    private int argmax(float[] xs, int base, int oy, int ox) {
        int h = input.height();
        int w = input.width();
        int iy0 = oy * stride - padding;
        int ix0 = ox * stride - padding;
        int i0 = Math.max(0, iy0);
        int i1 = Math.min(h, iy0 + kernel);
        int j0 = Math.max(0, ix0);
        int j1 = Math.min(w, ix0 + kernel);
        int best = base + i0 * w + j0;
        float bestV = xs[best];
        for (int i = i0; i < i1; i++) {
            int rb = base + i * w;
            for (int j = j0; j < j1; j++) {
                float v = xs[rb + j];
                if (v > bestV || v != v) {
                    if (bestV != bestV) {
                        continue;
                    }
                    best = rb + j;
                    bestV = v;
                }
            }
        }
        return best;
    }

    /** out[r, c, oy, ox] = src[argmax of x's window] (src = x for the forward, rIn for the tangent). */
    private void route(FloatBuffer x, FloatBuffer src, FloatBuffer out, int batch) {
        Arrays3 a = arrays(batch);
        int n = batch * input.size();
        x.get(0, a.x, 0, n);
        float[] vs = a.x;
        if (src != x) {
            src.get(0, a.v, 0, n);
            vs = a.v;
        }
        int planes = batch * input.channels();
        int h = input.height();
        int w = input.width();
        int hw = h * w;
        int o = 0;
        float[] xs = a.x;
        for (int pl = 0; pl < planes; pl++) {
            int base = pl * hw;
            for (int oy = 0; oy < oh; oy++) {
                int iy0 = oy * stride - padding;
                boolean rowsInside = iy0 >= 0 && iy0 + kernel <= h;
                for (int ox = 0; ox < ow; ox++) {
                    int ix0 = ox * stride - padding;
                    if (src == x && rowsInside && ix0 >= 0 && ix0 + kernel <= w) {
                        // The forward's common case: the window's largest value, no index needed.
                        float m = Float.NEGATIVE_INFINITY;
                        boolean nan = false;
                        for (int i = 0; i < kernel; i++) {
                            int rb = base + (iy0 + i) * w + ix0;
                            for (int j = 0; j < kernel; j++) {
                                float v = xs[rb + j];
                                nan |= v != v;
                                m = Math.max(m, v);
                            }
                        }
                        a.y[o++] = nan ? Float.NaN : m;
                    } else {
                        a.y[o++] = vs[argmax(xs, base, oy, ox)];
                    }
                }
            }
        }
        out.put(0, a.y, 0, o);
    }

    /** gx = 0, then gx[argmax] += gy for every window (windows may overlap). */
    private void unroute(FloatBuffer x, FloatBuffer gy, FloatBuffer gx, int batch) {
        Arrays3 a = arrays(batch);
        int n = batch * input.size();
        x.get(0, a.x, 0, n);
        gy.get(0, a.y, 0, batch * outputSize());
        float[] g = a.v;
        java.util.Arrays.fill(g, 0, n, 0f);
        int planes = batch * input.channels();
        int hw = input.height() * input.width();
        int o = 0;
        int h = input.height();
        int w = input.width();
        float[] xs = a.x;
        for (int pl = 0; pl < planes; pl++) {
            int base = pl * hw;
            for (int oy = 0; oy < oh; oy++) {
                int iy0 = oy * stride - padding;
                boolean rowsInside = iy0 >= 0 && iy0 + kernel <= h;
                for (int ox = 0; ox < ow; ox++) {
                    int ix0 = ox * stride - padding;
                    int at;
                    if (rowsInside && ix0 >= 0 && ix0 + kernel <= w) {
                        // Interior window: the first largest value, as argmax() finds it, inlined.
                        at = base + iy0 * w + ix0;
                        float best = xs[at];
                        for (int i = 0; i < kernel && best == best; i++) {
                            int rb = base + (iy0 + i) * w + ix0;
                            for (int j = 0; j < kernel; j++) {
                                float v = xs[rb + j];
                                if (v > best || v != v) {
                                    best = v;
                                    at = rb + j;
                                    if (v != v) {
                                        break;
                                    }
                                }
                            }
                        }
                    } else {
                        at = argmax(xs, base, oy, ox);
                    }
                    g[at] += a.y[o++];
                }
            }
        }
        gx.put(0, g, 0, n);
    }

    @Override
    public void forward(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, int batch) {
        route(in.buffer(), in.buffer(), out.buffer(), batch);
    }

    @Override
    public void backwardInput(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, FloatVec gradOut, FloatVec gradIn, int batch) {
        unroute(in.buffer(), gradOut.buffer(), gradIn.buffer(), batch);
    }

    @Override
    public void forwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut, int batch) {
        if (rIn == null) {
            rOut.slice(0, batch * outputSize()).fill(0f);
        } else {
            route(in.buffer(), rIn.buffer(), rOut.buffer(), batch);
        }
    }

    @Override
    public void backwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut,
                                FloatVec gy, FloatVec rGy, FloatVec gx, FloatVec rGx, FloatVec rGradParams, int batch) {
        if (gx != null) {
            unroute(in.buffer(), gy.buffer(), gx.buffer(), batch);
            unroute(in.buffer(), rGy.buffer(), rGx.buffer(), batch);
        }
    }

    @Override
    public String describe() {
        return "MaxPool2d(kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding + ", dilation=1, ceil_mode=False)";
    }
}
