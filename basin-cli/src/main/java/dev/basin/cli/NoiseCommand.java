package dev.basin.cli;

import dev.basin.experiment.RunModel;
import dev.basin.data.AtomicFiles;
import dev.basin.data.Dataset;
import dev.basin.noise.NoiseAnalysis;
import dev.basin.noise.NoiseDiagnostics;
import dev.basin.noise.NoiseSampler;
import dev.basin.report.NoisePlots;
import dev.basin.train.Json;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin noise RUN --iteration N}: the full heavy-tail report of the gradient noise at one checkpoint. */
@Command(name = "noise", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Report how much of the gradient noise's heavy tail at one checkpoint survives the controls.",
                "",
                "The reference alpha, exact zeros, alpha without zero-variance coordinates, the Gaussian nulls, standardised alpha,",
                "per-coordinate tails and Gaussianity along the minibatch axis (overall and per tensor), SaS/Gaussian/Student-t fits",
                "with bootstrap p-values, and the paper's Fig. 1 panel (histogram of the noise with the fitted laws).",
                "Writes noise.json, noise-coordinates.csv, noise-histogram.png/svg (the pooled noise) and",
                "noise-histogram-standardised.png/svg (each coordinate divided by its median |noise|)."})
final class NoiseCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder (or a checkpoint file inside one)")
    String run;

    @Option(names = "--iteration", description = "Checkpoint iteration (default: the latest)")
    Long iteration;

    @Option(names = "--set", defaultValue = "train", description = "train or test (default: ${DEFAULT-VALUE})")
    String set;

    @Option(names = "--alpha-batch", defaultValue = "0", description = "Minibatch size of the noise; 0 = the run's training batch (default: ${DEFAULT-VALUE})")
    int alphaBatch;

    @Option(names = "--alpha-batches", defaultValue = "0", description = "At most this many minibatches, evenly spaced; 0 = all (default: ${DEFAULT-VALUE})")
    int alphaBatches;

    @picocli.CommandLine.Mixin
    DiagnosticOptions fits = new DiagnosticOptions();

    @Option(names = "--bins", defaultValue = "101", description = "Histogram bins of the Fig. 1 panel (default: ${DEFAULT-VALUE})")
    int bins;

    @Option(names = "--alpha-memory", description = "Memory budget in MiB for holding the gradients (default: 3/4 of the free direct memory)")
    Long alphaMemory;

    @Option(names = "--threads", description = "OpenBLAS threads (default: the number of processors)")
    Integer threads;

    @Option(names = "--out", description = "Output folder (default: RUN/noise-ITERATION-SET)")
    Path out;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        String s = set.toLowerCase(Locale.ROOT);
        if (!s.equals("train") && !s.equals("test")) {
            throw new IllegalArgumentException("unknown --set '" + set + "'; choose train or test");
        }
        if (alphaBatch < 0 || alphaBatches < 0 || bins < 5) {
            throw new IllegalArgumentException("--alpha-batch and --alpha-batches must be >= 0 and --bins >= 5");
        }
        fits.check();
        RunModel m = RunModel.open(run, iteration, threads != null ? threads : Runtime.getRuntime().availableProcessors());
        Dataset data = s.equals("train") ? m.data().train() : m.data().test();
        if (data == null) {
            throw new IllegalArgumentException("the run's data set has no " + s + " set");
        }
        int trainBatch = m.trainBatch();
        if (alphaBatch == 0 && trainBatch < 1) {
            throw new dev.basin.data.DataException(m.runDir().resolve("config.json") + " records no training batch; give --alpha-batch");
        }
        int batch = alphaBatch == 0 ? trainBatch : alphaBatch;
        NoiseSampler sampler = new NoiseSampler(m.net(), m.loss(), new NoiseSampler.Config(batch, alphaBatches, true, null, true, fits.coordinates,
                dev.basin.spec.AlphaSpec.budgetBytes(alphaMemory)));
        NoiseSampler.Result r = sampler.sample(m.point().theta(), data, s);
        NoiseDiagnostics diag = NoiseDiagnostics.of(r.analysis(), true, fits.bootstrap, 1, fits.fitSamples);
        Path dir = out != null ? out : m.runDir().resolve(String.format(Locale.ROOT, "noise-%d-%s", m.point().iteration(), s));
        Files.createDirectories(dir);
        NoiseAnalysis.Quantity q = r.quantities().get(NoiseSampler.RAW);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", m.runDir().toString());
        json.put("checkpoint", m.checkpoint().getFileName().toString());
        json.put("iteration", m.point().iteration());
        json.put("set", s);
        json.put("noise_batch", batch);
        json.put("minibatches", r.batches());
        json.put("coordinates", r.analysis().dim());
        json.put("held_in_memory", r.held());
        json.put("zero_variance_coordinates", r.analysis().zeroVarianceCoordinates());
        json.put("zero_variance_per_tensor", r.analysis().zeroVariancePerSegment());
        json.put("raw", q);
        json.put("per_coordinate", diag.coordinates().overall());
        json.put("per_coordinate_by_tensor", diag.coordinates().groups());
        json.put("fits", diag.fits() == null ? null : diag.fits().report());
        json.put("fits_standardised", diag.standardisedFits() == null ? null : diag.standardisedFits().report());
        json.put("gradient_pass_s", r.passSeconds());
        json.put("evaluation_s", r.totalSeconds());
        Json.write(dir.resolve("noise.json"), json);
        StringBuilder csv = new StringBuilder(String.join(",", NoiseDiagnostics.GROUP_COLUMNS)).append('\n');
        for (Map.Entry<String, NoiseDiagnostics.Group> g : diag.groups().entrySet()) {
            csv.append(m.point().iteration()).append(',').append(s).append(',').append(g.getKey()).append(',')
                    .append(String.join(",", g.getValue().cells())).append('\n');
        }
        AtomicFiles.write(dir.resolve("noise-coordinates.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        if (diag.fits() != null) {
            dev.basin.noise.FitHistogram h = diag.fits().histogram(bins);
            NoisePlots.histogram(dir.resolve("noise-histogram"), String.format(Locale.ROOT, "Gradient noise, %s set, iteration %d (%d values of %d coordinates)",
                    s, m.point().iteration(), diag.fits().n(), diag.coordinates().overall().coordinates()), h);
        }
        if (diag.standardisedFits() != null) {
            NoisePlots.histogram(dir.resolve("noise-histogram-standardised"), String.format(Locale.ROOT,
                    "Gradient noise / each coordinate's median |noise|, %s set, iteration %d", s, m.point().iteration()),
                    diag.standardisedFits().histogram(bins));
        }

        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s, iteration %d, %s set: %d minibatches of %d, d = %d%s%n", m.runDir(), m.point().iteration(), s, r.batches(), batch,
                r.analysis().dim(), r.held() ? " (held in memory)" : "");
        for (String line : NoiseReport.lines(r.analysis(), q, diag)) {
            w.println("  " + line);
        }
        w.println("wrote " + dir.resolve("noise.json") + ", noise-coordinates.csv" + (diag.fits() != null ? ", noise-histogram.png, noise-histogram-standardised.png (and .svg)" : ""));
        w.flush();
        return ExitCodes.OK;
    }
}
