package dev.basin.nn;

import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;

/**
 * A layer that passes its input through, y = x, standing where the PyTorch module has one that Basin computes as
 * the identity, so that the layer indices, and with them the tensor names, stay the module's: nn.Flatten (samples
 * are already stored as flat rows) and nn.Identity (in place of the AlexNet's Dropout, which Basin does not apply).
 */
public final class PassThrough implements Layer {
    private final int size;
    private final String module;

    private PassThrough(int size, String module) {
        if (size < 1) {
            throw new IllegalArgumentException(module + " size must be >= 1, got " + size);
        }
        this.size = size;
        this.module = module;
    }

    /** nn.Flatten over {@code size} features. */
    public static PassThrough flatten(int size) {
        return new PassThrough(size, "Flatten");
    }

    /** nn.Identity over {@code size} features. */
    public static PassThrough identity(int size) {
        return new PassThrough(size, "Identity");
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
        return module.equals("Flatten") ? "Flatten(start_dim=1, end_dim=-1)" : "Identity()";
    }
}
