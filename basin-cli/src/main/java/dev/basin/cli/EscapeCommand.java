package dev.basin.cli;

import dev.basin.experiment.EscapeProtocol;
import dev.basin.experiment.EscapeRunProtocol;
import dev.basin.experiment.ExitCriterion;
import dev.basin.experiment.RunContext;
import dev.basin.report.Plots;
import dev.basin.sde.ExitTimes;
import dev.basin.spec.EscapeSpec;
import dev.basin.spec.OptimizerSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
                        + " to the first optimizer, and with --predict the theory's prediction at theta* beside them.",
                "Arms with other options (momentum, betas, ...) in a spec file: see --dump-spec and basin run."})
final class EscapeCommand extends SpecCommand<EscapeSpec> {
    /** The --rates shortcut: which rates each optimizer of --optimizers runs at. */
    enum Rates {
        CUSTOMARY, SAME, BOTH
    }

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

    @Option(names = "--parallel", description = "Continuations run at once, each with the processors divided among them as GEMM threads;"
            + " results do not depend on it (default: the number of processors)")
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

    @Option(names = "--out", description = "Folder for config.json, escape.csv, escape-summary.csv, escape.json and survival-*.png (default: RUN/escape-ITERATION)")
    Path out;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    EscapeSpec spec() {
        Rates r;
        try {
            r = Rates.valueOf(rates.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --rates '" + rates + "'; choose customary, same or both");
        }
        Map<String, Double> custom = new LinkedHashMap<>();
        for (String o : optimizers) {
            custom.put(o, OptimizerSpec.of(o).lr());
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
        List<OptimizerSpec> arms = new ArrayList<>();
        if (r != Rates.SAME) {
            custom.forEach((o, rate) -> arms.add(OptimizerSpec.of(o, rate)));
        }
        List<String> same = r == Rates.CUSTOMARY ? List.of() : optimizers.stream().distinct().toList();
        EscapeSpec.TrainUntil until = trainUntil == null ? null
                : new EscapeSpec.TrainUntil(trainUntil, new OptimizerSpec(trainOptimizer, trainLr, null, null, null, null, null, null, null), trainMax);
        return new EscapeSpec(target, iteration, arms, same, k, cap, checkEvery, radius, lossRise, barrier, barrierPoints, barrierEvery, warmup,
                samples, batch, seed, endSharpness, predict ? new EscapeSpec.Predict(top, alpha) : null, until);
    }

    @Override
    Execution execution() {
        if (parallel != null && parallel < 1) {
            throw new IllegalArgumentException("--parallel must be >= 1, got " + parallel);
        }
        return execution(out, parallel, false);
    }

    @Override
    int execute(EscapeSpec spec, Execution ex) throws Exception {
        PrintWriter w = ex.stdout();
        ProgressMeter[] meters = new ProgressMeter[2];
        EscapeRunProtocol protocol = new EscapeRunProtocol(null, new EscapeRunProtocol.Listener() {
            @Override
            public void training(long iterations, long max, double loss, double accuracy) {
                if (meters[0] == null) {
                    meters[0] = ProgressMeter.of("train theta*", "it", max, ex.stderr(), ex.quiet());
                }
                meters[0].step(iterations, String.format(Locale.ROOT, "loss %.5f accuracy %.4f (stops at the criterion)", loss, accuracy));
            }

            @Override
            public void continuationDone(EscapeProtocol.Continuation c, int armDone, int perArm, int done, int total) {
                if (meters[1] == null) {
                    meters[1] = ProgressMeter.of("escape", "continuations", total, ex.stderr(), ex.quiet());
                }
                meters[1].step(done, String.format(Locale.ROOT, "%s %d/%d", c.arm().label(), armDone, perArm));
            }

            @Override
            public void trained(EscapeRunProtocol.Trained t, Path saved) {
                if (meters[0] != null) {
                    meters[0].close();
                    meters[0] = null;
                }
                w.printf(Locale.ROOT, "trained %d iterations with %s to %s (loss %.5f, accuracy %.4f); theta* saved to %s%n", t.iterations(),
                        t.optimizer().label(), t.criterion(), t.loss(), t.accuracy(), saved);
                w.flush();
            }

            @Override
            public void starting(EscapeRunProtocol.Setup s) {
                w.printf(Locale.ROOT, "escape from %s (iteration %d): %d continuations per arm, cap %d, batch %d, checks on %d training samples, %d at once%n",
                        s.checkpoint(), s.iteration(), s.continuations(), s.cap(), s.batch(), s.samples(), s.parallel());
                w.flush();
            }
        });
        EscapeRunProtocol.Result res;
        try {
            res = protocol.run(spec, new RunContext(ex.out(), ex.threadCount(), "escape", null));
        } finally {
            for (ProgressMeter m : meters) {
                if (m != null) {
                    m.close();
                }
            }
        }
        EscapeProtocol.Result e = res.escape();
        w.printf(Locale.ROOT, "F(theta*) = %.5f on the check samples; %.1f s%n", e.baseLoss(), e.seconds());
        w.println("criterion   arm                      left   mean exit iteration [95% CI]     median");
        for (EscapeProtocol.Summary s : e.summaries()) {
            ExitTimes.Result t = s.times();
            String cens = t.censoredCount() > 0 ? ">= " : "";
            w.printf(Locale.ROOT, "%-11s %-22s %3d/%-3d %s%8.1f [%7.1f, %7.1f]   %8.1f%n", s.criterion().key(), s.arm().label(), t.n() - t.censoredCount(), t.n(),
                    cens, t.mean(), Math.max(0, t.mean() - 1.96 * t.stderr()), t.mean() + 1.96 * t.stderr(), t.median());
        }
        for (EscapeProtocol.Ratio q : e.ratios()) {
            w.printf(Locale.ROOT, "ratio %-9s %s / %s: %s%.3f [%.3f, %.3f]%s%n", q.criterion().key(), q.num().label(), q.den().label(),
                    q.lowerBound() && !q.upperBound() ? ">= " : "", q.measured(), q.lo(), q.hi(),
                    q.lowerBound() && q.upperBound() ? " (both censored: not bounded)" : q.upperBound() ? " (denominator censored: an upper bound)" : "");
        }
        if (res.prediction() != null) {
            printPrediction(w, res.prediction());
        }
        Path dir = res.dir();
        for (ExitCriterion crit : e.criteria().active()) {
            List<Plots.Curve> curves = new ArrayList<>();
            int color = 0;
            double[] grid = new double[101];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = spec.cap() * i / 100.0;
            }
            for (EscapeProtocol.Summary s : e.summaries()) {
                if (s.criterion() == crit) {
                    curves.add(new Plots.Curve(s.arm().label(), grid, s.times().survival(grid), null, null, color++, false));
                }
            }
            Plots.write(dir.resolve("survival-" + crit.key()), "Still inside (" + crit.key() + ") after t iterations", "iteration", "fraction of continuations",
                    false, curves);
        }
        w.println("wrote " + dir.resolve("escape.csv") + ", escape-summary.csv, escape.json and survival-*.png");
        w.flush();
        return ExitCodes.OK;
    }

    private static void printPrediction(PrintWriter w, EscapeRunProtocol.Prediction p) {
        w.printf(Locale.ROOT, "prediction at theta* (alpha %.3f, basin height %.3g, top-%d subspace, lambda = %s):%n", p.alpha(), p.height(),
                p.eigenvalues().length, Arrays.toString(Arrays.stream(p.eigenvalues()).map(x -> Math.round(x * 1000) / 1000.0).toArray()));
        EscapeRunProtocol.ArmPrediction first = p.arms().get(0);
        for (EscapeRunProtocol.ArmPrediction a : p.arms()) {
            String cens = a.measuredCensored() > 0 ? ">= " : "";
            w.printf(Locale.ROOT, "  %-22s predicted %.4g iterations (axis rate %.4g); measured (%s) %s%.1f; ratio to the first: predicted %.3g, measured %s%.3g%n",
                    a.arm().label(), a.predictedIterations(), a.axisRate(), p.criterion().key(), cens, a.measuredMean(),
                    a.predictedIterations() / first.predictedIterations(), cens, a.measuredMean() / first.measuredMean());
        }
    }
}
