package dev.basin.optim;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The optimizers Basin knows, with what the CLI, specs and protocols need of each: its name, customary
 * learning rate, the hyper-parameters that apply to it, whether its steps are preconditioned (ADAM family,
 * the paper's Q), and its default configuration. Adding an optimizer means adding a constant here (and its
 * configuration record in this package).
 */
public enum OptimizerKind {
    SGD("sgd", 0.1, false, EnumSet.noneOf(Hyper.class), Sgd.Config::new),
    SGDM("sgdm", 0.05, false, EnumSet.of(Hyper.MOMENTUM, Hyper.DAMPENING, Hyper.NESTEROV), SgdMomentum.Config::new),
    ADAM("adam", 1e-3, true, EnumSet.of(Hyper.BETA1, Hyper.BETA2, Hyper.EPS), Adam.Config::new),
    AMSGRAD("amsgrad", 1e-3, true, EnumSet.of(Hyper.BETA1, Hyper.BETA2, Hyper.EPS),
            () -> new Adam.Config(Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPS, true)),
    ADAMW("adamw", 1e-3, true, EnumSet.of(Hyper.BETA1, Hyper.BETA2, Hyper.EPS), Adam.WConfig::new),
    RMSPROP("rmsprop", 1e-2, false, EnumSet.of(Hyper.EPS), RmsProp.Config::new),
    ADAGRAD("adagrad", 1e-2, false, EnumSet.of(Hyper.EPS), AdaGrad.Config::new);

    /** Hyper-parameters that only some optimizers have (weight decay applies to all). */
    public enum Hyper {
        MOMENTUM, DAMPENING, NESTEROV, BETA1, BETA2, EPS;

        /** The key in specs and the option name without dashes: "momentum", "beta1", "eps". */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String cliName;
    private final double defaultLr;
    private final boolean preconditioned;
    private final Set<Hyper> hypers;
    private final Supplier<OptimizerConfig> defaults;

    OptimizerKind(String cliName, double defaultLr, boolean preconditioned, Set<Hyper> hypers, Supplier<OptimizerConfig> defaults) {
        this.cliName = cliName;
        this.defaultLr = defaultLr;
        this.preconditioned = preconditioned;
        this.hypers = hypers;
        this.defaults = defaults;
    }

    public String cliName() {
        return cliName;
    }

    /** The customary learning rate (PyTorch's defaults; 0.1 for plain SGD, 0.05 for momentum). */
    public double defaultLr() {
        return defaultLr;
    }

    /** Whether the steps are preconditioned by ADAM's Q (adam, amsgrad, adamw). */
    public boolean preconditioned() {
        return preconditioned;
    }

    public boolean has(Hyper h) {
        return hypers.contains(h);
    }

    /** The default configuration. */
    public OptimizerConfig defaults() {
        return defaults.get();
    }

    /** Every name, in declaration order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(OptimizerKind::cliName).toList();

    /** The kind called {@code name} (case-insensitive), or an error listing the names. */
    public static OptimizerKind byName(String name) {
        for (OptimizerKind k : values()) {
            if (k.cliName.equalsIgnoreCase(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "'; choose one of " + NAMES);
    }

    /** The names of the kinds that have {@code h}, for messages. */
    public static String having(Hyper h) {
        return String.join(", ", Arrays.stream(values()).filter(k -> k.has(h)).map(OptimizerKind::cliName).toList());
    }
}
