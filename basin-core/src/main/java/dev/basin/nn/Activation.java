package dev.basin.nn;

import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;
import java.nio.FloatBuffer;

/**
 * An elementwise, parameter-free layer y_i = f(x_i) with dL/dx_i = f'(x_i) · dL/dy_i. Subclasses
 * give f and f' (the derivative may use x or y, whichever is cheaper).
 */
public abstract class Activation implements Layer {
    private final int size;

    protected Activation(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("activation size must be >= 1, got " + size);
        }
        this.size = size;
    }

    @Override
    public final int inputSize() {
        return size;
    }

    @Override
    public final int outputSize() {
        return size;
    }

    /** f(x). */
    protected abstract float apply(float x);

    /** f'(x), given x and y = f(x). */
    protected abstract float derivative(float x, float y);

    @Override
    public void forward(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, int batch) {
        FloatBuffer x = in.buffer();
        FloatBuffer y = out.buffer();
        int n = batch * size;
        for (int i = 0; i < n; i++) {
            y.put(i, apply(x.get(i)));
        }
    }

    @Override
    public void backwardInput(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, FloatVec gradOut, FloatVec gradIn, int batch) {
        FloatBuffer x = in.buffer();
        FloatBuffer y = out.buffer();
        FloatBuffer gy = gradOut.buffer();
        FloatBuffer gx = gradIn.buffer();
        int n = batch * size;
        for (int i = 0; i < n; i++) {
            gx.put(i, derivative(x.get(i), y.get(i)) * gy.get(i));
        }
    }
}
