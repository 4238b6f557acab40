package dev.basin.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.curvature.InterpolationRow;
import dev.basin.curvature.LandscapeRow;
import dev.basin.curvature.SharpnessRow;
import dev.basin.curvature.SpectrumRow;
import dev.basin.data.DataException;
import dev.basin.noise.AlphaRow;
import dev.basin.sde.FactorRow;
import dev.basin.train.Json;
import dev.basin.train.MetricsRow;
import dev.basin.train.RunDirectory;
import dev.basin.train.RunLock;
import dev.basin.train.RunSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a folder written by Basin holds, read without writing anything: the protocol its config.json records, the known
 * tables present, its status (running, completed, diverged, failed) and, for training, its progress. Reading is safe
 * while a run writes: tables are read to their last complete line ({@link dev.basin.table.Table#readComplete}).
 *
 * @param dir      the folder
 * @param protocol the config.json's {@code protocol} ("train", "zhou2020", "escape", …), or "unknown"
 * @param status   running (a live .lock, or a training run with no summary.json whose lock is held), completed, diverged
 *                 or failed (stopped without its outputs)
 * @param done     iterations written to metrics.csv (training runs; the sum over arms for a reproduction), or -1
 * @param total    iterations the spec asks for (all arms for a reproduction), or -1
 * @param files    the known files present, by their FILE names
 * @param children the run folders inside it (a reproduction's arms and seeds)
 */
public record RunFolder(Path dir, String protocol, String status, long done, long total, List<String> files, List<RunFolder> children) {
    /** Tables and records a run folder may hold, by file name. */
    public static final List<String> KNOWN = List.of(RunDirectory.CONFIG, RunDirectory.SUMMARY, MetricsRow.FILE, AlphaRow.FILE, SharpnessRow.FILE,
            SpectrumRow.FILE, dev.basin.curvature.EigenvalueRow.FILE, InterpolationRow.FILE, LandscapeRow.FILE, Zhou2020.SummaryRow.FILE,
            Claims.Row.FILE, Zhou2020.ClaimsFile.FILE, Zhou2020.SharpestEscapeRow.FILE, EscapeRow.FILE, EscapeSummaryRow.FILE, FactorRow.FILE,
            JumpRow.FILE, dev.basin.noise.CoordinateRow.FILE);

    public boolean has(String file) {
        return files.contains(file);
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Progress in [0, 1], or NaN when unknown. */
    public double fraction() {
        return total > 0 && done >= 0 ? Math.min(1.0, (double) done / total) : Double.NaN;
    }

    /** Opens {@code dir}; a folder with no config.json is a DataException. */
    public static RunFolder open(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RunDirectory.CONFIG))) {
            throw new DataException(dir + " is not a Basin run folder: it has no " + RunDirectory.CONFIG);
        }
        return read(dir, 0);
    }

    /** The run folders under {@code root} (itself included), outermost first; a folder's sub-runs are its children. */
    public static List<RunFolder> scan(Path root, int maxDepth) {
        List<RunFolder> out = new ArrayList<>();
        scanInto(root, maxDepth, out);
        return out;
    }

    private static void scanInto(Path d, int depth, List<RunFolder> out) {
        if (Files.isRegularFile(d.resolve(RunDirectory.CONFIG), LinkOption.NOFOLLOW_LINKS)) {
            out.add(read(d, 0));
            return;
        }
        if (depth <= 0) {
            return;
        }
        for (Path c : subfolders(d)) {
            scanInto(c, depth - 1, out);
        }
    }

    private static List<Path> subfolders(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().equals(RunDirectory.CHECKPOINTS)).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static RunFolder read(Path dir, int level) {
        JsonNode config = readJson(dir.resolve(RunDirectory.CONFIG));
        String protocol = config == null ? "unknown" : config.path("protocol").asText("unknown");
        List<String> files = KNOWN.stream().filter(f -> Files.isRegularFile(dir.resolve(f), LinkOption.NOFOLLOW_LINKS)).toList();
        List<RunFolder> children = new ArrayList<>();
        if (level < 3) {
            for (Path c : subfolders(dir)) {
                if (Files.isRegularFile(c.resolve(RunDirectory.CONFIG), LinkOption.NOFOLLOW_LINKS)) {
                    children.add(read(c, level + 1));
                } else {
                    for (Path cc : subfolders(c)) {
                        if (Files.isRegularFile(cc.resolve(RunDirectory.CONFIG), LinkOption.NOFOLLOW_LINKS)) {
                            children.add(read(cc, level + 1));
                        }
                    }
                }
            }
        }
        boolean live = lockIsLive(dir);
        long done = -1;
        long total = -1;
        String status;
        if ("train".equals(protocol)) {
            total = config.path("training").path("iterations").asLong(-1);
            done = lastIteration(dir);
            if (files.contains(RunDirectory.SUMMARY)) {
                status = summaryStatus(dir);
            } else {
                status = live ? "running" : "failed";
            }
        } else {
            if (!children.isEmpty()) {
                long d = 0;
                long t = 0;
                for (RunFolder c : children) {
                    d += Math.max(c.done, 0);
                    t += Math.max(c.total, 0);
                }
                done = t > 0 ? d : -1;
                total = t > 0 ? t : -1;
            }
            boolean finished = "zhou2020".equals(protocol) ? files.contains(Zhou2020.SummaryRow.FILE) : files.size() > 1;
            if (live || (!finished && children.stream().anyMatch(c -> c.status.equals("running")))) {
                status = "running";
            } else if (children.stream().anyMatch(c -> c.status.equals("diverged"))) {
                status = "diverged";
            } else {
                status = finished ? "completed" : "failed";
            }
        }
        return new RunFolder(dir, protocol, status, done, total, files, List.copyOf(children));
    }

    private static String summaryStatus(Path dir) {
        try {
            return RunSummary.read(dir.resolve(RunDirectory.SUMMARY)).status();
        } catch (DataException e) {
            return "failed";
        }
    }

    /** The iteration of metrics.csv's last complete row, or -1; reads the header and the file's last few kilobytes only. */
    static long lastIteration(Path dir) {
        Path m = dir.resolve(MetricsRow.FILE);
        if (!Files.isRegularFile(m)) {
            return -1;
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(m)) {
            long size = ch.size();
            int n = (int) Math.min(size, 16384);
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(n);
            while (tail.hasRemaining() && ch.read(tail, size - n + tail.position()) > 0) {
                // read on
            }
            String text = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            int start = end > 0 ? text.lastIndexOf('\n', end - 1) : -1;
            if (end < 0 || (start < 0 && size > n)) {
                return -1;
            }
            String last = text.substring(start + 1, end);
            if (last.equals(MetricsRow.HEADER)) {
                return -1;
            }
            List<MetricsRow> rows = MetricsRow.TABLE.parse(MetricsRow.HEADER + "\n" + last + "\n", m.toString());
            return rows.isEmpty() ? -1 : rows.get(rows.size() - 1).iteration();
        } catch (IOException | DataException e) {
            return -1;
        }
    }

    /** Whether a .lock names a process that is alive (a crashed run leaves a stale one). */
    static boolean lockIsLive(Path dir) {
        Path lock = dir.resolve(RunLock.FILE);
        if (!Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            String text = Files.readString(lock, StandardCharsets.UTF_8).strip();
            long pid = Long.parseLong(text.split("\\s+")[0]);
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            return h.isPresent() && h.get().isAlive();
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private static JsonNode readJson(Path f) {
        try {
            return Json.MAPPER.readTree(f.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    /** The config.json as a tree (for provenance and the spec), or null when unreadable. */
    public JsonNode config() {
        return readJson(dir.resolve(RunDirectory.CONFIG));
    }
}
