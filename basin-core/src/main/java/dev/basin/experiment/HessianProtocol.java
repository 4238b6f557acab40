package dev.basin.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.basin.curvature.EigenvalueRow;
import dev.basin.curvature.EscapeSets;
import dev.basin.curvature.Lanczos;
import dev.basin.curvature.NetworkCurvature;
import dev.basin.curvature.Sharpness;
import dev.basin.curvature.SpectralDensity;
import dev.basin.curvature.SpectrumRow;
import dev.basin.curvature.SymmetricOperator;
import dev.basin.curvature.Trace;
import dev.basin.data.Dataset;
import dev.basin.numeric.FloatVec;
import dev.basin.optim.Adam;
import dev.basin.optim.Optimizer;
import dev.basin.optim.Optimizers;
import dev.basin.spec.EscapeSetsSpec;
import dev.basin.spec.HessianSpec;
import dev.basin.spec.SpecException;
import dev.basin.train.Checkpoint;
import dev.basin.train.Json;
import dev.basin.train.RunDirectory;
import dev.basin.train.RunLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code basin hessian}: reopens the checkpoint, builds the curvature operator over the spec's sample and
 * writes config.json (the spec and provenance), eigenvalues.csv, spectrum.csv with the density,
 * escape-sets.json with the escaping sets, and hessian.json. Everything checkable is checked before the
 * output folder is touched.
 */
public final class HessianProtocol implements Protocol<HessianSpec, HessianProtocol.Result> {
    public static final HessianProtocol INSTANCE = new HessianProtocol();
    public static final String SUMMARY = "hessian.json";
    public static final String ESCAPE_SETS = "escape-sets.json";
    /** SLQ density: grid points and the Gaussian width as a fraction of the spectrum's span. */
    static final int DENSITY_GRID = 400;
    static final double DENSITY_WIDTH = 0.01;

    private HessianProtocol() {
    }

    /** One Lanczos run: k eigenpairs from one end and the seconds it took. */
    public record Ends(EigenvalueRow.End end, Lanczos.Result lanczos, double seconds) {
    }

    /**
     * What was measured, for the caller to print and plot; {@code top}, {@code bottom}, {@code trace},
     * {@code density} and {@code escapeSets} are null when not asked for.
     */
    public record Result(HessianSpec spec, Path dir, Path checkpoint, long iteration, int parameters, String lossName, int samples, double loss,
                         Ends top, Ends bottom, Trace.Estimate trace, SpectralDensity.Result density, EscapeSetsReport escapeSets) {
    }

    /** hessian.json. */
    public record Summary(String checkpoint, long iteration, String operator, String set, int samples, Long sampleSeed, double loss, int parameters,
                          long seed, double tolerance, @JsonInclude(JsonInclude.Include.NON_NULL) EndSummary top,
                          @JsonInclude(JsonInclude.Include.NON_NULL) EndSummary bottom, @JsonInclude(JsonInclude.Include.NON_NULL) TraceSummary trace,
                          @JsonInclude(JsonInclude.Include.NON_NULL) DensitySummary density,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String escapeSets) {
    }

    public record EndSummary(double[] values, double[] residuals, int iterations, int restarts, boolean converged, double seconds) {
        static EndSummary of(Ends e) {
            return e == null ? null : new EndSummary(e.lanczos().values(), e.lanczos().residuals(), e.lanczos().iterations(), e.lanczos().restarts(),
                    e.lanczos().converged(), e.seconds());
        }
    }

    public record TraceSummary(double value, double stderr, int matvecs, String method) {
    }

    public record DensitySummary(int probes, int steps, double sigma, double trace, double traceStderr) {
    }

    /** escape-sets.json: every input of the escaping sets and the result. */
    public record EscapeSetsReport(String checkpoint, String subspace, double alpha, String alphaSource, double height, double hF, int minibatch,
                                   double eta, String qSource, EscapeSets.Result result) {
        /** Whether ADAM's Q is the checkpoint's own state (otherwise the gradient second moment). */
        public boolean qFromCheckpoint() {
            return qSource.startsWith("checkpoint");
        }
    }

    @Override
    public Result run(HessianSpec spec, RunContext ctx) throws IOException {
        RunModel m = RunModel.open(spec.run(), spec.iteration(), ctx.threads());
        Dataset data = spec.set().of(m.data());
        int[] idx = spec.sampleSeed() == null ? NetworkCurvature.firstSamples(data, spec.samples())
                : NetworkCurvature.randomSamples(data, spec.samples(), spec.sampleSeed());
        NetworkCurvature c = new NetworkCurvature(m.net(), m.point().theta(), m.loss(), data, idx, spec.batch());
        int d = c.dim();
        if (spec.top() + spec.bottom() > d) {
            throw new SpecException("top, bottom: asked for " + (spec.top() + spec.bottom()) + " eigenvalues of a model with " + d + " parameters");
        }
        long it = m.point().iteration();
        Path dir = ctx.out() != null ? ctx.out() : defaultOut(m.runDir(), it);
        Path config = dir.resolve(RunDirectory.CONFIG);
        SpecRecords.checkWritable(config, HessianSpec.class);
        EscapeSetsSpec es = spec.escapeSets();
        double alpha = es == null ? Double.NaN : es.alpha() != null ? es.alpha() : RunAlpha.last(m.runDir());

        SymmetricOperator op = c.operator(spec.operator());
        List<EigenvalueRow> rows = new ArrayList<>();
        Ends top = null;
        Ends bottom = null;
        for (EigenvalueRow.End end : EigenvalueRow.End.values()) {
            int k = end == EigenvalueRow.End.TOP ? spec.top() : spec.bottom();
            if (k == 0) {
                continue;
            }
            long t0 = System.nanoTime();
            Lanczos.Result r = Lanczos.eigs(op, k, end.which(), spec.tolerance(), spec.maxIterations(), Math.max(Sharpness.MAX_BASIS, 2 * k + 10),
                    spec.seed());
            Ends e = new Ends(end, r, (System.nanoTime() - t0) / 1e9);
            rows.addAll(EigenvalueRow.of(end, r, spec.tolerance()));
            if (end == EigenvalueRow.End.TOP) {
                top = e;
            } else {
                bottom = e;
            }
        }
        Trace.Estimate trace = spec.trace() ? Trace.hutchPlusPlus(op, spec.traceMatvecs(), spec.seed() + 1) : null;
        SpectralDensity.Result density = spec.density()
                ? SpectralDensity.estimate(op, spec.probes(), spec.steps(), DENSITY_GRID, DENSITY_WIDTH, spec.seed() + 2) : null;
        EscapeSetsReport esc = es == null ? null : escapeSets(m, c, top.lanczos(), es, alpha);
        Summary summary = new Summary(m.checkpoint().toString(), it, spec.operator().key(), spec.set().key(), idx.length, spec.sampleSeed(), c.loss(), d,
                spec.seed(), spec.tolerance(), EndSummary.of(top), EndSummary.of(bottom),
                trace == null ? null : new TraceSummary(trace.value(), trace.stderr(), trace.matvecs(), "hutch++"),
                density == null ? null : new DensitySummary(spec.probes(), spec.steps(), density.sigma(), density.trace().value(), density.trace().stderr()),
                esc == null ? null : dir.resolve(ESCAPE_SETS).toString());

        try (RunLock lock = RunLock.forWriting(dir)) {
            Files.createDirectories(dir);
            SpecRecords.write(config, spec, ctx, m);
            EigenvalueRow.TABLE.write(dir.resolve(EigenvalueRow.FILE), rows);
            if (density != null) {
                SpectrumRow.TABLE.write(dir.resolve(SpectrumRow.FILE), SpectrumRow.of(density));
            }
            if (esc != null) {
                Json.write(dir.resolve(ESCAPE_SETS), esc);
            }
            Json.write(dir.resolve(SUMMARY), summary);
            return new Result(spec, dir, m.checkpoint(), it, d, m.loss().name(), idx.length, c.loss(), top, bottom, trace, density, esc);
        }
    }

    /** RUN/hessian-ITERATION (seven digits). */
    public static Path defaultOut(Path runDir, long iteration) {
        return runDir.resolve(String.format(Locale.ROOT, "hessian-%07d", Math.max(0, iteration)));
    }

    /**
     * The escaping sets in the span of the top eigenvectors {@code topR}: the noise covariance of size-S
     * minibatches projected there, ADAM's Q (the checkpoint's own state when it has one, else the gradient
     * second moment) and {@link EscapeSets#compute}, with tail index {@code a} (the spec's, or the run's
     * {@link RunAlpha#last}).
     */
    public static EscapeSetsReport escapeSets(RunModel m, NetworkCurvature c, Lanczos.Result topR, EscapeSetsSpec spec, double a) {
        int s = spec.minibatch() != null ? spec.minibatch() : m.trainBatch();
        double lr = spec.eta() != null ? spec.eta() : m.learningRate();
        double[][] u = topR.vectors();
        double[][] cov = c.projectedCovariance(u, s);
        double[] qInv;
        String qSource;
        Adam adam = checkpointAdam(m);
        if (adam != null) {
            FloatVec qv = m.net().newParameters();
            adam.preconditioner(qv);
            qInv = new double[qv.length()];
            for (int i = 0; i < qInv.length; i++) {
                qInv[i] = 1 / (double) qv.get(i);
            }
            qSource = "checkpoint: the saved ADAM state's preconditioner sqrt(v / (1 - beta2^t)) + eps, t = " + m.point().optimizerStep();
        } else {
            qInv = EscapeSets.adamQInverse(c, s);
            qSource = "sqrt(E[g_S^2]) + eps for minibatches of S: g^2 + (Fisher diagonal - g^2)/S over the samples";
        }
        double[][] qProj = EscapeSets.projectDiagonal(u, qInv);
        EscapeSets.Result r = EscapeSets.compute(topR.values(), cov, qProj, a, spec.height(), lr);
        return new EscapeSetsReport(m.checkpoint().toString(), "top-" + u.length + " Hessian eigenvectors over " + c.samples() + " samples", a,
                spec.alpha() != null ? "given (escape_sets.alpha, --alpha)" : "last raw train alpha in alpha.csv", spec.height(), 2 * spec.height(), s, lr,
                qSource, r);
    }

    /**
     * The ADAM-family optimizer of the checkpoint, its saved state restored (so its preconditioner is the one the
     * run was using), or null when the run was not trained by ADAM or saved no state.
     */
    static Adam checkpointAdam(RunModel m) {
        if (m.point().optimizerStep() <= 0 || !m.point().optimizerBuffers().containsKey("exp_avg_sq")) {
            return null;
        }
        Optimizer opt = m.spec().optimizer().config().create(m.net().parameterCount());
        Adam adam = Optimizers.adamOf(opt);
        if (adam != null) {
            Checkpoint.restore(m.point(), opt);
        }
        return adam;
    }
}
