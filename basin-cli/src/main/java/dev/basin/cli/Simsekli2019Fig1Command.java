package dev.basin.cli;

import dev.basin.experiment.RunContext;
import dev.basin.experiment.Simsekli2019Fig1;
import dev.basin.noise.FitHistogram;
import dev.basin.report.NoisePlots;
import dev.basin.spec.ModelSpec;
import dev.basin.spec.OptimizerSpec;
import dev.basin.spec.SampleSet;
import dev.basin.spec.Simsekli2019Fig1Spec;
import dev.basin.train.MetricsRow;
import dev.basin.train.TrainListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code basin reproduce simsekli2019-fig1}: the gradient-noise histogram with fitted Gaussian and SαS laws, for SGD and ADAM. */
@Command(name = "simsekli2019-fig1", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fig. 1 of Simsekli et al. (ICML 2019), as Zhou et al. (2020) show it for SGD and ADAM: the histogram of the gradient noise"
                + " with the fitted Gaussian and SaS laws.",
                "Trains the model once per optimizer (same initialisation, fixed data order, constant rate) into OUT/<optimizer>, measures the"
                        + " noise of the last checkpoint as 'basin noise' does (OUT/<optimizer>/noise), and writes OUT/fig1.csv and the panels"
                        + " OUT/fig1-<optimizer>.png/svg. The paper's setting: AlexNet on CIFAR-10 (--dataset imagefolder --data-dir the CIFAR-10 zip)."})
final class Simsekli2019Fig1Command extends SpecCommand<Simsekli2019Fig1Spec> {
    @Option(names = "--arms", split = ",", paramLabel = "NAME[=LR]",
            description = "The optimizers, each with an optional rate (default: sgd=0.05,adam=0.001)")
    List<String> arms;

    @picocli.CommandLine.Mixin
    DataOptions data = new DataOptions();

    @picocli.CommandLine.Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--model", description = "Model family: alexnet, lenet or mlp (default: alexnet, the paper's model for Fig. 1)")
    String model;

    @Option(names = "--depth", description = "Number of Linear layers of an mlp; without --model it means --model mlp (default: 3; the CIFAR-10"
            + " panel's net: 7)")
    Integer depth;

    @Option(names = "--width", description = "Width ch of the alexnet (default: 64), hidden width of an mlp (default: 512)")
    Integer width;

    @Option(names = "--batch", description = "Training and noise minibatch (default: 100)")
    Integer batch;

    @Option(names = "--iterations", description = "Training steps before the noise is measured (default: 1000)")
    Long iterations;

    @Option(names = "--set", description = "The noise of the train or test set (default: train)")
    String set;

    @Option(names = "--alpha-batches", description = "At most this many minibatches of the noise, evenly spaced; 0 = all (default: 100)")
    Integer batches;

    @Option(names = "--coordinates", description = "Coordinates sampled for the per-coordinate tests (default: 2000)")
    Integer coordinates;

    @Option(names = "--fit-samples", description = "At most this many pooled values for the fits and the histogram (default: 20000)")
    Integer fitSamples;

    @Option(names = "--bootstrap", description = "Bootstrap replicates of the fits' p-values; 0 = none (default: 0)")
    Integer bootstrap;

    @Option(names = "--bins", description = "Histogram bins (default: 101)")
    Integer bins;

    @Option(names = "--out", description = "Output folder, which must not hold files yet (default: runs/simsekli2019-fig1-<dataset>-<time>)")
    Path out;

    @Override
    Simsekli2019Fig1Spec spec() {
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
        ModelSpec m = model == null && depth == null && width == null ? null
                : new ModelSpec(model != null ? model : depth != null ? ModelSpec.MLP : Simsekli2019Fig1Spec.DEFAULT_MODEL.family(), depth, width, null, null);
        return new Simsekli2019Fig1Spec(data.spec(), m, armSpecs, batch, iterations, run.seed, set == null ? null : SampleSet.byName(set), batches,
                coordinates, fitSamples, bootstrap, bins);
    }

    @Override
    Execution execution() {
        return execution(out, run.threads, run.quiet);
    }

    @Override
    int execute(Simsekli2019Fig1Spec p, Execution ex) throws Exception {
        Path dir = ex.out() != null ? ex.out() : Path.of("runs", "simsekli2019-fig1-" + p.data().dataset() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        dev.basin.train.RunDirectory.checkUsable(dir);
        PrintWriter err = ex.stderr();
        long total = p.iterations();
        Simsekli2019Fig1.Result r = Simsekli2019Fig1.INSTANCE.run(p, new RunContext(dir, ex.threadCount(), "reproduce simsekli2019-fig1",
                arm -> ex.quiet() ? new TrainListener() { } : new TrainListener() {
                    private final long start = System.nanoTime();

                    @Override
                    public void onEval(MetricsRow row) {
                        err.println(String.format(Locale.ROOT, "%-5s iter %d/%d  test acc %.2f%%  train loss %.4f  %.0f s", arm, row.iteration(), total,
                                100 * row.testAcc(), row.trainLoss(), (System.nanoTime() - start) / 1e9));
                        err.flush();
                    }
                }));
        PrintWriter o = ex.stdout();
        List<String> diverged = new ArrayList<>();
        for (Simsekli2019Fig1.ArmResult a : r.arms()) {
            String name = a.arm().name();
            if (a.noise() == null) {
                diverged.add(name);
                continue;
            }
            var fits = a.noise().diagnostics().fits();
            o.printf(Locale.ROOT, "%s (lr %s), iteration %d, %s set: reference alpha %.3f +/- %.3f%n", name, a.arm().lr(), a.noise().iteration(),
                    p.set().key(), a.noise().raw().mohammadi().alpha(), a.noise().raw().mohammadi().stderr());
            if (fits != null) {
                FitHistogram h = fits.histogram(p.bins());
                List<FitHistogram.Overlay> kept = h.overlays().stream().filter(ov -> ov.family().equals("gaussian") || ov.family().equals("stable")).toList();
                FitHistogram fig = new FitHistogram(h.edges(), h.counts(), h.below(), h.above(), h.n(), kept);
                NoisePlots.histogram(dir.resolve("fig1-" + name), String.format(Locale.ROOT, "Gradient noise of %s after %d iterations (%s set, %d values)",
                        name, a.noise().iteration(), p.set().key(), fits.n()), fig);
                for (String line : fits.lines()) {
                    o.println("  " + line);
                }
            }
        }
        o.println("wrote " + dir.resolve(Simsekli2019Fig1.Row.FILE) + " and the panels " + dir.resolve("fig1-<optimizer>.png") + " (and .svg)");
        o.flush();
        if (!diverged.isEmpty()) {
            throw new Main.Diverged("the " + String.join(", ", diverged) + " arm" + (diverged.size() == 1 ? "" : "s")
                    + " diverged (training loss NaN or infinite): no noise to show; lower the rate (--arms NAME=RATE)");
        }
        return ExitCodes.OK;
    }
}
