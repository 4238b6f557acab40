package dev.basin.nn;

import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;
import java.nio.FloatBuffer;

/** y = max(0, x); the derivative at x = 0 is taken as 0, as PyTorch does. */
public final class ReLU extends Activation {
    public ReLU(int size) {
        super(size);
    }

    @Override
    protected float apply(float x) {
        return x > 0f ? x : 0f;
    }

    @Override
    protected float derivative(float x, float y) {
        return x > 0f ? 1f : 0f;
    }

    @Override
    protected float secondDerivative(float x, float y) {
        return 0f;
    }

    @Override
    public void forwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut, int batch) {
        if (rIn == null) {
            rOut.slice(0, batch * inputSize()).fill(0f);
            return;
        }
        backwardInput(gemm, params, in, out, rIn, rOut, batch);
    }

    /** ReLU'' = 0: gx = mask·gy, rGx = mask·rGy. */
    @Override
    public void backwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut,
                                FloatVec gy, FloatVec rGy, FloatVec gx, FloatVec rGx, FloatVec rGradParams, int batch) {
        if (gx == null) {
            return;
        }
        backwardInput(gemm, params, in, out, gy, gx, batch);
        backwardInput(gemm, params, in, out, rGy, rGx, batch);
    }

    // Specialised, branch-free loops: on real data the sign of x is unpredictable, and a mispredicted
    // branch per element cost more than the GEMMs of a small layer (measured: 2 ms per step of the 9×512 net).
    @Override
    public void forward(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, int batch) {
        FloatBuffer x = in.buffer();
        FloatBuffer y = out.buffer();
        int n = batch * inputSize();
        for (int i = 0; i < n; i++) {
            y.put(i, Math.max(x.get(i), 0f));
        }
    }

    @Override
    public void backwardInput(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, FloatVec gradOut, FloatVec gradIn, int batch) {
        FloatBuffer x = in.buffer();
        FloatBuffer gy = gradOut.buffer();
        FloatBuffer gx = gradIn.buffer();
        int n = batch * inputSize();
        for (int i = 0; i < n; i++) {
            gx.put(i, Float.intBitsToFloat(Float.floatToRawIntBits(gy.get(i)) & positiveMask(x.get(i))));
        }
    }

    /**
     * All ones when x &gt; 0 (as a signed int its bits are then positive), else zero; −0.0 (bits
     * 0x80000000) and negative numbers give zero.
     */
    static int positiveMask(float x) {
        int b = Float.floatToRawIntBits(x);
        return (-b & ~b) >> 31;
    }

    @Override
    public String describe() {
        return "ReLU()";
    }
}
