package dev.basin.experiment;

import dev.basin.curvature.EscapeSets;
import dev.basin.curvature.Lanczos;
import dev.basin.curvature.NetworkCurvature;
import dev.basin.numeric.FloatVec;
import dev.basin.optim.Optimizers;
import dev.basin.sde.ExitTimes;
import dev.basin.spec.EscapeSpec;
import dev.basin.spec.OptimizerSpec;
import dev.basin.spec.Provenance;
import dev.basin.spec.RunRecord;
import dev.basin.spec.SpecException;
import dev.basin.spec.Specs;
import dev.basin.spec.TrainCriterion;
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
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code basin escape}: the escape measurement of {@link EscapeProtocol} from a checkpoint's minimum θ*, as a spec.
 * Opens the run, optionally trains θ* to a stated criterion first (theta-star.safetensors), runs the continuations
 * and writes the output folder: config.json (the spec and its provenance), escape.csv ({@link EscapeRow}),
 * escape-summary.csv ({@link EscapeSummaryRow}) and escape.json ({@link Report}), with the escaping-set prediction
 * at θ* when the spec asks for it.
 *
 * <p>The context's {@code threads} is the number of continuations run at once; each gets the processors divided
 * among them as GEMM threads. Every continuation has its own data-order seed, so the tables do not depend on it.
 * The output folder defaults to RUN/escape-ITERATION (ITERATION of the checkpoint, 7 digits).
 */
public final class EscapeRunProtocol implements Protocol<EscapeSpec, EscapeRunProtocol.Result> {
    public static final String JSON_FILE = "escape.json";
    public static final String THETA_STAR = "theta-star.safetensors";
    /** Samples and residual of the end-of-continuation sharpness. */
    public static final int END_SHARPNESS_SAMPLES = 500;
    public static final double END_SHARPNESS_TOL = 1e-2;

    /** Observes a run's phases (for progress on a terminal); every method does nothing by default. */
    public interface Listener {
        /** θ* was trained to the criterion and saved to {@code saved}, before the continuations start. */
        default void trained(Trained t, Path saved) {
        }

        /** The continuations are about to start. */
        default void starting(Setup s) {
        }

        /** Training θ* (train_until): {@code iterations} of at most {@code max} done, with the loss and accuracy at that check. */
        default void training(long iterations, long max, double loss, double accuracy) {
        }

        /**
         * A continuation ended: {@code armDone} of its arm's {@code perArm}, {@code done} of all {@code total}; one call at a
         * time, from the continuations' threads.
         */
        default void continuationDone(EscapeProtocol.Continuation c, int armDone, int perArm, int done, int total) {
        }
    }

    /** What the continuations start from and how they run. */
    public record Setup(Path checkpoint, long iteration, Path dir, List<EscapeProtocol.Arm> arms, int continuations, long cap, int batch,
                        int samples, int parallel, ExitCriteria criteria) {
    }

    /** θ* trained from the checkpoint: the criterion, the optimizer, what was reached, and θ*'s file in the output folder. */
    public record Trained(String criterion, EscapeProtocol.Arm optimizer, long iterations, double loss, double accuracy, String thetaStar) {
    }

    /** The escaping-set prediction of one arm beside its measured mean exit iteration by {@link Prediction#criterion()}. */
    public record ArmPrediction(EscapeProtocol.Arm arm, String uses, double predictedIterations, double axisRate, double innerVolume,
                                double measuredMean, int measuredCensored) {
    }

    /**
     * The theory's prediction at θ*: escaping sets of SGD and ADAM in the top Hessian subspace, with tail index
     * {@code alpha} and basin height {@code height} (the loss rise, 0.1 when that criterion is off).
     */
    public record Prediction(double alpha, double height, int minibatch, double[] eigenvalues, String q, ExitCriterion criterion,
                             List<ArmPrediction> arms) {
    }

    /** The exit criteria as written to escape.json: null thresholds are off. */
    public record Criteria(Double radius, Double lossRise, Double barrier, int barrierPoints, long checkEvery, long barrierEvery, long cap,
                           List<ExitCriterion> active) {
        static Criteria of(ExitCriteria c) {
            return new Criteria(orNull(c.radius()), orNull(c.lossRise()), orNull(c.barrier()), c.barrierPoints(), c.checkEvery(), c.barrierEvery(),
                    c.cap(), c.active());
        }

        private static Double orNull(double v) {
            return Double.isNaN(v) ? null : v;
        }
    }

    /** escape.json: where θ* came from, the settings actually used, the ratios and the prediction (null when off). */
    public record Report(String checkpoint, long iteration, double baseLoss, Criteria criteria, int continuations, int batch, int samples, int warmup,
                         long seed, double seconds, List<EscapeProtocol.Arm> arms, List<EscapeProtocol.Ratio> ratios, Trained trainedUntil,
                         Prediction prediction) {
    }

    /** Everything a caller prints or plots; the tables are also on disk in {@code setup.dir()}. */
    public record Result(EscapeSpec spec, Setup setup, Trained trained, EscapeProtocol.Result escape, List<EscapeRow> rows,
                         List<EscapeSummaryRow> summary, Prediction prediction, Report report) {
        public Path dir() {
            return setup.dir();
        }
    }

    private final ToDoubleFunction<Path> runAlpha;
    private final Listener listener;

    /**
     * @param runAlpha the tail index of a run folder, for a prediction whose spec gives no alpha (null: the last raw train
     *                 α of its alpha.csv, {@link RunAlpha#last}); called before any work starts
     * @param listener progress
     */
    public EscapeRunProtocol(ToDoubleFunction<Path> runAlpha, Listener listener) {
        this.runAlpha = runAlpha != null ? runAlpha : RunAlpha::last;
        this.listener = listener != null ? listener : new Listener() { };
    }

    /** The exit criteria of a spec. */
    public static ExitCriteria criteria(EscapeSpec s) {
        return new ExitCriteria(nan(s.radius()), nan(s.lossRise()), nan(s.barrier()), s.barrierPoints(), s.checkEvery(), s.barrierEvery(), s.cap());
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }

    /** The default output folder: RUN/escape-ITERATION. */
    public static Path defaultDir(RunModel m) {
        return m.runDir().resolve(String.format(Locale.ROOT, "escape-%07d", Math.max(0, m.point().iteration())));
    }

    @Override
    public Result run(EscapeSpec spec, RunContext ctx) throws IOException {
        int par = ctx.threads();
        int procs = Runtime.getRuntime().availableProcessors();
        ExitCriteria criteria = criteria(spec);
        RunModel m = RunModel.open(spec.run(), spec.iteration(), Math.max(1, procs / par));
        double runLr = m.learningRate();
        if (!spec.sameRate().isEmpty() && !(runLr > 0)) {
            throw new SpecException("same_rate: the run's config.json records no learning rate; give the arms' rates in arms");
        }
        List<EscapeProtocol.Arm> arms = spec.resolvedArms(runLr).stream().map(EscapeProtocol.Arm::new).toList();
        int b = spec.batch() != null ? spec.batch() : m.trainBatch();
        if (b > m.data().train().size()) {
            throw new SpecException("batch: " + b + " is larger than the training set (" + m.data().train().size() + " samples)");
        }
        NetworkObjective obj = new NetworkObjective(m.net(), m.loss(), m.data().train(), b, spec.samples());
        long params = m.net().parameterCount();
        MemoryGuard.check(MemoryGuard.parallel(new MemoryGuard.Estimate(List.of(
                new MemoryGuard.Item("a continuation's parameters, gradient and optimizer state", 4 * 4L * params, true),
                new MemoryGuard.Item("its activations at batch " + b, m.net().workspaceBytes(Math.max(b, Math.min(spec.samples(), 1000)), false), true))),
                par), "the continuations run at once (--parallel)");
        double alpha = spec.predict() == null ? Double.NaN : spec.predict().alpha() != null ? spec.predict().alpha() : runAlpha.applyAsDouble(m.runDir());
        Path dir = ctx.out() != null ? ctx.out() : defaultDir(m);
        FloatVec thetaStar = m.point().theta();
        Trained trained = null;
        if (spec.trainUntil() != null) {
            trained = trainUntil(spec, m, obj, thetaStar, dir, listener);
            listener.trained(trained, dir.resolve(trained.thetaStar()));
        }
        try (RunLock lock = RunLock.forWriting(dir)) {
            Files.createDirectories(dir);
            Specs.write(dir.resolve(RunDirectory.CONFIG), new RunRecord(spec, Provenance.now(ctx.command(), par, m.net().gemm().name(), m.data(), m.net())));
            Setup setup = new Setup(m.checkpoint(), m.point().iteration(), dir, arms, spec.continuations(), spec.cap(), b,
                    Math.min(spec.samples(), m.data().train().size()), par, criteria);
            listener.starting(setup);
            ToDoubleFunction<FloatVec> atEnd = !spec.endSharpness() ? null : th -> {
                NetworkCurvature c = new NetworkCurvature(m.net(), th, m.loss(), m.data().train(),
                        NetworkCurvature.firstSamples(m.data().train(), END_SHARPNESS_SAMPLES), 250);
                return Lanczos.eigs(c.hessian(), 1, Lanczos.Which.LARGEST, END_SHARPNESS_TOL, 100, 20, 1).values()[0];
            };
            EscapeProtocol.Result res = EscapeProtocol.run(obj, thetaStar, arms, spec.continuations(), spec.seed(), criteria, spec.warmup(), par, atEnd,
                    new EscapeProtocol.Progress() {
                        @Override
                        public void continuationDone(EscapeProtocol.Continuation c, int armDone, int perArm, int done, int total) {
                            listener.continuationDone(c, armDone, perArm, done, total);
                        }
                    });
            List<EscapeRow> rows = res.continuations().stream().map(EscapeRow::of).toList();
            List<EscapeSummaryRow> summary = res.summaries().stream().map(EscapeSummaryRow::of).toList();
            EscapeRow.TABLE.write(dir.resolve(EscapeRow.FILE), rows);
            EscapeSummaryRow.TABLE.write(dir.resolve(EscapeSummaryRow.FILE), summary);
            Prediction prediction = spec.predict() == null ? null : predict(m, spec, arms, res, criteria, b, alpha);
            Report report = new Report(m.checkpoint().toString(), m.point().iteration(), res.baseLoss(), Criteria.of(criteria), spec.continuations(), b,
                    spec.samples(), spec.warmup(), spec.seed(), res.seconds(), arms, res.ratios(), trained, prediction);
            Json.write(dir.resolve(JSON_FILE), report);
            return new Result(spec, setup, trained, res, rows, summary, prediction, report);
        }
    }

    private static Trained trainUntil(EscapeSpec spec, RunModel m, NetworkObjective obj, FloatVec thetaStar, Path dir, Listener listener) throws IOException {
        EscapeSpec.TrainUntil t = spec.trainUntil();
        TrainCriterion crit = t.parsed();
        OptimizerSpec o = t.optimizer();
        Minimum.Reached got = Minimum.train(obj, thetaStar, o, crit, spec.checkEvery(), t.maxIterations(), spec.seed() - 1,
                (it, loss, acc) -> listener.training(it, t.maxIterations(), loss, acc));
        if (!got.met()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "training with %s lr %s did not reach %s within %d iterations (loss %.5f, accuracy %.4f);"
                    + " raise train_until.max_iterations (--train-max-iterations) or relax the criterion", o.name(), o.lr(), crit.describe(),
                    got.iterations(), got.loss(), got.accuracy()));
        }
        Files.createDirectories(dir);
        Path saved = dir.resolve(THETA_STAR);
        Checkpoint.save(saved, m.net(), thetaStar, null, m.point().iteration() + got.iterations(),
                Map.of("trained_until", crit.describe(), "from", m.checkpoint().toString(), "optimizer", o.name(), "lr", Double.toString(o.lr())));
        return new Trained(crit.describe(), new EscapeProtocol.Arm(o), got.iterations(), got.loss(), got.accuracy(), THETA_STAR);
    }

    /** The escaping-set prediction at θ* for each arm, beside the measured loss-rise (or first active) criterion. */
    private static Prediction predict(RunModel m, EscapeSpec spec, List<EscapeProtocol.Arm> arms, EscapeProtocol.Result res, ExitCriteria c, int s,
                                      double a) {
        NetworkCurvature curv = new NetworkCurvature(m.net(), m.point().theta(), m.loss(), m.data().train(),
                NetworkCurvature.firstSamples(m.data().train(), spec.samples()), 500);
        Lanczos.Result topR = Lanczos.eigs(curv.hessian(), Math.min(spec.predict().top(), curv.dim()), Lanczos.Which.LARGEST, 1e-3, 300, 40, spec.seed());
        double[][] u = topR.vectors();
        double[][] cov = curv.projectedCovariance(u, s);
        double[] qInv = EscapeSets.adamQInverse(curv, s);
        double[][] qProj = EscapeSets.projectDiagonal(u, qInv);
        double height = Double.isNaN(c.lossRise()) ? EscapeSpec.DEFAULT_LOSS_RISE : c.lossRise();
        ExitCriterion crit = c.on(ExitCriterion.LOSS_RISE) ? ExitCriterion.LOSS_RISE : c.active().get(0);
        List<ArmPrediction> perArm = new ArrayList<>();
        for (EscapeProtocol.Arm arm : arms) {
            EscapeSets.Result r = EscapeSets.compute(topR.values(), cov, qProj, a, height, arm.lr());
            boolean adamFamily = Optimizers.isAdamFamily(arm.optimizer());
            EscapeSets.Side side = adamFamily ? r.adam() : r.sgd();
            double iters = side.predictedEscapeTime() / arm.lr();
            ExitTimes.Result measured = res.summaries().stream().filter(x -> x.arm().equals(arm) && x.criterion() == crit).findFirst().orElseThrow().times();
            perArm.add(new ArmPrediction(arm, adamFamily ? "adam escaping set" : "sgd escaping set", iters, side.axisRate(), side.innerVolume(),
                    measured.mean(), measured.censoredCount()));
        }
        return new Prediction(a, height, s, topR.values(), "sqrt(E[g_S^2]) + 1e-8 at theta*", crit, perArm);
    }
}
