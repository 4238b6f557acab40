package dev.basin.noise;

import dev.basin.table.Column;
import dev.basin.table.Table;
import java.util.List;

/**
 * One row of alpha.csv: one α evaluation of one quantity (raw, ema, ema_precond) on one set at one iteration.
 * Three estimators of α̂ with batch-means standard errors (Mohammadi's, block order statistics, Hill), the
 * sample's sizes, norms and timings, the zero counts, α̂ without the zero-variance coordinates, the Gaussian
 * nulls and the random-sign surrogate; with diagnostics the {@link Diagnostics} block (raw rows only), and
 * with per-layer α one {@link Tensor} per parameter tensor. Controls that were not measured are empty cells.
 */
public record AlphaRow(long iteration, String set, String quantity, double alpha, double stderr, double alphaOrder, double stderrOrder,
                       double alphaHill, double stderrHill, long n, long k1, long dropped, int batches, double meanNoiseNorm,
                       double meanGradNorm, double fullGradNorm, @Column(value = "gradient_pass_s", decimals = 3) double gradientPassSeconds,
                       @Column(value = "evaluation_s", decimals = 3) double evaluationSeconds, int noiseBatch, int held, int coordinates,
                       long zeroVarCoords, long zeroScalars, double alphaNz, double stderrNz, long nNz, double alphaNull, double alphaMinusNull,
                       double stderrMinusNull, double alphaNullNz, double alphaNzMinusNull, double stderrNzMinusNull, Long robustZeroCoords,
                       double alphaNullRobust, double alphaNzMinusNullRobust, double stderrNzMinusNullRobust, double alphaSign, double stderrSign,
                       @Column(group = true) Diagnostics diagnostics, @Column(perKey = true) List<Tensor> tensors) {
    public static final String FILE = "alpha.csv";
    public static final Table<AlphaRow> TABLE = Table.of(FILE, AlphaRow.class);

    /**
     * The heavy-tail controls of {@link NoiseDiagnostics} at a raw evaluation: standardised α̂ (RMS and robust
     * scales), the per-coordinate tails (quantiles of Hill α̂, kurtosis, Gaussianity rejected unadjusted and by
     * Benjamini–Hochberg) and the pooled fits (SαS by McCulloch and Koutrouvelis, Student-t ν, the best family by
     * AIC) of the raw and the standardised noise.
     */
    public record Diagnostics(double alphaStdRms, double stderrStdRms, double alphaStdRobust, double stderrStdRobust, int coordsSampled,
                              double coordAlphaQ05, double coordAlphaQ25, double coordAlphaQ50, double coordAlphaQ75, double coordAlphaQ95,
                              double coordKurtosisMedian, double coordGaussReject, double coordGaussRejectBh, double fitAlphaMcculloch,
                              double fitAlphaKoutrouvelis, double fitTNu, String fitBest, double fitStdAlphaMcculloch,
                              double fitStdAlphaKoutrouvelis, double fitStdTNu, String fitStdBest) {
    }

    /** α̂ of one parameter tensor (all its scalars, and without its zero-variance coordinates) and its zero-variance count. */
    public record Tensor(String tensor, double alpha, double alphaNz, Long zeroVar) {
    }


    /** Zero-variance coordinates over all coordinates. */
    public double zeroShare() {
        return coordinates == 0 ? Double.NaN : (double) zeroVarCoords / coordinates;
    }
}
