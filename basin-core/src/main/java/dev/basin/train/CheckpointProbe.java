package dev.basin.train;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Saves a checkpoint (θ and the optimizer state, as the trainer's own) at chosen iterations outside the
 * trainer's checkpoint schedule, into the run folder's checkpoints/ under the usual name.
 */
public final class CheckpointProbe implements Probe {
    private final Set<Long> at;
    private final Map<String, String> metadata;

    public CheckpointProbe(Set<Long> at, Map<String, String> metadata) {
        this.at = new TreeSet<>(at);
        this.metadata = Map.copyOf(metadata);
    }

    @Override
    public boolean due(long iteration) {
        return at.contains(iteration);
    }

    @Override
    public void observe(TrainContext c) throws IOException {
        java.nio.file.Path file = c.runDir().resolve(RunDirectory.CHECKPOINTS)
                .resolve(String.format(java.util.Locale.ROOT, "iter-%07d.safetensors", c.iteration()));
        Checkpoint.save(file, c.network(), c.theta(), c.optimizer(), c.iteration(), metadata);
    }
}
