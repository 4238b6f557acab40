package dev.basin.curvature;

import dev.basin.table.Table;

/**
 * One row of interpolation.csv: the loss and accuracy at θ(β) = (1 − β) θ_A + β θ_B on the train and test
 * samples (test columns NaN when only one set was evaluated).
 */
public record InterpolationRow(double beta, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy) {
    public static final String FILE = "interpolation.csv";
    public static final Table<InterpolationRow> TABLE = Table.of(FILE, InterpolationRow.class);
}
