package dev.basin.noise;

import dev.basin.data.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The rows of an alpha.csv, read back for reports and comparisons. */
public final class AlphaTable {
    /**
     * One row: the Mohammadi estimate of one quantity on one set at one iteration, and its controls (NaN in a
     * file written before they existed, or for columns written only with diagnostics).
     *
     * @param alpha          the reference-compatible α̂ (every scalar pooled)
     * @param alphaNonzero   α̂ without the zero-variance coordinates: the primary figure of the claims table
     * @param alphaNull      Gaussian-null α̂ of the pooling without zero-variance coordinates, from the variances
     * @param alphaNullRobust the same null from the robust scales (gradients held)
     * @param alphaSign      α̂ of the random-sign surrogate (the correlation between coordinates removed)
     * @param zeroShare      zero-variance coordinates over all coordinates
     * @param alphaStdRobust α̂ of the noise standardised by each coordinate's median |ξ| (diagnostics)
     */
    public record Row(long iteration, String set, String quantity, double alpha, double stderr, double alphaNonzero, double stderrNonzero,
                      double alphaNull, double alphaNullRobust, double alphaSign, double zeroShare, double alphaStdRobust) {
        /** The figure the claims use: α̂ without zero-variance coordinates. */
        public double primary() {
            return alphaNonzero;
        }
    }

    private AlphaTable() {
    }

    /** The rows of an alpha.csv ({@link AlphaRow#TABLE}, header-checked) as the figures reports and claims use. */
    public static List<Row> read(Path file) {
        if (!Files.exists(file)) {
            throw new DataException(file + " not found: the run was made without --alpha-every");
        }
        List<Row> rows = new ArrayList<>();
        for (AlphaRow r : AlphaRow.TABLE.read(file)) {
            rows.add(new Row(r.iteration(), r.set(), r.quantity(), r.alpha(), r.stderr(), r.alphaNz(), r.stderrNz(), r.alphaNullNz(),
                    r.alphaNullRobust(), r.alphaSign(), r.zeroShare(), r.diagnostics() == null ? Double.NaN : r.diagnostics().alphaStdRobust()));
        }
        return rows;
    }

    /** The rows of one set and quantity, in iteration order. */
    public static List<Row> select(List<Row> rows, String set, String quantity) {
        return rows.stream().filter(r -> r.set().equals(set) && r.quantity().equals(quantity)).toList();
    }
}
