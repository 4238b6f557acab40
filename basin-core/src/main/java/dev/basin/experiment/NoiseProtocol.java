package dev.basin.experiment;

import dev.basin.noise.CoordinateRow;
import dev.basin.data.DataException;
import dev.basin.data.Dataset;
import dev.basin.noise.CoordinateTails;
import dev.basin.noise.NoiseAnalysis;
import dev.basin.noise.NoiseDiagnostics;
import dev.basin.noise.NoiseSampler;
import dev.basin.spec.NoiseSpec;
import dev.basin.train.Json;
import dev.basin.train.RunDirectory;
import dev.basin.train.RunLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code basin noise}: reopens the checkpoint, samples the gradient noise of the spec's set at the noise batch
 * ({@link NoiseSampler}, diagnostics on), runs the heavy-tail diagnostics ({@link NoiseDiagnostics}: the full fits,
 * with bootstrap p-values) and writes config.json (the spec and provenance), noise.json ({@link Summary}) and
 * noise-coordinates.csv ({@link CoordinateRow}). The Fig. 1 histograms are the caller's, from
 * {@link Result#diagnostics()}. Everything checkable is checked before the output folder is touched.
 */
public final class NoiseProtocol implements Protocol<NoiseSpec, NoiseProtocol.Result> {
    public static final NoiseProtocol INSTANCE = new NoiseProtocol();
    public static final String SUMMARY = "noise.json";

    private NoiseProtocol() {
    }

    /**
     * What was measured.
     *
     * @param dir         the output folder
     * @param runDir      the run folder of the checkpoint
     * @param batch       the noise batch used (the spec's, or the run's training batch)
     * @param sample      the sampler's outcome: minibatches, whether held, the analysis
     * @param diagnostics the per-coordinate tests and the fits
     */
    public record Result(NoiseSpec spec, Path dir, Path runDir, Path checkpoint, long iteration, int batch, NoiseSampler.Result sample,
                         NoiseDiagnostics diagnostics) {
        /** The estimates and controls of the raw noise. */
        public NoiseAnalysis.Quantity raw() {
            return sample.quantities().get(NoiseSampler.RAW);
        }
    }

    /** noise.json. {@code fits} and {@code fitsStandardised} are null when too few values remained to fit. */
    public record Summary(String run, String checkpoint, long iteration, String set, int noiseBatch, int minibatches, int coordinates,
                          boolean heldInMemory, long zeroVarianceCoordinates, Map<String, Long> zeroVariancePerTensor, NoiseAnalysis.Quantity raw,
                          CoordinateTails.Summary perCoordinate, Map<String, CoordinateTails.Summary> perCoordinateByTensor, Map<String, Object> fits,
                          Map<String, Object> fitsStandardised, double gradientPassS, double evaluationS) {
        static Summary of(Result r) {
            NoiseSampler.Result s = r.sample();
            NoiseAnalysis.Result a = s.analysis();
            NoiseDiagnostics d = r.diagnostics();
            return new Summary(r.runDir().toString(), r.checkpoint().getFileName().toString(), r.iteration(), r.spec().set().key(), r.batch(),
                    s.batches(), a.dim(), s.held(), a.zeroVarianceCoordinates(), a.zeroVariancePerSegment(), r.raw(), d.coordinates().overall(),
                    d.coordinates().groups(), d.fits() == null ? null : d.fits().report(),
                    d.standardisedFits() == null ? null : d.standardisedFits().report(), s.passSeconds(), s.totalSeconds());
        }
    }

    @Override
    public Result run(NoiseSpec spec, RunContext ctx) throws IOException {
        return run(spec, ctx, -1);
    }

    /**
     * As {@link #run(NoiseSpec, RunContext)} with a memory budget for holding the gradients: −1 automatic, 0 never,
     * else bytes. The numbers do not depend on it (noise.json records whether they were held).
     */
    public Result run(NoiseSpec spec, RunContext ctx, long holdBytes) throws IOException {
        RunModel m = RunModel.open(spec.run(), spec.iteration(), ctx.threads());
        Dataset data = spec.set().of(m.data());
        int trainBatch = m.trainBatch();
        if (spec.noiseBatch() == 0 && trainBatch < 1) {
            throw new DataException(m.runDir().resolve(RunDirectory.CONFIG) + " records no training batch; give noise_batch (--alpha-batch)");
        }
        int batch = spec.noiseBatch() == 0 ? trainBatch : spec.noiseBatch();
        long it = m.point().iteration();
        Path dir = ctx.out() != null ? ctx.out() : defaultOut(m.runDir(), it, spec.set().key());
        Path config = dir.resolve(RunDirectory.CONFIG);
        SpecRecords.checkWritable(config, NoiseSpec.class);
        NoiseSampler sampler = new NoiseSampler(m.net(), m.loss(), new NoiseSampler.Config(batch, spec.batches(), true, null, true, spec.coordinates(),
                holdBytes));
        NoiseSampler.Result s = sampler.sample(m.point().theta(), data, spec.set().key());
        NoiseDiagnostics diag = NoiseDiagnostics.of(s.analysis(), true, spec.bootstrap(), spec.bootstrapSeed(), spec.fitSamples());
        Result r = new Result(spec, dir, m.runDir(), m.checkpoint(), it, batch, s, diag);

        try (RunLock lock = RunLock.forWriting(dir)) {
            Files.createDirectories(dir);
            SpecRecords.write(config, spec, ctx, m);
            Json.write(dir.resolve(SUMMARY), Summary.of(r));
            CoordinateRow.TABLE.write(dir.resolve(CoordinateRow.FILE), CoordinateRow.of(it, spec.set().key(), diag));
        }
        return r;
    }

    /** RUN/noise-ITERATION-SET. */
    public static Path defaultOut(Path runDir, long iteration, String set) {
        return runDir.resolve(String.format(Locale.ROOT, "noise-%d-%s", iteration, set));
    }
}
