package dev.basin.cli;

import dev.basin.data.BatchSampler;
import dev.basin.experiment.RunContext;
import dev.basin.experiment.TrainProtocol;
import dev.basin.nn.Models;
import dev.basin.optim.LrSchedule;
import dev.basin.optim.Optimizers;
import dev.basin.spec.AlphaSpec;
import dev.basin.spec.Check;
import dev.basin.spec.LossKind;
import dev.basin.spec.ModelSpec;
import dev.basin.spec.OptimizerSpec;
import dev.basin.spec.ScheduleSpec;
import dev.basin.spec.SharpnessSpec;
import dev.basin.spec.TrainSpec;
import dev.basin.spec.TrainingSpec;
import dev.basin.train.RunDirectory;
import dev.basin.train.TrainSettings;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code basin train}: trains a network and writes a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network with SGD, momentum, ADAM or kin and write a run folder.",
                "The folder holds config.json, metrics.csv, checkpoints/*.safetensors (PyTorch nn.Sequential names) and summary.json.",
                "With no options: a 784-512-512-10 ReLU MLP, plain SGD lr 0.1, batch 100, 3000 iterations on the embedded Fashion-MNIST slice."})
final class TrainCommand extends SpecCommand<TrainSpec> {
    @picocli.CommandLine.Mixin
    DataOptions data = new DataOptions();

    @picocli.CommandLine.Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--model", defaultValue = "mlp",
            description = "Model family: mlp, alexnet (the reference code's AlexNet for small images) or lenet (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--depth",
            description = "mlp: number of Linear layers (default " + Models.DEFAULT_DEPTH + "; the paper: 9 for MNIST, 7 for CIFAR-10)")
    Integer depth;

    @Option(names = "--width", description = "mlp: hidden width (default " + Models.DEFAULT_WIDTH + "); alexnet: convolution width ch (default "
            + Models.DEFAULT_ALEXNET_CHANNELS + ")")
    Integer width;

    @Option(names = "--bias", description = "mlp: give Linear layers a bias (default: off, as in the paper; the CNNs always have biases)")
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

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue the interrupted run in RUN from its last complete checkpoint, with the"
            + " settings its config.json recorded (the other options are ignored; --threads defaults to the recorded count, which makes the"
            + " finished run bit-identical to an uninterrupted one)")
    Path resume;

    @Option(names = "--after-divergence", description = "With --resume: continue a diverged run from its last good checkpoint, with the changes"
            + " given by --set (the diverged record is kept as *.diverged-N.*)")
    boolean afterDivergence;

    @Option(names = "--set", paramLabel = "KEY.PATH=VALUE", description = "With --resume --after-divergence: change one key of the recorded spec,"
            + " e.g. optimizer.lr=0.05 (repeatable)")
    java.util.List<String> sets = new java.util.ArrayList<>();

    @Override
    Path resumeFolder() {
        if (resume == null && (afterDivergence || !sets.isEmpty())) {
            throw new IllegalArgumentException((afterDivergence ? "--after-divergence" : "--set") + " needs --resume RUN");
        }
        return resume;
    }

    @Override
    boolean afterDivergence() {
        return afterDivergence;
    }

    @Override
    java.util.List<String> resumeEdits() {
        return sets;
    }

    @Override
    dev.basin.train.Resume.Mode modeFor(Path dir) {
        return dev.basin.train.Resume.status(dir) == dev.basin.train.Resume.Status.UNFINISHED ? dev.basin.train.Resume.Mode.CONTINUE
                : dev.basin.train.Resume.Mode.NEW;
    }

    @Override
    TrainSpec spec() {
        ModelSpec m = Check.within("model", () -> new ModelSpec(model, depth, width, bias ? Boolean.TRUE : null, activation));
        OptimizerSpec o = Check.within("optimizer", () -> new OptimizerSpec(optimizer, lr, momentum, dampening, nesterov, beta1, beta2, eps,
                weightDecay));
        ScheduleSpec sc = Check.within("schedule", () -> new ScheduleSpec(schedule, milestones == null ? null
                : java.util.Arrays.stream(milestones).boxed().toList(), gamma, minLr));
        TrainingSpec t = Check.within("training", () -> new TrainingSpec(batch, iterations, evalEvery, parseTrainEval(trainEvalSamples),
                parseOrder(order), run.seed, checkpointEvery, checkpointAtStart, null));
        AlphaSpec a = alphaEvery == null ? null : Check.within("alpha", () -> new AlphaSpec(alphaEvery, alphaSets, alphaBatches, alphaPerLayer,
                alphaBatch, alphaDiagnostics, alphaCoordinates, null, alphaMemory));
        SharpnessSpec sh = sharpnessEvery == null ? null : Check.within("sharpness", () -> new SharpnessSpec(sharpnessEvery, sharpnessSamples,
                sharpnessTop, sharpnessTrace, null, null));
        return new TrainSpec(data.spec(), m, LossKind.byName(loss), o, sc, t, a, sh);
    }

    @Override
    Execution execution() {
        return execution(out, run.threads, run.quiet);
    }

    @Override
    int execute(TrainSpec spec, Execution ex) throws Exception {
        Path runDir = ex.out() != null ? ex.out() : defaultOut(spec.data().dataset(), spec.optimizer().name());
        Progress progress = Progress.create(ex.quiet(), ex.stderr(), spec.alpha() != null ? runDir : null);
        RunContext ctx = new RunContext(runDir, ex.threadCount(), "train", label -> progress);
        TrainProtocol.Result r = ex.resume() == dev.basin.train.Resume.Mode.NEW ? TrainProtocol.INSTANCE.run(spec, ctx)
                : TrainProtocol.resume(spec, ctx, ex.resume());
        RunDirectory dir = r.dir();
        if (r.train().diverged()) {
            throw new Main.Diverged("diverged at iteration " + r.train().divergedAt() + ": " + r.train().divergence()
                    + " (learning rate " + r.spec().optimizer().lr() + "); lower --lr, or continue from the last good checkpoint with"
                    + " basin train --resume " + dir.root() + " --after-divergence --set optimizer.lr=... Metrics up to then are in " + dir.metrics());
        }
        if (spec.sharpness() != null) {
            dev.basin.report.RunPlots.sharpness(new dev.basin.report.RunPlots.Run(spec.optimizer().name(), dir.root()), dir.root().resolve("sharpness"));
        }
        ex.stdout().println(progress.finalLine(r.train(), dir.root()));
        ex.stdout().flush();
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
}
