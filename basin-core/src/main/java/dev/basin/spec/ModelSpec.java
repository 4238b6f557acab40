package dev.basin.spec;

import dev.basin.data.Dataset;
import dev.basin.nn.ImageShape;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.numeric.OpenBlasGemm;
import java.util.List;
import java.util.Locale;

/**
 * The network: a family and its sizes. Input size (and, for the convolutional families, the image shape) and
 * classes come from the data.
 *
 * @param family     mlp (default), alexnet (the reference code's AlexNet for small images) or lenet (a LeNet-5-style CNN)
 * @param depth      mlp: number of Linear layers (default 3; the paper: 9 for MNIST, 7 for CIFAR-10); not for the CNNs
 * @param width      mlp: hidden width (default 512); alexnet: the convolutions' width ch (default 64); not for lenet
 * @param bias       mlp: Linear layers with a bias (default false, as in the paper); the CNNs always have biases (true)
 * @param activation relu, tanh or gelu (default relu; the reference AlexNet uses relu)
 */
public record ModelSpec(String family, Integer depth, Integer width, Boolean bias, String activation) {
    public static final String MLP = "mlp";
    public static final String ALEXNET = "alexnet";
    public static final String LENET = "lenet";
    public static final List<String> FAMILIES = List.of(MLP, ALEXNET, LENET);

    public ModelSpec {
        family = Check.or(family, MLP).toLowerCase(Locale.ROOT);
        String f = family;
        Check.that(FAMILIES.contains(f), "family: unknown model '" + f + "'; choose one of " + FAMILIES);
        if (f.equals(MLP)) {
            depth = Check.atLeast("depth", Check.or(depth, Models.DEFAULT_DEPTH), 2);
            width = Check.atLeast("width", Check.or(width, Models.DEFAULT_WIDTH), 1);
            bias = Check.or(bias, false);
        } else {
            Check.that(depth == null, "depth: the " + f + " model has a fixed depth; leave depth out");
            if (f.equals(ALEXNET)) {
                width = Check.atLeast("width", Check.or(width, Models.DEFAULT_ALEXNET_CHANNELS), 1);
            } else {
                Check.that(width == null, "width: the lenet model has fixed widths; leave width out");
            }
            Check.that(bias == null || bias, "bias: the " + f + " model's layers always have biases; leave bias out or set it true");
            bias = true;
        }
        activation = Check.or(activation, Models.DEFAULT_ACTIVATION).toLowerCase(Locale.ROOT);
        String a = activation;
        Check.that(Models.ACTIVATIONS.contains(a), "activation: unknown activation '" + a + "'; choose one of " + Models.ACTIVATIONS);
        Check.that(!f.equals(ALEXNET) || a.equals("relu"), "activation: the alexnet model is the reference's, with relu; leave activation out");
    }

    public static ModelSpec defaults() {
        return new ModelSpec(null, null, null, null, null);
    }

    /** Whether the family needs image-shaped inputs. */
    public boolean convolutional() {
        return !family.equals(MLP);
    }

    /** The network for {@code features} inputs and {@code classes} outputs (the MLP only: the CNNs need an image shape). */
    public Network build(int features, int classes) {
        Check.that(!convolutional(), "model.family: the " + family + " model needs image data (channels × height × width)");
        return Models.mlp(features, depth, width, classes, bias, activation, OpenBlasGemm.INSTANCE);
    }

    /** The network for samples of {@code data} (its feature size, image shape and classes); PyTorch-default initialisation drawn by the trainer. */
    public Network build(Dataset data) {
        if (!convolutional()) {
            return build(data.featureSize(), data.classes());
        }
        int[] s = data.imageShape();
        Check.that(s != null, "model.family: the " + family + " model needs image data (channels × height × width), and " + data.name()
                + " holds plain feature vectors; choose an image data set (embedded, fashion, mnist, cifar10) or the mlp model");
        ImageShape shape = new ImageShape(s[0], s[1], s[2]);
        try {
            return family.equals(ALEXNET) ? Models.alexnet(shape, width, data.classes(), OpenBlasGemm.INSTANCE)
                    : Models.lenet(shape, data.classes(), activation, OpenBlasGemm.INSTANCE);
        } catch (IllegalArgumentException e) {
            throw new SpecException("model: " + family + " on " + shape + " images: " + e.getMessage());
        }
    }
}
