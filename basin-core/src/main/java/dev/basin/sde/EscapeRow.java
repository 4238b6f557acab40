package dev.basin.sde;

import dev.basin.table.Table;

/**
 * One row of escape.csv: the exit times of one (h, α) of {@code basin sde escape}. Times are in units of h
 * (iterations × learning rate for the discrete dynamics); {@code epsilon} is the noise scale used (η^{(α−1)/α}
 * for the discrete dynamics); {@code predicted} is the theory's mean exit time, empty where it has none, and
 * {@code ratio} is mean / predicted. {@code ks_d}, {@code ks_p}: Kolmogorov–Smirnov of the exit times scaled by
 * their mean against Exp(1).
 */
public record EscapeRow(double h, double alpha, double epsilon, int trajectories, double mean, double stderr, double median, int censored,
                        double predicted, double ratio, double ksD, double ksP) {
    public static final String FILE = "escape.csv";
    public static final Table<EscapeRow> TABLE = Table.of(FILE, EscapeRow.class);

    /** The row of one simulated α at step {@code h}. */
    public static EscapeRow of(double h, Escape.Row r) {
        return new EscapeRow(h, r.alpha(), r.epsilon(), r.trajectories(), r.mean(), r.stderr(), r.median(), r.censored(), r.predicted(), r.ratio(),
                r.ksD(), r.ksP());
    }
}
