package dev.basin.sde;

import dev.basin.table.Column;
import dev.basin.table.Table;

/**
 * One row of factors.csv: one case of {@code basin sde factors} ({@link Factors.Case}): which factor it
 * measures ("factor 1", "factor 2", "algorithms"), the case, its dynamics, and the measured mean exit time
 * beside the prediction (empty where the theory has none).
 */
public record FactorRow(String factor, @Column("case") String name, String dynamics, double alpha, double epsilon, int trajectories, double mean,
                        double stderr, double median, int censored, double predicted, double ratio, double ksP) {
    public static final String FILE = "factors.csv";
    public static final Table<FactorRow> TABLE = Table.of(FILE, FactorRow.class);

    public static FactorRow of(Factors.Case c) {
        Escape.Row r = c.row();
        return new FactorRow(c.factor(), c.name(), c.dynamics(), r.alpha(), r.epsilon(), r.trajectories(), r.mean(), r.stderr(), r.median(),
                r.censored(), r.predicted(), r.ratio(), r.ksP());
    }
}
