package dev.basin.train;

import dev.basin.data.Dataset;
import dev.basin.nn.Loss;
import dev.basin.nn.Network;
import dev.basin.numeric.FloatVec;
import dev.basin.optim.Optimizer;
import java.nio.file.Path;

/** What a {@link Probe} sees: the run at a given iteration. θ and the optimizer are live: read, don't write. */
public record TrainContext(long iteration, Network network, Loss loss, FloatVec theta, Optimizer optimizer,
                           Dataset train, Dataset test, TrainSettings settings, Path runDir) {
}
