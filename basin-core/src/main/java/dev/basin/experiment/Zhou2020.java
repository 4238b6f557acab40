package dev.basin.experiment;

import dev.basin.optim.OptimizerKind;
import dev.basin.table.Table;
import dev.basin.curvature.Geometry;
import dev.basin.curvature.NetworkCurvature;
import dev.basin.data.BatchSampler;
import dev.basin.data.DataSets;
import dev.basin.noise.AlphaProbe;
import dev.basin.noise.AlphaTable;
import dev.basin.noise.NoiseSampler;
import dev.basin.nn.Network;
import dev.basin.nn.SoftmaxCrossEntropy;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.spec.AlphaSpec;
import dev.basin.spec.DataSpec;
import dev.basin.spec.LossKind;
import dev.basin.spec.OptimizerSpec;
import dev.basin.spec.Provenance;
import dev.basin.spec.RunRecord;
import dev.basin.spec.ScheduleSpec;
import dev.basin.spec.Specs;
import dev.basin.spec.TrainSpec;
import dev.basin.spec.TrainingSpec;
import dev.basin.spec.Zhou2020Spec;
import dev.basin.train.Checkpoint;
import dev.basin.train.Json;
import dev.basin.train.RunDirectory;
import dev.basin.train.Resume;
import dev.basin.train.TrainResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The protocol of Zhou et al. (2020), Fig. 3: bias-free ReLU MLPs of width 512 trained with batch 100,
 * fixed data order and constant learning rate by SGD, SGD with momentum 0.9 (what the reference code's
 * "sgd" really is) and ADAM, with the gradient-noise tail index measured on the train and test sets on the
 * paper's schedule. Each optimizer's run is an ordinary run folder under the output folder.
 */
public final class Zhou2020 {
    /** What one arm gave. Minima and early means are of Mohammadi's α̂ on the raw noise. */
    public record ArmResult(OptimizerSpec arm, String folder, TrainResult result, double finalTestAcc, double minAlphaTrain, long minAlphaTrainAt,
                            double minAlphaTest, long minAlphaTestAt, double earlyAlphaTrain, double earlyAlphaTest, double finalAlphaTrain,
                            double finalAlphaTest, double finalLambdaMax, double finalTrace, double finalTraceStderr, Geometry.Point[][] interpolation,
                            double escapeRate, Controls controls) {
        ArmResult withEscapeRate(double rate) {
            return new ArmResult(arm, folder, result, finalTestAcc, minAlphaTrain, minAlphaTrainAt, minAlphaTest, minAlphaTestAt, earlyAlphaTrain,
                    earlyAlphaTest, finalAlphaTrain, finalAlphaTest, finalLambdaMax, finalTrace, finalTraceStderr, interpolation, rate, controls);
        }

        ArmResult inFolder(String f) {
            return new ArmResult(arm, f, result, finalTestAcc, minAlphaTrain, minAlphaTrainAt, minAlphaTest, minAlphaTestAt, earlyAlphaTrain,
                    earlyAlphaTest, finalAlphaTrain, finalAlphaTest, finalLambdaMax, finalTrace, finalTraceStderr, interpolation, escapeRate, controls);
        }
    }

    /**
     * The train-set raw α̂ without zero-variance coordinates (the claims' primary figure) and its controls.
     *
     * @param minAlpha      minimum over evaluations, and where
     * @param earlyAlpha    mean over the early window
     * @param finalAlpha    at the last evaluation
     * @param finalZeroShare share of zero-variance coordinates at the last evaluation
     * @param finalNull     robust-scale Gaussian-null α̂ at the last evaluation (NaN when the gradients were not held)
     * @param finalSign     α̂ of the random-sign surrogate at the last evaluation
     */
    public record Controls(double minAlpha, long minAlphaAt, double earlyAlpha, double finalAlpha, double finalZeroShare, double finalNull,
                           double finalSign) {
        static Controls of(List<AlphaTable.Row> train, long early) {
            AlphaTable.Row min = train.stream().filter(r -> !Double.isNaN(r.primary())).min((x, y) -> Double.compare(x.primary(), y.primary()))
                    .orElse(null);
            AlphaTable.Row last = train.isEmpty() ? null : train.get(train.size() - 1);
            return new Controls(min == null ? Double.NaN : min.primary(), min == null ? -1 : min.iteration(),
                    train.stream().filter(r -> r.iteration() >= 1 && r.iteration() <= early).mapToDouble(AlphaTable.Row::primary).average()
                            .orElse(Double.NaN),
                    last == null ? Double.NaN : last.primary(), last == null ? Double.NaN : last.zeroShare(),
                    last == null ? Double.NaN : last.alphaNullRobust(), last == null ? Double.NaN : last.alphaSign());
        }
    }

    /** The train spec of one arm: what {@code basin train} would run for it. */
    public static TrainSpec armSpec(Zhou2020Spec p, OptimizerSpec arm, DataSpec data) {
        TrainingSpec t = new TrainingSpec(p.batch(), p.iterations(), p.evalEvery(), p.trainEvalSamples(), BatchSampler.Order.FIXED, p.seed(),
                Math.max(p.iterations() / 2, 1), true, null);
        AlphaSpec a = new AlphaSpec(p.alphaSchedule(), "both", p.alphaBatches(), false, p.alphaBatch(), p.alphaDiagnostics(), null, true, null);
        return new TrainSpec(data, p.network(), LossKind.CE, arm, ScheduleSpec.constant(), t,
                a, null);
    }

    /** An arm's result, written into its run folder when its analysis is done; a resumed reproduction reads it back. */
    public static final String ARM_FILE = "zhou2020-arm.json";
    /** A seed's result (its arms and claim (iv)'s escape), written into the seed's folder when the seed is done. */
    public static final String SEED_FILE = "zhou2020-seed.json";

    /**
     * Runs every arm of one seed ({@code p.seed()}) into {@code out/<optimizer>}, each an ordinary run folder whose
     * config.json is its {@link #armSpec}, then writes summary.csv and summary.md. Returns the arms' results.
     */
    public static List<ArmResult> run(Zhou2020Spec p, DataSets.Loaded data, RunContext ctx) throws IOException {
        return run(p, data, ctx, false);
    }

    /**
     * {@link #run(Zhou2020Spec, DataSets.Loaded, RunContext)}, or with {@code resume} its continuation: an arm whose result
     * is recorded ({@link #ARM_FILE}) is read back, a finished arm run is only analysed, an interrupted one continues from
     * its last checkpoint ({@link TrainProtocol#resume}), an absent one runs. Training and analysis are deterministic, so
     * the result equals the uninterrupted one's.
     */
    static List<ArmResult> run(Zhou2020Spec p, DataSets.Loaded data, RunContext ctx, boolean resume) throws IOException {
        Path out = ctx.out();
        DataSpec resolvedData = p.data().resolved(data);
        List<TrainProtocol.Prepared> prepared = new ArrayList<>();
        for (OptimizerSpec a : p.arms()) {
            if (!resume) {
                RunDirectory.checkUsable(out.resolve(a.name()));
            }
            prepared.add(TrainProtocol.prepare(armSpec(p, a, resolvedData), data, ctx.threads()));
        }
        Files.createDirectories(out);
        if (!resume || !Files.exists(out.resolve(RunDirectory.CONFIG))) {
            Specs.write(out.resolve(RunDirectory.CONFIG), new RunRecord(p.withData(resolvedData),
                    Provenance.now(ctx.command(), ctx.threads(), OpenBlasGemm.INSTANCE.name(), data, null)));
        }
        List<ArmResult> results = new ArrayList<>();
        for (TrainProtocol.Prepared prep : prepared) {
            // The interpolation's ends outside the checkpoint schedule (every iterations/2) are saved by a probe.
            java.util.Set<Long> extra = new java.util.TreeSet<>();
            long every = prep.spec().training().checkpointEvery();
            for (long t : new long[] {p.interpolationT1(), p.interpolationT2()}) {
                if (t != p.iterations() && (every == 0 || t % every != 0) && !(t == 0 && prep.spec().training().checkpointAtStart())) {
                    extra.add(t);
                }
            }
            if (!extra.isEmpty()) {
                prep.probes().add(new dev.basin.train.CheckpointProbe(extra, Map.of("basin_version", dev.basin.Version.get(),
                        "model", prep.net().describe(), "seed", Long.toString(p.seed()))));
            }
            OptimizerSpec a = prep.spec().optimizer();
            Path armDir = out.resolve(a.name());
            if (resume && Files.isRegularFile(armDir.resolve(ARM_FILE))) {
                results.add(readJson(armDir.resolve(ARM_FILE), ArmResult.class));
                continue;
            }
            Network net = prep.net();
            Resume.Status status = resume ? Resume.status(armDir) : Resume.Status.EMPTY;
            RunDirectory dir;
            TrainResult r;
            if (status == Resume.Status.COMPLETED || status == Resume.Status.DIVERGED) {
                dir = RunDirectory.open(armDir);
                r = dev.basin.train.RunSummary.read(dir.summary()).result();
            } else {
                TrainProtocol.Result tr = status == Resume.Status.UNFINISHED
                        ? TrainProtocol.resume(prep, ctx.in(armDir), Resume.Mode.CONTINUE)
                        : TrainProtocol.execute(prep, ctx.in(armDir));
                dir = tr.dir();
                r = tr.train();
            }
            dev.basin.data.FaultInjection.at(dev.basin.data.FaultInjection.Point.ARM);
            ArmResult ar;
            if (r.diverged()) {
                ar = summarize(a, dir, r, p.earlyWindow(), null, null);
            } else {
                // The final point, loaded once: the interpolation's end, and one curvature object (and one gradient
                // pass) for the sharpness and the escaping sets.
                FloatVec last = Checkpoint.load(dir.checkpoint(p.iterations()), net).theta();
                FloatVec t2 = p.interpolationT2() == p.iterations() ? last : Checkpoint.load(dir.checkpoint(p.interpolationT2()), net).theta();
                NetworkCurvature c = new NetworkCurvature(net, last, SoftmaxCrossEntropy.INSTANCE, data.train(),
                        NetworkCurvature.firstSamples(data.train(), SHARPNESS_SAMPLES), 500);
                Geometry.Point[][] path = interpolation(net, dir, p, data, t2);
                dev.basin.curvature.Sharpness sharp = dev.basin.curvature.Sharpness.measure(c.hessian(), 1, 1e-3, 300, 24, p.seed());
                ar = summarize(a, dir, r, p.earlyWindow(), sharp, path);
                if (Double.isFinite(ar.finalAlphaTrain())) {
                    ar = ar.withEscapeRate(ownEscapeRate(c, p, a, ar.finalAlphaTrain()));
                }
            }
            Json.write(armDir.resolve(ARM_FILE), ar);
            results.add(ar);
        }
        writeSummary(out, p, results);
        List<EscapeSetRow> rates = new ArrayList<>();
        for (ArmResult a : results) {
            rates.add(new EscapeSetRow(a.arm().name(), a.arm().lr(), a.escapeRate()));
        }
        EscapeSetRow.TABLE.write(out.resolve(EscapeSetRow.FILE), rates);
        return results;
    }

    /**
     * One row of escape-sets.csv: claim (iii)'s escaping-set rate of an arm at its own final minimum (top-{@value #ESCAPE_SET_K}
     * subspace, basin height {@value #ESCAPE_SET_HEIGHT}; NaN when α was not finite or the run diverged), so every per-seed number
     * behind the claim is in a file.
     */
    public record EscapeSetRow(String optimizer, double lr, double escapeRate) {
        public static final String FILE = "escape-sets.csv";
        public static final Table<EscapeSetRow> TABLE = Table.of(FILE, EscapeSetRow.class);
    }

    /** A result file this reproduction wrote, read back (a damaged one is a one-line data error). */
    private static <T> T readJson(Path file, Class<T> type) {
        try {
            return Json.MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new dev.basin.data.DataException(file + " is damaged (" + e.getMessage().lines().findFirst().orElse("")
                    + "); delete it and resume again to recompute it");
        }
    }

    /**
     * Whether {@code out} holds a reproduction that was interrupted: its config.json is there, its claims.json is not.
     */
    public static boolean unfinished(Path out) {
        return Files.isRegularFile(out.resolve(RunDirectory.CONFIG)) && !Files.exists(out.resolve(ClaimsFile.FILE));
    }

    /** What one seed of a multi-seed reproduction gave: its arms and the escape measurement of claim (iv). */
    public record SeedResult(long seed, Path folder, List<ArmResult> arms, String escapeFrom, Map<String, Double> escapeRatioAdamOver) {
    }

    /** Escape measurement of claim (iv): continuations, cap and criterion, from the seed's sharpest final minimum. */
    public static final int ESCAPE_CONTINUATIONS = 4;
    public static final ExitCriteria ESCAPE_CRITERIA = new ExitCriteria(Double.NaN, Double.NaN, 0.02, 5, 5, 25, 200);
    /** Escaping sets of claim (iii): top-k subspace, basin height, Lanczos tolerance. */
    public static final int ESCAPE_SET_K = 3;
    public static final double ESCAPE_SET_HEIGHT = 0.1;

    /**
     * Runs the protocol for seeds p.seed(), p.seed() + 1, … (one seed: arms in {@code out/<optimizer>}; more:
     * {@code out/seed-<s>/<optimizer>}), measures claim (iv)'s escape at each seed's sharpest final minimum,
     * and writes claims.csv, claims.md and claims.json ({@link Claims}) into {@code out}.
     */
    public static List<SeedResult> runSeeds(Zhou2020Spec p, DataSets.Loaded data, RunContext ctx) throws IOException {
        return runSeeds(p, data, ctx, false);
    }

    /**
     * {@link #runSeeds(Zhou2020Spec, DataSets.Loaded, RunContext)}, or with {@code resume} the continuation of an interrupted
     * reproduction in {@code ctx.out()} of the same spec (any difference is refused, naming the key): finished seeds are
     * read back ({@link #SEED_FILE}), unfinished arms and seeds are redone from where they stopped, and the summary and
     * claims tables come out as the uninterrupted run's.
     */
    public static List<SeedResult> runSeeds(Zhou2020Spec p, DataSets.Loaded data, RunContext ctx, boolean resume) throws IOException {
        Path out = ctx.out();
        int seeds = p.seeds();
        List<SeedResult> all = new ArrayList<>();
        if (resume) {
            if (!unfinished(out)) {
                throw new IllegalArgumentException(Files.exists(out.resolve(ClaimsFile.FILE))
                        ? "the reproduction in " + out + " is complete (claims.json); there is nothing to resume"
                        : out + " holds no reproduction to resume (no config.json)");
            }
            Zhou2020Spec recorded = Specs.readRun(out.resolve(RunDirectory.CONFIG)).spec(Zhou2020Spec.class, out.resolve(RunDirectory.CONFIG).toString());
            String diff = Specs.difference(p.withData(p.data().resolved(data)), recorded);
            if (diff != null) {
                throw new dev.basin.spec.SpecException(out + " holds a different reproduction (" + diff + "); resume it with its own config.json,"
                        + " or choose another --out");
            }
        }
        if (seeds > 1 && !resume) {
            RunDirectory.checkUsable(out);
            Files.createDirectories(out);
            Specs.write(out.resolve(RunDirectory.CONFIG), new RunRecord(p.withData(p.data().resolved(data)),
                    Provenance.now(ctx.command(), ctx.threads(), OpenBlasGemm.INSTANCE.name(), data, null)));
        }
        for (int i = 0; i < seeds; i++) {
            long seed = p.seed() + i;
            Path dir = seeds == 1 ? out : out.resolve("seed-" + seed);
            if (resume && Files.isRegularFile(dir.resolve(SEED_FILE))) {
                all.add(readJson(dir.resolve(SEED_FILE), SeedRecord.class).result(dir));
                continue;
            }
            Zhou2020Spec one = p.withSeed(seed).withSeeds(1);
            String prefix = seeds == 1 ? "" : "seed " + seed + " ";
            RunContext c = new RunContext(dir, ctx.threads(), ctx.command(), label -> ctx.listener(prefix + label));
            List<ArmResult> arms = run(one, data, c, resume);
            if (seeds > 1) {
                List<ArmResult> relocated = new ArrayList<>();
                for (ArmResult a : arms) {
                    relocated.add(a.inFolder(out.relativize(dir.resolve(a.folder())).toString()));
                }
                arms = relocated;
            }
            SeedResult sr = escapeAtSharpest(one, seed, dir, out, arms, data, ctx.threads());
            Json.write(dir.resolve(SEED_FILE), SeedRecord.of(sr));
            all.add(sr);
        }
        writeClaims(out, all);
        return all;
    }

    /** {@link SeedResult} as {@link #SEED_FILE} holds it (its folder is where the file is). */
    record SeedRecord(long seed, List<ArmResult> arms, String escapeFrom, Map<String, Double> escapeRatioAdamOver) {
        static SeedRecord of(SeedResult s) {
            return new SeedRecord(s.seed(), s.arms(), s.escapeFrom(), s.escapeRatioAdamOver());
        }

        SeedResult result(Path folder) {
            return new SeedResult(seed, folder, arms, escapeFrom, escapeRatioAdamOver);
        }
    }

    private static SeedResult escapeAtSharpest(Zhou2020Spec p, long seed, Path dir, Path out, List<ArmResult> arms, DataSets.Loaded data, int threads) throws IOException {
        ArmResult sharpest = arms.stream().filter(a -> Double.isFinite(a.finalLambdaMax()))
                .max(java.util.Comparator.comparingDouble(ArmResult::finalLambdaMax)).orElse(null);
        Map<String, Double> ratios = new java.util.LinkedHashMap<>();
        if (sharpest == null || p.continuations() == 0) {
            return new SeedResult(seed, dir, arms, null, ratios);
        }
        Network net = p.network().build(data.train());
        FloatVec theta = Checkpoint.load(out.resolve(sharpest.folder()).resolve(RunDirectory.CHECKPOINTS)
                .resolve(String.format(Locale.ROOT, "iter-%07d.safetensors", p.iterations())), net).theta();
        List<EscapeProtocol.Arm> escArms = new ArrayList<>();
        for (OptimizerSpec a : p.arms()) {
            escArms.add(new EscapeProtocol.Arm(a.name(), a.lr()));
        }
        int par = Math.max(1, threads);
        net.gemm().setThreads(1);
        EscapeProtocol.Result r = EscapeProtocol.run(new NetworkObjective(net, SoftmaxCrossEntropy.INSTANCE, data.train(), p.batch(), SHARPNESS_SAMPLES),
                theta, escArms, p.continuations(), seed, ESCAPE_CRITERIA, 50, par);
        net.gemm().setThreads(threads);
        dev.basin.sde.ExitTimes.Result adam = null;
        for (EscapeProtocol.Summary sm : r.summaries()) {
            if (OptimizerKind.byName(sm.arm().optimizer()) == OptimizerKind.ADAM) {
                adam = sm.times();
            }
        }
        for (EscapeProtocol.Summary sm : r.summaries()) {
            if (adam != null && OptimizerKind.byName(sm.arm().optimizer()) != OptimizerKind.ADAM) {
                boolean bounded = sm.times().censoredCount() < sm.times().n();
                ratios.put(sm.arm().optimizer(), bounded ? adam.mean() / sm.times().mean() : Double.NaN);
            }
        }
        List<SharpestEscapeRow> rows = new ArrayList<>();
        for (EscapeProtocol.Continuation c : r.continuations()) {
            long at = c.exitAt(ExitCriterion.BARRIER);
            rows.add(new SharpestEscapeRow(c.arm().optimizer(), c.arm().lr(), c.index(), at < 0 ? null : at, c.finalLoss()));
        }
        SharpestEscapeRow.TABLE.write(dir.resolve(SharpestEscapeRow.FILE), rows);
        return new SeedResult(seed, dir, arms, sharpest.arm().name(), ratios);
    }

    /**
     * One row of escape-sharpest.csv: a continuation of claim (iv)'s escape from the seed's sharpest final minimum,
     * and the iteration its barrier criterion fired (empty: still inside at the cap).
     */
    public record SharpestEscapeRow(String optimizer, double lr, int continuation, Long exitBarrier, double finalLoss) {
        public static final String FILE = "escape-sharpest.csv";
        public static final Table<SharpestEscapeRow> TABLE = Table.of(FILE, SharpestEscapeRow.class);
    }

    /**
     * claims.json: the seeds, the arm each seed's escape started from (its sharpest final minimum), the escape
     * criteria and escaping-set settings of claims (iii) and (iv), and the rows of claims.csv.
     */
    public record ClaimsFile(List<Long> seeds, List<String> escapeFrom, ExitCriteria escapeCriteria, int escapeSetK, double escapeSetHeight,
                             List<Claims.Row> rows) {
        public static final String FILE = "claims.json";
    }

    /** The claims rows of a finished multi-seed reproduction (as written to claims.csv). */
    public static List<Claims.Row> claims(Path out, List<SeedResult> all) {
        return Claims.evaluate(seedData(out, all));
    }

    private static List<Claims.SeedData> seedData(Path out, List<SeedResult> all) {
        List<Claims.SeedData> data = new ArrayList<>();
        for (SeedResult s : all) {
            Map<String, Claims.ArmData> arms = new java.util.LinkedHashMap<>();
            for (ArmResult a : s.arms()) {
                arms.put(a.arm().name(), new Claims.ArmData(a.arm().name(), a.finalTestAcc(), a.finalLambdaMax(), a.escapeRate(),
                        AlphaTable.read(out.resolve(a.folder()).resolve(AlphaProbe.FILE))));
            }
            data.add(new Claims.SeedData(s.seed(), arms, s.escapeRatioAdamOver()));
        }
        return data;
    }

    private static void writeClaims(Path out, List<SeedResult> all) throws IOException {
        List<Claims.Row> rows = Claims.evaluate(seedData(out, all));
        Claims.Row.TABLE.write(out.resolve(Claims.Row.FILE), rows);
        StringBuilder md = new StringBuilder(Table.markdown(rows, List.of(
                new Table.MarkdownColumn<>("claim", r -> "(" + r.id() + ") " + r.claim()),
                new Table.MarkdownColumn<>("SGD arm", Claims.Row::sgdArm),
                new Table.MarkdownColumn<>("quantity (claimed side: > 0)", Claims.Row::quantity),
                new Table.MarkdownColumn<>("mean over seeds [95% CI]", r -> String.format(Locale.ROOT, "%.3f [%s, %s]", r.estimate(), dash(r.lo()), dash(r.hi()))),
                new Table.MarkdownColumn<>("seeds", r -> Integer.toString(r.seeds())),
                new Table.MarkdownColumn<>("verdict", r -> r.verdict().label()))));
        md.append(System.lineSeparator()).append("Rule: ").append(Claims.rule()).append(System.lineSeparator());
        dev.basin.data.AtomicFiles.write(out.resolve("claims.md"), md.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Json.write(out.resolve(ClaimsFile.FILE), new ClaimsFile(all.stream().map(SeedResult::seed).toList(),
                all.stream().map(SeedResult::escapeFrom).toList(), ESCAPE_CRITERIA, ESCAPE_SET_K, ESCAPE_SET_HEIGHT, rows));
    }

    /** The arm's own escaping-set rate (SGD's set for SGD-family arms, ADAM's for ADAM) at its final point. */
    private static double ownEscapeRate(NetworkCurvature c, Zhou2020Spec p, OptimizerSpec a, double alpha) {
        dev.basin.curvature.EscapeSets.Result r = dev.basin.curvature.EscapeSets.atMinimum(c, ESCAPE_SET_K, p.batch(), Math.min(alpha, 2.0),
                ESCAPE_SET_HEIGHT, a.lr(), 1e-2, p.seed());
        boolean adam = a.kind().preconditioned();
        return adam ? r.adam().axisRate() : r.sgd().axisRate();
    }

    /** Samples of the final-sharpness measurement (first in data-set order) and of each interpolation point. */
    public static final int SHARPNESS_SAMPLES = 1000;
    public static final int INTERPOLATION_SAMPLES = 2000;
    /** β from −0.5 to 1.5 between the checkpoints at t1 and t2 (the spec's interpolation_t1, _t2; the paper's Fig. 3, right). */
    public static final double[] BETAS = java.util.stream.IntStream.rangeClosed(0, 20).mapToDouble(i -> -0.5 + 0.1 * i).toArray();

    private static Geometry.Point[][] interpolation(Network net, RunDirectory dir, Zhou2020Spec p, DataSets.Loaded data, FloatVec t2) throws IOException {
        FloatVec t1 = Checkpoint.load(dir.checkpoint(p.interpolationT1()), net).theta();
        List<Geometry.Point> tr = new Geometry(net, SoftmaxCrossEntropy.INSTANCE, data.train(), INTERPOLATION_SAMPLES, 1000).interpolate(t1, t2, BETAS);
        List<Geometry.Point> te = new Geometry(net, SoftmaxCrossEntropy.INSTANCE, data.test(), INTERPOLATION_SAMPLES, 1000).interpolate(t1, t2, BETAS);
        List<dev.basin.curvature.InterpolationRow> rows = new ArrayList<>();
        for (int i = 0; i < BETAS.length; i++) {
            rows.add(new dev.basin.curvature.InterpolationRow(BETAS[i], tr.get(i).loss(), tr.get(i).accuracy(), te.get(i).loss(), te.get(i).accuracy()));
        }
        dev.basin.curvature.InterpolationRow.TABLE.write(dir.root().resolve(dev.basin.curvature.InterpolationRow.FILE), rows);
        return new Geometry.Point[][] {tr.toArray(Geometry.Point[]::new), te.toArray(Geometry.Point[]::new)};
    }


    static ArmResult summarize(OptimizerSpec a, RunDirectory dir, TrainResult r, long early, dev.basin.curvature.Sharpness sharp, Geometry.Point[][] path) {
        List<AlphaTable.Row> rows = AlphaTable.read(dir.root().resolve(AlphaProbe.FILE));
        List<AlphaTable.Row> tr = AlphaTable.select(rows, "train", NoiseSampler.RAW);
        List<AlphaTable.Row> te = AlphaTable.select(rows, "test", NoiseSampler.RAW);
        AlphaTable.Row minTr = min(tr);
        AlphaTable.Row minTe = min(te);
        return new ArmResult(a, dir.root().getFileName().toString(), r, r.last().testAcc(),
                minTr == null ? Double.NaN : minTr.alpha(), minTr == null ? -1 : minTr.iteration(),
                minTe == null ? Double.NaN : minTe.alpha(), minTe == null ? -1 : minTe.iteration(),
                earlyMean(tr, early), earlyMean(te, early), last(tr), last(te),
                sharp == null ? Double.NaN : sharp.lambdaMax(), sharp == null || sharp.trace() == null ? Double.NaN : sharp.trace().value(),
                sharp == null || sharp.trace() == null ? Double.NaN : sharp.trace().stderr(), path, Double.NaN, Controls.of(tr, early));
    }

    private static AlphaTable.Row min(List<AlphaTable.Row> rows) {
        return rows.stream().filter(r -> !Double.isNaN(r.alpha())).min((x, y) -> Double.compare(x.alpha(), y.alpha())).orElse(null);
    }

    private static double earlyMean(List<AlphaTable.Row> rows, long early) {
        return rows.stream().filter(r -> r.iteration() >= 1 && r.iteration() <= early).mapToDouble(AlphaTable.Row::alpha).average()
                .orElse(Double.NaN);
    }

    private static double last(List<AlphaTable.Row> rows) {
        return rows.isEmpty() ? Double.NaN : rows.get(rows.size() - 1).alpha();
    }

    /** One row of summary.csv: an arm's figures (α minima and means are of the raw noise; the _nz columns without zero-variance coordinates). */
    public record SummaryRow(String optimizer, double lr, String status, long iterations, double finalTestAcc, double minAlphaTrain,
                             long minAlphaTrainAt, double minAlphaTest, long minAlphaTestAt, double earlyAlphaTrain, double earlyAlphaTest,
                             double finalAlphaTrain, double finalAlphaTest, double finalLambdaMax, double finalTrace, double finalTraceStderr,
                             double minAlphaNzTrain, long minAlphaNzTrainAt, double earlyAlphaNzTrain, double finalAlphaNzTrain,
                             double finalZeroVarShare, double finalAlphaNullRobustTrain, double finalAlphaSignTrain) {
        public static final String FILE = "summary.csv";
        public static final Table<SummaryRow> TABLE = Table.of(FILE, SummaryRow.class);

        static SummaryRow of(ArmResult r) {
            Controls c = r.controls();
            return new SummaryRow(r.arm().name(), r.arm().lr(), r.result().status(), r.result().iterations(), r.finalTestAcc(), r.minAlphaTrain(),
                    r.minAlphaTrainAt(), r.minAlphaTest(), r.minAlphaTestAt(), r.earlyAlphaTrain(), r.earlyAlphaTest(), r.finalAlphaTrain(),
                    r.finalAlphaTest(), r.finalLambdaMax(), r.finalTrace(), r.finalTraceStderr(), c.minAlpha(), c.minAlphaAt(), c.earlyAlpha(),
                    c.finalAlpha(), c.finalZeroShare(), c.finalNull(), c.finalSign());
        }
    }

    static void writeSummary(Path out, Zhou2020Spec p, List<ArmResult> results) throws IOException {
        List<SummaryRow> rows = results.stream().map(SummaryRow::of).toList();
        SummaryRow.TABLE.write(out.resolve(SummaryRow.FILE), rows);
        String w = Long.toString(p.earlyWindow());
        String md = Table.markdown(rows, List.of(
                new Table.MarkdownColumn<>("optimizer", SummaryRow::optimizer),
                new Table.MarkdownColumn<>("lr", r -> Double.toString(r.lr())),
                new Table.MarkdownColumn<>("test accuracy", r -> String.format(Locale.ROOT, "%.2f%%%s", 100 * r.finalTestAcc(),
                        r.status().equals("diverged") ? " (diverged)" : "")),
                new Table.MarkdownColumn<>("min α train (at)", r -> String.format(Locale.ROOT, "%.3f (%d)", r.minAlphaTrain(), r.minAlphaTrainAt())),
                new Table.MarkdownColumn<>("min α test (at)", r -> String.format(Locale.ROOT, "%.3f (%d)", r.minAlphaTest(), r.minAlphaTestAt())),
                new Table.MarkdownColumn<>("mean α train, iterations 1–" + w, r -> String.format(Locale.ROOT, "%.3f", r.earlyAlphaTrain())),
                new Table.MarkdownColumn<>("mean α test, 1–" + w, r -> String.format(Locale.ROOT, "%.3f", r.earlyAlphaTest())),
                new Table.MarkdownColumn<>("final α train", r -> String.format(Locale.ROOT, "%.3f", r.finalAlphaTrain())),
                new Table.MarkdownColumn<>("final α test", r -> String.format(Locale.ROOT, "%.3f", r.finalAlphaTest())),
                new Table.MarkdownColumn<>("final λmax", r -> String.format(Locale.ROOT, "%.3f", r.finalLambdaMax())),
                new Table.MarkdownColumn<>("final tr(H)", r -> String.format(Locale.ROOT, "%.1f ± %.1f", r.finalTrace(), r.finalTraceStderr()))))
                + "\nThe same train-set α without the zero-variance coordinates (the claims' primary figure), and its controls:\n\n"
                + Table.markdown(rows, List.of(
                new Table.MarkdownColumn<>("optimizer", SummaryRow::optimizer),
                new Table.MarkdownColumn<>("min α_nz train (at)", r -> String.format(Locale.ROOT, "%.3f (%d)", r.minAlphaNzTrain(), r.minAlphaNzTrainAt())),
                new Table.MarkdownColumn<>("mean α_nz train, 1–" + w, r -> String.format(Locale.ROOT, "%.3f", r.earlyAlphaNzTrain())),
                new Table.MarkdownColumn<>("final α_nz train", r -> String.format(Locale.ROOT, "%.3f", r.finalAlphaNzTrain())),
                new Table.MarkdownColumn<>("final zero-variance share", r -> String.format(Locale.ROOT, "%.1f%%", 100 * r.finalZeroVarShare())),
                new Table.MarkdownColumn<>("final robust Gaussian null", r -> String.format(Locale.ROOT, "%.3f", r.finalAlphaNullRobustTrain())),
                new Table.MarkdownColumn<>("final random-sign α", r -> String.format(Locale.ROOT, "%.3f", r.finalAlphaSignTrain()))));
        dev.basin.data.AtomicFiles.write(out.resolve("summary.md"), md.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String dash(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }
}
