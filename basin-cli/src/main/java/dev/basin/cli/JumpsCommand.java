package dev.basin.cli;

import dev.basin.experiment.RunModel;
import dev.basin.curvature.Geometry;
import dev.basin.data.AtomicFiles;
import dev.basin.numeric.FloatVec;
import dev.basin.train.Checkpoint;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin jumps}: basin jumps along a training run, from the barriers between consecutive checkpoints. */
@Command(name = "jumps", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Detect basin jumps along a training run and write jumps.csv.",
                "For each pair of consecutive checkpoints it measures the train-loss barrier on the segment between them"
                        + " (the largest rise above the chord); a barrier above --threshold is a jump."})
final class JumpsCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run folders with checkpoints")
    List<String> runs;

    @Option(names = "--threshold", defaultValue = "0.01", description = "Barrier that counts as a jump (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--points", defaultValue = "11", description = "Points on each segment, ends included (default: ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--samples", defaultValue = "1000", description = "Training samples (first in data-set order) (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--threads", description = "OpenBLAS threads (default: the number of processors)")
    Integer threads;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        if (!(threshold > 0) || points < 3 || samples < 1) {
            throw new IllegalArgumentException("--threshold must be > 0, --points >= 3 and --samples >= 1");
        }
        PrintWriter w = spec.commandLine().getOut();
        for (String run : runs) {
            RunModel m = RunModel.open(run, null, threads != null ? threads : Runtime.getRuntime().availableProcessors());
            List<Path> cks = RunModel.checkpoints(m.runDir());
            if (cks.size() < 2) {
                throw new IllegalArgumentException(run + " has " + cks.size() + " checkpoint(s); jumps need at least 2 (train with --checkpoint-every)");
            }
            Geometry g = new Geometry(m.net(), m.loss(), m.data().train(), samples, 1000);
            StringBuilder csv = new StringBuilder("from,to,barrier,jump\n");
            int jumps = 0;
            Checkpoint.Loaded prev = Checkpoint.load(cks.get(0), m.net());
            w.println(m.runDir() + ":");
            for (int i = 1; i < cks.size(); i++) {
                Checkpoint.Loaded next = Checkpoint.load(cks.get(i), m.net());
                FloatVec a = prev.theta();
                double barrier = g.barrier(a, next.theta(), points);
                boolean jump = barrier > threshold;
                jumps += jump ? 1 : 0;
                csv.append(prev.iteration()).append(',').append(next.iteration()).append(',').append(barrier).append(',').append(jump).append('\n');
                w.printf(Locale.ROOT, "  %7d -> %7d   barrier %.5f%s%n", prev.iteration(), next.iteration(), barrier, jump ? "   jump" : "");
                prev = next;
            }
            AtomicFiles.write(m.runDir().resolve("jumps.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
            w.printf(Locale.ROOT, "  %d jump(s) above %.3g in %d segments; %s%n", jumps, threshold, cks.size() - 1, m.runDir().resolve("jumps.csv"));
        }
        w.flush();
        return ExitCodes.OK;
    }
}
