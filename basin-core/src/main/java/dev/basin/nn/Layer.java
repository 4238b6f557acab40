package dev.basin.nn;

import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One stage of a feed-forward network acting on a batch stored row-major ({@code batch} rows of
 * {@link #inputSize()} floats). A layer holds no parameters itself: it is handed its slice of the
 * flat parameter vector θ (and of the gradient) on every call, so one layer object serves any θ.
 */
public interface Layer {
    int inputSize();

    int outputSize();

    /** Parameter tensors in storage order; empty for parameter-free layers. */
    default List<ParamShape> parameters() {
        return List.of();
    }

    default int parameterCount() {
        int n = 0;
        for (ParamShape p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /**
     * Bytes of the buffers the layer keeps for each thread that runs it at batches of up to {@code capacity} (heap and
     * native together; with {@code tangents} those of the R-operator passes too), beyond the network's workspace: what
     * {@link Network#workspaceBytes} adds for memory estimates. Most layers keep none.
     */
    default long scratchBytes(int capacity, boolean tangents) {
        return 0;
    }

    /** Overwrites {@code params} (this layer's slice) with a fresh draw of the initial distribution. */
    default void initialize(FloatVec params, SplittableRandom rng) {
    }

    /** Overwrites {@code out} (batch × outputSize) with the layer applied to {@code in}. */
    void forward(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, int batch);

    /**
     * Back-propagates: given the forward's {@code in}, {@code out} and dL/d(out) in {@code gradOut},
     * overwrites {@code gradIn} with dL/d(in) (skipped when {@code gradIn} is null, e.g. for the first
     * layer) and overwrites {@code gradParams} (this layer's slice of the gradient) with dL/dθ.
     */
    default void backward(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, FloatVec gradOut,
                          FloatVec gradIn, FloatVec gradParams, int batch) {
        if (gradIn != null) {
            backwardInput(gemm, params, in, out, gradOut, gradIn, batch);
        }
        backwardParams(gemm, params, in, out, gradOut, gradParams, batch);
    }

    /** Overwrites {@code gradIn} with dL/d(in). Reads, never writes, its other arguments. */
    void backwardInput(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, FloatVec gradOut, FloatVec gradIn, int batch);

    /**
     * Overwrites {@code gradParams} with dL/dθ of this layer; does nothing for parameter-free layers.
     * Reads, never writes, its other arguments, so it may run concurrently with {@link #backwardInput}.
     */
    default void backwardParams(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, FloatVec gradOut, FloatVec gradParams,
                                int batch) {
    }

    /**
     * Adds {@code scale} · dL/dθ of this layer to {@code target} (a slice laid out like this layer's
     * parameters): with target = θ and scale = −η this is a plain SGD step taken inside the backward pass,
     * without writing the gradient anywhere. Parameter-free layers do nothing.
     */
    default void addScaledParamGradient(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, FloatVec gradOut, float scale,
                                        FloatVec target, int batch) {
        if (parameterCount() > 0) {
            throw new UnsupportedOperationException(describe() + " does not implement addScaledParamGradient");
        }
    }

    /**
     * Forward-mode derivative along θ + t·dir (Pearlmutter's R-operator, forward half): given the forward's
     * {@code in} and {@code out} and rIn = d(in)/dt (null when the input does not depend on θ, i.e. the first
     * layer), overwrites {@code rOut} with d(out)/dt. {@code dir} is this layer's slice of the direction.
     */
    void forwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut, int batch);

    /**
     * The R-backward: given dL/d(out) = {@code gy} and its derivative along the direction {@code rGy}, overwrites
     * {@code gx} with dL/d(in) and {@code rGx} with its derivative (both skipped when null, for the first layer)
     * and {@code rGradParams} (this layer's slice) with the derivative of dL/dθ along the direction, i.e. this
     * layer's rows of H·dir. {@code rIn} and {@code rOut} are the forward tangents (rIn null for the first layer).
     */
    void backwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut,
                         FloatVec gy, FloatVec rGy, FloatVec gx, FloatVec rGx, FloatVec rGradParams, int batch);

    /**
     * Adds scale · Σ_r (∂L/∂θ restricted to sample r)² elementwise to {@code target} (this layer's slice), where
     * row r of {@code gy} is dL/d(out) of sample r: with L the batch mean and scale = B², this is Σ_r (∇f_r)²,
     * the diagonal of the empirical Fisher times B. {@code scratchA} and {@code scratchB} hold at least
     * batch × max(in, out) floats. Parameter-free layers do nothing.
     */
    default void addSquaredSampleGradients(Gemm gemm, FloatVec in, FloatVec gy, float scale, FloatVec target, FloatVec scratchA,
                                           FloatVec scratchB, int batch) {
        if (parameterCount() > 0) {
            throw new UnsupportedOperationException(describe() + " does not implement addSquaredSampleGradients");
        }
    }

    /** As PyTorch would print it, e.g. {@code Linear(in_features=784, out_features=512, bias=False)}. */
    String describe();
}
