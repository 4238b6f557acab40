package dev.basin.cli;

import dev.basin.experiment.RunModel;
import dev.basin.curvature.EscapeSets;
import dev.basin.curvature.Lanczos;
import dev.basin.curvature.NetworkCurvature;
import dev.basin.curvature.SpectralDensity;
import dev.basin.curvature.SymmetricOperator;
import dev.basin.curvature.Trace;
import dev.basin.data.AtomicFiles;
import dev.basin.data.Dataset;
import dev.basin.numeric.FloatVec;
import dev.basin.report.Plots;
import dev.basin.train.Json;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin hessian}: curvature at a checkpoint. */
@Command(name = "hessian", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the curvature of the loss at a checkpoint: Hessian eigenvalues, trace and spectral density.",
                "Over the first N training samples (or a seeded random N) it computes the top (and bottom) Hessian eigenvalues"
                        + " by Lanczos with residuals, the trace by Hutch++ with its standard error, the spectral density by stochastic"
                        + " Lanczos quadrature, and with --escape-sets the noise covariance projected on the top eigenvectors,"
                        + " ADAM's preconditioner there and the escaping-set quantities of SGD and ADAM."})
final class HessianCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN_OR_CHECKPOINT", description = "A run folder (its latest checkpoint) or a checkpoint file")
    String target;

    @Option(names = "--iteration", description = "With a run folder: the checkpoint at this iteration")
    Long iteration;

    @Option(names = "--top", defaultValue = "5", description = "Largest eigenvalues (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--bottom", defaultValue = "0", description = "Smallest eigenvalues (default: ${DEFAULT-VALUE})")
    int bottom;

    @Option(names = "--trace", description = "Estimate the trace (Hutch++)")
    boolean trace;

    @Option(names = "--trace-matvecs", defaultValue = "60", description = "Hessian-vector products for the trace (default: ${DEFAULT-VALUE})")
    int traceMatvecs;

    @Option(names = "--density", description = "Estimate the spectral density (SLQ) into spectrum.csv and spectrum.png")
    boolean density;

    @Option(names = "--probes", defaultValue = "5", description = "SLQ probe vectors (default: ${DEFAULT-VALUE})")
    int probes;

    @Option(names = "--steps", defaultValue = "60", description = "Lanczos steps per SLQ probe (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--samples", defaultValue = "1000", description = "Training samples that define the loss (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--sample-seed", description = "Draw the samples at random with this seed (default: the first N in data-set order)")
    Long sampleSeed;

    @Option(names = "--set", defaultValue = "train", description = "train or test (default: ${DEFAULT-VALUE})")
    String set;

    @Option(names = "--operator", defaultValue = "hessian", description = "hessian or ggn (Gauss-Newton) (default: ${DEFAULT-VALUE})")
    String operator;

    @Option(names = "--tol", defaultValue = "1e-3", description = "Relative residual of each eigenpair (default: ${DEFAULT-VALUE})")
    double tol;

    @Option(names = "--max-iterations", defaultValue = "300", description = "Hessian-vector products per Lanczos run at most (default: ${DEFAULT-VALUE})")
    int maxIterations;

    @Option(names = "--batch", defaultValue = "500", description = "Samples per pass (memory) (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--escape-sets", description = "Also the escaping-set quantities of SGD and ADAM in the top-k subspace (escape-sets.json)")
    boolean escapeSets;

    @Option(names = "--alpha", description = "Escape sets: tail index (default: the run's last raw train alpha in alpha.csv)")
    Double alpha;

    @Option(names = "--height", defaultValue = "0.1", description = "Escape sets: basin height h above the minimum's loss (default: ${DEFAULT-VALUE})")
    double height;

    @Option(names = "--minibatch", description = "Escape sets: minibatch size S of the noise covariance (default: the run's batch)")
    Integer minibatch;

    @Option(names = "--eta", description = "Escape sets: learning rate for eps = eta^((alpha-1)/alpha) (default: the run's)")
    Double eta;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the start and probe vectors (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", description = "OpenBLAS threads (default: the number of processors)")
    Integer threads;

    @Option(names = "--out", description = "Folder for hessian.json, eigenvalues.csv, spectrum.* and escape-sets.json (default: RUN/hessian-ITERATION)")
    Path out;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        if (top < 0 || bottom < 0 || top + bottom == 0) {
            throw new IllegalArgumentException("ask for at least one eigenvalue: --top and --bottom must be >= 0, not both 0");
        }
        if (!(tol > 0) || maxIterations < 1 || batch < 1 || probes < 2 || steps < 1 || traceMatvecs < 6) {
            throw new IllegalArgumentException("--tol must be positive, --max-iterations and --batch >= 1, --probes >= 2, --steps >= 1, --trace-matvecs >= 6");
        }
        if (!List.of("train", "test").contains(set)) {
            throw new IllegalArgumentException("unknown --set '" + set + "'; choose train or test");
        }
        if (!List.of("hessian", "ggn").contains(operator)) {
            throw new IllegalArgumentException("unknown --operator '" + operator + "'; choose hessian or ggn");
        }
        if (escapeSets && top < 1) {
            throw new IllegalArgumentException("--escape-sets needs --top >= 1");
        }
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        RunModel m = RunModel.open(target, iteration, nThreads);
        Dataset data = set.equals("train") ? m.data().train() : m.data().test();
        if (data == null) {
            throw new IllegalArgumentException("the run's data set has no " + set + " set");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("the sample is empty: --samples must be >= 1, got " + samples);
        }
        int[] idx = sampleSeed == null ? NetworkCurvature.firstSamples(data, samples) : NetworkCurvature.randomSamples(data, samples, sampleSeed);
        NetworkCurvature c = new NetworkCurvature(m.net(), m.point().theta(), m.loss(), data, idx, batch);
        int d = c.dim();
        if (top + bottom > d) {
            throw new IllegalArgumentException("asked for " + (top + bottom) + " eigenvalues of a model with " + d + " parameters");
        }
        SymmetricOperator op = operator.equals("hessian") ? c.hessian() : c.gaussNewton();
        PrintWriter w = spec.commandLine().getOut();
        long it = m.point().iteration();
        w.printf(Locale.ROOT, "%s at iteration %d: %d parameters, %s over %d %s samples%s; loss %.6f%n", operator, it, d, m.loss().name(), idx.length, set,
                sampleSeed == null ? " (the first in data-set order)" : " (random, seed " + sampleSeed + ")", c.loss());
        Path dir = out != null ? out : m.runDir().resolve(String.format(Locale.ROOT, "hessian-%07d", Math.max(0, it)));
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("checkpoint", m.checkpoint().toString());
        json.put("iteration", it);
        json.put("operator", operator);
        json.put("set", set);
        json.put("samples", idx.length);
        json.put("sample_seed", sampleSeed);
        json.put("loss", c.loss());
        json.put("parameters", d);
        json.put("seed", seed);
        json.put("tolerance", tol);
        StringBuilder csv = new StringBuilder("end,rank,eigenvalue,residual,relative_residual,converged\n");
        Lanczos.Result topR = null;
        for (int pass = 0; pass < 2; pass++) {
            int k = pass == 0 ? top : bottom;
            if (k == 0) {
                continue;
            }
            long t0 = System.nanoTime();
            Lanczos.Result r = Lanczos.eigs(op, k, pass == 0 ? Lanczos.Which.LARGEST : Lanczos.Which.SMALLEST, tol, maxIterations,
                    Math.max(dev.basin.curvature.Sharpness.MAX_BASIS, 2 * k + 10), seed);
            double secs = (System.nanoTime() - t0) / 1e9;
            String end = pass == 0 ? "top" : "bottom";
            w.printf(Locale.ROOT, "%s %d eigenvalues (Lanczos: %d products, %d restarts, %.1f s%s):%n", end, k, r.iterations(), r.restarts(), secs,
                    r.converged() ? "" : ", NOT converged to --tol");
            for (int i = 0; i < k; i++) {
                w.printf(Locale.ROOT, "  %2d  %14.6g   residual %.2e (relative %.2e)%n", i + 1, r.values()[i], r.residuals()[i], r.relativeResidual(i));
                csv.append(String.format(Locale.ROOT, "%s,%d,%s,%s,%s,%s%n", end, i + 1, r.values()[i], r.residuals()[i], r.relativeResidual(i),
                        r.relativeResidual(i) <= tol));
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("values", r.values());
            e.put("residuals", r.residuals());
            e.put("iterations", r.iterations());
            e.put("restarts", r.restarts());
            e.put("converged", r.converged());
            e.put("seconds", secs);
            json.put(end, e);
            if (pass == 0) {
                topR = r;
            }
        }
        AtomicFiles.write(dir.resolve("eigenvalues.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        if (trace) {
            Trace.Estimate t = Trace.hutchPlusPlus(op, traceMatvecs, seed + 1);
            w.printf(Locale.ROOT, "trace (Hutch++, %d products): %.6g ± %.3g%n", t.matvecs(), t.value(), t.stderr());
            json.put("trace", Map.of("value", t.value(), "stderr", t.stderr(), "matvecs", t.matvecs(), "method", "hutch++"));
        }
        if (density) {
            SpectralDensity.Result s = SpectralDensity.estimate(op, probes, steps, 400, 0.01, seed + 2);
            StringBuilder sc = new StringBuilder("eigenvalue,density\n");
            for (int i = 0; i < s.grid().length; i++) {
                sc.append(s.grid()[i]).append(',').append(s.density()[i]).append('\n');
            }
            AtomicFiles.write(dir.resolve("spectrum.csv"), sc.toString().getBytes(StandardCharsets.UTF_8));
            double[] logDensity = java.util.Arrays.stream(s.density()).map(x -> Math.max(x, 1e-12)).toArray();
            Plots.write(dir.resolve("spectrum"), "Hessian spectral density (SLQ, " + probes + " probes x " + steps + " steps)", "eigenvalue",
                    "density", false, true, List.of(new Plots.Curve("density", s.grid(), logDensity, null, null, 0, false)));
            w.printf(Locale.ROOT, "spectral density: %d probes x %d steps, Gaussian width %.3g; trace from SLQ %.6g ± %.3g; spectrum.csv, spectrum.png%n",
                    probes, steps, s.sigma(), s.trace().value(), s.trace().stderr());
            json.put("density", Map.of("probes", probes, "steps", steps, "sigma", s.sigma(), "trace", s.trace().value(), "trace_stderr", s.trace().stderr()));
        }
        if (escapeSets) {
            json.put("escape_sets", escapeSets(m, c, topR, w, dir));
        }
        AtomicFiles.write(dir.resolve("hessian.json"), Json.MAPPER.writeValueAsBytes(json));
        w.println("wrote " + dir.resolve("hessian.json") + " and eigenvalues.csv");
        w.flush();
        return ExitCodes.OK;
    }

    private String escapeSets(RunModel m, NetworkCurvature c, Lanczos.Result topR, PrintWriter w, Path dir) throws java.io.IOException {
        double a = alpha != null ? alpha : runAlpha(m.runDir());
        int s = minibatch != null ? minibatch : m.trainBatch();
        double lr = eta != null ? eta : m.learningRate();
        double[][] u = topR.vectors();
        double[][] cov = c.projectedCovariance(u, s);
        double[] qInv;
        String qSource;
        dev.basin.optim.Adam adam = checkpointAdam(m);
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
        EscapeSets.Result r = EscapeSets.compute(topR.values(), cov, qProj, a, height, lr);
        w.printf(Locale.ROOT, "escaping sets in the top-%d subspace (alpha %.3f, height %.3g, S %d, eta %.3g; Q from %s):%n", u.length, a, height, s, lr,
                qSource.startsWith("checkpoint") ? "the checkpoint's ADAM state" : "the gradient second moment");
        w.printf(Locale.ROOT, "  axis-measure rate   SGD %.4g   ADAM %.4g   predicted escape time ADAM/SGD %.4g%n", r.sgd().axisRate(), r.adam().axisRate(),
                r.predictedRatioAxis());
        w.printf(Locale.ROOT, "  inner volume        SGD %.4g   ADAM %.4g   ratio ADAM/SGD %.4g (larger inner region = smaller escaping set)%n",
                r.sgd().innerVolume(), r.adam().innerVolume(), r.volumeRatio());
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("checkpoint", m.checkpoint().toString());
        j.put("subspace", "top-" + u.length + " Hessian eigenvectors over " + c.samples() + " samples");
        j.put("alpha", a);
        j.put("alpha_source", alpha != null ? "--alpha" : "last raw train alpha in alpha.csv");
        j.put("height", height);
        j.put("h_f", 2 * height);
        j.put("minibatch", s);
        j.put("eta", lr);
        j.put("q_source", qSource);
        j.put("result", r);
        AtomicFiles.write(dir.resolve("escape-sets.json"), Json.MAPPER.writeValueAsBytes(j));
        return dir.resolve("escape-sets.json").toString();
    }

    /**
     * The ADAM-family optimizer of the checkpoint, its saved state restored (so its preconditioner is the one the
     * run was using), or null when the run was not trained by ADAM or saved no state.
     */
    private static dev.basin.optim.Adam checkpointAdam(RunModel m) {
        if (m.point().optimizerStep() <= 0 || !m.point().optimizerBuffers().containsKey("exp_avg_sq")) {
            return null;
        }
        dev.basin.optim.Optimizer opt = m.spec().optimizer().config().create(m.net().parameterCount());
        dev.basin.optim.Adam adam = dev.basin.optim.Optimizers.adamOf(opt);
        if (adam != null) {
            dev.basin.train.Checkpoint.restore(m.point(), opt);
        }
        return adam;
    }

    /** The run's last raw train α from alpha.csv. */
    static double runAlpha(Path runDir) {
        Path f = runDir.resolve(dev.basin.noise.AlphaProbe.FILE);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("--escape-sets needs a tail index: give --alpha, or use a run trained with --alpha-every");
        }
        List<dev.basin.noise.AlphaTable.Row> rows = dev.basin.noise.AlphaTable.select(dev.basin.noise.AlphaTable.read(f), "train",
                dev.basin.noise.NoiseSampler.RAW).stream().filter(r -> !Double.isNaN(r.alpha())).toList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(f + " has no raw train alpha; give --alpha");
        }
        return Math.min(rows.get(rows.size() - 1).alpha(), 2.0);
    }
}
