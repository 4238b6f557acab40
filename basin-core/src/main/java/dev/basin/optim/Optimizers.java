package dev.basin.optim;

import java.util.List;

/** Optimizer names as the CLI knows them, with their default hyper-parameters and learning rates. */
public final class Optimizers {
    private Optimizers() {
    }

    public static final String DEFAULT = "sgd";

    public static final List<String> NAMES = OptimizerKind.NAMES;

    /** The default configuration of optimizer {@code name}; "sgd" is plain SGD, momentum is "sgdm". */
    public static OptimizerConfig byName(String name) {
        return OptimizerKind.byName(name).defaults();
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
        OptimizerKind kind = OptimizerKind.byName(name);
        OptimizerConfig base = kind.defaults();
        reject(kind, OptimizerKind.Hyper.MOMENTUM, o.momentum());
        reject(kind, OptimizerKind.Hyper.DAMPENING, o.dampening());
        reject(kind, OptimizerKind.Hyper.NESTEROV, o.nesterov() != null && o.nesterov() ? Boolean.TRUE : null);
        reject(kind, OptimizerKind.Hyper.BETA1, o.beta1());
        reject(kind, OptimizerKind.Hyper.BETA2, o.beta2());
        reject(kind, OptimizerKind.Hyper.EPS, o.eps());
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

    private static void reject(OptimizerKind kind, OptimizerKind.Hyper h, Object value) {
        if (!kind.has(h) && value != null) {
            throw new IllegalArgumentException(h.key() + " does not apply to optimizer '" + kind.cliName() + "' (only to " + OptimizerKind.having(h) + ")");
        }
    }

    private static double or(Double v, double dflt) {
        return v != null ? v : dflt;
    }

    /** Whether the optimizer named {@code name} is ADAM-family (adam, amsgrad, adamw): its steps are preconditioned by Q. */
    public static boolean isAdamFamily(String name) {
        return OptimizerKind.byName(name).preconditioned();
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
        return OptimizerKind.byName(name).defaultLr();
    }
}
