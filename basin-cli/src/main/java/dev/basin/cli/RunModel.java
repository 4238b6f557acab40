package dev.basin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.data.DataException;
import dev.basin.data.DataLocations;
import dev.basin.data.DataSets;
import dev.basin.data.DataSource;
import dev.basin.nn.Loss;
import dev.basin.nn.MeanSquaredError;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.nn.SoftmaxCrossEntropy;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.train.Checkpoint;
import dev.basin.train.Json;
import dev.basin.train.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A trained point reopened from disk: a run folder (its latest checkpoint, or the one at a given iteration) or
 * a checkpoint file inside a run folder; the model and loss from the run's config.json, and its data set
 * reloaded from the same files, checked against the SHA-256 sums the run recorded.
 */
record RunModel(Path runDir, Path checkpoint, JsonNode config, Network net, Loss loss, Checkpoint.Loaded point, DataSets.Loaded data) {
    static RunModel open(String target, Long iteration, int threads) throws IOException {
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
        JsonNode config = Json.MAPPER.readTree(runDir.resolve(RunDirectory.CONFIG).toFile());
        JsonNode model = config.path("model");
        JsonNode data = config.path("data");
        if (!model.path("family").asText("").equals("mlp")) {
            throw new DataException(runDir.resolve(RunDirectory.CONFIG) + " describes no model Basin can rebuild (family '" + model.path("family").asText("") + "')");
        }
        DataSets.Loaded loaded = loadData(config);
        Network net = Models.mlp(data.path("features").asInt(), model.path("depth").asInt(), model.path("width").asInt(), data.path("classes").asInt(),
                model.path("bias").asBoolean(), model.path("activation").asText("relu"), OpenBlasGemm.INSTANCE);
        net.gemm().setThreads(threads);
        Loss loss = config.path("loss").asText("cross-entropy").equals("mse") ? MeanSquaredError.INSTANCE : SoftmaxCrossEntropy.INSTANCE;
        Checkpoint.Loaded point = Checkpoint.load(ck, net);
        return new RunModel(runDir, ck, config, net, loss, point, loaded);
    }

    /** The checkpoint with the highest iteration in a folder, or null. */
    static Path latest(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return null;
        }
        try (Stream<Path> s = Files.list(checkpoints)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".safetensors")).sorted().reduce((a, b) -> b).orElse(null);
        }
    }

    /** All checkpoints of a run folder in iteration order. */
    static List<Path> checkpoints(Path runDir) throws IOException {
        Path c = runDir.resolve(RunDirectory.CHECKPOINTS);
        if (!Files.isDirectory(c)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(c)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
    }

    private static DataSets.Loaded loadData(JsonNode config) {
        JsonNode data = config.path("data");
        String name = data.path("dataset").asText(DataSets.DEFAULT);
        DataSets.Loaded loaded;
        if (name.equals("synthetic")) {
            loaded = DataSets.synthetic(config.path("settings").path("seed").asLong(1));
        } else {
            DataSource src = DataSource.byName(name);
            if (src == DataSource.EMBEDDED) {
                loaded = DataSets.embedded();
            } else {
                DataLocations where = DataLocations.resolve(null, System.getenv(DataLocations.ENV_VAR), Path.of(System.getProperty("user.home")));
                if (src == DataSource.CIFAR10) {
                    loaded = DataSets.loadCifar10(where);
                } else {
                    Map<DataSets.Role, String> overrides = new EnumMap<>(DataSets.Role.class);
                    for (JsonNode f : data.path("files")) {
                        String source = f.path("source").asText("");
                        for (DataSets.Role r : DataSets.Role.values()) {
                            if (r.name().equalsIgnoreCase(f.path("role").asText()) && Files.isRegularFile(Path.of(source))) {
                                overrides.put(r, source);
                            }
                        }
                    }
                    loaded = DataSets.loadIdx(src, where, overrides, true);
                }
            }
        }
        for (JsonNode f : data.path("files")) {
            for (DataSets.FileCheck c : loaded.files()) {
                if (c.role().equalsIgnoreCase(f.path("role").asText()) && !c.sha256().equals(f.path("sha256").asText(c.sha256()))) {
                    throw new DataException("the " + c.role() + " file " + c.source() + " differs from the one the run used (SHA-256 "
                            + c.sha256() + ", the run recorded " + f.path("sha256").asText() + ")");
                }
            }
        }
        return loaded;
    }
}
