package dev.basin.nn;

import dev.basin.numeric.Gemm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Factories for the networks of the paper and its reference code. */
public final class Models {
    private Models() {
    }

    /** Default number of Linear layers of the CLI's MLP: 784-512-512-10 on (Fashion-)MNIST. */
    public static final int DEFAULT_DEPTH = 3;
    public static final int DEFAULT_WIDTH = 512;
    public static final String DEFAULT_ACTIVATION = "relu";

    /** Activation names accepted by {@link #mlp(int, int, int, int, boolean, String, Gemm)}. */
    public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "gelu");

    /**
     * The reference code's fully connected net: {@code depth} Linear layers (depth ≥ 1), each hidden
     * one followed by the activation: in→width, (depth−2)×(width→width), width→classes. depth = 1 is
     * a linear classifier. 9×512 is the paper's MNIST net, 7×512 its CIFAR-10 net.
     */
    public static Network mlp(int input, int depth, int width, int classes, boolean bias, String activation, Gemm gemm) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth (number of Linear layers) must be >= 1, got " + depth);
        }
        if (input < 1 || width < 1 || classes < 1) {
            throw new IllegalArgumentException("input, width and classes must be >= 1, got "
                    + input + ", " + width + ", " + classes);
        }
        List<Layer> layers = new ArrayList<>();
        int in = input;
        for (int i = 0; i < depth - 1; i++) {
            layers.add(new Linear(in, width, bias));
            layers.add(activation(activation, width));
            in = width;
        }
        layers.add(new Linear(in, classes, bias));
        return new Network(layers, gemm);
    }

    /** ReLU MLP, as in the paper. */
    public static Network mlp(int input, int depth, int width, int classes, boolean bias, Gemm gemm) {
        return mlp(input, depth, width, classes, bias, "relu", gemm);
    }

    /** Default width {@code ch} of the AlexNet's convolutions, as in the reference code. */
    public static final int DEFAULT_ALEXNET_CHANNELS = 64;

    /**
     * The reference code's AlexNet for small images ({@code models.py}, class AlexNet, with width {@code ch}):
     * <pre>
     * features:   0 Conv2d(C, ch, 4, stride 2, padding 2)  1 ReLU  2 MaxPool2d(3, 2)
     *             3 Conv2d(ch, ch, 5, padding 2)           4 ReLU  5 MaxPool2d(3, 2)
     *             6 Conv2d(ch, ch, 3, padding 1)  7 ReLU  8 Conv2d(ch, ch, 3, padding 1)  9 ReLU
     *            10 Conv2d(ch, ch, 3, padding 1) 11 ReLU 12 MaxPool2d(3, 2)
     * (flatten:  x.view(batch, -1); size = ch·h·w of the features' output, ch for 32×32 or 28×28 inputs)
     * classifier: 0 Dropout  1 Linear(size, width)  2 ReLU  3 Dropout  4 Linear(width, width)  5 ReLU
     *             6 Linear(width, classes)
     * </pre>
     * with width = size · ⌊1 + log₂ size⌋ computed in float32 as the reference does (448 for ch = 64 on 32×32).
     * All layers have biases. The tensors are named as the reference module's state_dict ("features.0.weight",
     * "classifier.1.weight"), so a checkpoint loads into it. Differences: the input may have any number of
     * channels (the reference hard-codes 3), and the two Dropout layers are the identity (Basin's passes are
     * deterministic, as the reference module is in eval mode; its training steps drop half the units).
     */
    public static Network alexnet(ImageShape input, int ch, int classes, Gemm gemm) {
        if (ch < 1 || classes < 1) {
            throw new IllegalArgumentException("AlexNet needs ch >= 1 and classes >= 1, got " + ch + ", " + classes);
        }
        List<Layer> layers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        ImageShape s = input;
        Conv2d c0 = new Conv2d(s, ch, 4, 2, 2, true);
        s = c0.outputShape();
        MaxPool2d p2 = new MaxPool2d(s, 3, 2, 0);
        Conv2d c3 = new Conv2d(p2.outputShape(), ch, 5, 1, 2, true);
        MaxPool2d p5 = new MaxPool2d(c3.outputShape(), 3, 2, 0);
        s = p5.outputShape();
        Conv2d c6 = new Conv2d(s, ch, 3, 1, 1, true);
        Conv2d c8 = new Conv2d(c6.outputShape(), ch, 3, 1, 1, true);
        Conv2d c10 = new Conv2d(c8.outputShape(), ch, 3, 1, 1, true);
        MaxPool2d p12 = new MaxPool2d(c10.outputShape(), 3, 2, 0);
        Layer[] features = {c0, new ReLU(c0.outputSize()), p2, c3, new ReLU(c3.outputSize()), p5,
            c6, new ReLU(c6.outputSize()), c8, new ReLU(c8.outputSize()), c10, new ReLU(c10.outputSize()), p12};
        for (int i = 0; i < features.length; i++) {
            layers.add(features[i]);
            names.add("features." + i);
        }
        int size = p12.outputSize();
        int width = alexnetWidth(size);
        layers.add(PassThrough.flatten(size));
        names.add("flatten");
        Layer[] classifier = {PassThrough.identity(size), new Linear(size, width, true), new ReLU(width), PassThrough.identity(width),
            new Linear(width, width, true), new ReLU(width), new Linear(width, classes, true)};
        for (int i = 0; i < classifier.length; i++) {
            layers.add(classifier[i]);
            names.add("classifier." + i);
        }
        return new Network(layers, names, gemm);
    }

    /** The reference's classifier width: int(size) · int(1 + log(size) / log(2)) with the logarithms in float32. */
    public static int alexnetWidth(int size) {
        float ratio = (float) Math.log(size) / (float) Math.log(2);
        return size * (int) (1f + ratio);
    }

    /**
     * A LeNet-5-style CNN as one nn.Sequential: 0 Conv2d(C, 6, 5) 1 ReLU 2 MaxPool2d(2, 2) 3 Conv2d(6, 16, 5)
     * 4 ReLU 5 MaxPool2d(2, 2) 6 Flatten 7 Linear(16·h·w, 120) 8 ReLU 9 Linear(120, 84) 10 ReLU
     * 11 Linear(84, classes), all with biases (16·5·5 = 400 inputs to the first Linear on 32×32 images, 256 on 28×28);
     * {@code activation} replaces the ReLUs.
     */
    public static Network lenet(ImageShape input, int classes, String activation, Gemm gemm) {
        Conv2d c0 = new Conv2d(input, 6, 5, 1, 0, true);
        MaxPool2d p2 = new MaxPool2d(c0.outputShape(), 2, 2, 0);
        Conv2d c3 = new Conv2d(p2.outputShape(), 16, 5, 1, 0, true);
        MaxPool2d p5 = new MaxPool2d(c3.outputShape(), 2, 2, 0);
        int size = p5.outputSize();
        return new Network(List.of(c0, activation(activation, c0.outputSize()), p2, c3, activation(activation, c3.outputSize()), p5,
                PassThrough.flatten(size), new Linear(size, 120, true), activation(activation, 120), new Linear(120, 84, true),
                activation(activation, 84), new Linear(84, classes, true)), gemm);
    }

    public static Layer activation(String name, int size) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "relu":
                return new ReLU(size);
            case "tanh":
                return new Tanh(size);
            case "gelu":
                return new Gelu(size);
            default:
                throw new IllegalArgumentException("unknown activation '" + name + "'; choose one of " + ACTIVATIONS);
        }
    }
}
