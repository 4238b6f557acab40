package dev.basin.train;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Saves a checkpoint (θ and the optimizer state, as the trainer's own) at chosen iterations outside the
 * trainer's checkpoint schedule, into the run folder's checkpoints/ under the usual name. These hold no training-loop
 * state ({@link Resume}), so a resumed run passes over them (tagged {@link #TAG}) and continues from the trainer's own.
 */
public final class CheckpointProbe implements Probe {
    /** Metadata key marking a checkpoint this probe wrote. */
    public static final String TAG = "saved_by";
    private final Set<Long> at;
    private final Map<String, String> metadata;

    public CheckpointProbe(Set<Long> at, Map<String, String> metadata) {
        this.at = new TreeSet<>(at);
        Map<String, String> m = new java.util.HashMap<>(metadata);
        m.put(TAG, "checkpoint-probe");
        this.metadata = Map.copyOf(m);
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
