package dev.basin.spec;

import dev.basin.optim.AdaGrad;
import dev.basin.optim.Adam;
import dev.basin.optim.OptimizerConfig;
import dev.basin.optim.OptimizerKind;
import dev.basin.optim.OptimizerKind.Hyper;
import dev.basin.optim.Optimizers;
import dev.basin.optim.RmsProp;
import dev.basin.optim.SgdMomentum;
import dev.basin.optim.WeightDecay;

/**
 * An optimizer and its hyper-parameters. Keys that do not apply to the optimizer are errors (momentum with
 * plain SGD); the resolved spec carries every key that applies, with its default filled in
 * ({@link OptimizerKind} holds the defaults and which keys apply).
 *
 * @param name        sgd (plain), sgdm (momentum), adam, amsgrad, adamw, rmsprop, adagrad (default sgd)
 * @param lr          learning rate (default per optimizer: {@link OptimizerKind#defaultLr()})
 * @param weightDecay coupled (g + λθ) for every optimizer but adamw, decoupled for adamw (default 0; adamw 0.01)
 */
public record OptimizerSpec(String name, Double lr, Double momentum, Double dampening, Boolean nesterov, Double beta1, Double beta2, Double eps,
                            Double weightDecay) {
    public OptimizerSpec {
        String n = Check.or(name, Optimizers.DEFAULT);
        OptimizerKind kind;
        try {
            kind = OptimizerKind.byName(n);
        } catch (IllegalArgumentException e) {
            throw new SpecException(e.getMessage());
        }
        name = kind.cliName();
        lr = Check.positive("lr", Check.or(lr, kind.defaultLr()));
        Optimizers.Options given = new Optimizers.Options(momentum, dampening, nesterov, beta1, beta2, eps, weightDecay);
        OptimizerConfig c;
        try {
            c = Optimizers.configure(kind.cliName(), given);
        } catch (IllegalArgumentException e) {
            throw new SpecException(e.getMessage());
        }
        // Every key that applies, resolved from the configuration the optimizer will use.
        double wd = 0;
        if (c instanceof WeightDecay.Config w) {
            wd = w.weightDecay();
            c = w.inner();
        }
        if (c instanceof SgdMomentum.Config m) {
            momentum = m.momentum();
            dampening = m.dampening();
            nesterov = m.nesterov();
        } else if (c instanceof Adam.Config a) {
            beta1 = a.beta1();
            beta2 = a.beta2();
            eps = a.eps();
        } else if (c instanceof Adam.WConfig a) {
            beta1 = a.beta1();
            beta2 = a.beta2();
            eps = a.eps();
            wd = a.weightDecay();
        } else if (c instanceof RmsProp.Config r) {
            eps = r.eps();
        } else if (c instanceof AdaGrad.Config g) {
            eps = g.eps();
        }
        if (!kind.has(Hyper.NESTEROV)) {
            nesterov = null;
        }
        weightDecay = wd;
    }

    /** The customary configuration of optimizer {@code name}. */
    public static OptimizerSpec of(String name) {
        return new OptimizerSpec(name, null, null, null, null, null, null, null, null);
    }

    /** Optimizer {@code name} at rate {@code lr}, other keys at their defaults. */
    public static OptimizerSpec of(String name, double lr) {
        return new OptimizerSpec(name, lr, null, null, null, null, null, null, null);
    }

    public OptimizerKind kind() {
        return OptimizerKind.byName(name);
    }

    /** The optimizer's configuration (weight decay wrapped around it when non-zero, except adamw's own). */
    public OptimizerConfig config() {
        return Optimizers.configure(name, new Optimizers.Options(momentum, dampening, nesterov, beta1, beta2, eps, weightDecay));
    }
}
