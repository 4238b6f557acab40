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
