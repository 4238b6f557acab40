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
import dev.basin.train.Resume;
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
        MemoryGuard.check(MemoryGuard.train(spec, net, opt.create(1).state().buffers().size()),
                "training.batch (--batch)" + (spec.sharpness() != null ? ", sharpness.samples" : "") + (spec.alpha() != null ? ", alpha.noise_batch" : ""));
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
            return new Result(dir, trainer(p, ctx, listener).run(dir, checkpointMetadata(p, ctx)), spec);
        }
    }

    private static Trainer trainer(Prepared p, RunContext ctx, TrainListener listener) {
        TrainSpec spec = p.spec();
        return new Trainer(p.net(), spec.loss().loss(), p.optimizer(), p.schedule(), p.data().train(), p.data().test(),
                spec.training().settings(ctx.threads()), p.probes(), listener);
    }

    private static Map<String, String> checkpointMetadata(Prepared p, RunContext ctx) {
        return Map.of("basin_version", Version.get(), "model", p.net().describe(), "seed", Long.toString(p.spec().training().seed()));
    }

    /**
     * Continues the run in {@code ctx.out()} ({@link Resume}). With {@link Resume.Mode#CONTINUE} the folder must hold an
     * unfinished run of exactly {@code spec} (its config.json's spec: any difference is refused, naming the key); the
     * finished folder is then bit for bit the uninterrupted run's at the same thread count. With
     * {@link Resume.Mode#AFTER_DIVERGENCE} the folder must hold a diverged run, and {@code spec} may change what does not
     * decide the checkpoint's meaning (the rate, schedule, length, probes — not the data, model, loss, batch, order
     * or seed); the diverged run's tables, summary and config are kept beside it as {@code NAME.diverged-N.EXT}, the
     * new spec is written to config.json, and training continues from the last checkpoint, all of which are before
     * the divergence.
     */
    public static Result resume(TrainSpec spec, RunContext ctx, Resume.Mode mode) throws IOException {
        // The folder is checked before the data is loaded, so a run that cannot be resumed says so at once.
        RunRecord recorded = recordedRun(ctx.out(), mode);
        return resume(prepare(spec, ctx.threads()), ctx, mode, recorded);
    }

    /** {@link #resume(TrainSpec, RunContext, Resume.Mode)} of a prepared spec. */
    public static Result resume(Prepared p, RunContext ctx, Resume.Mode mode) throws IOException {
        return resume(p, ctx, mode, recordedRun(ctx.out(), mode));
    }

    private static Result resume(Prepared p, RunContext ctx, Resume.Mode mode, RunRecord recorded) throws IOException {
        java.nio.file.Path out = ctx.out();
        TrainSpec before = recorded.spec(TrainSpec.class, out.resolve(RunDirectory.CONFIG).toString());
        TrainSpec now = p.spec();
        if (mode == Resume.Mode.CONTINUE) {
            String diff = Specs.difference(now, before);
            if (diff != null) {
                throw new SpecException(out + " holds a different run (" + diff + "); resume it with its own config.json, or choose another --out");
            }
        } else {
            for (String key : java.util.List.of("data", "model", "loss", "training.batch", "training.order", "training.seed")) {
                String diff = Specs.difference(now, before, key);
                if (diff != null) {
                    throw new SpecException("continuing a diverged run cannot change " + key + " (" + diff + "): the checkpoints belong to the old value;"
                            + " start a new run instead");
                }
            }
        }
        try (RunDirectory dir = RunDirectory.reopen(out)) {
            TrainListener listener = ctx.listener(now.optimizer().name());
            dir.lockNote().ifPresent(listener::onNote);
            Integer was = recorded.provenance() == null ? null : recorded.provenance().threads();
            if (was != null && was != ctx.threads()) {
                listener.onNote("the run recorded " + was + " BLAS threads and continues on " + ctx.threads()
                        + ": the result is correct but not bit-identical to an uninterrupted run");
            }
            Trainer trainer = trainer(p, ctx, listener);
            long upTo = now.training().iterations();
            if (mode == Resume.Mode.AFTER_DIVERGENCE) {
                long divergedAt = dev.basin.train.RunSummary.read(dir.summary()).result().divergedAt();
                archiveDiverged(dir, trainer, divergedAt);
                Specs.write(dir.config(), new RunRecord(now, Provenance.now(ctx.command(), ctx.threads(), p.net().gemm().name(), p.data(), p.net())));
                upTo = Math.min(upTo, divergedAt - 1);
            }
            Resume.Point from = Resume.find(dir, p.net(), upTo, listener::onNote);
            return new Result(dir, trainer.run(dir, checkpointMetadata(p, ctx), from), now);
        }
    }

    /** The folder's config.json, after checking its status fits the mode (one line otherwise). */
    private static RunRecord recordedRun(java.nio.file.Path out, Resume.Mode mode) {
        Resume.Status status = Resume.status(out);
        switch (status) {
            case EMPTY -> throw new IllegalArgumentException(out + " holds no run to resume (no config.json); start one with --out " + out);
            case COMPLETED -> throw new IllegalArgumentException("the run in " + out + " is complete (summary.json); there is nothing to resume");
            case DIVERGED -> {
                if (mode != Resume.Mode.AFTER_DIVERGENCE) {
                    dev.basin.train.RunSummary sm = dev.basin.train.RunSummary.read(out.resolve(RunDirectory.SUMMARY));
                    throw new IllegalArgumentException("the run in " + out + " diverged at iteration " + sm.result().divergedAt()
                            + (sm.divergence() == null ? "" : " (" + sm.divergence() + ")")
                            + "; resuming it would diverge again. Continue from its last good checkpoint with other settings:"
                            + " --after-divergence --set optimizer.lr=...");
                }
            }
            case UNFINISHED -> {
                if (mode == Resume.Mode.AFTER_DIVERGENCE) {
                    throw new IllegalArgumentException("the run in " + out + " did not diverge; resume it without --after-divergence");
                }
            }
        }
        return Specs.readRun(out.resolve(RunDirectory.CONFIG));
    }

    /** Keeps a diverged run's record beside the folder's new one: config, summary and every table, as NAME.diverged-N.EXT. */
    private static void archiveDiverged(RunDirectory dir, Trainer trainer, long divergedAt) throws IOException {
        java.util.List<java.nio.file.Path> files = new ArrayList<>(java.util.List.of(dir.config(), dir.summary()));
        files.addAll(trainer.tables(dir));
        for (java.nio.file.Path f : files) {
            if (java.nio.file.Files.exists(f)) {
                String name = f.getFileName().toString();
                int dot = name.lastIndexOf('.');
                java.nio.file.Path keep = f.resolveSibling(name.substring(0, dot) + ".diverged-" + divergedAt + name.substring(dot));
                dev.basin.data.AtomicFiles.write(keep, java.nio.file.Files.readAllBytes(f));
            }
        }
        java.nio.file.Files.delete(dir.summary());
    }
}
