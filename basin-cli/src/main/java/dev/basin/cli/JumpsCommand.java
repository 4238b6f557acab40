package dev.basin.cli;

import dev.basin.experiment.JumpRow;
import dev.basin.experiment.JumpsProtocol;
import dev.basin.experiment.RunContext;
import dev.basin.spec.JumpsSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin jumps}: basin jumps along a training run, from the barriers between consecutive checkpoints. */
@Command(name = "jumps", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Detect basin jumps along a training run and write jumps.csv.",
                "For each pair of consecutive checkpoints it measures the train-loss barrier on the segment between them"
                        + " (the largest rise above the chord); a barrier above --threshold is a jump."})
final class JumpsCommand extends SpecCommand<JumpsSpec> {
    @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run folders with checkpoints")
    List<String> runs;

    @Option(names = "--threshold", defaultValue = "0.01", description = "Barrier that counts as a jump (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--points", defaultValue = "11", description = "Points on each segment, ends included (default: ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--samples", defaultValue = "1000", description = "Training samples (first in data-set order) (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--out", description = "Folder for config.json and jumps.csv (several runs: OUT/RUN_NAME/jumps.csv) (default: each run's jumps.csv in its own folder)")
    Path out;

    @Option(names = "--threads", description = "Threads for the GEMMs and layer loops (default: the number of processors)")
    Integer threads;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    JumpsSpec spec() {
        return new JumpsSpec(runs, threshold, points, samples);
    }

    @Override
    Execution execution() {
        return execution(out, threads, false);
    }

    @Override
    int execute(JumpsSpec spec, Execution ex) throws Exception {
        JumpsProtocol.Result r = JumpsProtocol.INSTANCE.run(spec, new RunContext(ex.out(), ex.threadCount(), "jumps", null));
        PrintWriter w = ex.stdout();
        for (JumpsProtocol.RunJumps run : r.runs()) {
            w.println(run.runDir() + ":");
            for (JumpRow j : run.rows()) {
                w.printf(Locale.ROOT, "  %7d -> %7d   barrier %.5f%s%n", j.from(), j.to(), j.barrier(), j.jump() ? "   jump" : "");
            }
            w.printf(Locale.ROOT, "  %d jump(s) above %.3g in %d segments; %s%n", run.jumps(), spec.threshold(), run.rows().size(), run.file());
        }
        w.flush();
        return ExitCodes.OK;
    }
}
