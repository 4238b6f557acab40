package dev.basin.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.curvature.SharpnessRow;
import dev.basin.data.AtomicFiles;
import dev.basin.experiment.RunFolder;
import dev.basin.noise.AlphaRow;
import dev.basin.train.MetricsRow;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A run folder's scalars and settings in the formats other tools read: TensorBoard event files and an MLflow file-store
 * run. The scalars are metrics.csv's losses, accuracies and learning rate, alpha.csv's α̂ per set and quantity (without
 * zero-variance coordinates where measured) and sharpness.csv's λ₁; the settings are the spec's keys.
 */
public final class Export {
    private Export() {
    }

    /**
     * The scalars of a run folder in the order a writer during the run would have written them (by wall time; at one time,
     * in file order); wall times are the run's start plus metrics.csv's wall_s, α̂ and λ₁ taking the time of the metrics
     * row at or before their iteration.
     */
    public static List<TensorBoard.Scalar> scalars(RunFolder f) {
        List<TensorBoard.Scalar> out = new ArrayList<>(inFileOrder(f));
        out.sort(java.util.Comparator.comparingDouble(TensorBoard.Scalar::wallTime));
        return out;
    }

    private static List<TensorBoard.Scalar> inFileOrder(RunFolder f) {
        double start = startSeconds(f);
        List<TensorBoard.Scalar> out = new ArrayList<>();
        java.util.TreeMap<Long, Double> wallAt = new java.util.TreeMap<>();
        if (f.has(MetricsRow.FILE)) {
            for (MetricsRow m : MetricsRow.TABLE.readComplete(f.file(MetricsRow.FILE))) {
                double w = start + m.wallSeconds();
                wallAt.put(m.iteration(), w);
                add(out, "loss/train", m.iteration(), m.trainLoss(), w);
                add(out, "loss/test", m.iteration(), m.testLoss(), w);
                add(out, "loss/batch", m.iteration(), m.batchLoss(), w);
                add(out, "accuracy/train", m.iteration(), m.trainAcc(), w);
                add(out, "accuracy/test", m.iteration(), m.testAcc(), w);
                add(out, "lr", m.iteration(), m.lr(), w);
            }
        }
        if (f.has(AlphaRow.FILE)) {
            for (AlphaRow a : AlphaRow.TABLE.readComplete(f.file(AlphaRow.FILE))) {
                double w = wallAt(wallAt, a.iteration(), start);
                add(out, "alpha/" + a.set() + "_" + a.quantity(), a.iteration(), Double.isFinite(a.alphaNz()) ? a.alphaNz() : a.alpha(), w);
            }
        }
        if (f.has(SharpnessRow.FILE)) {
            for (SharpnessRow s : SharpnessRow.TABLE.readComplete(f.file(SharpnessRow.FILE))) {
                if (s.lambda().length > 0) {
                    add(out, "sharpness/lambda_1", s.iteration(), s.lambda()[0], wallAt(wallAt, s.iteration(), start));
                }
            }
        }
        return out;
    }

    private static double wallAt(java.util.TreeMap<Long, Double> wallAt, long iteration, double start) {
        Map.Entry<Long, Double> e = wallAt.floorEntry(iteration);
        return e == null ? start : e.getValue();
    }

    private static void add(List<TensorBoard.Scalar> out, String tag, long step, double v, double wall) {
        if (Double.isFinite(v)) {
            out.add(new TensorBoard.Scalar(tag, step, v, wall));
        }
    }

    static double startSeconds(RunFolder f) {
        JsonNode c = f.config();
        String created = c == null ? "" : c.path("provenance").path("created").asText("");
        try {
            return Instant.parse(created).toEpochMilli() / 1000.0;
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    /** Writes {@code out/events.out.tfevents.<seconds>.<host>}; returns the file. */
    public static Path tensorBoard(RunFolder f, Path out) throws IOException {
        Files.createDirectories(out);
        double start = startSeconds(f);
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        Path file = out.resolve("events.out.tfevents." + (long) start + "." + host.replaceAll("[^A-Za-z0-9.-]", "_"));
        AtomicFiles.write(file, TensorBoard.file(start, scalars(f)));
        return file;
    }

    /** The spec's keys as dotted paths (lists and the provenance left out of the keys; lists as JSON text). */
    public static Map<String, String> params(RunFolder f) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode c = f.config();
        if (c != null) {
            flatten("", c, out);
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (prefix.isEmpty() && e.getKey().equals("provenance")) {
                    continue;
                }
                flatten(prefix + e.getKey() + ".", e.getValue(), out);
            }
        } else {
            String key = prefix.substring(0, prefix.length() - 1);
            out.put(key, n.isTextual() ? n.asText() : n.toString());
        }
    }

    /**
     * Writes an MLflow file-store run under {@code mlruns} (experiment 0, "Default", created if absent): meta.yaml, params/,
     * metrics/ (one "timestamp_ms value step" line per point), tags/ and artifacts/ (the folder's panels, tables and JSON).
     * The run id is derived from the folder and its start time, so exporting again replaces the same run. Returns the run folder.
     */
    public static Path mlflow(RunFolder f, Path mlruns, String runName) throws IOException {
        Path exp = mlruns.resolve("0");
        Files.createDirectories(exp);
        long now = System.currentTimeMillis();
        Path expMeta = exp.resolve("meta.yaml");
        if (!Files.exists(expMeta)) {
            write(expMeta, "artifact_location: " + exp.toAbsolutePath().normalize().toUri() + "\ncreation_time: " + now + "\nexperiment_id: '0'\n"
                    + "last_update_time: " + now + "\nlifecycle_stage: active\nname: Default\n");
        }
        long start = (long) (startSeconds(f) * 1000);
        String id = UUID.nameUUIDFromBytes((f.dir().toAbsolutePath().normalize() + "@" + start).getBytes(StandardCharsets.UTF_8)).toString()
                .replace("-", "");
        Path run = exp.resolve(id);
        List<TensorBoard.Scalar> scalars = scalars(f);
        long end = scalars.stream().mapToLong(s -> (long) (s.wallTime() * 1000)).max().orElse(start);
        int status = switch (f.status()) {
            case "running" -> 1;
            case "completed" -> 3;
            default -> 4;
        };
        Files.createDirectories(run);
        write(run.resolve("meta.yaml"), "artifact_uri: " + run.resolve("artifacts").toAbsolutePath().normalize().toUri() + "\nend_time: "
                + (status == 1 ? "null" : Long.toString(end)) + "\nentry_point_name: ''\nexperiment_id: '0'\nlifecycle_stage: active\nrun_id: " + id
                + "\nrun_name: " + yamlString(runName) + "\nrun_uuid: " + id + "\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: "
                + start + "\nstatus: " + status + "\ntags: []\nuser_id: " + yamlString(System.getProperty("user.name", "basin")) + "\n");
        for (String sub : List.of("params", "metrics", "tags", "artifacts")) {
            Files.createDirectories(run.resolve(sub));
        }
        for (Map.Entry<String, String> p : params(f).entrySet()) {
            write(safe(run.resolve("params"), p.getKey()), p.getValue());
        }
        Map<String, StringBuilder> metrics = new LinkedHashMap<>();
        for (TensorBoard.Scalar s : scalars) {
            metrics.computeIfAbsent(s.tag(), k -> new StringBuilder()).append((long) (s.wallTime() * 1000)).append(' ')
                    .append(Double.toString(s.value())).append(' ').append(s.step()).append('\n');
        }
        for (Map.Entry<String, StringBuilder> m : metrics.entrySet()) {
            write(safe(run.resolve("metrics"), m.getKey()), m.getValue().toString());
        }
        write(run.resolve("tags").resolve("mlflow.runName"), runName);
        write(run.resolve("tags").resolve("mlflow.source.name"), "basin " + f.protocol());
        write(run.resolve("tags").resolve("basin.protocol"), f.protocol());
        write(run.resolve("tags").resolve("basin.status"), f.status());
        try (Stream<Path> s = Files.list(f.dir())) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches(".*\\.(png|svg|csv|json|md)")).toList()) {
                AtomicFiles.write(run.resolve("artifacts").resolve(p.getFileName().toString()), Files.readAllBytes(p));
            }
        }
        return run;
    }

    /** A file under {@code dir} for an MLflow key (its "/" make sub-folders, as MLflow's store does). */
    private static Path safe(Path dir, String key) throws IOException {
        String k = key.replaceAll("[^A-Za-z0-9_./ -]", "_").replace("..", "_");
        Path p = dir.resolve(k).normalize();
        if (!p.startsWith(dir)) {
            throw new IOException("bad key " + key);
        }
        Files.createDirectories(p.getParent());
        return p;
    }

    private static String yamlString(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static void write(Path p, String text) throws IOException {
        AtomicFiles.write(p, text.getBytes(StandardCharsets.UTF_8));
    }
}
