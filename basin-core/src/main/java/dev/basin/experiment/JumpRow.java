package dev.basin.experiment;

import dev.basin.table.Table;

/** One row of jumps.csv: the train-loss barrier on the segment between the checkpoints at {@code from} and {@code to}. */
public record JumpRow(long from, long to, double barrier, boolean jump) {
    public static final String FILE = "jumps.csv";
    public static final Table<JumpRow> TABLE = Table.of(FILE, JumpRow.class);
}
