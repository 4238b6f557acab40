package dev.basin.curvature;

import dev.basin.table.Column;
import dev.basin.table.Table;

/**
 * One row of sharpness.csv: the Hessian's top eigenvalues at an iteration (lambda_1 ≥ lambda_2 ≥ …), the
 * relative residual of the first, whether Lanczos converged, its Hessian-vector products, the Hutch++ trace and
 * its standard error (NaN when off), and the seconds it took.
 */
public record SharpnessRow(long iteration, int samples, @Column(value = "lambda", series = true) double[] lambda,
                           @Column("residual_1") double residual1, boolean converged, int matvecs, double trace, double traceStderr,
                           @Column(value = "seconds", decimals = 3) double seconds) {
    public static final String FILE = "sharpness.csv";
    public static final Table<SharpnessRow> TABLE = Table.of(FILE, SharpnessRow.class);
}
