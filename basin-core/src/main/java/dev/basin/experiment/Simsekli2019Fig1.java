package dev.basin.experiment;

import dev.basin.data.BatchSampler;
import dev.basin.data.DataSets;
import dev.basin.noise.Fits;
import dev.basin.noise.GoodnessOfFit;
import dev.basin.noise.PooledFits;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.spec.DataSpec;
import dev.basin.spec.LossKind;
import dev.basin.spec.NoiseSpec;
import dev.basin.spec.OptimizerSpec;
import dev.basin.spec.Provenance;
import dev.basin.spec.RunRecord;
import dev.basin.spec.ScheduleSpec;
import dev.basin.spec.Simsekli2019Fig1Spec;
import dev.basin.spec.Specs;
import dev.basin.spec.TrainSpec;
import dev.basin.spec.TrainingSpec;
import dev.basin.table.Table;
import dev.basin.train.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code basin reproduce simsekli2019-fig1}: trains the spec's model once per arm (same initialisation, fixed data order,
 * constant rate) into {@code out/<arm>}, measures the noise of each final checkpoint with {@link NoiseProtocol} into
 * {@code out/<arm>/noise} (fits with the Gaussian and SαS laws among them), and writes {@code out/config.json} and
 * {@code out/fig1.csv} ({@link Row}). The panels are the caller's, from {@link ArmResult#noise()}.
 */
public final class Simsekli2019Fig1 implements Protocol<Simsekli2019Fig1Spec, Simsekli2019Fig1.Result> {
    public static final Simsekli2019Fig1 INSTANCE = new Simsekli2019Fig1();

    private Simsekli2019Fig1() {
    }

    /** One arm: its run folder's training outcome and the noise measured at its last checkpoint (null when it diverged). */
    public record ArmResult(OptimizerSpec arm, TrainProtocol.Result train, NoiseProtocol.Result noise) {
    }

    public record Result(Path dir, List<ArmResult> arms) {
    }

    /**
     * One row of fig1.csv: an arm's noise at its last checkpoint. alpha_reference is the pooled tail-index estimator of the
     * paper (Mohammadi's α̂ on all scalars); the fits are of the {@code fit_samples} pooled values the histogram shows.
     */
    public record Row(String optimizer, double lr, long iteration, double testAcc, String set, int minibatches, double alphaReference,
                      double alphaReferenceStderr, int fitValues, double gaussianMean, double gaussianSd, double stableAlpha,
                      double stableAlphaStderr, double stableSigma, double stableDelta, double gaussianAic, double stableAic, String bestByAic) {
        public static final String FILE = "fig1.csv";
        public static final Table<Row> TABLE = Table.of(FILE, Row.class);
    }

    /** The train spec of one arm. */
    public static TrainSpec armSpec(Simsekli2019Fig1Spec p, OptimizerSpec arm, DataSpec data) {
        TrainingSpec t = new TrainingSpec(p.batch(), p.iterations(), Math.max(1, p.iterations() / 10), null, BatchSampler.Order.FIXED, p.seed(), 0L,
                false, null);
        return new TrainSpec(data, p.model(), LossKind.CE, arm, ScheduleSpec.constant(), t, null, null);
    }

    /** The noise spec of one arm's run folder. */
    public static NoiseSpec noiseSpec(Simsekli2019Fig1Spec p, Path runDir) {
        return new NoiseSpec(runDir.toString(), null, p.set(), 0, p.batches(), p.coordinates(), p.bootstrap(), p.fitSamples(), p.seed(), p.bins());
    }

    @Override
    public Result run(Simsekli2019Fig1Spec p, RunContext ctx) throws IOException {
        Path out = ctx.out();
        DataSets.Loaded data = p.data().load(p.seed());
        DataSpec resolved = p.data().resolved(data);
        List<TrainProtocol.Prepared> prepared = new ArrayList<>();
        for (OptimizerSpec a : p.arms()) {
            RunDirectory.checkUsable(out.resolve(a.name()));
            prepared.add(TrainProtocol.prepare(armSpec(p, a, resolved), data, ctx.threads()));
        }
        Files.createDirectories(out);
        Specs.write(out.resolve(RunDirectory.CONFIG), new RunRecord(new Simsekli2019Fig1Spec(resolved, p.model(), p.arms(), p.batch(), p.iterations(),
                p.seed(), p.set(), p.batches(), p.coordinates(), p.fitSamples(), p.bootstrap(), p.bins()),
                Provenance.now(ctx.command(), ctx.threads(), OpenBlasGemm.INSTANCE.name(), data, null)));
        List<ArmResult> arms = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (TrainProtocol.Prepared prep : prepared) {
            OptimizerSpec a = prep.spec().optimizer();
            Path runDir = out.resolve(a.name());
            TrainProtocol.Result tr = TrainProtocol.execute(prep, ctx.in(runDir));
            if (tr.train().diverged()) {
                // No noise to measure: the arm's row is empty and the caller reports the divergence.
                arms.add(new ArmResult(a, tr, null));
                double nan = Double.NaN;
                rows.add(new Row(a.name(), a.lr(), tr.train().iterations(), nan, p.set().key(), 0, nan, nan, 0, nan, nan, nan, nan, nan, nan, nan, nan, ""));
                continue;
            }
            NoiseProtocol.Result nr = NoiseProtocol.INSTANCE.run(noiseSpec(p, runDir), ctx.in(runDir.resolve("noise")));
            arms.add(new ArmResult(a, tr, nr));
            rows.add(row(a, tr, nr));
        }
        Row.TABLE.write(out.resolve(Row.FILE), rows);
        return new Result(out, arms);
    }

    private static Row row(OptimizerSpec a, TrainProtocol.Result tr, NoiseProtocol.Result nr) {
        var q = nr.raw().mohammadi();
        PooledFits f = nr.diagnostics().fits();
        double nan = Double.NaN;
        if (f == null) {
            return new Row(a.name(), a.lr(), nr.iteration(), tr.train().last().testAcc(), nr.spec().set().key(), nr.sample().batches(), q.alpha(),
                    q.stderr(), 0, nan, nan, nan, nan, nan, nan, nan, nan, "");
        }
        GoodnessOfFit.Result g = f.comparison().get(GoodnessOfFit.Family.GAUSSIAN);
        GoodnessOfFit.Result s = f.comparison().get(GoodnessOfFit.Family.STABLE);
        Fits.Gaussian gl = (Fits.Gaussian) g.law();
        var se = ((Fits.Stable) s.law()).estimate();
        return new Row(a.name(), a.lr(), nr.iteration(), tr.train().last().testAcc(), nr.spec().set().key(), nr.sample().batches(), q.alpha(),
                q.stderr(), f.n(), gl.mean(), gl.sd(), se.alpha(), se.alphaStderr(), se.sigma(), se.delta(), g.aic(), s.aic(), f.best());
    }
}
