package dev.basin.optim;

import java.util.List;
import java.util.Locale;

/** Optimizer names as the CLI knows them, with their default hyper-parameters and learning rates. */
public final class Optimizers {
    private Optimizers() {
    }

    public static final String DEFAULT = "sgd";

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

    /**
     * Optional hyper-parameter overrides; a null field keeps the optimizer's default. Fields an optimizer
     * does not have are rejected, so that e.g. {@code --momentum} with plain SGD is an error, not a no-op.
     */
    public record Options(Double momentum, Double dampening, Boolean nesterov, Double beta1, Double beta2, Double eps,
                          Double weightDecay) {
        public static final Options NONE = new Options(null, null, null, null, null, null, null);
    }

    /**
     * The configuration of optimizer {@code name} with {@code o}'s overrides. Weight decay is decoupled for
     * adamw and coupled (g + λθ, {@link WeightDecay}) for every other optimizer.
     */
    public static OptimizerConfig configure(String name, Options o) {
        String n = name.toLowerCase(Locale.ROOT);
        OptimizerConfig base = byName(n);
        boolean momentumFamily = n.equals("sgdm");
        boolean adamFamily = n.equals("adam") || n.equals("amsgrad") || n.equals("adamw");
        reject(!momentumFamily, o.momentum(), "--momentum", n, "sgdm");
        reject(!momentumFamily, o.dampening(), "--dampening", n, "sgdm");
        reject(!momentumFamily, o.nesterov() != null && o.nesterov() ? Boolean.TRUE : null, "--nesterov", n, "sgdm");
        reject(!adamFamily, o.beta1(), "--beta1", n, "adam, amsgrad, adamw");
        reject(!adamFamily, o.beta2(), "--beta2", n, "adam, amsgrad, adamw");
        reject(n.equals("sgd") || n.equals("sgdm"), o.eps(), "--eps", n, "adam, amsgrad, adamw, rmsprop, adagrad");
        OptimizerConfig c;
        if (base instanceof SgdMomentum.Config m) {
            c = new SgdMomentum.Config(or(o.momentum(), m.momentum()), or(o.dampening(), m.dampening()),
                    o.nesterov() != null ? o.nesterov() : m.nesterov());
        } else if (base instanceof Adam.Config a) {
            c = new Adam.Config(or(o.beta1(), a.beta1()), or(o.beta2(), a.beta2()), or(o.eps(), a.eps()), a.amsgrad());
        } else if (base instanceof Adam.WConfig w) {
            return new Adam.WConfig(or(o.beta1(), w.beta1()), or(o.beta2(), w.beta2()), or(o.eps(), w.eps()),
                    or(o.weightDecay(), w.weightDecay()), w.amsgrad());
        } else if (base instanceof RmsProp.Config r) {
            c = new RmsProp.Config(r.alpha(), or(o.eps(), r.eps()), r.momentum(), r.centered());
        } else if (base instanceof AdaGrad.Config g) {
            c = new AdaGrad.Config(g.lrDecay(), or(o.eps(), g.eps()), g.initialAccumulator());
        } else {
            c = base;
        }
        if (o.weightDecay() != null && o.weightDecay() != 0) {
            c = new WeightDecay.Config(c, o.weightDecay());
        }
        return c;
    }

    private static void reject(boolean notApplicable, Object value, String option, String name, String which) {
        if (notApplicable && value != null) {
            throw new IllegalArgumentException(option + " does not apply to optimizer '" + name + "' (only to " + which + ")");
        }
    }

    private static double or(Double v, double dflt) {
        return v != null ? v : dflt;
    }

    /** Whether the optimizer named {@code name} is ADAM-family (adam, amsgrad, adamw): its steps are preconditioned by Q. */
    public static boolean isAdamFamily(String name) {
        OptimizerConfig c = byName(name);
        return c instanceof Adam.Config || c instanceof Adam.WConfig;
    }

    /** The ADAM-family optimizer inside {@code o} (possibly under coupled weight decay), or null. */
    public static Adam adamOf(Optimizer o) {
        if (o instanceof WeightDecay w) {
            return adamOf(w.inner());
        }
        return o instanceof Adam a ? a : null;
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
