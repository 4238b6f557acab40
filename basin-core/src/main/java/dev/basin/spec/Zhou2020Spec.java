package dev.basin.spec;

import dev.basin.train.IterationSchedule;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code basin reproduce zhou2020}: the protocol of Zhou et al. (2020), Fig. 3. Bias-free ReLU MLPs trained
 * with fixed data order and a constant rate by each arm, with the gradient-noise tail index on the train and
 * test sets; then sharpness, interpolation, escaping sets and escape at the end, over {@code seeds} seeds, and
 * the claims table. Keys left out take the values of the scale.
 *
 * @param scale            quick (default on the embedded and synthetic data: 5 layers, 2,000 iterations, α every 50 to 500, then
 *                         every 250) or full (default otherwise: 9 layers, 7 on CIFAR-10, 10^5 iterations, α on the paper's schedule)
 * @param arms             the optimizers compared, each with its rate and options (default: the paper's sgd 0.05, sgdm 0.05, adam 1e-3);
 *                         names must differ (each arm is the folder of that name)
 * @param earlyWindow      α is averaged over the evaluations at iterations 1..early_window
 * @param seeds            seeds seed, seed + 1, ...; the claims table needs at least 3 for a verdict (default 1)
 * @param alphaBatch       minibatch size of the noise; 0 = the training batch (default 0)
 * @param preset           the paper's setting for its data set: mnist (9 layers at the full scale; interpolation between
 *                         iterations/2 and the end) or cifar10 (7 layers; interpolation between t1 = 150 and t2 = 1000, the
 *                         paper's Fig. 3(b), when the run has 1,000 iterations). Default cifar10 for the cifar10 and
 *                         imagefolder data sets, mnist otherwise
 * @param interpolationT1  the interpolation's start θ(t1) (default: the preset's)
 * @param interpolationT2  the interpolation's end θ(t2), at most iterations (default: the preset's)
 * @param escapeContinuations continuations of claim (iv)'s escape from each seed's sharpest final minimum; 0 = no escape measurement
 *                         (absent: {@value #DEFAULT_ESCAPE_CONTINUATIONS}, and the key is not written, so older specs read and write as before)
 * @param model            the network of every arm, e.g. {@code {family: lenet}} or {@code {family: alexnet, width: 64}}; then depth and width
 *                         are left out (they belong to the model). Absent: the paper's bias-free ReLU MLP of depth × width, and the key is
 *                         not written, so older specs read and write as before
 */
public record Zhou2020Spec(DataSpec data, String scale, Integer depth, Integer width, Integer batch, Long iterations, String alphaSchedule,
                           Integer alphaBatches, Long evalEvery, Integer trainEvalSamples, Long earlyWindow, List<OptimizerSpec> arms, Long seed,
                           Integer seeds, Boolean alphaDiagnostics, Integer alphaBatch, String preset, Long interpolationT1,
                           Long interpolationT2, Integer escapeContinuations, ModelSpec model) implements ExperimentSpec {
    public static final int DEFAULT_ESCAPE_CONTINUATIONS = 4;
    public static final String QUICK = "quick";
    public static final String FULL = "full";
    public static final String MNIST = "mnist";
    public static final String CIFAR10 = "cifar10";
    /** The paper's learning rates: the reference code's 0.05 for SGD and SGD-momentum, ADAM's default 1e-3. */
    public static final List<OptimizerSpec> PAPER_ARMS = List.of(OptimizerSpec.of("sgd", 0.05), OptimizerSpec.of("sgdm", 0.05),
            OptimizerSpec.of("adam", 1e-3));

    public Zhou2020Spec {
        data = Check.or(data, DataSpec.defaults());
        boolean small = data.dataset().equals("embedded") || data.dataset().equals(DataSpec.SYNTHETIC);
        scale = Check.or(scale, small ? QUICK : FULL).toLowerCase(Locale.ROOT);
        boolean quick = scale.equals(QUICK);
        Check.that(quick || scale.equals(FULL), "scale: unknown scale '" + scale + "'; choose quick or full");
        boolean images = data.dataset().equals("cifar10") || data.dataset().equals(DataSpec.IMAGEFOLDER);
        preset = Check.or(preset, images ? CIFAR10 : MNIST).toLowerCase(Locale.ROOT);
        Check.that(preset.equals(MNIST) || preset.equals(CIFAR10), "preset: unknown preset '" + preset + "'; choose mnist or cifar10");
        boolean cifar = preset.equals(CIFAR10);
        if (model == null) {
            depth = Check.atLeast("depth", Check.or(depth, quick ? 5 : cifar ? 7 : 9), 2);
            width = Check.atLeast("width", Check.or(width, 512), 1);
        } else {
            Check.that(depth == null, "depth: the model key gives the network; put depth inside model (model.depth) or leave model out");
            Check.that(width == null, "width: the model key gives the network; put width inside model (model.width) or leave model out");
        }
        batch = Check.atLeast("batch", Check.or(batch, 100), 1);
        long defaultIterations = quick ? 2000 : 100_000;
        iterations = Check.atLeast("iterations", Check.or(iterations, defaultIterations), 1);
        alphaSchedule = Check.or(alphaSchedule, quick ? "50:500,250" : IterationSchedule.PAPER);
        String as = alphaSchedule;
        Check.parsed("alpha_schedule", () -> IterationSchedule.parse(as));
        alphaBatches = Check.atLeast("alpha_batches", Check.or(alphaBatches, 0), 0);
        evalEvery = Check.atLeast("eval_every", Check.or(evalEvery, quick ? 100L : 500L), 1);
        trainEvalSamples = Check.atLeast("train_eval_samples", Check.or(trainEvalSamples, quick ? -1 : 10_000), -1);
        earlyWindow = Check.atLeast("early_window", Check.or(earlyWindow, Math.min(quick ? 500L : 3000L, iterations)), 1);
        arms = List.copyOf(Check.or(arms, PAPER_ARMS));
        Check.that(!arms.isEmpty(), "arms: give at least one optimizer");
        Set<String> names = new HashSet<>();
        for (OptimizerSpec a : arms) {
            Check.that(names.add(a.name()), "arms: optimizer '" + a.name() + "' appears twice; each arm is the folder of its name (sweep rates with one spec per rate)");
        }
        seed = Check.or(seed, 1L);
        seeds = Check.atLeast("seeds", Check.or(seeds, 1), 1);
        alphaDiagnostics = Check.or(alphaDiagnostics, false);
        alphaBatch = Check.or(alphaBatch, 0);
        Check.that(alphaBatch >= 0, "alpha_batch must be >= 1 (or 0 for the training batch), got " + alphaBatch);
        boolean paperPair = cifar && iterations >= CIFAR_T2;
        interpolationT2 = Check.or(interpolationT2, paperPair ? CIFAR_T2 : iterations);
        interpolationT1 = Check.or(interpolationT1, paperPair ? CIFAR_T1 : Math.max(interpolationT2 / 2, 1));
        Check.that(interpolationT2 >= 1 && interpolationT2 <= iterations, "interpolation_t2 must be in 1.." + iterations + " (iterations), got " + interpolationT2);
        Check.that(interpolationT1 >= 0 && interpolationT1 <= interpolationT2, "interpolation_t1 must be in 0.." + interpolationT2 + " (interpolation_t2), got " + interpolationT1);
        Check.that(escapeContinuations == null || escapeContinuations == 0 || escapeContinuations >= 2,
                "escape_continuations must be 0 (no escape measurement) or at least 2 (a mean and its interval), got " + escapeContinuations);
    }

    /** The network of every arm: {@code model}, or the paper's bias-free ReLU MLP of depth × width when it is absent. */
    public ModelSpec network() {
        return model != null ? model : new ModelSpec(ModelSpec.MLP, depth, width, false, "relu");
    }

    /** The continuations of claim (iv)'s escape (the default when absent). */
    public int continuations() {
        return escapeContinuations == null ? DEFAULT_ESCAPE_CONTINUATIONS : escapeContinuations;
    }

    /** The paper's CIFAR-10 interpolation pair (Fig. 3(b)). */
    public static final long CIFAR_T1 = 150;
    public static final long CIFAR_T2 = 1000;

    /** The spec without the preset and interpolation keys (their defaults follow the data set). */
    public Zhou2020Spec(DataSpec data, String scale, Integer depth, Integer width, Integer batch, Long iterations, String alphaSchedule,
                        Integer alphaBatches, Long evalEvery, Integer trainEvalSamples, Long earlyWindow, List<OptimizerSpec> arms, Long seed,
                        Integer seeds, Boolean alphaDiagnostics, Integer alphaBatch) {
        this(data, scale, depth, width, batch, iterations, alphaSchedule, alphaBatches, evalEvery, trainEvalSamples, earlyWindow, arms, seed,
                seeds, alphaDiagnostics, alphaBatch, null, null, null, null, null);
    }

    /** The spec without the model key (the paper's MLP of depth × width). */
    public Zhou2020Spec(DataSpec data, String scale, Integer depth, Integer width, Integer batch, Long iterations, String alphaSchedule,
                        Integer alphaBatches, Long evalEvery, Integer trainEvalSamples, Long earlyWindow, List<OptimizerSpec> arms, Long seed,
                        Integer seeds, Boolean alphaDiagnostics, Integer alphaBatch, String preset, Long interpolationT1, Long interpolationT2,
                        Integer escapeContinuations) {
        this(data, scale, depth, width, batch, iterations, alphaSchedule, alphaBatches, evalEvery, trainEvalSamples, earlyWindow, arms, seed,
                seeds, alphaDiagnostics, alphaBatch, preset, interpolationT1, interpolationT2, escapeContinuations, null);
    }

    /** The quick scale on the embedded data. */
    public static Zhou2020Spec quick() {
        return new Zhou2020Spec(null, QUICK, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The full scale with {@code depth} layers on the embedded data (a test's shortcut). */
    public static Zhou2020Spec full(int depth) {
        return new Zhou2020Spec(null, FULL, depth, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public Zhou2020Spec withIterations(long n) {
        return new Zhou2020Spec(data, scale, depth, width, batch, n, alphaSchedule, alphaBatches, evalEvery, trainEvalSamples,
                Math.min(earlyWindow, n), arms, seed, seeds, alphaDiagnostics, alphaBatch, preset, null, null, escapeContinuations, model);
    }

    public Zhou2020Spec withSeed(long s) {
        return new Zhou2020Spec(data, scale, depth, width, batch, iterations, alphaSchedule, alphaBatches, evalEvery, trainEvalSamples, earlyWindow,
                arms, s, seeds, alphaDiagnostics, alphaBatch, preset, interpolationT1, interpolationT2, escapeContinuations, model);
    }

    public Zhou2020Spec withSeeds(int n) {
        return new Zhou2020Spec(data, scale, depth, width, batch, iterations, alphaSchedule, alphaBatches, evalEvery, trainEvalSamples, earlyWindow,
                arms, seed, n, alphaDiagnostics, alphaBatch, preset, interpolationT1, interpolationT2, escapeContinuations, model);
    }

    public Zhou2020Spec withData(DataSpec d) {
        return new Zhou2020Spec(d, scale, depth, width, batch, iterations, alphaSchedule, alphaBatches, evalEvery, trainEvalSamples, earlyWindow,
                arms, seed, seeds, alphaDiagnostics, alphaBatch, preset, interpolationT1, interpolationT2, escapeContinuations, model);
    }
}
