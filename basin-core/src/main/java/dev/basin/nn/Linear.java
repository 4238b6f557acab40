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
            addRows(params.slice(out * in, out), y, batch);
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

    /** rOut = in·Vᵀ + v_b (+ rIn·Wᵀ when the input depends on θ). */
    @Override
    public void forwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec x, FloatVec rIn, FloatVec out, FloatVec rOut, int batch) {
        gemm.sgemm(false, true, batch, this.out, in, 1f, x, in, dir.slice(0, this.out * in), in, 0f, rOut, this.out);
        if (rIn != null) {
            gemm.sgemm(false, true, batch, this.out, in, 1f, rIn, in, params.slice(0, this.out * in), in, 1f, rOut, this.out);
        }
        if (bias) {
            addRows(dir.slice(this.out * in, this.out), rOut, batch);
        }
    }

    private void addRows(FloatVec b, FloatVec y, int batch) {
        for (int r = 0; r < batch; r++) {
            int base = r * out;
            for (int j = 0; j < out; j++) {
                y.set(base + j, y.get(base + j) + b.get(j));
            }
        }
    }

    /**
     * gx = gy·W, rGx = rGy·W + gy·V; R(dL/dW) = rGyᵀ·in + gyᵀ·rIn, R(dL/db) = Σ_rows rGy.
     */
    @Override
    public void backwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec x, FloatVec rIn, FloatVec y, FloatVec rOut,
                                FloatVec gy, FloatVec rGy, FloatVec gx, FloatVec rGx, FloatVec rGradParams, int batch) {
        FloatVec w = params.slice(0, out * in);
        if (gx != null) {
            gemm.sgemm(false, false, batch, in, out, 1f, gy, out, w, in, 0f, gx, in);
            gemm.sgemm(false, false, batch, in, out, 1f, rGy, out, w, in, 0f, rGx, in);
            gemm.sgemm(false, false, batch, in, out, 1f, gy, out, dir.slice(0, out * in), in, 1f, rGx, in);
        }
        paramGradient(gemm, x, rGy, 1f, 0f, rGradParams, batch);
        if (rIn != null) {
            gemm.sgemm(true, false, out, in, batch, 1f, gy, out, rIn, in, 1f, rGradParams, in);
        }
    }

    /**
     * target_W += scale·(gy∘gy)ᵀ(x∘x), target_b += scale·Σ_rows gy²: sample r's weight gradient is the outer
     * product gy_r x_rᵀ, whose square is (gy_r²)(x_r²)ᵀ, so one GEMM sums them all exactly.
     */
    @Override
    public void addSquaredSampleGradients(Gemm gemm, FloatVec x, FloatVec gy, float scale, FloatVec target, FloatVec scratchA, FloatVec scratchB,
                                          int batch) {
        java.nio.FloatBuffer gs = gy.buffer();
        java.nio.FloatBuffer xs = x.buffer();
        java.nio.FloatBuffer a = scratchA.buffer();
        java.nio.FloatBuffer b = scratchB.buffer();
        for (int i = 0; i < batch * out; i++) {
            float g = gs.get(i);
            a.put(i, g * g);
        }
        for (int i = 0; i < batch * in; i++) {
            float v = xs.get(i);
            b.put(i, v * v);
        }
        gemm.sgemm(true, false, out, in, batch, scale, scratchA, out, scratchB, in, 1f, target, in);
        if (bias) {
            int b0 = out * in;
            for (int j = 0; j < out; j++) {
                float s = 0f;
                for (int r = 0; r < batch; r++) {
                    s += a.get(r * out + j);
                }
                target.set(b0 + j, target.get(b0 + j) + scale * s);
            }
        }
    }

    @Override
    public String describe() {
        return "Linear(in_features=" + in + ", out_features=" + out + ", bias=" + (bias ? "True" : "False") + ")";
    }
}
