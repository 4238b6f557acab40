package dev.basin.cli;

import dev.basin.noise.CoordinateRow;
import dev.basin.experiment.NoiseProtocol;
import dev.basin.experiment.RunContext;
import dev.basin.noise.NoiseDiagnostics;
import dev.basin.report.NoisePlots;
import dev.basin.spec.AlphaSpec;
import dev.basin.spec.NoiseSpec;
import dev.basin.spec.SampleSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin noise RUN --iteration N}: the full heavy-tail report of the gradient noise at one checkpoint ({@link NoiseProtocol}). */
@Command(name = "noise", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Report how much of the gradient noise's heavy tail at one checkpoint survives the controls.",
                "",
                "The reference alpha, exact zeros, alpha without zero-variance coordinates, the Gaussian nulls, standardised alpha,",
                "per-coordinate tails and Gaussianity along the minibatch axis (overall and per tensor), SaS/Gaussian/Student-t fits",
                "with bootstrap p-values, and the paper's Fig. 1 panel (histogram of the noise with the fitted laws).",
                "Writes config.json, noise.json, noise-coordinates.csv, noise-histogram.png/svg (the pooled noise) and",
                "noise-histogram-standardised.png/svg (each coordinate divided by its median |noise|)."})
final class NoiseCommand extends SpecCommand<NoiseSpec> {
    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder (or a checkpoint file inside one)")
    String run;

    @Option(names = "--iteration", description = "Checkpoint iteration (default: the latest)")
    Long iteration;

    @Option(names = "--set", description = "train or test (default: train)")
    String set;

    @Option(names = "--alpha-batch", description = "Minibatch size of the noise; 0 = the run's training batch (default: 0)")
    Integer alphaBatch;

    @Option(names = "--alpha-batches", description = "At most this many minibatches, evenly spaced; 0 = all (default: 0)")
    Integer alphaBatches;

    @Option(names = "--coordinates", description = "Coordinates (columns) sampled for the per-coordinate tests and the fits (default: "
            + NoiseSpec.DEFAULT_COORDINATES + ")")
    Integer coordinates;

    @Option(names = "--bootstrap", description = "Parametric-bootstrap replicates of the goodness-of-fit p-values; 0 = none (default: "
            + NoiseSpec.DEFAULT_BOOTSTRAP + ")")
    Integer bootstrap;

    @Option(names = "--fit-samples", description = "At most this many pooled values (evenly spaced) for the fits (default: " + NoiseSpec.DEFAULT_FIT_SAMPLES + ")")
    Integer fitSamples;

    @Option(names = "--bootstrap-seed", description = "Seed of the bootstrap replicates (default: 1)")
    Long bootstrapSeed;

    @Option(names = "--bins", description = "Histogram bins of the Fig. 1 panel (default: " + NoiseSpec.DEFAULT_BINS + ")")
    Integer bins;

    @Option(names = "--alpha-memory", description = "Memory budget in MiB for holding the gradients (default: 3/4 of the free direct memory)")
    Long alphaMemory;

    @Option(names = "--threads", description = "Threads for the GEMMs and layer loops (default: the number of processors)")
    Integer threads;

    @Option(names = "--out", description = "Output folder (default: RUN/noise-ITERATION-SET)")
    Path out;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    NoiseSpec spec() {
        return new NoiseSpec(run, iteration, set == null ? null : SampleSet.byName(set), alphaBatch, alphaBatches, coordinates, bootstrap, fitSamples,
                bootstrapSeed, bins);
    }

    @Override
    Execution execution() {
        return execution(out, threads, false);
    }

    @Override
    int execute(NoiseSpec spec, Execution ex) throws Exception {
        NoiseProtocol.Result r = NoiseProtocol.INSTANCE.run(spec, new RunContext(ex.out(), ex.threadCount(), "noise", null),
                AlphaSpec.budgetBytes(alphaMemory));
        NoiseDiagnostics diag = r.diagnostics();
        String s = spec.set().key();
        if (diag.fits() != null) {
            NoisePlots.histogram(r.dir().resolve("noise-histogram"), String.format(Locale.ROOT, "Gradient noise, %s set, iteration %d (%d values of %d coordinates)",
                    s, r.iteration(), diag.fits().n(), diag.coordinates().overall().coordinates()), diag.fits().histogram(spec.bins()));
        }
        if (diag.standardisedFits() != null) {
            NoisePlots.histogram(r.dir().resolve("noise-histogram-standardised"), String.format(Locale.ROOT,
                    "Gradient noise / each coordinate's median |noise|, %s set, iteration %d", s, r.iteration()),
                    diag.standardisedFits().histogram(spec.bins()));
        }
        PrintWriter w = ex.stdout();
        var a = r.sample().analysis();
        w.printf(Locale.ROOT, "%s, iteration %d, %s set: %d minibatches of %d, d = %d%s%n", r.runDir(), r.iteration(), s, r.sample().batches(), r.batch(),
                a.dim(), r.sample().held() ? " (held in memory)" : "");
        for (String line : NoiseReport.lines(a, r.raw(), diag)) {
            w.println("  " + line);
        }
        w.println("wrote " + r.dir().resolve(NoiseProtocol.SUMMARY) + ", " + CoordinateRow.FILE
                + (diag.fits() != null ? ", noise-histogram.png, noise-histogram-standardised.png (and .svg)" : ""));
        w.flush();
        return ExitCodes.OK;
    }
}
