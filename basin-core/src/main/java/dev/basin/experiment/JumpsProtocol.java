package dev.basin.experiment;

import dev.basin.curvature.Geometry;
import dev.basin.data.DataException;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.spec.JumpsSpec;
import dev.basin.spec.Provenance;
import dev.basin.spec.RunRecord;
import dev.basin.spec.SpecException;
import dev.basin.spec.Specs;
import dev.basin.train.Checkpoint;
import dev.basin.train.RunDirectory;
import dev.basin.train.RunLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code basin jumps}: for each run, the train-loss barrier on the segment between each pair of consecutive
 * checkpoints ({@link Geometry#barrier}); a barrier above the threshold is a jump. Writes jumps.csv
 * ({@link JumpRow}) per run: into the run folder itself when the context has no output folder; otherwise into
 * the output folder (one run) or OUT/RUN_NAME (several), with config.json (the spec and its provenance) in OUT.
 * Every run is checked for two checkpoints before anything is computed.
 */
public final class JumpsProtocol implements Protocol<JumpsSpec, JumpsProtocol.Result> {
    public static final JumpsProtocol INSTANCE = new JumpsProtocol();
    /** Loss evaluations are batched in chunks of this many samples. */
    static final int EVAL_BATCH = 1000;

    /** One run's segments. */
    public record RunJumps(Path runDir, Path file, List<JumpRow> rows, int jumps) {
    }

    public record Result(JumpsSpec spec, Path out, List<RunJumps> runs) {
    }

    private JumpsProtocol() {
    }

    @Override
    public Result run(JumpsSpec spec, RunContext ctx) throws IOException {
        Path out = ctx.out();
        Set<String> names = new HashSet<>();
        for (String run : spec.runs()) {
            Path p = Path.of(run);
            if (Files.isDirectory(p)) {
                int n = RunModel.checkpoints(p).size();
                if (n < 2) {
                    throw new DataException(run + " has " + n + " checkpoint(s); jumps need at least 2 (train with --checkpoint-every)");
                }
            }
            if (out != null && spec.runs().size() > 1 && !names.add(folderName(p))) {
                throw new SpecException("runs: two runs are called '" + folderName(p) + "'; with an output folder each run's jumps.csv goes to OUT/NAME,"
                        + " so run them separately");
            }
        }
        // With an output folder the whole measurement holds its lock; without one, each run folder is locked while its jumps.csv is written.
        try (RunLock outLock = out == null ? null : RunLock.forWriting(out)) {
            return measure(spec, ctx, out);
        }
    }

    private static Result measure(JumpsSpec spec, RunContext ctx, Path out) throws IOException {
        if (out != null) {
            Files.createDirectories(out);
            Specs.write(out.resolve(RunDirectory.CONFIG), new RunRecord(spec, Provenance.now(ctx.command(), ctx.threads(), OpenBlasGemm.INSTANCE.name(),
                    null, null)));
        }
        List<RunJumps> all = new ArrayList<>();
        for (String run : spec.runs()) {
            RunModel m = RunModel.open(run, null, ctx.threads());
            List<Path> cks = RunModel.checkpoints(m.runDir());
            if (cks.size() < 2) {
                throw new DataException(run + " has " + cks.size() + " checkpoint(s); jumps need at least 2 (train with --checkpoint-every)");
            }
            Geometry g = new Geometry(m.net(), m.loss(), m.data().train(), spec.samples(), EVAL_BATCH);
            List<JumpRow> rows = new ArrayList<>();
            int jumps = 0;
            Checkpoint.Loaded prev = Checkpoint.load(cks.get(0), m.net());
            for (int i = 1; i < cks.size(); i++) {
                Checkpoint.Loaded next = Checkpoint.load(cks.get(i), m.net());
                double barrier = g.barrier(prev.theta(), next.theta(), spec.points());
                boolean jump = barrier > spec.threshold();
                jumps += jump ? 1 : 0;
                rows.add(new JumpRow(prev.iteration(), next.iteration(), barrier, jump));
                prev = next;
            }
            Path dir = out == null ? m.runDir() : spec.runs().size() == 1 ? out : out.resolve(folderName(Path.of(run)));
            Path file = dir.resolve(JumpRow.FILE);
            try (RunLock lock = out == null ? RunLock.forWriting(dir) : null) {
                Files.createDirectories(dir);
                JumpRow.TABLE.write(file, rows);
            }
            all.add(new RunJumps(m.runDir(), file, List.copyOf(rows), jumps));
        }
        return new Result(spec, out, List.copyOf(all));
    }

    private static String folderName(Path p) {
        Path f = p.toAbsolutePath().normalize().getFileName();
        return f == null ? "run" : f.toString();
    }
}
