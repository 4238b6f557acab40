package dev.basin.optim;

import java.util.List;
import java.util.Locale;

/** Optimizer names as the CLI knows them, with their default hyper-parameters and learning rates. */
public final class Optimizers {
    private Optimizers() {
    }

    public static final List<String> NAMES = List.of("sgd", "sgdm", "adam", "amsgrad", "adamw", "rmsprop", "adagrad");

    /** The default configuration of optimizer {@code name}; "sgd" is plain SGD, momentum is "sgdm". */
    public static OptimizerConfig byName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd":
                return new Sgd.Config();
            case "sgdm":
                return new SgdMomentum.Config();
            case "adam":
                return new Adam.Config();
            case "amsgrad":
                return new Adam.Config(Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPS, true);
            case "adamw":
                return new Adam.WConfig();
            case "rmsprop":
                return new RmsProp.Config();
            case "adagrad":
                return new AdaGrad.Config();
            default:
                throw new IllegalArgumentException("unknown optimizer '" + name + "'; choose one of " + NAMES);
        }
    }

    /** The customary learning rate of each optimizer (PyTorch's defaults; 0.1 for SGD variants). */
    public static double defaultLearningRate(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd":
                return 0.1;
            case "sgdm":
                return 0.05;
            case "adam":
            case "amsgrad":
            case "adamw":
                return 1e-3;
            case "rmsprop":
                return 1e-2;
            case "adagrad":
                return 1e-2;
            default:
                throw new IllegalArgumentException("unknown optimizer '" + name + "'; choose one of " + NAMES);
        }
    }
}
