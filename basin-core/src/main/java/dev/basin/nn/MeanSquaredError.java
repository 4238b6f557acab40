package dev.basin.nn;

import dev.basin.data.Batch;
import dev.basin.numeric.FloatVec;

/**
 * PyTorch's MSELoss with mean reduction over all B·K elements: L = (1/(B K)) Σ_{r,j} (o_rj − t_rj)²,
 * dL/do_rj = 2 (o_rj − t_rj) / (B K). Targets are the batch's regression targets when it has them,
 * otherwise the one-hot encoding of its labels.
 */
public final class MeanSquaredError implements Loss {
    public static final MeanSquaredError INSTANCE = new MeanSquaredError();

    private MeanSquaredError() {
    }

    @Override
    public double evaluate(FloatVec output, int width, Batch batch, FloatVec gradOut) {
        int b = batch.size();
        double scale = 1.0 / ((double) b * width);
        double total = 0;
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < width; j++) {
                double d = output.get(r * width + j) - target(batch, width, r, j);
                total += d * d;
                if (gradOut != null) {
                    gradOut.set(r * width + j, (float) (2 * d * scale));
                }
            }
        }
        return total * scale;
    }

    /** 2 Rz / (B K). */
    @Override
    public void hessianVectorProduct(FloatVec output, int width, Batch batch, FloatVec rOut, FloatVec result) {
        int n = batch.size() * width;
        float scale = (float) (2.0 / n);
        for (int i = 0; i < n; i++) {
            result.set(i, scale * rOut.get(i));
        }
    }

    private static double target(Batch batch, int width, int r, int j) {
        FloatVec t = batch.targets();
        if (t != null) {
            if (batch.targetSize() != width) {
                throw new IllegalArgumentException("target width " + batch.targetSize() + " != output width " + width);
            }
            return t.get(r * width + j);
        }
        return batch.labels()[r] == j ? 1.0 : 0.0;
    }

    @Override
    public String name() {
        return "mse";
    }
}
