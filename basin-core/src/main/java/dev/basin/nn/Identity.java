package dev.basin.nn;

import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;

/**
 * nn.Identity: y = x. It holds the place of a module that acts as the identity in Basin (the AlexNet's
 * Dropout, which Basin does not apply), so that the layer indices, and with them the tensor names, stay
 * those of the PyTorch module.
 */
public final class Identity implements Layer {
    private final int size;

    public Identity(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("Identity size must be >= 1, got " + size);
        }
        this.size = size;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public void forward(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, int batch) {
        out.slice(0, batch * size).copyFrom(in.slice(0, batch * size));
    }

    @Override
    public void backwardInput(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, FloatVec gradOut, FloatVec gradIn, int batch) {
        gradIn.slice(0, batch * size).copyFrom(gradOut.slice(0, batch * size));
    }

    @Override
    public void forwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut, int batch) {
        if (rIn == null) {
            rOut.slice(0, batch * size).fill(0f);
        } else {
            rOut.slice(0, batch * size).copyFrom(rIn.slice(0, batch * size));
        }
    }

    @Override
    public void backwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut,
                                FloatVec gy, FloatVec rGy, FloatVec gx, FloatVec rGx, FloatVec rGradParams, int batch) {
        if (gx != null) {
            gx.slice(0, batch * size).copyFrom(gy.slice(0, batch * size));
            rGx.slice(0, batch * size).copyFrom(rGy.slice(0, batch * size));
        }
    }

    @Override
    public String describe() {
        return "Identity()";
    }
}
