package dev.basin.train;

import java.io.IOException;

/**
 * A measurement taken during training at chosen iterations (tail index, sharpness, ...). A probe must
 * not change θ or the optimizer state: the run with probes equals the run without.
 */
public interface Probe {
    /** Whether to observe after {@code iteration} completed steps (0 = before the first step). */
    boolean due(long iteration);

    void observe(TrainContext context) throws IOException;
}
