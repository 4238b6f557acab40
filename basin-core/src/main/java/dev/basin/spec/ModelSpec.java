package dev.basin.spec;

import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.numeric.OpenBlasGemm;
import java.util.Locale;

/**
 * The network: a family and its sizes. Input size and classes come from the data.
 *
 * @param family     mlp (the only family so far)
 * @param depth      number of Linear layers (default 3; the paper: 9 for MNIST, 7 for CIFAR-10)
 * @param width      hidden width (default 512)
 * @param bias       Linear layers with a bias (default false, as in the paper)
 * @param activation relu, tanh or gelu (default relu)
 */
public record ModelSpec(String family, Integer depth, Integer width, Boolean bias, String activation) {
    public static final String MLP = "mlp";

    public ModelSpec {
        family = Check.or(family, MLP).toLowerCase(Locale.ROOT);
        Check.that(family.equals(MLP), "family: unknown model '" + family + "'; choose mlp");
        depth = Check.atLeast("depth", Check.or(depth, Models.DEFAULT_DEPTH), 2);
        width = Check.atLeast("width", Check.or(width, Models.DEFAULT_WIDTH), 1);
        bias = Check.or(bias, false);
        activation = Check.or(activation, Models.DEFAULT_ACTIVATION).toLowerCase(Locale.ROOT);
        String a = activation;
        Check.that(Models.ACTIVATIONS.contains(a), "activation: unknown activation '" + a + "'; choose one of " + Models.ACTIVATIONS);
    }

    public static ModelSpec defaults() {
        return new ModelSpec(null, null, null, null, null);
    }

    /** The network for {@code features} inputs and {@code classes} outputs, PyTorch-default initialisation to be drawn by the trainer. */
    public Network build(int features, int classes) {
        return Models.mlp(features, depth, width, classes, bias, activation, OpenBlasGemm.INSTANCE);
    }
}
