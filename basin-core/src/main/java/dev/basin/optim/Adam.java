package dev.basin.optim;

import dev.basin.numeric.FloatVec;
import java.nio.FloatBuffer;

/**
 * ADAM exactly as the paper's eq. 3, in PyTorch's convention (ε added AFTER the square root of the
 * bias-corrected second moment; t counts from 1; m₀ = v₀ = 0):
 * <pre>
 *   m_t = β1 m_{t−1} + (1 − β1) g_t
 *   v_t = β2 v_{t−1} + (1 − β2) g_t²
 *   θ_{t+1} = θ_t − η · (m_t / (1 − β1^t)) / ( sqrt(v_t / (1 − β2^t)) + ε )
 * </pre>
 * AMSGrad replaces v_t by v̂max_t = max(v̂max_{t−1}, v_t) in the denominator (PyTorch's form).
 * AdamW first decays θ ← θ (1 − η λ) (decoupled weight decay, Loshchilov &amp; Hutter), then steps.
 *
 * <p>The paper's preconditioner Q_t = diag( sqrt(v_t/(1−β2^t)) + ε ) is available through
 * {@link #preconditioner(FloatVec)}. State buffers: "exp_avg" (m), "exp_avg_sq" (v) and, for AMSGrad,
 * "max_exp_avg_sq".
 */
public final class Adam extends BaseOptimizer<OptimizerConfig> {
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    public static final double DEFAULT_ADAMW_WEIGHT_DECAY = 1e-2;

    /** ADAM (or AMSGrad when {@code amsgrad}). */
    public record Config(double beta1, double beta2, double eps, boolean amsgrad) implements OptimizerConfig {
        public Config {
            validate(beta1, beta2, eps);
        }

        public Config() {
            this(DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, false);
        }

        @Override
        public String name() {
            return amsgrad ? "amsgrad" : "adam";
        }

        @Override
        public Optimizer create(int dim) {
            return new Adam(this, beta1, beta2, eps, amsgrad, 0, dim);
        }
    }

    /** AdamW: ADAM with decoupled weight decay λ = {@code weightDecay}. */
    public record WConfig(double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) implements OptimizerConfig {
        public WConfig {
            validate(beta1, beta2, eps);
            Checks.nonNegative("weight decay", weightDecay);
        }

        public WConfig() {
            this(DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, DEFAULT_ADAMW_WEIGHT_DECAY, false);
        }

        @Override
        public String name() {
            return "adamw";
        }

        @Override
        public Optimizer create(int dim) {
            return new Adam(this, beta1, beta2, eps, amsgrad, weightDecay, dim);
        }
    }

    private static void validate(double beta1, double beta2, double eps) {
        Checks.inRange("beta1", beta1, 0, 1, false);
        Checks.inRange("beta2", beta2, 0, 1, false);
        Checks.nonNegative("eps", eps);
    }

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double decoupledDecay;
    private final FloatVec m;
    private final FloatVec v;
    private final FloatVec vmax;

    private Adam(OptimizerConfig config, double beta1, double beta2, double eps, boolean amsgrad,
                 double decoupledDecay, int dim) {
        super(config);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.decoupledDecay = decoupledDecay;
        this.m = state.addBuffer("exp_avg", dim);
        this.v = state.addBuffer("exp_avg_sq", dim);
        this.vmax = amsgrad ? state.addBuffer("max_exp_avg_sq", dim) : null;
    }

    /** Elements per chunk copied to heap arrays, where the JIT vectorises the update loop. */
    private static final int CHUNK = 4096;
    private final float[] cp = new float[CHUNK];
    private final float[] cg = new float[CHUNK];
    private final float[] cm = new float[CHUNK];
    private final float[] cv = new float[CHUNK];
    private final float[] cvmax = new float[CHUNK];

    @Override
    public void step(FloatVec theta, FloatVec grad, double lr) {
        long t = state.advance();
        FloatBuffer p = theta.buffer();
        FloatBuffer g = grad.buffer();
        FloatBuffer mb = m.buffer();
        FloatBuffer vb = v.buffer();
        FloatBuffer vmaxb = vmax == null ? null : vmax.buffer();
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        // As PyTorch: scalars in double, elementwise arithmetic in float32.
        float stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, t));
        float e = (float) eps;
        float decay = (float) (1 - lr * decoupledDecay);
        boolean decoupled = decoupledDecay != 0;
        int n = theta.length();
        // Direct-buffer loops are not vectorised by the JIT; array loops are. Bulk copies cost far less.
        for (int off = 0; off < n; off += CHUNK) {
            int len = Math.min(CHUNK, n - off);
            p.get(off, cp, 0, len);
            g.get(off, cg, 0, len);
            mb.get(off, cm, 0, len);
            vb.get(off, cv, 0, len);
            if (vmaxb != null) {
                vmaxb.get(off, cvmax, 0, len);
                for (int i = 0; i < len; i++) {
                    float gi = cg[i];
                    float vi = b2 * cv[i] + c2 * gi * gi;
                    cv[i] = vi;
                    cvmax[i] = Math.max(cvmax[i], vi);
                }
                vmaxb.put(off, cvmax, 0, len);
                for (int i = 0; i < len; i++) {
                    float gi = cg[i];
                    float mi = b1 * cm[i] + c1 * gi;
                    cm[i] = mi;
                    float denom = (float) Math.sqrt(cvmax[i]) / bc2Sqrt + e;
                    float pi = decoupled ? cp[i] * decay : cp[i];
                    cp[i] = pi - stepSize * mi / denom;
                }
            } else {
                for (int i = 0; i < len; i++) {
                    float gi = cg[i];
                    float mi = b1 * cm[i] + c1 * gi;
                    float vi = b2 * cv[i] + c2 * gi * gi;
                    cm[i] = mi;
                    cv[i] = vi;
                    float denom = (float) Math.sqrt(vi) / bc2Sqrt + e;
                    float pi = decoupled ? cp[i] * decay : cp[i];
                    cp[i] = pi - stepSize * mi / denom;
                }
            }
            p.put(off, cp, 0, len);
            mb.put(off, cm, 0, len);
            vb.put(off, cv, 0, len);
        }
    }

    /** β1, the first-moment decay (the smoothing the paper's Factor 1 is about). */
    public double beta1() {
        return beta1;
    }

    /**
     * Overwrites {@code out} with the diagonal of the current preconditioner
     * Q_t = sqrt(v_t / (1 − β2^t)) + ε (with v̂max for AMSGrad). Before the first step (t = 0) the
     * moments are zero and Q is ε.
     */
    public void preconditioner(FloatVec out) {
        long t = state.step();
        double bc2 = t == 0 ? 1.0 : 1 - Math.pow(beta2, t);
        FloatVec src = vmax == null ? v : vmax;
        for (int i = 0; i < out.length(); i++) {
            out.set(i, (float) (Math.sqrt(src.get(i) / bc2) + eps));
        }
    }
}
