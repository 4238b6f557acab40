package dev.basin.nn;

import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;

/**
 * nn.Flatten: samples are already stored as flat rows, so this is the identity; it exists so that a
 * network's layer indices, and hence its tensor names, match the PyTorch nn.Sequential it mirrors.
 */
public final class Flatten implements Layer {
    private final int size;

    public Flatten(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("Flatten size must be >= 1, got " + size);
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
        return "Flatten(start_dim=1, end_dim=-1)";
    }
}
