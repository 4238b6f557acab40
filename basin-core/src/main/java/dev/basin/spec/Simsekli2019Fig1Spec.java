package dev.basin.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code basin reproduce simsekli2019-fig1}: the gradient-noise histogram of Şimşekli, Sagun and Gürbüzbalaban (ICML 2019),
 * Fig. 1, as Zhou et al. (2020) show it for SGD and ADAM: each arm trains the model from the same initialisation and data
 * order, then the noise of its last checkpoint (minibatch gradients minus their mean, pooled over coordinates) is
 * histogrammed with the fitted Gaussian and SαS laws (the {@code basin noise} fits).
 *
 * @param data        the data (default: the embedded Fashion-MNIST slice; the paper: CIFAR-10, e.g. dataset imagefolder with
 *                    dir the CIFAR-10 archive)
 * @param model       the network (default {@link #DEFAULT_MODEL}: the reference code's AlexNet with ch 64, the paper's model for
 *                    Fig. 1; e.g. {@code {family: mlp, depth: 7, width: 512}} for the 7×512 net of the CIFAR-10 panel)
 * @param arms        the optimizers, each with its rate (default: sgd 0.05 and adam 1e-3, the Zhou et al. rates); names must differ
 * @param batch       training minibatch, also the noise's minibatch (default 100)
 * @param iterations  training steps before the noise is measured (default 1000)
 * @param seed        run seed: initialisation and everything random (default 1)
 * @param set         the noise of the train or test set (default train)
 * @param batches     at most this many minibatches of the noise, evenly spaced over the set; 0 = all (default 100)
 * @param coordinates coordinates sampled for the per-coordinate tests, at least 1 (default 2000)
 * @param fitSamples  at most this many pooled values (evenly spaced) for the fits, at least 100 (default 20000)
 * @param bootstrap   parametric-bootstrap replicates of the fits' goodness-of-fit p-values; 0 = none (default 0)
 * @param bins        histogram bins, at least 5 (default 101)
 */
public record Simsekli2019Fig1Spec(DataSpec data, ModelSpec model, List<OptimizerSpec> arms, Integer batch, Long iterations, Long seed,
                                   SampleSet set, Integer batches, Integer coordinates, Integer fitSamples, Integer bootstrap, Integer bins)
        implements ExperimentSpec {
    /** The model when none is given: the reference code's AlexNet, width ch 64, the paper's model for Fig. 1. */
    public static final ModelSpec DEFAULT_MODEL = new ModelSpec(ModelSpec.ALEXNET, null, 64, null, null);
    public static final List<OptimizerSpec> DEFAULT_ARMS = List.of(OptimizerSpec.of("sgd", 0.05), OptimizerSpec.of("adam", 1e-3));

    public Simsekli2019Fig1Spec {
        data = Check.or(data, DataSpec.defaults());
        model = Check.or(model, DEFAULT_MODEL);
        arms = List.copyOf(Check.or(arms, DEFAULT_ARMS));
        Check.that(!arms.isEmpty(), "arms: give at least one optimizer");
        Set<String> names = new HashSet<>();
        for (OptimizerSpec a : arms) {
            Check.that(names.add(a.name()), "arms: optimizer '" + a.name() + "' appears twice; each arm is the folder of its name");
        }
        batch = Check.atLeast("batch", Check.or(batch, 100), 1);
        iterations = Check.atLeast("iterations", Check.or(iterations, 1000L), 1);
        seed = Check.or(seed, 1L);
        set = Check.or(set, SampleSet.TRAIN);
        batches = Check.atLeast("batches", Check.or(batches, 100), 0);
        coordinates = Check.atLeast("coordinates", Check.or(coordinates, NoiseSpec.DEFAULT_COORDINATES), 1);
        fitSamples = Check.atLeast("fit_samples", Check.or(fitSamples, NoiseSpec.DEFAULT_FIT_SAMPLES), dev.basin.noise.NoiseDiagnostics.MIN_FIT);
        bootstrap = Check.atLeast("bootstrap", Check.or(bootstrap, 0), 0);
        bins = Check.atLeast("bins", Check.or(bins, NoiseSpec.DEFAULT_BINS), NoiseSpec.MIN_BINS);
    }

    public static Simsekli2019Fig1Spec defaults() {
        return new Simsekli2019Fig1Spec(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
