package dev.basin.cli;

import dev.basin.curvature.CurvatureOperator;
import dev.basin.curvature.SpectralDensity;
import dev.basin.curvature.SpectrumRow;
import dev.basin.curvature.Trace;
import dev.basin.experiment.HessianProtocol;
import dev.basin.experiment.RunContext;
import dev.basin.report.Plots;
import dev.basin.spec.EscapeSetsSpec;
import dev.basin.spec.HessianSpec;
import dev.basin.spec.SampleSet;
import dev.basin.spec.SpecException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin hessian}: curvature at a checkpoint ({@link HessianProtocol}). */
@Command(name = "hessian", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the curvature of the loss at a checkpoint: Hessian eigenvalues, trace and spectral density.",
                "Over the first N training samples (or a seeded random N) it computes the top (and bottom) Hessian eigenvalues"
                        + " by Lanczos with residuals, the trace by Hutch++ with its standard error, the spectral density by stochastic"
                        + " Lanczos quadrature, and with --escape-sets the noise covariance projected on the top eigenvectors,"
                        + " ADAM's preconditioner there and the escaping-set quantities of SGD and ADAM."})
final class HessianCommand extends SpecCommand<HessianSpec> {
    @Parameters(paramLabel = "RUN_OR_CHECKPOINT", description = "A run folder (its latest checkpoint) or a checkpoint file")
    String target;

    @Option(names = "--iteration", description = "With a run folder: the checkpoint at this iteration")
    Long iteration;

    @Option(names = "--top", description = "Largest eigenvalues (default: " + HessianSpec.DEFAULT_TOP + ")")
    Integer top;

    @Option(names = "--bottom", description = "Smallest eigenvalues (default: 0)")
    Integer bottom;

    @Option(names = "--trace", description = "Estimate the trace (Hutch++)")
    boolean trace;

    @Option(names = "--trace-matvecs", description = "Hessian-vector products for the trace (default: " + HessianSpec.DEFAULT_TRACE_MATVECS + ")")
    Integer traceMatvecs;

    @Option(names = "--density", description = "Estimate the spectral density (SLQ) into spectrum.csv and spectrum.png")
    boolean density;

    @Option(names = "--probes", description = "SLQ probe vectors (default: " + HessianSpec.DEFAULT_PROBES + ")")
    Integer probes;

    @Option(names = "--steps", description = "Lanczos steps per SLQ probe (default: " + HessianSpec.DEFAULT_STEPS + ")")
    Integer steps;

    @Option(names = "--samples", description = "Training samples that define the loss (default: " + HessianSpec.DEFAULT_SAMPLES + ")")
    Integer samples;

    @Option(names = "--sample-seed", description = "Draw the samples at random with this seed (default: the first N in data-set order)")
    Long sampleSeed;

    @Option(names = "--set", description = "train or test (default: train)")
    String set;

    @Option(names = "--operator", description = "hessian or ggn (Gauss-Newton) (default: hessian)")
    String operator;

    @Option(names = "--tol", description = "Relative residual of each eigenpair (default: " + HessianSpec.DEFAULT_TOLERANCE + ")")
    Double tol;

    @Option(names = "--max-iterations", description = "Hessian-vector products per Lanczos run at most (default: " + HessianSpec.DEFAULT_MAX_ITERATIONS + ")")
    Integer maxIterations;

    @Option(names = "--batch", description = "Samples per pass (memory) (default: " + HessianSpec.DEFAULT_BATCH + ")")
    Integer batch;

    @Option(names = "--escape-sets", description = "Also the escaping-set quantities of SGD and ADAM in the top-k subspace (escape-sets.json)")
    boolean escapeSets;

    @Option(names = "--alpha", description = "Escape sets: tail index (default: the run's last raw train alpha in alpha.csv)")
    Double alpha;

    @Option(names = "--height", description = "Escape sets: basin height h above the minimum's loss (default: " + EscapeSetsSpec.DEFAULT_HEIGHT + ")")
    Double height;

    @Option(names = "--minibatch", description = "Escape sets: minibatch size S of the noise covariance (default: the run's batch)")
    Integer minibatch;

    @Option(names = "--eta", description = "Escape sets: learning rate for eps = eta^((alpha-1)/alpha) (default: the run's)")
    Double eta;

    @Option(names = "--seed", description = "Seed of the start and probe vectors (default: 1)")
    Long seed;

    @Option(names = "--threads", description = "Threads for the GEMMs and layer loops (default: the number of processors)")
    Integer threads;

    @Option(names = "--out", description = "Folder for config.json, hessian.json, eigenvalues.csv, spectrum.* and escape-sets.json (default: RUN/hessian-ITERATION)")
    Path out;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    HessianSpec spec() {
        return new HessianSpec(target, iteration, operator == null ? null : CurvatureOperator.byName(operator), set == null ? null : SampleSet.byName(set),
                samples, sampleSeed, batch, top, bottom, tol, maxIterations, trace, traceMatvecs, density, probes, steps,
                escapeSets ? escapeSetsSpec() : null, seed);
    }

    private EscapeSetsSpec escapeSetsSpec() {
        try {
            return new EscapeSetsSpec(alpha, height, minibatch, eta);
        } catch (SpecException e) {
            throw new SpecException("escape_sets: " + e.getMessage());
        }
    }

    @Override
    Execution execution() {
        return execution(out, threads, false);
    }

    @Override
    int execute(HessianSpec spec, Execution ex) throws Exception {
        HessianProtocol.Result r = HessianProtocol.INSTANCE.run(spec, new RunContext(ex.out(), ex.threadCount(), "hessian", null));
        PrintWriter w = ex.stdout();
        w.printf(Locale.ROOT, "%s at iteration %d: %d parameters, %s over %d %s samples%s; loss %.6f%n", spec.operator().key(), r.iteration(), r.parameters(),
                r.lossName(), r.samples(), spec.set().key(),
                spec.sampleSeed() == null ? " (the first in data-set order)" : " (random, seed " + spec.sampleSeed() + ")", r.loss());
        for (HessianProtocol.Ends e : Arrays.asList(r.top(), r.bottom())) {
            if (e == null) {
                continue;
            }
            var l = e.lanczos();
            int k = l.values().length;
            w.printf(Locale.ROOT, "%s %d eigenvalues (Lanczos: %d products, %d restarts, %.1f s%s):%n", e.end().name().toLowerCase(Locale.ROOT), k,
                    l.iterations(), l.restarts(), e.seconds(), l.converged() ? "" : ", NOT converged to --tol");
            for (int i = 0; i < k; i++) {
                w.printf(Locale.ROOT, "  %2d  %14.6g   residual %.2e (relative %.2e)%n", i + 1, l.values()[i], l.residuals()[i], l.relativeResidual(i));
            }
        }
        if (r.trace() != null) {
            Trace.Estimate t = r.trace();
            w.printf(Locale.ROOT, "trace (Hutch++, %d products): %.6g ± %.3g%n", t.matvecs(), t.value(), t.stderr());
        }
        if (r.density() != null) {
            SpectralDensity.Result s = r.density();
            double[] logDensity = Arrays.stream(s.density()).map(x -> Math.max(x, 1e-12)).toArray();
            Plots.write(r.dir().resolve("spectrum"), "Hessian spectral density (SLQ, " + spec.probes() + " probes x " + spec.steps() + " steps)",
                    "eigenvalue", "density", false, true, List.of(new Plots.Curve("density", s.grid(), logDensity, null, null, 0, false)));
            w.printf(Locale.ROOT, "spectral density: %d probes x %d steps, Gaussian width %.3g; trace from SLQ %.6g ± %.3g; %s, spectrum.png%n",
                    spec.probes(), spec.steps(), s.sigma(), s.trace().value(), s.trace().stderr(), SpectrumRow.FILE);
        }
        if (r.escapeSets() != null) {
            HessianProtocol.EscapeSetsReport e = r.escapeSets();
            var x = e.result();
            w.printf(Locale.ROOT, "escaping sets in the top-%d subspace (alpha %.3f, height %.3g, S %d, eta %.3g; Q from %s):%n", x.eigenvalues().length,
                    e.alpha(), e.height(), e.minibatch(), e.eta(), e.qFromCheckpoint() ? "the checkpoint's ADAM state" : "the gradient second moment");
            w.printf(Locale.ROOT, "  axis-measure rate   SGD %.4g   ADAM %.4g   predicted escape time ADAM/SGD %.4g%n", x.sgd().axisRate(), x.adam().axisRate(),
                    x.predictedRatioAxis());
            w.printf(Locale.ROOT, "  inner volume        SGD %.4g   ADAM %.4g   ratio ADAM/SGD %.4g (larger inner region = smaller escaping set)%n",
                    x.sgd().innerVolume(), x.adam().innerVolume(), x.volumeRatio());
        }
        w.println("wrote " + r.dir().resolve(HessianProtocol.SUMMARY) + " and eigenvalues.csv");
        w.flush();
        return ExitCodes.OK;
    }
}
