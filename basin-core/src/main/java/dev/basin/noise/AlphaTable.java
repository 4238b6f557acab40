package dev.basin.noise;

import dev.basin.data.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
        public Row(long iteration, String set, String quantity, double alpha, double stderr) {
            this(iteration, set, quantity, alpha, stderr, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }

        /** The figure the claims use: α̂ without zero-variance coordinates. */
        public double primary() {
            return alphaNonzero;
        }
    }

    private AlphaTable() {
    }

    public static List<Row> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + " not found: the run was made without --alpha-every");
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new DataException(file + " is empty");
        }
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int it = col(header, "iteration", file);
        int set = col(header, "set", file);
        int q = col(header, "quantity", file);
        int a = col(header, "alpha", file);
        int se = col(header, "stderr", file);
        int nz = header.indexOf("alpha_nz");
        int seNz = header.indexOf("stderr_nz");
        int nul = header.indexOf("alpha_null_nz");
        int zv = header.indexOf("zero_var_coords");
        int coords = header.indexOf("coordinates");
        int rob = header.indexOf("alpha_std_robust");
        int nulRob = header.indexOf("alpha_null_robust");
        int sign = header.indexOf("alpha_sign");
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",", -1);
            try {
                if (c.length != header.size()) {
                    throw new IllegalArgumentException("column count");
                }
                double share = zv < 0 || coords < 0 ? Double.NaN : parse(c[zv]) / parse(c[coords]);
                rows.add(new Row(Long.parseLong(c[it]), c[set], c[q], parse(c[a]), parse(c[se]), optional(c, nz), optional(c, seNz),
                        optional(c, nul), optional(c, nulRob), optional(c, sign), share,
                        optional(c, rob)));
            } catch (RuntimeException e) {
                throw new DataException(file + " line " + (i + 1) + " is malformed (" + c.length + " cells, the header has " + header.size()
                        + "); the file is damaged");
            }
        }
        return rows;
    }

    /** The rows of one set and quantity, in iteration order. */
    public static List<Row> select(List<Row> rows, String set, String quantity) {
        return rows.stream().filter(r -> r.set().equals(set) && r.quantity().equals(quantity)).toList();
    }

    private static double optional(String[] c, int i) {
        return i < 0 ? Double.NaN : parse(c[i]);
    }

    private static double parse(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    private static int col(List<String> header, String name, Path file) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new DataException(file + " has no column '" + name + "'; it is not an alpha.csv written by Basin");
        }
        return i;
    }
}
