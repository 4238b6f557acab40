package dev.basin.train;

import dev.basin.table.Column;
import dev.basin.table.Table;

/**
 * One row of metrics.csv. {@code batchLoss} is the mean minibatch training loss over the steps since
 * the previous row (NaN at iteration 0); train metrics are over the evaluated train subset.
 */
public record MetricsRow(long iteration, long epoch, double lr, double batchLoss, double trainLoss, double trainAcc,
                         double testLoss, double testAcc, @Column(value = "wall_s", decimals = 3) double wallSeconds) {
    public static final String FILE = RunDirectory.METRICS;
    public static final Table<MetricsRow> TABLE = Table.of(FILE, MetricsRow.class);
    public static final String HEADER = TABLE.header();
}
