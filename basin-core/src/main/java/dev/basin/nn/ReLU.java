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

    // Specialised loops: the generic ones cost a virtual call per element on the hot path.
    @Override
    public void forward(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, int batch) {
        FloatBuffer x = in.buffer();
        FloatBuffer y = out.buffer();
        int n = batch * inputSize();
        for (int i = 0; i < n; i++) {
            float v = x.get(i);
            y.put(i, v > 0f ? v : 0f);
        }
    }

    @Override
    public void backward(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, FloatVec gradOut,
                         FloatVec gradIn, FloatVec gradParams, int batch) {
        if (gradIn == null) {
            return;
        }
        FloatBuffer x = in.buffer();
        FloatBuffer gy = gradOut.buffer();
        FloatBuffer gx = gradIn.buffer();
        int n = batch * inputSize();
        for (int i = 0; i < n; i++) {
            gx.put(i, x.get(i) > 0f ? gy.get(i) : 0f);
        }
    }

    @Override
    public String describe() {
        return "ReLU()";
    }
}
