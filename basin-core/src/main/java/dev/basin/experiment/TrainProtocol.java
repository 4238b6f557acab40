package dev.basin.experiment;

import dev.basin.Version;
import dev.basin.curvature.SharpnessProbe;
import dev.basin.data.DataSets;
import dev.basin.noise.AlphaProbe;
import dev.basin.nn.Network;
import dev.basin.optim.LrSchedule;
import dev.basin.optim.OptimizerConfig;
import dev.basin.spec.Provenance;
import dev.basin.spec.RunRecord;
import dev.basin.spec.SpecException;
import dev.basin.spec.Specs;
import dev.basin.spec.TrainSpec;
import dev.basin.train.Probe;
import dev.basin.train.RunDirectory;
import dev.basin.train.TrainResult;
import dev.basin.train.TrainListener;
import dev.basin.train.TrainSettings;
import dev.basin.train.Trainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code basin train}: one training run into a run folder, with the α and sharpness probes the spec asks for. */
public final class TrainProtocol implements Protocol<TrainSpec, TrainProtocol.Result> {
    public static final TrainProtocol INSTANCE = new TrainProtocol();

    /** The run folder, how training ended, and the resolved spec written to config.json. */
    public record Result(RunDirectory dir, TrainResult train, TrainSpec spec) {
    }

    private TrainProtocol() {
    }

    /** What a spec needs before the run folder exists: its data loaded and checked against the spec. */
    public record Prepared(TrainSpec spec, DataSets.Loaded data, Network net, OptimizerConfig optimizer, LrSchedule schedule, List<Probe> probes) {
    }

    /** Checks the spec against its data and builds everything; writes nothing. */
    public static Prepared prepare(TrainSpec spec, int threads) {
        return prepare(spec, spec.data().load(spec.training().seed()), threads);
    }

    /** {@link #prepare(TrainSpec, int)} with the data already loaded (it must be the spec's). */
    public static Prepared prepare(TrainSpec spec, DataSets.Loaded loaded, int threads) {
        OptimizerConfig opt = spec.optimizer().config();
        LrSchedule sched = spec.schedule().build(spec.optimizer().lr(), spec.training().iterations());
        AlphaProbe alpha = spec.alpha() == null ? null : new AlphaProbe(spec.alpha().settings());
        SharpnessProbe sharp = spec.sharpness() == null ? null : spec.sharpness().probe(spec.training().seed());
        int batch = spec.training().batch();
        if (batch > loaded.train().size()) {
            throw new SpecException("training.batch " + batch + " is larger than the training set (" + loaded.train().size() + " samples)");
        }
        if (alpha != null) {
            alpha.check(loaded.train(), loaded.test(), batch);
        }
        Network net = spec.model().build(loaded.train());
        net.gemm().setThreads(threads);
        List<Probe> probes = new ArrayList<>();
        if (alpha != null) {
            probes.add(alpha);
        }
        if (sharp != null) {
            probes.add(sharp);
        }
        return new Prepared(spec.withData(spec.data().resolved(loaded)), loaded, net, opt, sched, probes);
    }

    @Override
    public Result run(TrainSpec spec, RunContext ctx) throws IOException {
        RunDirectory.checkUsable(ctx.out());
        return execute(prepare(spec, ctx.threads()), ctx);
    }

    /** Runs a prepared spec into {@code ctx.out()}: config.json, then training. */
    public static Result execute(Prepared p, RunContext ctx) throws IOException {
        TrainSpec spec = p.spec();
        try (RunDirectory dir = RunDirectory.create(ctx.out())) {
            TrainListener listener = ctx.listener(spec.optimizer().name());
            dir.lockNote().ifPresent(listener::onNote);
            Specs.write(dir.config(), new RunRecord(spec, Provenance.now(ctx.command(), ctx.threads(), p.net().gemm().name(), p.data(), p.net())));
            TrainSettings settings = spec.training().settings(ctx.threads());
            Trainer trainer = new Trainer(p.net(), spec.loss().loss(), p.optimizer(), p.schedule(), p.data().train(), p.data().test(), settings,
                    p.probes(), listener);
            Map<String, String> meta = Map.of("basin_version", Version.get(), "model", p.net().describe(), "seed", Long.toString(settings.seed()));
            return new Result(dir, trainer.run(dir, meta), spec);
        }
    }
}
