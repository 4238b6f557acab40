package dev.basin.noise;

import dev.basin.data.Dataset;
import dev.basin.numeric.FloatVec;
import dev.basin.optim.Adam;
import dev.basin.optim.Optimizers;
import dev.basin.table.Table;
import dev.basin.train.IterationSchedule;
import dev.basin.train.Probe;
import dev.basin.train.TrainContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    public static final String FILE = AlphaRow.FILE;
    public static final String COORDINATES_FILE = "alpha-coordinates.csv";
    /** Pooled values the probe's fits use (no bootstrap along training; basin noise gives the full report). */
    public static final int PROBE_FIT_SAMPLES = 5000;
    /** Which sets to evaluate on. */
    public static final List<String> SETS = List.of("train", "test", "both");
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

    @Override
    public List<String> files() {
        return settings.diagnostics() ? List.of(FILE, COORDINATES_FILE) : List.of(FILE);
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
        List<AlphaRow> lines = new ArrayList<>();
        List<CoordinateRow> coordRows = new ArrayList<>();
        for (String set : onTrain && onTest ? List.of("train", "test") : List.of(onTrain ? "train" : "test")) {
            NoiseSampler.Result r = sampler.sample(c.theta(), set.equals("train") ? c.train() : c.test(), set, held);
            NoiseDiagnostics diag = settings.diagnostics() ? NoiseDiagnostics.of(r.analysis(), false, 0, 0, PROBE_FIT_SAMPLES) : null;
            lines.addAll(rows(c.iteration(), noiseBatch(c.settings().batch()), r, diag));
            if (diag != null) {
                coordRows.addAll(CoordinateRow.of(c.iteration(), set, diag));
            }
            dev.basin.data.FaultInjection.at(dev.basin.data.FaultInjection.Point.ALPHA);
        }
        AlphaRow.TABLE.append(c.runDir().resolve(FILE), lines, layout());
        if (settings.diagnostics()) {
            CoordinateRow.ALONG_TRAINING.append(c.runDir().resolve(COORDINATES_FILE), coordRows, Table.Layout.FIXED);
        }
    }


    /** The columns alpha.csv holds: the diagnostics block with diagnostics, one set per tensor with per-layer α. */
    private Table.Layout layout() {
        return new Table.Layout(0, settings.diagnostics(), settings.perLayer() ? tensorNames : List.of());
    }

    private List<AlphaRow> rows(long iteration, int noiseBatch, NoiseSampler.Result r, NoiseDiagnostics diag) {
        List<AlphaRow> out = new ArrayList<>();
        NoiseAnalysis.Result a = r.analysis();
        for (NoiseAnalysis.Quantity q : r.quantities().values()) {
            boolean raw = q.name().equals(NoiseSampler.RAW);
            boolean robust = raw && !Double.isNaN(q.nullAlphaRobust());
            TailIndex sign = raw ? q.randomSign() : null;
            List<AlphaRow.Tensor> tensors = new ArrayList<>();
            if (settings.perLayer()) {
                for (String t : tensorNames) {
                    TailIndex all = q.perSegment().get(t);
                    TailIndex nz = q.nonzeroPerSegment().get(t);
                    tensors.add(new AlphaRow.Tensor(t, all == null ? Double.NaN : all.alpha(), nz == null ? Double.NaN : nz.alpha(),
                            a.zeroVariancePerSegment().get(t)));
                }
            }
            out.add(new AlphaRow(iteration, r.set(), q.name(), q.mohammadi().alpha(), q.mohammadi().stderr(), alpha(q.order()), stderr(q.order()),
                    alpha(q.hill()), stderr(q.hill()), q.mohammadi().n(), q.mohammadi().k1(), q.mohammadi().dropped(), r.batches(), r.meanNoiseNorm(),
                    r.meanGradNorm(), r.fullGradNorm(), r.passSeconds(), r.totalSeconds(), noiseBatch, r.held() ? 1 : 0, a.dim(),
                    a.zeroVarianceCoordinates(), q.zeroScalars(), alpha(q.nonzero()), stderr(q.nonzero()), q.nonzero().n(), q.nullAlpha(),
                    q.vsNull().value(), q.vsNull().stderr(), q.nullAlphaNonzero(), q.nonzeroVsNull().value(), q.nonzeroVsNull().stderr(),
                    robust ? a.robustZeroCoordinates() : null, robust ? q.nullAlphaRobust() : Double.NaN,
                    robust ? q.nonzeroVsRobustNull().value() : Double.NaN, robust ? q.nonzeroVsRobustNull().stderr() : Double.NaN,
                    alpha(sign), stderr(sign), raw && diag != null ? diag.row(q.standardisedRms(), q.standardisedRobust()) : null, tensors));
        }
        return out;
    }

    private static double alpha(TailIndex t) {
        return t == null ? Double.NaN : t.alpha();
    }

    private static double stderr(TailIndex t) {
        return t == null ? Double.NaN : t.stderr();
    }

}
