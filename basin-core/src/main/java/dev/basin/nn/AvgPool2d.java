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
    private final PoolWindows win;

    public AvgPool2d(ImageShape input, int kernel, int stride, int padding) {
        this.input = input;
        this.win = new PoolWindows(input, kernel, stride, padding, "AvgPool2d");
    }

    public ImageShape outputShape() {
        return win.outputShape();
    }

    @Override
    public int inputSize() {
        return input.size();
    }

    @Override
    public int outputSize() {
        return win.outputSize();
    }

    private void pool(FloatBuffer x, FloatBuffer y, int batch) {
        int h = input.height();
        int w = input.width();
        int planes = batch * input.channels();
        float inv = 1f / (win.kernel * win.kernel);
        int o = 0;
        for (int pl = 0; pl < planes; pl++) {
            int base = pl * h * w;
            for (int oy = 0; oy < win.oh; oy++) {
                int iy0 = oy * win.stride - win.padding;
                for (int ox = 0; ox < win.ow; ox++) {
                    int ix0 = ox * win.stride - win.padding;
                    float s = 0f;
                    for (int i = Math.max(0, iy0); i < Math.min(h, iy0 + win.kernel); i++) {
                        for (int j = Math.max(0, ix0); j < Math.min(w, ix0 + win.kernel); j++) {
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
        float inv = 1f / (win.kernel * win.kernel);
        int o = 0;
        for (int pl = 0; pl < planes; pl++) {
            int base = pl * h * w;
            for (int oy = 0; oy < win.oh; oy++) {
                int iy0 = oy * win.stride - win.padding;
                for (int ox = 0; ox < win.ow; ox++) {
                    int ix0 = ox * win.stride - win.padding;
                    float g = gy.get(o++) * inv;
                    for (int i = Math.max(0, iy0); i < Math.min(h, iy0 + win.kernel); i++) {
                        for (int j = Math.max(0, ix0); j < Math.min(w, ix0 + win.kernel); j++) {
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
        return "AvgPool2d(" + win.arguments() + ")";
    }
}
