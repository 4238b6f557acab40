package dev.basin.optim;

import dev.basin.numeric.FloatVec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's mutable state, kept apart from its immutable configuration: the step counter t
 * (number of completed steps; PyTorch's "step") and named flat buffers laid out like θ
 * (e.g. "exp_avg", "exp_avg_sq"; names follow PyTorch's state_dict keys). Checkpoints save and
 * restore exactly this.
 */
public final class OptimizerState {
    private long step;
    private final Map<String, FloatVec> buffers = new LinkedHashMap<>();

    /** Registers a zero-filled buffer of length {@code dim}; returns it. */
    FloatVec addBuffer(String name, int dim) {
        FloatVec v = FloatVec.zeros(dim);
        buffers.put(name, v);
        return v;
    }

    public long step() {
        return step;
    }

    /** Increments t and returns its new value (t starts at 1 for the first step). */
    long advance() {
        return ++step;
    }

    public void setStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("optimizer step must be >= 0, got " + step);
        }
        this.step = step;
    }

    /** Named buffers, in a fixed order; the vectors are live (writes change the state). */
    public Map<String, FloatVec> buffers() {
        return Collections.unmodifiableMap(buffers);
    }

    public FloatVec buffer(String name) {
        FloatVec v = buffers.get(name);
        if (v == null) {
            throw new IllegalArgumentException("optimizer state has no buffer '" + name + "'; it has " + buffers.keySet());
        }
        return v;
    }

    /** The name of the first buffer holding a NaN or ±Inf, or null when every buffer is finite. */
    public String nonFiniteBuffer() {
        for (Map.Entry<String, FloatVec> b : buffers.entrySet()) {
            if (!b.getValue().allFinite()) {
                return b.getKey();
            }
        }
        return null;
    }
}
