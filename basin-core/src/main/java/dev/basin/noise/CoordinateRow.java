package dev.basin.noise;

import dev.basin.table.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of noise-coordinates.csv (basin noise) and alpha-coordinates.csv (along training, {@link AlphaProbe}): the per-coordinate tests of the noise at one checkpoint and set over one group
 * of sampled coordinates ("all" first, then each parameter tensor that has sampled coordinates), the columns of
 * {@link NoiseDiagnostics#GROUP_COLUMNS}. NaN (no coordinate fitted) is an empty cell.
 *
 * @param coords          coordinates sampled in the group
 * @param zeroVar         of them, those with zero variance over the minibatches
 * @param tested          those tested (varying)
 * @param unfitted        those whose Hill α̂ could not be fitted
 * @param alphaQ05        quantiles of the per-coordinate Hill α̂ (q05 … q95)
 * @param kurtosisMedian  median excess kurtosis
 * @param gaussReject     share with Gaussianity rejected at 5 % (Anderson–Darling, unadjusted)
 * @param gaussRejectBh   the same with Benjamini–Hochberg
 * @param gaussRejectHolm the same with Holm
 * @param k2Reject        share rejected by D'Agostino's K²
 */
public record CoordinateRow(long iteration, String set, String group, int coords, int zeroVar, int tested, int unfitted, double alphaQ05,
                                 double alphaQ25, double alphaQ50, double alphaQ75, double alphaQ95, double kurtosisMedian, double gaussReject,
                                 double gaussRejectBh, double gaussRejectHolm, double k2Reject) {
    public static final String FILE = "noise-coordinates.csv";
    public static final Table<CoordinateRow> TABLE = Table.of(FILE, CoordinateRow.class);
    /** The same rows along training: alpha-coordinates.csv. */
    public static final Table<CoordinateRow> ALONG_TRAINING = Table.of(AlphaProbe.COORDINATES_FILE, CoordinateRow.class);

    /** The row of one group's summary. */
    public static CoordinateRow of(long iteration, String set, String group, CoordinateTails.Summary g) {
        CoordinateTails.Quantiles q = g.alpha();
        return new CoordinateRow(iteration, set, group, g.coordinates(), g.zeroVariance(), g.tested(), g.unfitted(), q.q05(), q.q25(), q.q50(),
                q.q75(), q.q95(), g.medianExcessKurtosis(), g.rejectedUnadjusted(), g.rejectedBh(), g.rejectedHolm(), g.rejectedK2());
    }

    /** The rows of {@link NoiseDiagnostics#groups()}: "all", then each tensor. */
    public static List<CoordinateRow> of(long iteration, String set, NoiseDiagnostics diag) {
        List<CoordinateRow> rows = new ArrayList<>();
        diag.groups().forEach((name, g) -> rows.add(of(iteration, set, name, g.summary())));
        return rows;
    }
}
