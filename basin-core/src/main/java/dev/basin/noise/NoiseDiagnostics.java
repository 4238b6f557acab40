package dev.basin.noise;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The heavy-tail diagnostics of one noise evaluation that go beyond the pooled estimators of
 * {@link NoiseAnalysis}: the picture along the minibatch axis of a uniform sample of coordinates
 * ({@link CoordinateTails}: per-coordinate Hill α̂ with a KS-chosen threshold, Anderson–Darling Gaussianity
 * with Benjamini–Hochberg and Holm, excess kurtosis; overall and per parameter tensor), and the fits of the
 * sampled coordinates' values pooled ({@link PooledFits}: SαS by McCulloch's quantiles and Koutrouvelis'
 * regression, a Gaussian and a Student-t, compared by KS, Anderson–Darling and AIC). The pooled fit leaves
 * out the zero-variance coordinates (their exact zeros are no draw from any law) and keeps everything
 * else; pooled as they are, unlike scales make a scale mixture, so the same fits are also made of the sample
 * with each coordinate divided by its own median |ξ| (coordinates whose median is 0 left out).
 *
 * @param coordinates      the per-coordinate tests
 * @param fits             the fits of the pooled sample, or null when fewer than {@link #MIN_FIT} values remain
 * @param standardisedFits the same fits after dividing each sampled coordinate by its own median |ξ|: the shape of
 *                         a typical coordinate's law once the scale mixture is removed (or null)
 */
public record NoiseDiagnostics(CoordinateTails.Result coordinates, PooledFits fits, PooledFits standardisedFits) {
    /** Coordinates sampled by default. */
    public static final int DEFAULT_COORDINATES = 2000;
    /** Fewest pooled values for the distribution fits. */
    public static final int MIN_FIT = 100;
    /** The columns of alpha-coordinates.csv. */
    public static final List<String> GROUP_COLUMNS = CoordinateRow.TABLE.columns();

    /** Refuses, in one line, a coordinate sample, bootstrap or fit sample that cannot be used. */
    public static void checkOptions(int coordinates, int bootstrap, int fitSamples) {
        if (coordinates < 1 || bootstrap < 0 || fitSamples < MIN_FIT) {
            throw new IllegalArgumentException("--coordinates must be >= 1, --bootstrap >= 0 and --fit-samples >= " + MIN_FIT + ", got "
                    + coordinates + ", " + bootstrap + " and " + fitSamples);
        }
    }

    /**
     * The diagnostics of an analysis made with diagnostics on.
     *
     * @param fullFits   also the maximum-likelihood SαS fit and the goodness-of-fit p-values
     * @param bootstrap  replicates for the fits' bootstrap p-values (0 = none)
     * @param seed       seed of the bootstrap
     * @param fitSamples at most this many pooled values (evenly spaced) for the fits
     */
    public static NoiseDiagnostics of(NoiseAnalysis.Result a, boolean fullFits, int bootstrap, long seed, int fitSamples) {
        NoiseAnalysis.CoordinateSample s = a.sample();
        int m = s.coordinates().length;
        if (m == 0) {
            throw new IllegalArgumentException("the analysis sampled no coordinates; run it with diagnostics and coordinates > 0");
        }
        CoordinateTails.Result ct = CoordinateTails.analyse(s.values(), s.rows(), m, CoordinateTails.Layout.ROW_MAJOR, List.of(s.groups()));
        double[] pooled = evenlySpaced(pooled(s, false), fitSamples);
        PooledFits fits = pooled.length >= MIN_FIT ? PooledFits.of(pooled, fullFits, bootstrap, seed) : null;
        double[] standardised = evenlySpaced(pooled(s, true), fitSamples);
        PooledFits std = standardised.length >= MIN_FIT ? PooledFits.of(standardised, fullFits, bootstrap, seed) : null;
        return new NoiseDiagnostics(ct, fits, std);
    }

    /**
     * The sampled values of the coordinates that vary over the rows, pooled row-major; with {@code standardise} each
     * divided by its coordinate's median |ξ| (coordinates whose median is 0 left out).
     */
    static double[] pooled(NoiseAnalysis.CoordinateSample s, boolean standardise) {
        int m = s.coordinates().length;
        int p = s.rows();
        double[] scale = new double[m];
        for (int i = 0; i < m; i++) {
            boolean varies = false;
            for (int r = 1; r < p && !varies; r++) {
                varies = s.values()[r * m + i] != s.values()[i];
            }
            if (!varies) {
                continue;
            }
            if (standardise) {
                double[] c = s.column(i);
                for (int r = 0; r < p; r++) {
                    c[r] = Math.abs(c[r]);
                }
                double med = NoiseAnalysis.median(c, 0, p);
                scale[i] = med > 0 ? 1 / med : 0;
            } else {
                scale[i] = 1;
            }
        }
        int kept = 0;
        for (double w : scale) {
            kept += w != 0 ? 1 : 0;
        }
        double[] out = new double[kept * p];
        int n = 0;
        for (int r = 0; r < p; r++) {
            for (int i = 0; i < m; i++) {
                if (scale[i] != 0) {
                    out[n++] = s.values()[r * m + i] * scale[i];
                }
            }
        }
        return out;
    }

    /** At most {@code n} values of {@code x}, at indices ⌊i·len/n⌋. */
    static double[] evenlySpaced(double[] x, int n) {
        if (x.length <= n) {
            return x;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = x[(int) ((long) i * x.length / n)];
        }
        return out;
    }

    /** One summary of the per-coordinate tests: a row of alpha-coordinates.csv ({@link CoordinateRow}). */
    public record Group(CoordinateTails.Summary summary) {
    }

    /** The overall summary first ("all"), then one per parameter tensor that has sampled coordinates. */
    public Map<String, Group> groups() {
        Map<String, Group> out = new LinkedHashMap<>();
        out.put(CoordinateTails.ALL, new Group(coordinates.overall()));
        for (Map.Entry<String, CoordinateTails.Summary> e : coordinates.groups().entrySet()) {
            out.putIfAbsent(e.getKey(), new Group(e.getValue()));
        }
        return out;
    }

    /** The diagnostics block of a raw alpha.csv row, with the standardised α̂ of that evaluation ({@code rms}, {@code robust}; null: not measured). */
    public AlphaRow.Diagnostics row(TailIndex rms, TailIndex robust) {
        CoordinateTails.Summary o = coordinates.overall();
        CoordinateTails.Quantiles q = o.alpha();
        PooledFits f = fits;
        PooledFits g = standardisedFits;
        return new AlphaRow.Diagnostics(rms == null ? Double.NaN : rms.alpha(), rms == null ? Double.NaN : rms.stderr(),
                robust == null ? Double.NaN : robust.alpha(), robust == null ? Double.NaN : robust.stderr(), o.coordinates(), q.q05(), q.q25(),
                q.q50(), q.q75(), q.q95(), o.medianExcessKurtosis(), o.rejectedUnadjusted(), o.rejectedBh(),
                f == null ? Double.NaN : f.mcCulloch().alpha(), f == null ? Double.NaN : f.koutrouvelis().alpha(), f == null ? Double.NaN : f.studentNu(),
                f == null ? "" : f.best(), g == null ? Double.NaN : g.mcCulloch().alpha(), g == null ? Double.NaN : g.koutrouvelis().alpha(),
                g == null ? Double.NaN : g.studentNu(), g == null ? "" : g.best());
    }

}
