package dev.basin.cli;

import dev.basin.data.DataSets;
import dev.basin.experiment.RunContext;
import dev.basin.experiment.Zhou2020;
import dev.basin.spec.ModelSpec;
import dev.basin.spec.OptimizerSpec;
import dev.basin.spec.Zhou2020Spec;
import dev.basin.report.RunPlots;
import dev.basin.train.MetricsRow;
import dev.basin.train.TrainListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin reproduce zhou2020}: the paper's Fig. 3 protocol, with panels and a summary table. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false, subcommands = Simsekli2019Fig1Command.class,
        description = {"Reproduce a paper's experiment: zhou2020, Fig. 3 of Zhou et al. (NeurIPS 2020); simsekli2019-fig1, the noise histogram"
                + " of Simsekli et al. (2019), Fig. 1 (see 'basin reproduce simsekli2019-fig1 --help').",
                "zhou2020 trains SGD, SGD with momentum 0.9 (the reference code's 'sgd') and ADAM on a bias-free ReLU MLP of width 512,"
                        + " batch 100, fixed data order, with the gradient-noise tail index on the train and test sets."
                        + " Writes one run folder per optimizer, alpha/accuracy panels (PNG, SVG) and summary.csv/summary.md.",
                "Scales: quick (default on the embedded data set: 5 layers, 2,000 iterations, a few minutes) and full (default on"
                        + " mnist, fashion, cifar10: 9 layers, 7 for CIFAR-10, 10^5 iterations, alpha at 0, 50, ..., 3000, then every 500)."})
final class ReproduceCommand extends SpecCommand<Zhou2020Spec> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "EXPERIMENT", description = "zhou2020 (simsekli2019-fig1 is a command of its own)")
    String experiment;

    @Option(names = "--arms", split = ",", paramLabel = "NAME[=LR]",
            description = "The optimizers compared, each with an optional rate, e.g. sgd=0.1,adam=0.0005 (default: the paper's sgd=0.05,sgdm=0.05,adam=0.001);"
                    + " other per-arm options in a spec file (basin run)")
    List<String> arms;

    @picocli.CommandLine.Mixin
    DataOptions data = new DataOptions();

    @picocli.CommandLine.Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--scale", description = "quick or full (default: quick on the embedded data set, full otherwise)")
    String scale;

    @Option(names = "--preset", description = "The paper's setting: mnist (9 layers, interpolation from iterations/2 to the end) or cifar10"
            + " (7 layers, interpolation from 150 to 1000) (default: cifar10 for --dataset cifar10 and imagefolder, mnist otherwise)")
    String preset;

    @Option(names = "--iterations", description = "Override the protocol's number of iterations")
    Long iterations;

    @Option(names = "--model", description = "Model family instead of the paper's bias-free MLP: mlp, alexnet or lenet (the spec's model key;"
            + " --depth and --width then size it as in 'basin train')")
    String model;

    @Option(names = "--depth", description = "Override the protocol's number of Linear layers (quick 5, full 9, CIFAR-10 7)")
    Integer depth;

    @Option(names = "--width", description = "Override the protocol's hidden width (512; with --model alexnet its ch, default 64)")
    Integer width;

    @Option(names = "--alpha-batches", description = "At most this many minibatches per alpha evaluation and set (default: all)")
    Integer alphaBatches;

    @Option(names = "--alpha-diagnostics", description = "Also measure the controls of the heavy tail at every alpha evaluation "
            + "(standardised alpha, per-coordinate tails and Gaussianity, fits; see basin train --help)")
    boolean alphaDiagnostics;

    @Option(names = "--alpha-batch", description = "Minibatch size of the noise; 0 = the training batch (default: 0)")
    Integer alphaBatch;

    @Option(names = "--seeds", description = "Seeds (the run seed and the next ones); the claims table needs at least 3 for a verdict (default: 1)")
    Integer seeds;

    @Option(names = "--out", description = "Output folder, which must not hold files yet (default: runs/zhou2020-<dataset>-<time>)")
    Path out;

    @Option(names = "--resume", paramLabel = "OUT", description = "Continue the interrupted reproduction in OUT with the settings its config.json"
            + " recorded: finished arms and seeds are kept, the unfinished ones continue from their last checkpoint (other options are ignored;"
            + " --threads defaults to the recorded count)")
    Path resume;

    @Override
    Path resumeFolder() {
        return resume;
    }

    @Override
    dev.basin.train.Resume.Mode modeFor(Path dir) {
        return Zhou2020.unfinished(dir) ? dev.basin.train.Resume.Mode.CONTINUE : dev.basin.train.Resume.Mode.NEW;
    }

    @Override
    Zhou2020Spec spec() {
        if (experiment == null || !experiment.equalsIgnoreCase("zhou2020")) {
            throw new IllegalArgumentException((experiment == null ? "no experiment given" : "unknown experiment '" + experiment + "'")
                    + "; choose zhou2020 or simsekli2019-fig1");
        }
        if (scale != null && !List.of("quick", "full").contains(scale.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown --scale '" + scale + "'; choose quick or full");
        }
        List<OptimizerSpec> armSpecs = null;
        if (arms != null) {
            armSpecs = new ArrayList<>();
            for (String a : arms) {
                String[] kv = a.split("=", 2);
                Double rate = null;
                if (kv.length == 2) {
                    try {
                        rate = Double.parseDouble(kv[1]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--arms takes NAME or NAME=RATE, got '" + a + "'");
                    }
                }
                armSpecs.add(new OptimizerSpec(kv[0], rate, null, null, null, null, null, null, null));
            }
        }
        ModelSpec m = model == null ? null : new ModelSpec(model, depth, width, null, null);
        return new Zhou2020Spec(data.spec(), scale, m == null ? depth : null, m == null ? width : null, null, iterations, null, alphaBatches, null,
                null, null, armSpecs, run.seed, seeds, alphaDiagnostics ? Boolean.TRUE : null, alphaBatch, preset, null, null, null, m);
    }

    @Override
    Execution execution() {
        return execution(out, run.threads, run.quiet);
    }

    @Override
    int execute(Zhou2020Spec p, Execution ex) throws Exception {
        String ds = p.data().dataset();
        Path dir = ex.out() != null ? ex.out() : Path.of("runs", "zhou2020-" + ds + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        boolean resuming = ex.resume() != dev.basin.train.Resume.Mode.NEW;
        if (!resuming) {
            dev.basin.train.RunDirectory.checkUsable(dir);
        }
        DataSets.Loaded loaded = p.data().load(p.seed());
        int seeds = p.seeds();
        PrintWriter err = ex.stderr();
        long total = p.iterations();
        // One meter over every arm of every seed: iterations done of arms x seeds x iterations, with the α evaluations' share.
        java.util.Map<String, Long> at = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Set<Path> armDirs = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ProgressMeter meter = ProgressMeter.of("reproduce", "it", total * p.arms().size() * seeds, err, ex.quiet())
                .alphaSeconds(() -> ProgressMeter.alphaSecondsIn(armDirs.toArray(Path[]::new)));
        List<Zhou2020.SeedResult> all;
        try (meter) {
            all = Zhou2020.runSeeds(p, loaded, new RunContext(dir, ex.threadCount(), "reproduce zhou2020", arm -> ex.quiet() ? new TrainListener() { } : new TrainListener() {
                @Override
                public void onStart(long iterations) {
                    armDirs.add(arm.startsWith("seed ") ? dir.resolve("seed-" + arm.split(" ")[1]).resolve(arm.split(" ")[2]) : dir.resolve(arm));
                }

                @Override
                public void onEval(MetricsRow row) {
                    at.put(arm, row.iteration());
                    meter.step(at.values().stream().mapToLong(Long::longValue).sum(), String.format(Locale.ROOT, "%s iter %d/%d test acc %.2f%%",
                            arm, row.iteration(), total, 100 * row.testAcc()));
                }

                @Override
                public void onNote(String note) {
                    err.println(arm + ": " + note);
                    err.flush();
                }
            }), resuming);
        }
        List<Zhou2020.ArmResult> results = all.get(0).arms();
        List<RunPlots.Run> runs = new ArrayList<>();
        for (Zhou2020.ArmResult r : results) {
            runs.add(new RunPlots.Run(r.arm().name() + " lr " + r.arm().lr(), dir.resolve(r.folder())));
        }
        RunPlots.alpha(runs, "raw", dir.resolve("alpha"));
        RunPlots.accuracy(runs, dir.resolve("accuracy"));
        // The smoothed noise ADAM applies: the first preconditioned arm (adam, amsgrad or adamw).
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).arm().kind().preconditioned()) {
                RunPlots.quantities(runs.get(i), "train", List.of("raw", "ema", "ema_precond"), dir.resolve("alpha-adam-smoothing"));
                break;
            }
        }
        List<dev.basin.report.Plots.Curve> interp = new ArrayList<>();
        int color = 0;
        for (Zhou2020.ArmResult r : results) {
            if (r.interpolation() != null) {
                String name = r.arm().name();
                interp.add(new dev.basin.report.Plots.Curve(name + " train", Zhou2020.BETAS,
                        java.util.Arrays.stream(r.interpolation()[0]).mapToDouble(dev.basin.curvature.Geometry.Point::loss).toArray(), null, null, color, false));
                interp.add(new dev.basin.report.Plots.Curve(name + " test", Zhou2020.BETAS,
                        java.util.Arrays.stream(r.interpolation()[1]).mapToDouble(dev.basin.curvature.Geometry.Point::loss).toArray(), null, null, color, true));
            }
            color++;
        }
        dev.basin.report.Plots.write(dir.resolve("interpolation"), "Loss along (1 - beta) theta(t1) + beta theta(t2), t1 = " + p.interpolationT1()
                + ", t2 = " + p.interpolationT2(), "beta", "loss", false, interp);
        List<dev.basin.experiment.Claims.Row> claims = dev.basin.experiment.Zhou2020.claims(dir, all);
        dev.basin.report.Plots.intervals(dir.resolve("claims"), "The paper's claims over " + seeds + " seed" + (seeds == 1 ? "" : "s")
                        + ": mean and 95% interval (claimed side > 0)", "effect (units per row: see claims.csv)",
                claims.stream().map(r -> "(" + r.id() + ") " + r.claim() + (r.sgdArm().equals("-") ? "" : " [" + r.sgdArm() + "]") + ": " + r.verdict().label()).toList(),
                claims.stream().mapToDouble(dev.basin.experiment.Claims.Row::estimate).toArray(),
                claims.stream().mapToDouble(r -> (r.hi() - r.lo()) / 2).toArray());
        PrintWriter o = ex.stdout();
        o.println(Files.readString(all.get(0).folder().resolve("summary.md")).strip());
        o.println();
        o.println("claims (" + seeds + " seed" + (seeds == 1 ? "" : "s") + "):");
        o.println(Files.readString(dir.resolve("claims.md")).strip());
        o.println("panels: " + dir.resolve("alpha.png") + ", " + dir.resolve("accuracy.png") + ", " + dir.resolve("alpha-adam-smoothing.png")
                + ", " + dir.resolve("interpolation.png") + ", " + dir.resolve("claims.png") + " (and .svg); tables: " + all.get(0).folder().resolve("summary.csv") + ", " + dir.resolve("claims.csv"));
        o.flush();
        return ExitCodes.OK;
    }
}
