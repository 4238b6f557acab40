package dev.basin.nn;

import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;
import java.nio.FloatBuffer;

/**
 * nn.AvgPool2d with a square window, one stride and zero padding counted in the mean (PyTorch's defaults
 * count_include_pad = True, floor mode): each output is the sum of its window divided by k². Linear in its
 * input, so the tangent is the same map applied to rIn and the R-backward is the backward applied twice.
 */
public final class AvgPool2d implements Layer {
    private final ImageShape input;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int oh;
    private final int ow;

    public AvgPool2d(ImageShape input, int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException("AvgPool2d needs kernel, stride >= 1 and 0 <= padding <= kernel/2, got "
                    + kernel + ", " + stride + ", " + padding);
        }
        this.input = input;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.oh = ImageShape.outSide(input.height(), kernel, stride, padding, "AvgPool2d");
        this.ow = ImageShape.outSide(input.width(), kernel, stride, padding, "AvgPool2d");
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

    private void pool(FloatBuffer x, FloatBuffer y, int batch) {
        int h = input.height();
        int w = input.width();
        int planes = batch * input.channels();
        float inv = 1f / (kernel * kernel);
        int o = 0;
        for (int pl = 0; pl < planes; pl++) {
            int base = pl * h * w;
            for (int oy = 0; oy < oh; oy++) {
                int iy0 = oy * stride - padding;
                for (int ox = 0; ox < ow; ox++) {
                    int ix0 = ox * stride - padding;
                    float s = 0f;
                    for (int i = Math.max(0, iy0); i < Math.min(h, iy0 + kernel); i++) {
                        for (int j = Math.max(0, ix0); j < Math.min(w, ix0 + kernel); j++) {
                            s += x.get(base + i * w + j);
                        }
                    }
                    y.put(o++, s * inv);
                }
            }
        }
    }

    /** The adjoint: gx = 0, then each output's gradient / k² added to every pixel of its window. */
    private void unpool(FloatBuffer gy, FloatBuffer gx, int batch) {
        int h = input.height();
        int w = input.width();
        int n = batch * input.size();
        for (int i = 0; i < n; i++) {
            gx.put(i, 0f);
        }
        int planes = batch * input.channels();
        float inv = 1f / (kernel * kernel);
        int o = 0;
        for (int pl = 0; pl < planes; pl++) {
            int base = pl * h * w;
            for (int oy = 0; oy < oh; oy++) {
                int iy0 = oy * stride - padding;
                for (int ox = 0; ox < ow; ox++) {
                    int ix0 = ox * stride - padding;
                    float g = gy.get(o++) * inv;
                    for (int i = Math.max(0, iy0); i < Math.min(h, iy0 + kernel); i++) {
                        for (int j = Math.max(0, ix0); j < Math.min(w, ix0 + kernel); j++) {
                            int at = base + i * w + j;
                            gx.put(at, gx.get(at) + g);
                        }
                    }
                }
            }
        }
    }

    @Override
    public void forward(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, int batch) {
        pool(in.buffer(), out.buffer(), batch);
    }

    @Override
    public void backwardInput(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, FloatVec gradOut, FloatVec gradIn, int batch) {
        unpool(gradOut.buffer(), gradIn.buffer(), batch);
    }

    @Override
    public void forwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut, int batch) {
        if (rIn == null) {
            rOut.slice(0, batch * outputSize()).fill(0f);
        } else {
            pool(rIn.buffer(), rOut.buffer(), batch);
        }
    }

    @Override
    public void backwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut,
                                FloatVec gy, FloatVec rGy, FloatVec gx, FloatVec rGx, FloatVec rGradParams, int batch) {
        if (gx != null) {
            unpool(gy.buffer(), gx.buffer(), batch);
            unpool(rGy.buffer(), rGx.buffer(), batch);
        }
    }

    @Override
    public String describe() {
        return "AvgPool2d(kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding + ")";
    }
}
