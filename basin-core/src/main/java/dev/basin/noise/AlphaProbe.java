package dev.basin.noise;

import dev.basin.data.Dataset;
import dev.basin.numeric.FloatVec;
import dev.basin.optim.Adam;
import dev.basin.optim.Optimizers;
import dev.basin.train.IterationSchedule;
import dev.basin.train.Probe;
import dev.basin.train.TrainContext;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures the gradient-noise tail index along training on a schedule and appends it to alpha.csv:
 * one row per (iteration, set, quantity), quantity = raw noise, and for ADAM-family optimizers also its
 * smoothed ("ema") and preconditioned ("ema_precond") forms ({@link NoiseSampler}). Every row carries the
 * zero counts, α̂ without zero-variance coordinates and the Gaussian nulls ({@link NoiseAnalysis}); with
 * diagnostics the raw rows also carry the standardised α̂, the per-coordinate picture along the minibatch
 * axis and the fits of a pooled coordinate sample ({@link NoiseDiagnostics}), and alpha-coordinates.csv holds
 * the per-coordinate picture of every parameter tensor.
 */
public final class AlphaProbe implements Probe {
    public static final String FILE = "alpha.csv";
    public static final String COORDINATES_FILE = "alpha-coordinates.csv";
    /** Pooled values the probe's fits use (no bootstrap along training; basin noise gives the full report). */
    public static final int PROBE_FIT_SAMPLES = 5000;
    /** Which sets to evaluate on. */
    public static final List<String> SETS = List.of("train", "test", "both");
    /** The columns every row has, in order; per-tensor columns follow with --alpha-per-layer. */
    public static final List<String> COLUMNS = List.of("iteration", "set", "quantity", "alpha", "stderr", "alpha_order", "stderr_order",
            "alpha_hill", "stderr_hill", "n", "k1", "dropped", "batches", "mean_noise_norm", "mean_grad_norm", "full_grad_norm",
            "gradient_pass_s", "evaluation_s", "noise_batch", "held", "coordinates", "zero_var_coords", "zero_scalars", "alpha_nz",
            "stderr_nz", "n_nz", "alpha_null", "alpha_minus_null", "stderr_minus_null", "alpha_null_nz", "alpha_nz_minus_null",
            "stderr_nz_minus_null", "robust_zero_coords", "alpha_null_robust", "alpha_nz_minus_null_robust", "stderr_nz_minus_null_robust",
            "alpha_sign", "stderr_sign");
    /** The columns diagnostics add (filled on raw rows). */
    public static final List<String> DIAGNOSTIC_COLUMNS = List.of("alpha_std_rms", "stderr_std_rms", "alpha_std_robust",
            "stderr_std_robust", "coords_sampled", "coord_alpha_q05", "coord_alpha_q25", "coord_alpha_q50",
            "coord_alpha_q75", "coord_alpha_q95", "coord_kurtosis_median", "coord_gauss_reject", "coord_gauss_reject_bh",
            "fit_alpha_mcculloch", "fit_alpha_koutrouvelis", "fit_t_nu", "fit_best", "fit_std_alpha_mcculloch", "fit_std_alpha_koutrouvelis",
            "fit_std_t_nu", "fit_std_best");

    /**
     * What to measure.
     *
     * @param schedule    at which iterations
     * @param sets        train, test or both
     * @param batches     at most this many minibatches per set (0 = all)
     * @param perLayer    also per parameter tensor
     * @param noiseBatch  minibatch size of the noise, 0 = the training batch
     * @param diagnostics the controls and tests of {@link NoiseDiagnostics}
     * @param coordinates coordinates sampled for the per-coordinate tests
     * @param holdBytes   memory budget for holding the gradients (−1 automatic, 0 never)
     * @param robust      the robust-scale Gaussian null (claim (0) needs it; implied by diagnostics)
     */
    public record Settings(IterationSchedule schedule, String sets, int batches, boolean perLayer, int noiseBatch, boolean diagnostics,
                           int coordinates, long holdBytes, boolean robust) {
        public Settings {
            String s = sets.toLowerCase(Locale.ROOT);
            if (!SETS.contains(s)) {
                throw new IllegalArgumentException("unknown noise evaluation set '" + sets + "'; choose train, test or both");
            }
            sets = s;
            if (batches < 0) {
                throw new IllegalArgumentException("--alpha-batches must be >= 0 (0 = all), got " + batches);
            }
            if (noiseBatch < 0) {
                throw new IllegalArgumentException("--alpha-batch must be >= 1 (or 0 for the training batch), got " + noiseBatch);
            }
            if (coordinates < 0) {
                throw new IllegalArgumentException("--alpha-coordinates must be >= 0, got " + coordinates);
            }
        }

        public Settings(IterationSchedule schedule, String sets, int batches, boolean perLayer, int noiseBatch, boolean diagnostics,
                        int coordinates, long holdBytes) {
            this(schedule, sets, batches, perLayer, noiseBatch, diagnostics, coordinates, holdBytes, diagnostics);
        }
    }

    private final Settings settings;
    private final boolean onTrain;
    private final boolean onTest;
    private List<String> tensorNames;
    /** The held gradients' buffers, reused by every evaluation of the run. */
    private final NoiseRows.Held.Cache held = new NoiseRows.Held.Cache();

    public AlphaProbe(Settings settings) {
        this.settings = settings;
        this.onTrain = !settings.sets().equals("test");
        this.onTest = !settings.sets().equals("train");
    }

    public AlphaProbe(IterationSchedule schedule, String sets, int batches, boolean perLayer) {
        this(new Settings(schedule, sets, batches, perLayer, 0, false, NoiseDiagnostics.DEFAULT_COORDINATES, -1));
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public boolean due(long iteration) {
        return settings.schedule().due(iteration);
    }

    /** The noise batch for a training batch. */
    public int noiseBatch(int trainingBatch) {
        return settings.noiseBatch() == 0 ? trainingBatch : settings.noiseBatch();
    }

    /** Checks, before training starts, that the sets exist and are big enough; one clear message otherwise. */
    public void check(Dataset train, Dataset test, int trainingBatch) {
        if (onTest && test == null) {
            throw new IllegalArgumentException("--alpha-sets asks for the test set, but the data set has none");
        }
        int batch = noiseBatch(trainingBatch);
        String what = settings.noiseBatch() == 0 ? "batch " : "--alpha-batch ";
        for (Dataset d : onTrain && onTest ? List.of(train, test) : List.of(onTrain ? train : test)) {
            if (batch > d.size()) {
                throw new IllegalArgumentException(what + batch + " is larger than the " + d.name() + " set (" + d.size() + " samples)");
            }
            NoiseSampler.batchIndices(d.size(), batch, settings.batches());
            if ((d.size() + batch - 1) / batch < 2 && settings.batches() != 1) {
                throw new IllegalArgumentException("the " + d.name() + " set gives fewer than 2 minibatches of " + batch + "; choose a smaller "
                        + what.trim());
            }
            if (settings.batches() == 1) {
                throw new IllegalArgumentException("--alpha-batches 1 leaves one minibatch, and noise needs at least 2");
            }
        }
    }

    @Override
    public void observe(TrainContext c) throws IOException {
        Adam adam = Optimizers.adamOf(c.optimizer());
        NoiseSampler.Ema ema = null;
        if (adam != null) {
            FloatVec q = c.network().newParameters();
            adam.preconditioner(q);
            ema = new NoiseSampler.Ema(adam.beta1(), q);
        }
        NoiseSampler sampler = new NoiseSampler(c.network(), c.loss(), new NoiseSampler.Config(noiseBatch(c.settings().batch()),
                settings.batches(), settings.perLayer(), ema, settings.diagnostics(), settings.coordinates(), settings.holdBytes(),
                settings.robust()));
        if (tensorNames == null) {
            tensorNames = c.network().tensors().stream().map(t -> t.name()).toList();
        }
        List<List<String>> lines = new ArrayList<>();
        List<CoordinateRow> coordRows = new ArrayList<>();
        for (String set : onTrain && onTest ? List.of("train", "test") : List.of(onTrain ? "train" : "test")) {
            NoiseSampler.Result r = sampler.sample(c.theta(), set.equals("train") ? c.train() : c.test(), set, held);
            NoiseDiagnostics diag = settings.diagnostics() ? NoiseDiagnostics.of(r.analysis(), false, 0, 0, PROBE_FIT_SAMPLES) : null;
            lines.addAll(rows(c.iteration(), noiseBatch(c.settings().batch()), r, diag));
            if (diag != null) {
                coordRows.addAll(CoordinateRow.of(c.iteration(), set, diag));
            }
        }
        append(c.runDir().resolve(FILE), header(), lines);
        if (settings.diagnostics()) {
            appendLines(c.runDir().resolve(COORDINATES_FILE), CoordinateRow.ALONG_TRAINING.header(),
                    coordRows.stream().map(CoordinateRow.ALONG_TRAINING::line).toList());
        }
    }

    private static void append(Path file, List<String> header, List<List<String>> rows) throws IOException {
        appendLines(file, String.join(",", header), rows.stream().map(r -> String.join(",", r)).toList());
    }

    /** Appends lines to a CSV file, writing {@code header} first when the file is new. */
    private static void appendLines(Path file, String header, List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (!Files.exists(file)) {
            sb.append(header).append('\n');
        }
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(sb.toString());
        }
    }

    private List<String> header() {
        List<String> h = new ArrayList<>(COLUMNS);
        if (settings.diagnostics()) {
            h.addAll(DIAGNOSTIC_COLUMNS);
        }
        if (settings.perLayer()) {
            for (String t : tensorNames) {
                h.add("alpha_" + t);
            }
            for (String t : tensorNames) {
                h.add("alpha_nz_" + t);
            }
            for (String t : tensorNames) {
                h.add("zero_var_" + t);
            }
        }
        return h;
    }

    private List<List<String>> rows(long iteration, int noiseBatch, NoiseSampler.Result r, NoiseDiagnostics diag) {
        List<List<String>> out = new ArrayList<>();
        NoiseAnalysis.Result a = r.analysis();
        for (NoiseAnalysis.Quantity q : r.quantities().values()) {
            List<String> c = new ArrayList<>();
            c.add(Long.toString(iteration));
            c.add(r.set());
            c.add(q.name());
            add(c, q.mohammadi());
            add(c, q.order());
            add(c, q.hill());
            c.add(Long.toString(q.mohammadi().n()));
            c.add(Long.toString(q.mohammadi().k1()));
            c.add(Long.toString(q.mohammadi().dropped()));
            c.add(Integer.toString(r.batches()));
            c.add(num(r.meanNoiseNorm()));
            c.add(num(r.meanGradNorm()));
            c.add(num(r.fullGradNorm()));
            c.add(String.format(Locale.ROOT, "%.3f", r.passSeconds()));
            c.add(String.format(Locale.ROOT, "%.3f", r.totalSeconds()));
            c.add(Integer.toString(noiseBatch));
            c.add(r.held() ? "1" : "0");
            c.add(Integer.toString(a.dim()));
            c.add(Long.toString(a.zeroVarianceCoordinates()));
            c.add(Long.toString(q.zeroScalars()));
            add(c, q.nonzero());
            c.add(Long.toString(q.nonzero().n()));
            c.add(num(q.nullAlpha()));
            c.add(num(q.vsNull().value()));
            c.add(num(q.vsNull().stderr()));
            c.add(num(q.nullAlphaNonzero()));
            c.add(num(q.nonzeroVsNull().value()));
            c.add(num(q.nonzeroVsNull().stderr()));
            boolean raw = q.name().equals(NoiseSampler.RAW);
            boolean robust = raw && !Double.isNaN(q.nullAlphaRobust());
            c.add(robust ? Long.toString(a.robustZeroCoordinates()) : "");
            c.add(robust ? num(q.nullAlphaRobust()) : "");
            c.add(robust ? num(q.nonzeroVsRobustNull().value()) : "");
            c.add(robust ? num(q.nonzeroVsRobustNull().stderr()) : "");
            add(c, raw ? q.randomSign() : null);
            if (settings.diagnostics()) {
                add(c, raw ? q.standardisedRms() : null);
                add(c, raw ? q.standardisedRobust() : null);
                c.addAll(raw && diag != null ? diag.cells() : java.util.Collections.nCopies(DIAGNOSTIC_COLUMNS.size() - 4, ""));
            }
            if (settings.perLayer()) {
                for (String t : tensorNames) {
                    TailIndex ti = q.perSegment().get(t);
                    c.add(ti == null ? "" : num(ti.alpha()));
                }
                for (String t : tensorNames) {
                    TailIndex ti = q.nonzeroPerSegment().get(t);
                    c.add(ti == null ? "" : num(ti.alpha()));
                }
                for (String t : tensorNames) {
                    c.add(Long.toString(a.zeroVariancePerSegment().get(t)));
                }
            }
            out.add(c);
        }
        return out;
    }

    private static void add(List<String> c, TailIndex t) {
        c.add(t == null ? "" : num(t.alpha()));
        c.add(t == null ? "" : num(t.stderr()));
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
