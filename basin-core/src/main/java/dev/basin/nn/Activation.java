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

    /** f''(x), given x and y = f(x) (for the R-backward). */
    protected abstract float secondDerivative(float x, float y);

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

    @Override
    public void forwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut, int batch) {
        int n = batch * size;
        if (rIn == null) {
            rOut.slice(0, n).fill(0f);
            return;
        }
        FloatBuffer x = in.buffer();
        FloatBuffer y = out.buffer();
        FloatBuffer rx = rIn.buffer();
        FloatBuffer ry = rOut.buffer();
        for (int i = 0; i < n; i++) {
            ry.put(i, derivative(x.get(i), y.get(i)) * rx.get(i));
        }
    }

    /** gx = f'(x) gy; rGx = f''(x) rIn gy + f'(x) rGy. */
    @Override
    public void backwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut,
                                FloatVec gy, FloatVec rGy, FloatVec gx, FloatVec rGx, FloatVec rGradParams, int batch) {
        if (gx == null) {
            return;
        }
        FloatBuffer x = in.buffer();
        FloatBuffer y = out.buffer();
        FloatBuffer g = gy.buffer();
        FloatBuffer rg = rGy.buffer();
        FloatBuffer gxb = gx.buffer();
        FloatBuffer rgx = rGx.buffer();
        FloatBuffer rx = rIn == null ? null : rIn.buffer();
        int n = batch * size;
        for (int i = 0; i < n; i++) {
            float xi = x.get(i);
            float yi = y.get(i);
            float d1 = derivative(xi, yi);
            float gi = g.get(i);
            gxb.put(i, d1 * gi);
            float r = d1 * rg.get(i);
            if (rx != null) {
                r += secondDerivative(xi, yi) * rx.get(i) * gi;
            }
            rgx.put(i, r);
        }
    }
}
