package dev.basin.experiment;

import dev.basin.data.DataException;
import dev.basin.data.DataSets;
import dev.basin.nn.Loss;
import dev.basin.nn.Network;
import dev.basin.spec.RunRecord;
import dev.basin.spec.Specs;
import dev.basin.spec.TrainSpec;
import dev.basin.train.Checkpoint;
import dev.basin.train.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A trained point reopened from disk: a run folder (its latest checkpoint, or the one at a given iteration) or
 * a checkpoint file inside a run folder; the model and loss from the run's config.json (read through {@link TrainSpec}), and its data set
 * reloaded from the same files, checked against the SHA-256 sums the run recorded.
 */
public record RunModel(Path runDir, Path checkpoint, RunRecord record, TrainSpec spec, Network net, Loss loss, Checkpoint.Loaded point,
                       DataSets.Loaded data) {
    public static RunModel open(String target, Long iteration, int threads) throws IOException {
        Path p = Path.of(target);
        Path runDir;
        Path ck;
        if (Files.isDirectory(p)) {
            runDir = p;
            RunDirectory dir = RunDirectory.open(p);
            if (iteration != null) {
                ck = dir.checkpoint(iteration);
                if (!Files.isRegularFile(ck)) {
                    throw new DataException(p + " has no checkpoint at iteration " + iteration + " (" + ck.getFileName() + "); see " + p.resolve(RunDirectory.CHECKPOINTS));
                }
            } else {
                ck = latest(p.resolve(RunDirectory.CHECKPOINTS));
                if (ck == null) {
                    throw new DataException(p + " has no checkpoints; train with --checkpoint-every N, or give a checkpoint file");
                }
            }
        } else if (Files.isRegularFile(p)) {
            ck = p;
            Path parent = p.toAbsolutePath().getParent();
            runDir = parent.getFileName() != null && parent.getFileName().toString().equals(RunDirectory.CHECKPOINTS) ? parent.getParent() : parent;
            if (!Files.isRegularFile(runDir.resolve(RunDirectory.CONFIG))) {
                throw new DataException("no " + RunDirectory.CONFIG + " next to " + p + "; give a checkpoint inside a Basin run folder");
            }
        } else {
            throw new DataException(target + " does not exist; give a run folder or a checkpoint file");
        }
        Path configFile = runDir.resolve(RunDirectory.CONFIG);
        RunRecord record = Specs.readRun(configFile);
        TrainSpec spec = record.spec(TrainSpec.class, configFile.toString());
        DataSets.Loaded loaded = spec.data().load(spec.training().seed());
        Network net = spec.model().build(loaded.train());
        net.gemm().setThreads(threads);
        Checkpoint.Loaded point = Checkpoint.load(ck, net);
        return new RunModel(runDir, ck, record, spec, net, spec.loss().loss(), point, loaded);
    }

    /** The run's training minibatch size. */
    public int trainBatch() {
        return spec.training().batch();
    }

    /** The run's (initial) learning rate. */
    public double learningRate() {
        return spec.optimizer().lr();
    }

    /** The checkpoint with the highest iteration in a folder, or null. */
    public static Path latest(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return null;
        }
        try (Stream<Path> s = Files.list(checkpoints)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".safetensors")).sorted().reduce((a, b) -> b).orElse(null);
        }
    }

    /** All checkpoints of a run folder in iteration order. */
    public static List<Path> checkpoints(Path runDir) throws IOException {
        Path c = runDir.resolve(RunDirectory.CHECKPOINTS);
        if (!Files.isDirectory(c)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(c)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
    }
}
