package dev.basin.train;

import dev.basin.data.AtomicFiles;
import dev.basin.data.BatchSampler;
import dev.basin.data.DataException;
import dev.basin.nn.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Continuing an interrupted run from its last complete checkpoint, so that the finished run is bit for bit the
 * one that was never interrupted (at the same BLAS thread count; time columns aside).
 *
 * <p>What a checkpoint holds for this: θ and every optimizer buffer with its step counter ({@link Checkpoint}),
 * the iteration, and the loop's own state in the metadata — the mean-loss accumulator of the metrics row in
 * progress ({@link #LOSS_SUM} as an exact hexadecimal double, {@link #LOSS_COUNT}) and the sampler's position
 * ({@link #SAMPLER_EPOCH}, {@link #SAMPLER_CURSOR}). What it does not need to hold: the learning-rate schedule is
 * a function of the iteration; the data order is a function of the seed and the number of batches drawn, so
 * the sampler is replayed ({@link BatchSampler#skip}) and its position checked against the recorded one; θ's
 * initialisation is not needed again; probes keep no state and draw only seeded streams. The tables the run
 * appends to (metrics.csv and each probe's {@link Probe#files()}) are cut back to the rows of iterations up to
 * the checkpoint's, a half-written last line included, before the loop continues.
 *
 * <p>Which checkpoint: the newest {@code checkpoints/iter-NNNNNNN.safetensors} that loads completely (size and
 * header checked by {@link Safetensors#read}) and carries the loop state; a damaged one is skipped with a note.
 * A run killed before its first checkpoint starts again from the beginning.
 */
public final class Resume {
    public static final String LOSS_SUM = "loop.loss_sum";
    public static final String LOSS_COUNT = "loop.loss_count";
    public static final String SAMPLER_EPOCH = "loop.sampler_epoch";
    public static final String SAMPLER_CURSOR = "loop.sampler_cursor";
    private static final Pattern CHECKPOINT = Pattern.compile("iter-(\\d{7,})\\.safetensors");

    private Resume() {
    }

    /** How a run is started: a new one, the continuation of an interrupted one, or of a diverged one from its last good checkpoint. */
    public enum Mode {
        NEW, CONTINUE, AFTER_DIVERGENCE
    }

    /** What a folder holds. */
    public enum Status {
        /** No config.json: nothing to resume. */
        EMPTY,
        /** config.json without summary.json: a run that was interrupted (or is running: see the lock). */
        UNFINISHED,
        COMPLETED,
        DIVERGED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The status of the run in {@code dir}. */
    public static Status status(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RunDirectory.CONFIG))) {
            return Status.EMPTY;
        }
        Path summary = dir.resolve(RunDirectory.SUMMARY);
        if (!Files.isRegularFile(summary)) {
            return Status.UNFINISHED;
        }
        return RunSummary.read(summary).status().equals("diverged") ? Status.DIVERGED : Status.COMPLETED;
    }

    /**
     * Where a resumed run starts.
     *
     * @param iteration  steps already taken (0 with no checkpoint: from the start)
     * @param checkpoint the checkpoint file, or null
     * @param loaded     its contents, or null
     * @param lossSum    sum of the minibatch losses since the last metrics row
     * @param lossCount  how many
     * @param epoch      the sampler's epoch at the checkpoint
     * @param cursor     and its position in that epoch
     */
    public record Point(long iteration, Path checkpoint, Checkpoint.Loaded loaded, double lossSum, int lossCount, long epoch, int cursor) {
        public static final Point START = new Point(0, null, null, 0, 0, -1, 0);

        public boolean fromStart() {
            return checkpoint == null;
        }
    }

    /** The loop state a checkpoint at this point records (see the class comment). */
    public static Map<String, String> metadata(double lossSum, int lossCount, BatchSampler sampler) {
        return Map.of(LOSS_SUM, Double.toHexString(lossSum), LOSS_COUNT, Integer.toString(lossCount),
                SAMPLER_EPOCH, Long.toString(sampler.epoch()), SAMPLER_CURSOR, Integer.toString(sampler.cursor()));
    }

    /**
     * The newest complete checkpoint of {@code dir} at or before {@code maxIteration} that carries the loop state,
     * or {@link Point#START}. Damaged or older-format checkpoints are skipped; each skip is a line to {@code notes}.
     */
    public static Point find(RunDirectory dir, Network net, long maxIteration, Consumer<String> notes) {
        for (Path file : checkpoints(dir.root().resolve(RunDirectory.CHECKPOINTS))) {
            long it = iterationOf(file);
            if (it > maxIteration) {
                continue;
            }
            Checkpoint.Loaded ck;
            try {
                ck = Checkpoint.load(file, net);
            } catch (DataException e) {
                notes.accept("skipping damaged checkpoint " + dir.root().relativize(file) + ": " + e.getMessage());
                continue;
            }
            Map<String, String> m = ck.metadata();
            if (ck.iteration() != it || !m.containsKey(LOSS_SUM) || !m.containsKey(LOSS_COUNT) || !m.containsKey(SAMPLER_EPOCH)
                    || !m.containsKey(SAMPLER_CURSOR)) {
                notes.accept("skipping checkpoint " + dir.root().relativize(file) + ": it does not record the training loop's state");
                continue;
            }
            try {
                return new Point(it, file, ck, Double.parseDouble(m.get(LOSS_SUM)), Integer.parseInt(m.get(LOSS_COUNT)),
                        Long.parseLong(m.get(SAMPLER_EPOCH)), Integer.parseInt(m.get(SAMPLER_CURSOR)));
            } catch (NumberFormatException e) {
                notes.accept("skipping checkpoint " + dir.root().relativize(file) + ": its loop state is unreadable (" + e.getMessage() + ")");
            }
        }
        return Point.START;
    }

    /** The checkpoint files of a folder, newest first (by the iteration in the name). */
    static List<Path> checkpoints(Path folder) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
            for (Path p : s) {
                if (CHECKPOINT.matcher(p.getFileName().toString()).matches()) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new DataException("cannot list " + folder + ": " + e.getMessage());
        }
        out.sort(Comparator.comparingLong(Resume::iterationOf).reversed());
        return out;
    }

    static long iterationOf(Path checkpoint) {
        Matcher m = CHECKPOINT.matcher(checkpoint.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a checkpoint name: " + checkpoint);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Cuts a table whose first column is the iteration back to its header and the rows of iterations ≤
     * {@code iteration}, written atomically; a last line without its line break (a row being appended when the
     * process died) is dropped. An absent file stays absent. A row that is not a number where the iteration
     * belongs, other than such a last line, is a {@link DataException}: the file is not one this run wrote.
     */
    public static void truncate(Path file, long iteration) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        // split leaves "" after a final '\n'; anything else there is a half-written row.
        lines.remove(lines.size() - 1);
        if (lines.isEmpty()) {
            return;
        }
        String header = lines.get(0);
        if (!header.startsWith("iteration,") && !header.equals("iteration")) {
            throw new DataException(file + ": its first column is not 'iteration'; it is not a table this run appends to");
        }
        StringBuilder kept = new StringBuilder(header).append('\n');
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int comma = line.indexOf(',');
            long it;
            try {
                it = Long.parseLong(comma < 0 ? line : line.substring(0, comma));
            } catch (NumberFormatException e) {
                throw new DataException(file + " line " + (i + 1) + ": '" + first(line) + "' is not an iteration; the file was not written by this run");
            }
            if (it <= iteration) {
                kept.append(line).append('\n');
            }
        }
        AtomicFiles.write(file, kept.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String first(String line) {
        return line.length() > 40 ? line.substring(0, 40) + "…" : line;
    }

    /** Deletes a file the run writes again from the start. */
    static void discard(Path file) throws IOException {
        Files.deleteIfExists(file);
    }
}
