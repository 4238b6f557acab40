package dev.basin.nn;

import dev.basin.data.Batch;
import dev.basin.numeric.FloatVec;
import java.nio.FloatBuffer;

/**
 * Softmax cross-entropy on logits z with integer labels y, mean over the batch of B rows:
 * L = (1/B) Σ_r [ log Σ_j exp(z_rj) − z_{r,y_r} ], with the log-sum-exp shifted by max_j z_rj so that
 * it never overflows. dL/dz_rj = (softmax(z_r)_j − [j = y_r]) / B.
 */
public final class SoftmaxCrossEntropy implements Loss {
    public static final SoftmaxCrossEntropy INSTANCE = new SoftmaxCrossEntropy();

    private SoftmaxCrossEntropy() {
    }

    @Override
    public double evaluate(FloatVec output, int width, Batch batch, FloatVec gradOut) {
        FloatBuffer z = output.buffer();
        int b = batch.size();
        int[] y = batch.labels();
        double total = 0;
        double invB = 1.0 / b;
        for (int r = 0; r < b; r++) {
            int base = r * width;
            double lse = logSumExp(z, base, width);
            total += lse - z.get(base + y[r]);
            if (gradOut != null) {
                for (int j = 0; j < width; j++) {
                    double p = Math.exp(z.get(base + j) - lse);
                    gradOut.set(base + j, (float) ((p - (j == y[r] ? 1.0 : 0.0)) * invB));
                }
            }
        }
        return total * invB;
    }

    /** Per row, with p = softmax(z_r): (p ∘ Rz − p (pᵀRz)) / B. */
    @Override
    public void hessianVectorProduct(FloatVec output, int width, Batch batch, FloatVec rOut, FloatVec result) {
        FloatBuffer z = output.buffer();
        int b = batch.size();
        double invB = 1.0 / b;
        double[] p = new double[width];
        for (int r = 0; r < b; r++) {
            int base = r * width;
            double lse = logSumExp(z, base, width);
            double dot = 0;
            for (int j = 0; j < width; j++) {
                p[j] = Math.exp(z.get(base + j) - lse);
                dot += p[j] * rOut.get(base + j);
            }
            for (int j = 0; j < width; j++) {
                result.set(base + j, (float) (p[j] * (rOut.get(base + j) - dot) * invB));
            }
        }
    }

    private static double logSumExp(FloatBuffer z, int base, int width) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < width; j++) {
            max = Math.max(max, z.get(base + j));
        }
        if (Double.isInfinite(max) || Double.isNaN(max)) {
            return max;
        }
        double s = 0;
        for (int j = 0; j < width; j++) {
            s += Math.exp(z.get(base + j) - max);
        }
        return max + Math.log(s);
    }

    @Override
    public String name() {
        return "cross-entropy";
    }
}
