package dev.basin.nn;

import dev.basin.data.Batch;
import dev.basin.numeric.FloatVec;

/** A loss over a batch of network outputs, mean-reduced over the batch as in PyTorch. */
public interface Loss {
    /**
     * Returns the mean loss over the {@code batch.size()} rows of {@code output} (each {@code width}
     * floats) and, when {@code gradOut} is non-null, overwrites it with d(mean loss)/d(output).
     * The loss is accumulated in double.
     */
    double evaluate(FloatVec output, int width, Batch batch, FloatVec gradOut);

    /**
     * Overwrites {@code result} with ∇²_o(mean loss)·rOut: the loss's Hessian with respect to the outputs (rows of
     * {@code width}) applied to the tangent {@code rOut}.
     */
    void hessianVectorProduct(FloatVec output, int width, Batch batch, FloatVec rOut, FloatVec result);

    String name();
}
