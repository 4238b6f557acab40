package dev.basin.curvature;

import dev.basin.table.Table;

/**
 * One row of eigenvalues.csv: an eigenvalue of the curvature operator from Lanczos, with the norm of its
 * residual ‖Ay − θy‖, that norm relative to |θ|, and whether it reached the tolerance.
 *
 * @param end  top (largest, rank 1 the largest) or bottom (smallest, rank 1 the smallest)
 * @param rank 1, 2, … from that end
 */
public record EigenvalueRow(End end, int rank, double eigenvalue, double residual, double relativeResidual, boolean converged) {
    public static final String FILE = "eigenvalues.csv";
    public static final Table<EigenvalueRow> TABLE = Table.of(FILE, EigenvalueRow.class);

    /** Which end of the spectrum. */
    public enum End {
        TOP, BOTTOM;

        public Lanczos.Which which() {
            return this == TOP ? Lanczos.Which.LARGEST : Lanczos.Which.SMALLEST;
        }
    }

    /** The rows of one Lanczos run, converged where the relative residual is at most {@code tolerance}. */
    public static java.util.List<EigenvalueRow> of(End end, Lanczos.Result r, double tolerance) {
        java.util.List<EigenvalueRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < r.values().length; i++) {
            rows.add(new EigenvalueRow(end, i + 1, r.values()[i], r.residuals()[i], r.relativeResidual(i), r.relativeResidual(i) <= tolerance));
        }
        return rows;
    }
}
