package dev.basin.nn;

import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;
import java.util.List;
import java.util.SplittableRandom;

/**
 * y = x Wᵀ (+ b), W stored [out, in] row-major as in PyTorch, then b[out] when {@code bias}.
 *
 * <p>Initialisation is PyTorch's default for nn.Linear: kaiming_uniform with a = √5, which gives
 * W ~ U(−1/√in, 1/√in), and b ~ U(−1/√in, 1/√in).
 */
public final class Linear implements Layer {
    private final int in;
    private final int out;
    private final boolean bias;

    public Linear(int in, int out, boolean bias) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear sizes must be >= 1, got in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        this.bias = bias;
    }

    public boolean hasBias() {
        return bias;
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int outputSize() {
        return out;
    }

    @Override
    public List<ParamShape> parameters() {
        ParamShape w = new ParamShape("weight", new int[] {out, in});
        return bias ? List.of(w, new ParamShape("bias", new int[] {out})) : List.of(w);
    }

    @Override
    public void initialize(FloatVec params, SplittableRandom rng) {
        double bound = 1.0 / Math.sqrt(in);
        int n = params.length();
        for (int i = 0; i < n; i++) {
            params.set(i, (float) (bound * (2.0 * rng.nextDouble() - 1.0)));
        }
    }

    @Override
    public void forward(Gemm gemm, FloatVec params, FloatVec x, FloatVec y, int batch) {
        FloatVec w = params.slice(0, out * in);
        gemm.sgemm(false, true, batch, out, in, 1f, x, in, w, in, 0f, y, out);
        if (bias) {
            FloatVec b = params.slice(out * in, out);
            for (int r = 0; r < batch; r++) {
                int base = r * out;
                for (int j = 0; j < out; j++) {
                    y.set(base + j, y.get(base + j) + b.get(j));
                }
            }
        }
    }

    @Override
    public void backwardInput(Gemm gemm, FloatVec params, FloatVec x, FloatVec y, FloatVec gy, FloatVec gx, int batch) {
        // dL/dx = dL/dy · W   [batch × in]
        gemm.sgemm(false, false, batch, in, out, 1f, gy, out, params.slice(0, out * in), in, 0f, gx, in);
    }

    @Override
    public void backwardParams(Gemm gemm, FloatVec params, FloatVec x, FloatVec y, FloatVec gy, FloatVec gParams, int batch) {
        paramGradient(gemm, x, gy, 1f, 0f, gParams, batch);
    }

    @Override
    public void addScaledParamGradient(Gemm gemm, FloatVec params, FloatVec x, FloatVec y, FloatVec gy, float scale, FloatVec target,
                                       int batch) {
        paramGradient(gemm, x, gy, scale, 1f, target, batch);
    }

    /** target ← beta · target + alpha · dL/dθ, with dL/dW = (dL/dy)ᵀ · x [out × in] and dL/db = Σ_rows dL/dy. */
    private void paramGradient(Gemm gemm, FloatVec x, FloatVec gy, float alpha, float beta, FloatVec target, int batch) {
        gemm.sgemm(true, false, out, in, batch, alpha, gy, out, x, in, beta, target, in);
        if (bias) {
            int b0 = out * in;
            for (int j = 0; j < out; j++) {
                float s = 0f;
                for (int r = 0; r < batch; r++) {
                    s += gy.get(r * out + j);
                }
                target.set(b0 + j, beta == 0f ? alpha * s : beta * target.get(b0 + j) + alpha * s);
            }
        }
    }

    @Override
    public String describe() {
        return "Linear(in_features=" + in + ", out_features=" + out + ", bias=" + (bias ? "True" : "False") + ")";
    }
}
