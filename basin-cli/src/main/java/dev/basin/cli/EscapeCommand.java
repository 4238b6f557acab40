package dev.basin.cli;

import dev.basin.experiment.RunModel;
import dev.basin.curvature.EscapeSets;
import dev.basin.curvature.Lanczos;
import dev.basin.curvature.NetworkCurvature;
import dev.basin.data.AtomicFiles;
import dev.basin.experiment.EscapeProtocol;
import dev.basin.experiment.ExitCriteria;
import dev.basin.experiment.NetworkObjective;
import dev.basin.numeric.FloatVec;
import dev.basin.optim.Optimizers;
import dev.basin.report.Plots;
import dev.basin.sde.ExitTimes;
import dev.basin.train.Json;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin escape}: how fast each optimizer leaves a minimum of a real network. */
@Command(name = "escape", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure how many iterations each optimizer takes to escape the minimum at a checkpoint.",
                "From the minimum theta* at a checkpoint, run K continuations per optimizer (continuation j uses data-order"
                        + " seed SEED + j for every optimizer) and record the first iteration at which each exit criterion fires:"
                        + " |theta - theta*| > --radius, the train loss above F(theta*) + --loss-rise, or a loss barrier above --barrier"
                        + " on the segment theta* -> theta; right-censored at --cap.",
                "Prints mean (restricted under censoring) and median exit iterations per optimizer with 95% intervals, the ratios"
                        + " to the first optimizer, and with --predict the theory's prediction at theta* beside them."})
final class EscapeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN_OR_CHECKPOINT", description = "A run folder (its latest checkpoint) or a checkpoint file: the minimum theta*")
    String target;

    @Option(names = "--iteration", description = "With a run folder: the checkpoint at this iteration")
    Long iteration;

    @Option(names = "--optimizers", split = ",", defaultValue = "sgd,adam", description = "Optimizers compared; ratios are to the first (default: ${DEFAULT-VALUE})")
    List<String> optimizers;

    @Option(names = "--rates", defaultValue = "both",
            description = "customary (each optimizer's usual rate: sgd 0.1, sgdm 0.05, adam 1e-3), same (the run's rate for all) or both (default: ${DEFAULT-VALUE})")
    String rates;

    @Option(names = "--lr", split = ",", description = "Customary rates to use instead, NAME=RATE (e.g. sgd=0.05,adam=0.001)")
    List<String> lr;

    @Option(names = "--continuations", defaultValue = "8", description = "K continuations per optimizer and rate (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--cap", defaultValue = "2000", description = "Iterations per continuation at most (default: ${DEFAULT-VALUE})")
    long cap;

    @Option(names = "--check-every", defaultValue = "10", description = "Check distance and loss every N iterations (default: ${DEFAULT-VALUE})")
    long checkEvery;

    @Option(names = "--radius", description = "Exit when |theta - theta*| > R")
    Double radius;

    @Option(names = "--loss-rise", description = "Exit when the train loss exceeds F(theta*) + DELTA (default, when no criterion is given: 0.1)")
    Double lossRise;

    @Option(names = "--barrier", description = "Exit when the loss on the segment theta* -> theta rises more than H above its chord")
    Double barrier;

    @Option(names = "--barrier-points", defaultValue = "5", description = "Interior points of the barrier check (default: ${DEFAULT-VALUE})")
    int barrierPoints;

    @Option(names = "--barrier-every", defaultValue = "50", description = "Barrier check every N iterations (default: ${DEFAULT-VALUE})")
    long barrierEvery;

    @Option(names = "--warmup", defaultValue = "100", description = "Minibatch gradients fed to each optimizer at theta* with rate 0 before it moves (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--samples", defaultValue = "1000", description = "Training samples (first in data-set order) of the loss checks (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--batch", description = "Minibatch size (default: the run's)")
    Integer batch;

    @Option(names = "--seed", defaultValue = "1", description = "Continuation j uses data-order seed SEED + j (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--parallel", description = "Continuations run at once, each with one GEMM thread (default: the number of processors)")
    Integer parallel;

    @Option(names = "--end-sharpness", description = "Also the Hessian's top eigenvalue where each continuation ended (500 samples, 1% residual)")
    boolean endSharpness;

    @Option(names = "--predict", description = "The theory's prediction at theta*: escaping sets of SGD and ADAM in the top-k Hessian subspace")
    boolean predict;

    @Option(names = "--top", defaultValue = "5", description = "--predict: Hessian eigenvectors spanning the subspace (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--alpha", description = "--predict: tail index (default: the run's last raw train alpha in alpha.csv)")
    Double alpha;

    @Option(names = "--train-until", description = "First train from the checkpoint until loss=L or accuracy=A on the check samples; that point is theta*")
    String trainUntil;

    @Option(names = "--train-optimizer", defaultValue = "sgd", description = "--train-until: optimizer (default: ${DEFAULT-VALUE})")
    String trainOptimizer;

    @Option(names = "--train-lr", description = "--train-until: learning rate (default: the optimizer's customary one)")
    Double trainLr;

    @Option(names = "--train-max-iterations", defaultValue = "20000", description = "--train-until: give up after this many steps (default: ${DEFAULT-VALUE})")
    long trainMax;

    @Option(names = "--out", description = "Folder for escape.csv, escape-summary.csv, escape.json and survival-*.png (default: RUN/escape-ITERATION)")
    Path out;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        if (k < 2) {
            throw new IllegalArgumentException("--continuations must be >= 2, got " + k);
        }
        double r = radius == null ? Double.NaN : radius;
        double d = lossRise == null ? (radius == null && barrier == null ? 0.1 : Double.NaN) : lossRise;
        double h = barrier == null ? Double.NaN : barrier;
        if (radius != null && !(radius > 0)) {
            throw new IllegalArgumentException("--radius must be > 0, got " + radius);
        }
        ExitCriteria criteria = new ExitCriteria(r, d, h, barrierPoints, checkEvery, barrierEvery, cap);
        if (!List.of("customary", "same", "both").contains(rates)) {
            throw new IllegalArgumentException("unknown --rates '" + rates + "'; choose customary, same or both");
        }
        Map<String, Double> custom = new LinkedHashMap<>();
        for (String o : optimizers) {
            Optimizers.byName(o);
            custom.put(o, Optimizers.defaultLearningRate(o));
        }
        if (lr != null) {
            for (String kv : lr) {
                String[] p = kv.split("=");
                if (p.length != 2 || !custom.containsKey(p[0])) {
                    throw new IllegalArgumentException("--lr takes NAME=RATE for one of " + optimizers + ", got '" + kv + "'");
                }
                custom.put(p[0], Double.parseDouble(p[1]));
            }
        }
        int procs = Runtime.getRuntime().availableProcessors();
        int par = parallel != null ? parallel : procs;
        if (par < 1) {
            throw new IllegalArgumentException("--parallel must be >= 1, got " + par);
        }
        RunModel m = RunModel.open(target, iteration, Math.max(1, procs / par));
        double runLr = m.learningRate();
        List<EscapeProtocol.Arm> arms = new ArrayList<>();
        if (!rates.equals("same")) {
            for (String o : optimizers) {
                arms.add(new EscapeProtocol.Arm(o, custom.get(o)));
            }
        }
        if (!rates.equals("customary")) {
            if (!(runLr > 0)) {
                throw new IllegalArgumentException("the run's config.json records no learning rate; use --rates customary");
            }
            for (String o : optimizers) {
                EscapeProtocol.Arm a = new EscapeProtocol.Arm(o, runLr);
                if (!arms.contains(a)) {
                    arms.add(a);
                }
            }
        }
        int b = batch != null ? batch : m.trainBatch();
        NetworkObjective obj = new NetworkObjective(m.net(), m.loss(), m.data().train(), b, samples);
        FloatVec thetaStar = m.point().theta();
        PrintWriter w = spec.commandLine().getOut();
        Path dir = out != null ? out : m.runDir().resolve(String.format(Locale.ROOT, "escape-%07d", Math.max(0, m.point().iteration())));
        if (trainUntil != null) {
            dev.basin.experiment.Minimum.Criterion crit = dev.basin.experiment.Minimum.Criterion.parse(trainUntil);
            double rate = trainLr != null ? trainLr : Optimizers.defaultLearningRate(trainOptimizer);
            dev.basin.experiment.Minimum.Reached got = dev.basin.experiment.Minimum.train(obj, thetaStar, trainOptimizer, rate, crit, checkEvery, trainMax,
                    seed - 1);
            if (!got.met()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "training with %s lr %s did not reach %s within %d iterations (loss %.5f, accuracy %.4f);"
                        + " raise --train-max-iterations or relax --train-until", trainOptimizer, rate, crit.describe(), got.iterations(), got.loss(), got.accuracy()));
            }
            Files.createDirectories(dir);
            Path saved = dir.resolve("theta-star.safetensors");
            dev.basin.train.Checkpoint.save(saved, m.net(), thetaStar, null, m.point().iteration() + got.iterations(),
                    Map.of("trained_until", crit.describe(), "from", m.checkpoint().toString(), "optimizer", trainOptimizer, "lr", Double.toString(rate)));
            w.printf(Locale.ROOT, "trained %d iterations with %s lr %s to %s (loss %.5f, accuracy %.4f); theta* saved to %s%n", got.iterations(), trainOptimizer,
                    rate, crit.describe(), got.loss(), got.accuracy(), saved);
        }
        w.printf(Locale.ROOT, "escape from %s (iteration %d): %d continuations per arm, cap %d, batch %d, checks on %d training samples, %d at once%n",
                m.checkpoint(), m.point().iteration(), k, cap, b, Math.min(samples, m.data().train().size()), par);
        w.flush();
        java.util.function.ToDoubleFunction<FloatVec> atEnd = !endSharpness ? null : th -> {
            NetworkCurvature c = new NetworkCurvature(m.net(), th, m.loss(), m.data().train(), NetworkCurvature.firstSamples(m.data().train(), 500), 250);
            return Lanczos.eigs(c.hessian(), 1, Lanczos.Which.LARGEST, 1e-2, 100, 20, 1).values()[0];
        };
        EscapeProtocol.Result res = EscapeProtocol.run(obj, thetaStar, arms, k, seed, criteria, warmup, par, atEnd);
        w.printf(Locale.ROOT, "F(theta*) = %.5f on the check samples; %.1f s%n", res.baseLoss(), res.seconds());
        w.println("criterion   arm                      left   mean exit iteration [95% CI]     median");
        StringBuilder sum = new StringBuilder("criterion,optimizer,lr,continuations,censored,mean,stderr,ci_lo,ci_hi,median\n");
        for (EscapeProtocol.Summary s : res.summaries()) {
            ExitTimes.Result t = s.times();
            String cens = t.censoredCount() > 0 ? ">= " : "";
            w.printf(Locale.ROOT, "%-11s %-22s %3d/%-3d %s%8.1f [%7.1f, %7.1f]   %8.1f%n", s.criterion(), s.arm().label(), t.n() - t.censoredCount(), t.n(), cens,
                    t.mean(), Math.max(0, t.mean() - 1.96 * t.stderr()), t.mean() + 1.96 * t.stderr(), t.median());
            sum.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%s,%s,%s,%s,%s%n", s.criterion(), s.arm().optimizer(), s.arm().lr(), t.n(), t.censoredCount(),
                    t.mean(), t.stderr(), Math.max(0, t.mean() - 1.96 * t.stderr()), t.mean() + 1.96 * t.stderr(), t.median()));
        }
        for (EscapeProtocol.Ratio q : res.ratios()) {
            w.printf(Locale.ROOT, "ratio %-9s %s / %s: %s%.3f [%.3f, %.3f]%s%n", q.criterion(), q.num().label(), q.den().label(), q.lowerBound() && !q.upperBound() ? ">= " : "",
                    q.measured(), q.lo(), q.hi(), q.lowerBound() && q.upperBound() ? " (both censored: not bounded)" : q.upperBound() ? " (denominator censored: an upper bound)" : "");
        }
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("optimizer,lr,continuation,seed,exit_radius,exit_loss_rise,exit_barrier,iterations,final_loss,final_accuracy,"
                + "final_distance,final_lambda_max,diverged,seconds\n");
        for (EscapeProtocol.Continuation c : res.continuations()) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%s,%s,%s,%d,%s,%s,%s,%s,%s,%.2f%n", c.arm().optimizer(), c.arm().lr(), c.index(), c.seed(),
                    ex(c.exitAt()[0]), ex(c.exitAt()[1]), ex(c.exitAt()[2]), c.iterations(), c.finalLoss(), c.finalAccuracy(), c.finalDistance(),
                    Double.isNaN(c.finalSharpness()) ? "" : Double.toString(c.finalSharpness()), c.diverged(), c.seconds()));
        }
        AtomicFiles.write(dir.resolve("escape.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("escape-summary.csv"), sum.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("checkpoint", m.checkpoint().toString());
        json.put("iteration", m.point().iteration());
        json.put("base_loss", res.baseLoss());
        json.put("criteria", criteria);
        json.put("continuations", k);
        json.put("batch", b);
        json.put("samples", samples);
        json.put("warmup", warmup);
        json.put("seed", seed);
        json.put("parallel", par);
        json.put("seconds", res.seconds());
        json.put("ratios", res.ratios());
        if (predict) {
            json.put("prediction", predict(m, arms, res, criteria, b, w));
        }
        AtomicFiles.write(dir.resolve("escape.json"), Json.MAPPER.writeValueAsBytes(json));
        for (String crit : criteria.active()) {
            List<Plots.Curve> curves = new ArrayList<>();
            int color = 0;
            for (EscapeProtocol.Summary s : res.summaries()) {
                if (s.criterion().equals(crit)) {
                    double[] grid = new double[101];
                    for (int i = 0; i < grid.length; i++) {
                        grid[i] = cap * i / 100.0;
                    }
                    curves.add(new Plots.Curve(s.arm().label(), grid, s.times().survival(grid), null, null, color++, false));
                }
            }
            Plots.write(dir.resolve("survival-" + crit), "Still inside (" + crit + ") after t iterations", "iteration", "fraction of continuations", false, curves);
        }
        w.println("wrote " + dir.resolve("escape.csv") + ", escape-summary.csv, escape.json and survival-*.png");
        w.flush();
        return ExitCodes.OK;
    }

    private static String ex(long e) {
        return e < 0 ? "" : Long.toString(e);
    }

    /** The escaping-set prediction at θ* for each arm, beside the measured loss-rise (or first active) criterion. */
    private Map<String, Object> predict(RunModel m, List<EscapeProtocol.Arm> arms, EscapeProtocol.Result res, ExitCriteria c, int s, PrintWriter w)
            throws java.io.IOException {
        double a = alpha != null ? alpha : HessianCommand.runAlpha(m.runDir());
        NetworkCurvature curv = new NetworkCurvature(m.net(), m.point().theta(), m.loss(), m.data().train(),
                NetworkCurvature.firstSamples(m.data().train(), samples), 500);
        Lanczos.Result topR = Lanczos.eigs(curv.hessian(), Math.min(top, curv.dim()), Lanczos.Which.LARGEST, 1e-3, 300, 40, seed);
        double[][] u = topR.vectors();
        double[][] cov = curv.projectedCovariance(u, s);
        double[] qInv = EscapeSets.adamQInverse(curv, s);
        double[][] qProj = EscapeSets.projectDiagonal(u, qInv);
        double height = Double.isNaN(c.lossRise()) ? 0.1 : c.lossRise();
        String crit = c.active().contains("loss_rise") ? "loss_rise" : c.active().get(0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alpha", a);
        out.put("height", height);
        out.put("minibatch", s);
        out.put("eigenvalues", topR.values());
        out.put("q", "sqrt(E[g_S^2]) + 1e-8 at theta*");
        List<Map<String, Object>> perArm = new ArrayList<>();
        w.printf(Locale.ROOT, "prediction at theta* (alpha %.3f, basin height %.3g, top-%d subspace, lambda = %s):%n", a, height, u.length,
                java.util.Arrays.toString(java.util.Arrays.stream(topR.values()).map(x -> Math.round(x * 1000) / 1000.0).toArray()));
        double first = Double.NaN;
        double firstMeasured = Double.NaN;
        for (EscapeProtocol.Arm arm : arms) {
            EscapeSets.Result r = EscapeSets.compute(topR.values(), cov, qProj, a, height, arm.lr());
            boolean adamFamily = Optimizers.isAdamFamily(arm.optimizer());
            EscapeSets.Side side = adamFamily ? r.adam() : r.sgd();
            double iters = side.predictedEscapeTime() / arm.lr();
            ExitTimes.Result measured = res.summaries().stream().filter(x -> x.arm().equals(arm) && x.criterion().equals(crit)).findFirst().orElseThrow().times();
            if (Double.isNaN(first)) {
                first = iters;
                firstMeasured = measured.mean();
            }
            w.printf(Locale.ROOT, "  %-22s predicted %.4g iterations (axis rate %.4g); measured (%s) %s%.1f; ratio to the first: predicted %.3g, measured %s%.3g%n",
                    arm.label(), iters, side.axisRate(), crit, measured.censoredCount() > 0 ? ">= " : "", measured.mean(), iters / first,
                    measured.censoredCount() > 0 ? ">= " : "", measured.mean() / firstMeasured);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("arm", arm);
            e.put("uses", adamFamily ? "adam escaping set" : "sgd escaping set");
            e.put("predicted_iterations", iters);
            e.put("axis_rate", side.axisRate());
            e.put("inner_volume", side.innerVolume());
            e.put("measured_mean", measured.mean());
            e.put("measured_censored", measured.censoredCount());
            perArm.add(e);
        }
        out.put("arms", perArm);
        return out;
    }
}
