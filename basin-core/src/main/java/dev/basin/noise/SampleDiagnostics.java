package dev.basin.noise;

import dev.basin.data.DataException;

/**
 * The heavy-tail diagnostics of a user's sample file ({@link SampleFile}). A 2-D .npy array of shape P×d is
 * read as P minibatches × d coordinates, each column centred unless told otherwise (ξ = x − x̄ per coordinate, as
 * the noise of gradients), and gets everything
 * {@link NoiseAnalysis} and {@link NoiseDiagnostics} measure. Any other sample is one pool of scalars and gets
 * what needs no coordinate structure: a Gaussianity test, the Hill/KS tail index and the distribution fits.
 *
 * @param shape       the file's shape ({n} for 1-D samples and text)
 * @param analysis    the pooled estimators and controls (2-D samples), or null
 * @param diagnostics per-column tests and the fits of the sampled columns (2-D), or null
 * @param normality   Gaussianity of the whole sample (1-D), or null
 * @param tail        the Hill/KS tail index of the whole sample (1-D), or null
 * @param fits        the distribution fits (the pooled sampled columns for 2-D, the sample for 1-D), or null
 */
public record SampleDiagnostics(long[] shape, NoiseAnalysis.Result analysis, NoiseDiagnostics diagnostics, Normality.Result normality,
                                HillKs.Fit tail, PooledFits fits) {
    /** The most values read into memory (8 bytes each). */
    public static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    /** @param centre subtract each column's mean (2-D samples); false for samples that are already noise around 0 */
    public static SampleDiagnostics of(SampleFile file, int coordinates, int bootstrap, int fitSamples, long seed, boolean centre) {
        NoiseDiagnostics.checkOptions(coordinates, bootstrap, fitSamples);
        long[] shape = file.shape();
        long n = 1;
        for (long x : shape) {
            n *= x;
        }
        if (n > MAX_VALUES || 8 * n > Runtime.getRuntime().maxMemory() / 2) {
            throw new IllegalArgumentException(file + " holds " + n + " values, more than the diagnostics can hold in this JVM ("
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB heap); give it more with JAVA_OPTS=-Xmx..., or a smaller sample");
        }
        double[] values = new double[(int) n];
        int[] i = {0};
        file.forEach(v -> {
            if (i[0] < values.length) {
                values[i[0]] = v;
            }
            i[0]++;
        });
        if (i[0] != n) {
            throw new DataException(file + " announces " + n + " values but holds " + i[0]);
        }
        if (shape.length == 2) {
            int rows = (int) shape[0];
            int d = (int) shape[1];
            if (rows < Normality.MIN_N) {
                throw new IllegalArgumentException(file + " has " + rows + " row(s); a 2-D sample is minibatches x coordinates and the "
                        + "per-coordinate tests need at least " + Normality.MIN_N + " minibatches");
            }
            if (d < 1) {
                throw new IllegalArgumentException(file + " has no columns");
            }
            NoiseRows m = new NoiseRows.Matrix(values, rows, d);
            NoiseAnalysis.Result a = NoiseAnalysis.analyse(m, m, NoiseAnalysis.whole(d),
                    new NoiseAnalysis.Options(false, Double.NaN, null, true, Math.min(coordinates, d), seed, centre));
            NoiseDiagnostics diag = NoiseDiagnostics.of(a, true, bootstrap, seed, fitSamples);
            return new SampleDiagnostics(shape, a, diag, null, null, diag.fits());
        }
        if (shape.length > 2) {
            throw new IllegalArgumentException(file + " has " + shape.length + " dimensions; the diagnostics read 1-D samples and 2-D "
                    + "minibatches x coordinates arrays (reshape it to P x d)");
        }
        if (n < Normality.MIN_N || n < NoiseDiagnostics.MIN_FIT) {
            throw new IllegalArgumentException(file + " holds " + n + " values; the diagnostics need at least " + NoiseDiagnostics.MIN_FIT);
        }
        double[] fitValues = NoiseDiagnostics.evenlySpaced(values, fitSamples);
        return new SampleDiagnostics(shape, null, null, Normality.test(values), HillKs.fit(values),
                PooledFits.of(fitValues, true, bootstrap, seed));
    }
}
