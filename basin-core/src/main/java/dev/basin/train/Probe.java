package dev.basin.train;

import java.io.IOException;

/**
 * A measurement taken during training at chosen iterations (tail index, sharpness, ...). A probe must
 * not change θ or the optimizer state: the run with probes equals the run without. A probe keeps no state
 * between observations that its results depend on (anything it draws is seeded from the run seed and the
 * iteration), so a resumed run's probes give the rows the uninterrupted run's would.
 */
public interface Probe {
    /** Whether to observe after {@code iteration} completed steps (0 = before the first step). */
    boolean due(long iteration);

    void observe(TrainContext context) throws IOException;

    /**
     * The run-folder files this probe appends to, each a table whose first column is the iteration; a resumed run
     * cuts them back to the rows of the checkpoint it continues from.
     */
    default java.util.List<String> files() {
        return java.util.List.of();
    }
}
