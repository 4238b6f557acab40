package dev.basin.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.Version;
import dev.basin.data.BatchSampler;
import dev.basin.data.DataSets;
import dev.basin.nn.Loss;
import dev.basin.nn.MeanSquaredError;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.nn.SoftmaxCrossEntropy;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.optim.LrSchedule;
import dev.basin.optim.OptimizerConfig;
import dev.basin.optim.Optimizers;
import dev.basin.curvature.SharpnessProbe;
import dev.basin.noise.AlphaProbe;
import dev.basin.train.IterationSchedule;
import dev.basin.train.Json;
import dev.basin.train.RunConfig;
import dev.basin.train.Probe;
import dev.basin.train.RunDirectory;
import dev.basin.train.TrainResult;
import dev.basin.train.TrainSettings;
import dev.basin.train.Trainer;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code basin train}: trains a network and writes a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network with SGD, momentum, ADAM or kin and write a run folder.",
                "The folder holds config.json, metrics.csv, checkpoints/*.safetensors (PyTorch nn.Sequential names) and summary.json.",
                "With no options: a 784-512-512-10 ReLU MLP, plain SGD lr 0.1, batch 100, 3000 iterations on the embedded Fashion-MNIST slice."})
final class TrainCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin
    DataOptions data = new DataOptions();

    @picocli.CommandLine.Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--model", defaultValue = "mlp", description = "Model family: mlp (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--depth", defaultValue = "" + Models.DEFAULT_DEPTH,
            description = "Number of Linear layers (default: ${DEFAULT-VALUE}; the paper: 9 for MNIST, 7 for CIFAR-10)")
    int depth;

    @Option(names = "--width", defaultValue = "" + Models.DEFAULT_WIDTH, description = "Hidden width (default: ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--bias", description = "Give Linear layers a bias (default: off, as in the paper)")
    boolean bias;

    @Option(names = "--activation", defaultValue = Models.DEFAULT_ACTIVATION, description = "relu, tanh or gelu (default: ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--loss", defaultValue = "ce", description = "ce (softmax cross-entropy) or mse (default: ${DEFAULT-VALUE})")
    String loss;

    @Option(names = "--optimizer", defaultValue = Optimizers.DEFAULT,
            description = "sgd (plain), sgdm (momentum), adam, amsgrad, adamw, rmsprop, adagrad (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--lr", description = "Learning rate (default per optimizer: sgd 0.1, sgdm 0.05, adam/amsgrad/adamw 1e-3, rmsprop/adagrad 1e-2)")
    Double lr;

    @Option(names = "--momentum", description = "sgdm: momentum μ (default 0.9)")
    Double momentum;

    @Option(names = "--dampening", description = "sgdm: dampening (default 0)")
    Double dampening;

    @Option(names = "--nesterov", description = "sgdm: Nesterov momentum")
    Boolean nesterov;

    @Option(names = "--beta1", description = "adam family: β1 (default 0.9)")
    Double beta1;

    @Option(names = "--beta2", description = "adam family: β2 (default 0.999)")
    Double beta2;

    @Option(names = "--eps", description = "ε of adaptive optimizers (default: adam 1e-8, rmsprop 1e-8, adagrad 1e-10)")
    Double eps;

    @Option(names = "--weight-decay", description = "Weight decay λ: decoupled for adamw (default 0.01), coupled (g + λθ) otherwise (default 0)")
    Double weightDecay;

    @Option(names = "--schedule", defaultValue = "constant", description = "constant, multistep or cosine (default: ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--milestones", split = ",", description = "multistep: iterations where the rate is multiplied by --lr-gamma (default: 1/3 and 2/3 of the run)")
    long[] milestones;

    @Option(names = "--lr-gamma", defaultValue = "" + LrSchedule.DEFAULT_GAMMA, description = "multistep factor (default: ${DEFAULT-VALUE})")
    double gamma;

    @Option(names = "--min-lr", defaultValue = "0", description = "cosine: final learning rate (default: ${DEFAULT-VALUE})")
    double minLr;

    @Option(names = "--batch", defaultValue = "" + TrainSettings.DEFAULT_BATCH, description = "Minibatch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--iterations", defaultValue = "" + TrainSettings.DEFAULT_ITERATIONS, description = "Optimizer steps (default: ${DEFAULT-VALUE})")
    long iterations;

    @Option(names = "--eval-every", defaultValue = "" + TrainSettings.DEFAULT_EVAL_EVERY,
            description = "Evaluate train/test loss and accuracy every N steps (default: ${DEFAULT-VALUE})")
    long evalEvery;

    @Option(names = "--train-eval-samples", defaultValue = "" + TrainSettings.DEFAULT_TRAIN_EVAL_SAMPLES,
            description = "Train samples (first N) evaluated per metrics row; 'all' for the whole set, 0 to skip (default: ${DEFAULT-VALUE})")
    String trainEvalSamples;

    @Option(names = "--order", defaultValue = "shuffle",
            description = "Data order: shuffle (seeded, per epoch) or fixed (data-set order, as the paper's reference loaders) (default: ${DEFAULT-VALUE})")
    String order;

    @Option(names = "--checkpoint-every", defaultValue = "0", description = "Save a checkpoint every N steps; 0 = only at the end (default: ${DEFAULT-VALUE})")
    long checkpointEvery;

    @Option(names = "--checkpoint-at-start", description = "Also save a checkpoint at iteration 0")
    boolean checkpointAtStart;

    @Option(names = "--alpha-every", description = "Measure the gradient-noise tail index α on this schedule into alpha.csv: "
            + "N (every N), STEP:UNTIL,...,STEP (e.g. 50:3000,500), paper (= 50:3000,500) or at:I,J,... (default: off)")
    String alphaEvery;

    @Option(names = "--alpha-sets", defaultValue = "both", description = "Sets the noise is sampled on: train, test or both (default: ${DEFAULT-VALUE})")
    String alphaSets;

    @Option(names = "--alpha-batches", defaultValue = "0", description = "At most this many minibatches per α evaluation and set, evenly spaced; 0 = all (default: ${DEFAULT-VALUE})")
    int alphaBatches;

    @Option(names = "--alpha-per-layer", description = "Also estimate α for each parameter tensor separately")
    boolean alphaPerLayer;

    @Option(names = "--alpha-diagnostics", description = "Also measure the controls of the heavy tail: standardised α, the per-coordinate "
            + "tail and Gaussianity along the minibatch axis, and SαS/Gaussian/Student-t fits (columns in alpha.csv, alpha-coordinates.csv)")
    boolean alphaDiagnostics;

    @Option(names = "--alpha-batch", defaultValue = "0", description = "Minibatch size of the noise, when it should differ from the training "
            + "batch; 0 = the training batch (default: ${DEFAULT-VALUE})")
    int alphaBatch;

    @Option(names = "--alpha-coordinates", defaultValue = "2000", description = "Coordinates sampled for the per-coordinate tests of "
            + "--alpha-diagnostics (default: ${DEFAULT-VALUE})")
    int alphaCoordinates;

    @Option(names = "--alpha-memory", description = "Memory budget in MiB for holding the P×d gradients of an α evaluation (one gradient pass "
            + "instead of two); 0 = always recompute (default: 3/4 of the JVM's free direct memory)")
    Long alphaMemory;

    @Option(names = "--sharpness-every", description = "Record the Hessian's largest eigenvalue (Lanczos) on this schedule into sharpness.csv; "
            + "same SPEC forms as --alpha-every (default: off)")
    String sharpnessEvery;

    @Option(names = "--sharpness-samples", defaultValue = "1000", description = "Training samples (first in data-set order) for the sharpness (default: ${DEFAULT-VALUE})")
    int sharpnessSamples;

    @Option(names = "--sharpness-top", defaultValue = "1", description = "Top eigenvalues recorded (default: ${DEFAULT-VALUE})")
    int sharpnessTop;

    @Option(names = "--sharpness-trace", defaultValue = "0", description = "Also the trace with this many Hutch++ products; 0 = off (default: ${DEFAULT-VALUE})")
    int sharpnessTrace;

    @Option(names = "--out", description = "Run folder, which must not hold files yet (default: runs/<dataset>-<optimizer>-<time>)")
    Path out;

    @Override
    public Integer call() throws Exception {
        // 1. Everything that can be checked without data, so bad options fail before any work.
        String opt = optimizer.toLowerCase(Locale.ROOT);
        OptimizerConfig optConfig = Optimizers.configure(opt,
                new Optimizers.Options(momentum, dampening, nesterov, beta1, beta2, eps, weightDecay));
        double rate = lr != null ? lr : Optimizers.defaultLearningRate(opt);
        LrSchedule sched = LrSchedule.byName(schedule, rate, iterations, gamma, milestones, minLr);
        int nThreads = run.threads();
        TrainSettings settings = new TrainSettings(batch, iterations, evalEvery, parseTrainEval(trainEvalSamples), parseOrder(order),
                run.seed, nThreads, checkpointEvery, checkpointAtStart, TrainSettings.DEFAULT_EVAL_BATCH);
        Loss lossFn = switch (loss.toLowerCase(Locale.ROOT)) {
            case "ce", "cross-entropy" -> SoftmaxCrossEntropy.INSTANCE;
            case "mse" -> MeanSquaredError.INSTANCE;
            default -> throw new IllegalArgumentException("unknown loss '" + loss + "'; choose ce or mse");
        };
        if (!model.equalsIgnoreCase("mlp")) {
            throw new IllegalArgumentException("unknown model '" + model + "'; choose mlp");
        }
        Models.activation(activation, 1);
        AlphaProbe alphaProbe = alphaEvery == null ? null
                : new AlphaProbe(new AlphaProbe.Settings(IterationSchedule.parse(alphaEvery), alphaSets, alphaBatches, alphaPerLayer,
                        alphaBatch, alphaDiagnostics, alphaCoordinates, memoryBudget(alphaMemory)));
        SharpnessProbe sharpnessProbe = sharpnessEvery == null ? null
                : new SharpnessProbe(IterationSchedule.parse(sharpnessEvery), sharpnessSamples, sharpnessTop, sharpnessTrace, 1e-3, 500, run.seed);
        if (sharpnessEvery != null && sharpnessTrace != 0 && sharpnessTrace < 6) {
            throw new IllegalArgumentException("--sharpness-trace needs at least 6 Hutch++ products (or 0 for none), got " + sharpnessTrace);
        }
        Path runDir = out != null ? out : defaultOut(data.name(), opt);
        RunDirectory.checkUsable(runDir);

        // 2. Data (missing or corrupt files end here, before the run folder exists).
        DataSets.Loaded loaded = data.load(run.seed);
        Network net = Models.mlp(loaded.train().featureSize(), depth, width, loaded.train().classes(), bias, activation,
                OpenBlasGemm.INSTANCE);
        if (batch > loaded.train().size()) {
            throw new IllegalArgumentException("batch " + batch + " is larger than the training set (" + loaded.train().size() + " samples)");
        }
        if (alphaProbe != null) {
            alphaProbe.check(loaded.train(), loaded.test(), batch);
        }

        // 3. The run.
        RunDirectory dir = RunDirectory.create(runDir);
        Json.write(dir.config(), config(loaded, net, optConfig, rate, sched, settings, lossFn));
        Progress progress = Progress.create(run.quiet, spec.commandLine().getErr());
        List<Probe> probes = new java.util.ArrayList<>();
        if (alphaProbe != null) {
            probes.add(alphaProbe);
        }
        if (sharpnessProbe != null) {
            probes.add(sharpnessProbe);
        }
        Trainer trainer = new Trainer(net, lossFn, optConfig, sched, loaded.train(), loaded.test(), settings, probes, progress);
        Map<String, String> meta = Map.of("basin_version", Version.get(), "model", net.describe(), "seed", Long.toString(run.seed));
        TrainResult r = trainer.run(dir, meta);
        if (r.diverged()) {
            throw new Main.Diverged("diverged at iteration " + r.divergedAt() + ": the training loss became NaN or infinite"
                    + " (learning rate " + rate + "); lower --lr. Metrics up to then are in " + dir.metrics());
        }
        if (sharpnessProbe != null) {
            dev.basin.report.RunPlots.sharpness(new dev.basin.report.RunPlots.Run(opt, dir.root()), dir.root().resolve("sharpness"));
        }
        spec.commandLine().getOut().println(progress.finalLine(r, dir.root()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    static int parseTrainEval(String s) {
        if (s.equalsIgnoreCase("all")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(s);
            if (n < 0) {
                throw new IllegalArgumentException("--train-eval-samples must be >= 0 or 'all', got " + s);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--train-eval-samples must be a number or 'all', got '" + s + "'");
        }
    }

    static BatchSampler.Order parseOrder(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "shuffle":
                return BatchSampler.Order.SHUFFLE;
            case "fixed":
                return BatchSampler.Order.FIXED;
            default:
                throw new IllegalArgumentException("unknown --order '" + s + "'; choose shuffle or fixed");
        }
    }

    private static Path defaultOut(String dataset, String opt) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", dataset.toLowerCase(Locale.ROOT) + "-" + opt + "-" + stamp);
    }

    private ObjectNode config(DataSets.Loaded loaded, Network net, OptimizerConfig optConfig, double rate, LrSchedule sched,
                              TrainSettings settings, Loss lossFn) {
        ObjectNode c = Json.object();
        c.put("basin_version", Version.get());
        c.put("command", "train");
        c.put("created", java.time.OffsetDateTime.now().toString());
        RunConfig.putData(c, data.name(), loaded);
        RunConfig.putModel(c, net, depth, width, bias, activation);
        c.put("loss", lossFn.name());
        ObjectNode o = c.putObject("optimizer");
        o.put("name", optConfig.name());
        o.put("lr", rate);
        o.put("schedule", sched.describe());
        o.set("config", Json.MAPPER.valueToTree(optConfig));
        o.put("config_type", optConfig.getClass().getName());
        c.set("settings", Json.MAPPER.valueToTree(settings));
        if (alphaEvery != null) {
            ObjectNode a = c.putObject("alpha");
            a.put("schedule", alphaEvery);
            a.put("sets", alphaSets.toLowerCase(Locale.ROOT));
            a.put("batches", alphaBatches == 0 ? "all" : Integer.toString(alphaBatches));
            a.put("per_layer", alphaPerLayer);
            a.put("noise_batch", alphaBatch == 0 ? batch : alphaBatch);
            a.put("diagnostics", alphaDiagnostics);
            if (alphaDiagnostics) {
                a.put("coordinates", alphaCoordinates);
            }
            a.put("estimator", "Mohammadi et al. 2015 as the reference code (pooled row-major, K1 = largest divisor of N <= sqrt(N),"
                    + " trailing scalars dropped when that K1 < sqrt(N)/2); also block order statistics and Hill; batch-means standard errors");
        }
        long[] seeds = Trainer.derivedSeeds(settings.seed());
        ObjectNode s = c.putObject("seeds");
        s.put("run", settings.seed());
        s.put("init", seeds[0]);
        s.put("data_order", seeds[1]);
        ObjectNode e = c.putObject("environment");
        e.put("gemm", net.gemm().name());
        e.put("openblas_threads", settings.threads());
        e.put("java", System.getProperty("java.version"));
        e.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        e.put("processors", Runtime.getRuntime().availableProcessors());
        return c;
    }

    /** --alpha-memory in MiB as bytes (−1: automatic). */
    static long memoryBudget(Long mib) {
        if (mib == null) {
            return -1;
        }
        if (mib < 0) {
            throw new IllegalArgumentException("--alpha-memory must be >= 0 MiB, got " + mib);
        }
        return mib * (1L << 20);
    }
}
