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

    /** Index within the input row block of the maximum of window (plane base, oy, ox); NaN wins as in PyTorch. */
    private int argmax(FloatBuffer x, int planeBase, int oy, int ox) {
        int h = input.height();
        int w = input.width();
        int iy0 = oy * stride - padding;
        int ix0 = ox * stride - padding;
        int best = -1;
        float bestV = Float.NEGATIVE_INFINITY;
        for (int i = Math.max(0, iy0); i < Math.min(h, iy0 + kernel); i++) {
            for (int j = Math.max(0, ix0); j < Math.min(w, ix0 + kernel); j++) {
                int at = planeBase + i * w + j;
                float v = x.get(at);
                if (best < 0 || v > bestV || Float.isNaN(v)) {
                    best = at;
                    bestV = v;
                    if (Float.isNaN(v)) {
                        return best;
                    }
                }
            }
        }
        return best;
    }

    /** out[r, c, oy, ox] = src[argmax of x's window] (src = x for the forward, rIn for the tangent). */
    private void route(FloatBuffer x, FloatBuffer src, FloatBuffer out, int batch) {
        int planes = batch * input.channels();
        int hw = input.height() * input.width();
        int o = 0;
        for (int pl = 0; pl < planes; pl++) {
            int base = pl * hw;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    out.put(o++, src.get(argmax(x, base, oy, ox)));
                }
            }
        }
    }

    /** gx = 0, then gx[argmax] += gy for every window (windows may overlap). */
    private void unroute(FloatBuffer x, FloatBuffer gy, FloatBuffer gx, int batch) {
        int n = batch * input.size();
        for (int i = 0; i < n; i++) {
            gx.put(i, 0f);
        }
        int planes = batch * input.channels();
        int hw = input.height() * input.width();
        int o = 0;
        for (int pl = 0; pl < planes; pl++) {
            int base = pl * hw;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int at = argmax(x, base, oy, ox);
                    gx.put(at, gx.get(at) + gy.get(o++));
                }
            }
        }
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
