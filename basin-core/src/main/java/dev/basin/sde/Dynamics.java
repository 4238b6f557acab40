package dev.basin.sde;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The dynamics {@code basin sde escape} simulates from a minimum until it leaves the basin: the paper's two
 * SDEs (Euler–Maruyama with step h) and three discrete algorithms with learning rate h on injected α-stable
 * gradient noise ({@link Escape#step} builds each).
 */
public enum Dynamics {
    /** The SGD SDE dθ = −∇F dt + ε Σ dL (eq. 4). */
    SDE("sde", true, false, "the SGD SDE d theta = -grad F dt + eps Sigma dL, Euler step h, noise scale epsilon"),
    /** The ADAM SDE (eq. 5) with rates (1 − β_i)/h. */
    ADAM_SDE("adam-sde", true, true, "the ADAM SDE (eq. 5), Euler step h, rates (1 - beta)/h, noise scale epsilon"),
    /** Discrete SGD, θ ← θ − η (∇F + Σ L). */
    SGD("sgd", false, false, "discrete SGD with learning rate h on injected alpha-stable gradient noise"),
    /** Discrete SGD with momentum 0.9. */
    SGDM("sgdm", false, false, "discrete SGD with momentum 0.9, learning rate h"),
    /** Discrete ADAM with PyTorch's β and ε. */
    ADAM("adam", false, true, "discrete ADAM (beta 0.9, 0.999, eps 1e-8), learning rate h");

    private final String cliName;
    private final boolean continuousTime;
    private final boolean adamPreconditioned;
    private final String description;

    Dynamics(String cliName, boolean continuousTime, boolean adamPreconditioned, String description) {
        this.cliName = cliName;
        this.continuousTime = continuousTime;
        this.adamPreconditioned = adamPreconditioned;
        this.description = description;
    }

    /** The name on the command line and in specs, e.g. "adam-sde". */
    public String cliName() {
        return cliName;
    }

    /**
     * An SDE: the noise scale ε is a setting (epsilon), and times are in the SDE's units. The discrete
     * algorithms have ε = η^{(α−1)/α} and times of iterations × η.
     */
    public boolean continuousTime() {
        return continuousTime;
    }

    /** ADAM's preconditioner Q⁻¹ acts on the drift and the noise. */
    public boolean adamPreconditioned() {
        return adamPreconditioned;
    }

    public String description() {
        return description;
    }

    /** Every name, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Dynamics::cliName).toList();
    }

    /** The dynamics called {@code name} (case-insensitive). */
    public static Dynamics byName(String name) {
        for (Dynamics d : values()) {
            if (d.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dynamics '" + name + "'; choose one of " + String.join(", ", names()));
    }
}
