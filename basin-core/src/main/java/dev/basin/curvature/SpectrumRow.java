package dev.basin.curvature;

import dev.basin.table.Table;

/** One row of spectrum.csv: the smoothed spectral density (SLQ, {@link SpectralDensity}) at one eigenvalue of the grid. */
public record SpectrumRow(double eigenvalue, double density) {
    public static final String FILE = "spectrum.csv";
    public static final Table<SpectrumRow> TABLE = Table.of(FILE, SpectrumRow.class);

    /** The grid and density of an estimate as rows. */
    public static java.util.List<SpectrumRow> of(SpectralDensity.Result s) {
        java.util.List<SpectrumRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < s.grid().length; i++) {
            rows.add(new SpectrumRow(s.grid()[i], s.density()[i]));
        }
        return rows;
    }
}
