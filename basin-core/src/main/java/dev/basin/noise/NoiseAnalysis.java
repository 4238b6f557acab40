package dev.basin.noise;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tail index of P rows of noise (ξ_p = x_p − x̄, p = 1 … P, each of d coordinates) with the controls that
 * say how much of a heavy tail is real. Two passes over the rows ({@link NoiseRows}): pass 1 takes the
 * per-coordinate mean and variance, pass 2 streams ξ row-major (all coordinates of ξ_1, then of ξ_2, … —
 * the reference's pooling) into every estimator at once. Memory is O(d) plus what the rows hold.
 *
 * <p>What each quantity ({@code raw}, and for ADAM {@code ema}, {@code ema_precond}, see
 * {@link NoiseSampler}) reports:
 * <ul>
 *   <li>the reference-compatible Mohammadi α̂ (unchanged: every scalar pooled, zeros included), the order
 *       statistics and Hill cross-checks, and per segment (parameter tensor) α̂ on request;</li>
 *   <li><b>zeros</b>: the exact zeros among the pooled scalars, and the zero-variance coordinates (the same
 *       value in every row, so exactly 0 noise: a ReLU unit dead on every sample gives them), per segment
 *       too. The reference takes log(0 + 2⁻⁵²) ≈ −36 for each such scalar, which drags α̂ down;</li>
 *   <li><b>α̂ without zero-variance coordinates</b> ({@code nonzero}): the same estimator on the same
 *       row-major stream with the zero-variance coordinates left out (order otherwise unchanged), with the
 *       block rule ({@link BlockPlan#robust}) applied to the P·d′ scalars that remain. With no such
 *       coordinate it is the reference α̂ itself;</li>
 *   <li><b>the Gaussian null</b> ({@link GaussianNull}) of both: what the estimator would give if every
 *       coordinate were Gaussian with its measured variance, and α̂ − null with a batch-means SE;</li>
 *   <li>for the raw noise, the <b>random-sign surrogate</b>: the same pool with every scalar given a random sign, which
 *       removes the correlation between coordinates (see {@link Quantity#randomSign});</li>
 *   <li>with diagnostics, for the raw noise: <b>standardised α̂</b>, every non-zero-variance coordinate divided
 *       by its own RMS √(mean_p ξ²_pj) ({@code std_rms}), and, when the rows are in memory, by its own robust
 *       scale median_p |ξ_pj| ({@code std_robust}, coordinates whose median is 0 left out and counted),
 *       pooled as before: the tail that remains once scale heterogeneity is removed (2 for a Gaussian);
 *       and a uniform sample of coordinates ({@link CoordinateTails#sampleCoordinates}) whose P values each are kept for
 *       the per-coordinate tests along the minibatch axis.</li>
 * </ul>
 * Variances come from pass 1 as shifted sums, s²_j = mean_p (x_pj − x_0j)² − (mean_p (x_pj − x_0j))²,
 * which are exactly 0 for a constant coordinate; the null of {@code ema} and {@code ema_precond} uses each
 * coordinate's second moment mean_p x²_pj of that quantity, accumulated in pass 2.
 */
public final class NoiseAnalysis {
    /** A named slice of the coordinates (a parameter tensor). */
    public record Segment(String name, int offset, int length) {
    }

    /**
     * @param perLayer     estimate α̂ (reference and without zero-variance coordinates) per segment
     * @param emaBeta1     ADAM's β1 for the smoothed noise, or NaN for none
     * @param preconditioner ADAM's Q = √v̂ + ε per coordinate for "ema_precond", or null
     * @param diagnostics  standardised α̂ and the coordinate sample
     * @param coordinates  how many coordinates to sample for the per-coordinate tests (with diagnostics)
     * @param seed         seed of the coordinate sample
     * @param centre       subtract each coordinate's mean over the rows (the noise of gradients); false for rows that
     *                     already are noise drawn around 0 (then "variance" is the second moment about 0)
     * @param robust       the robust scales median_p |ξ_pj| and their Gaussian null (rows in memory only; a column pass
     *                     with a selection per coordinate, which costs about as much as the rest of the analysis at
     *                     P = 600); diagnostics imply it
     */
    public record Options(boolean perLayer, double emaBeta1, float[] preconditioner, boolean diagnostics, int coordinates, long seed,
                          boolean centre, boolean robust) {
        public Options(boolean perLayer, double emaBeta1, float[] preconditioner, boolean diagnostics, int coordinates, long seed) {
            this(perLayer, emaBeta1, preconditioner, diagnostics, coordinates, seed, true, diagnostics);
        }

        public Options(boolean perLayer, double emaBeta1, float[] preconditioner, boolean diagnostics, int coordinates, long seed,
                       boolean centre) {
            this(perLayer, emaBeta1, preconditioner, diagnostics, coordinates, seed, centre, diagnostics);
        }

        public Options {
            if (coordinates < 0) {
                throw new IllegalArgumentException("number of sampled coordinates must be >= 0, got " + coordinates);
            }
            if (preconditioner != null && Double.isNaN(emaBeta1)) {
                throw new IllegalArgumentException("a preconditioner needs ADAM's beta1");
            }
        }

        public static Options plain(boolean perLayer) {
            return new Options(perLayer, Double.NaN, null, false, 0, 0);
        }
    }

    /**
     * What one quantity gave.
     *
     * @param mohammadi          the reference-compatible α̂
     * @param perSegment         reference α̂ per segment (with perLayer)
     * @param zeroScalars        exact zeros among the pooled scalars
     * @param zeroScalarsPerSegment the same per segment
     * @param nonzero            α̂ with the zero-variance coordinates left out
     * @param nonzeroPerSegment  the same per segment (with perLayer)
     * @param nullAlpha          Gaussian-null α̂ of the reference pooling
     * @param vsNull             α̂ − nullAlpha with its SE
     * @param nullAlphaNonzero   Gaussian-null α̂ of the pooling without zero-variance coordinates
     * @param nonzeroVsNull      nonzero α̂ − nullAlphaNonzero with its SE
     * @param standardisedRms    α̂ of the RMS-standardised noise, or null
     * @param standardisedRobust α̂ of the median-|ξ|-standardised noise, or null (rows not in memory)
     * @param nullAlphaRobust    Gaussian-null α̂ (without zero-variance coordinates) with each coordinate's variance from its
     *                           robust scale, (median |ξ| / 0.6745)², NaN without robust scales: unlike the variance, the
     *                           robust scale is not inflated by a heavy tail's largest values, so this null keeps the scale
     *                           heterogeneity and drops the tail
     * @param nonzeroVsRobustNull nonzero α̂ − nullAlphaRobust with its SE
     * @param randomSign         α̂ of the random-sign surrogate, or null (no non-constant coordinate): every non-constant scalar multiplied
     *                           by its own random sign, pooled as nonzero is. A symmetric coordinate keeps its law, the
     *                           correlation between coordinates of one minibatch is gone (a minibatch's common scale
     *                           stays, and cancels in the estimator): nonzero − randomSign is what that correlation
     *                           does to the pooled estimator, whose block sums grow like K1 rather than √K1 when the
     *                           coordinates move together (fully correlated coordinates give α̂ = 1, whatever their law)
     */
    public record Quantity(String name, TailIndex mohammadi, TailIndex order, TailIndex hill, Map<String, TailIndex> perSegment,
                           long zeroScalars, Map<String, Long> zeroScalarsPerSegment, TailIndex nonzero, Map<String, TailIndex> nonzeroPerSegment,
                           double nullAlpha, GaussianNull.Difference vsNull, double nullAlphaNonzero, GaussianNull.Difference nonzeroVsNull,
                           TailIndex standardisedRms, TailIndex standardisedRobust, double nullAlphaRobust, GaussianNull.Difference nonzeroVsRobustNull,
                           TailIndex randomSign) {
    }

    /**
     * The sampled coordinates' noise: {@code values[p · m + i]} is ξ of row p at coordinate {@code coordinates[i]},
     * which lies in segment {@code groups[i]}.
     */
    public record CoordinateSample(int rows, int[] coordinates, String[] groups, double[] values) {
        /** Column i as an array of P values. */
        public double[] column(int i) {
            int m = coordinates.length;
            double[] c = new double[rows];
            for (int p = 0; p < rows; p++) {
                c[p] = values[p * m + i];
            }
            return c;
        }
    }

    /**
     * @param zeroVarianceCoordinates coordinates constant over the rows (zero noise)
     * @param robustZeroCoordinates   non-constant coordinates whose median |ξ| is 0 (left out of std_robust)
     * @param meanNoiseNorm           mean over p of ‖ξ_p‖
     * @param meanRowNorm             mean over p of ‖x_p‖
     * @param meanNorm                ‖x̄‖
     */
    public record Result(int rows, int dim, long zeroVarianceCoordinates, Map<String, Long> zeroVariancePerSegment, long robustZeroCoordinates,
                         double meanNoiseNorm, double meanRowNorm, double meanNorm, Map<String, Quantity> quantities, CoordinateSample sample) {
    }

    public static final String RAW = "raw";
    public static final String EMA = "ema";
    public static final String EMA_PRECOND = "ema_precond";
    private static final int CHUNK = 4096;

    private NoiseAnalysis() {
    }

    /** One segment covering all {@code dim} coordinates. */
    public static List<Segment> whole(int dim) {
        return List.of(new Segment("all", 0, dim));
    }

    /**
     * Runs both passes: {@code first} for pass 1, {@code second} for pass 2 — the same rows computed on demand
     * (two row passes), rows in memory given as both (one column pass for the statistics, then pass 2 in two
     * threads), or a copy in memory that {@code first} fills while it is read.
     */
    public static Result analyse(NoiseRows first, NoiseRows second, List<Segment> segments, Options o) {
        int d = first.dim();
        int p = first.rows();
        if (second.dim() != d || second.rows() != p) {
            throw new IllegalArgumentException("the two passes read different shapes");
        }
        if (p < 2) {
            throw new IllegalArgumentException("noise needs at least 2 rows (minibatches), got " + p);
        }
        checkSegments(segments, d);
        if (o.preconditioner() != null && o.preconditioner().length != d) {
            throw new IllegalArgumentException("preconditioner has length " + o.preconditioner().length + ", the noise " + d);
        }
        double[] mean;
        boolean[] varies;
        double[] var = null;
        double[] robust = null;
        double[] earlyVar = null;
        double rowNorms;
        double meanNormSq = 0;
        long zeroVar = 0;
        long robustZero = 0;
        if (first == second && first.inMemory()) {
            // Rows in memory: every per-coordinate statistic from one column pass, in cache, in two threads.
            ColumnStats cs = columnStats(first, o.centre(), o.robust() || o.diagnostics());
            mean = cs.mean();
            varies = cs.varies();
            var = cs.variance();
            robust = cs.robust();
            earlyVar = var;
            rowNorms = cs.rowNormSum();
            for (int j = 0; j < d; j++) {
                meanNormSq += mean[j] * mean[j];
            }
            if (!o.centre()) {
                mean = new double[d];
            }
        } else {
            // Pass 1, row by row: the per-coordinate sum (for the mean) and whether the coordinate varies; when the
            // standardisation needs the variances before pass 2, also the moments about the first row.
            boolean earlyMoments = o.diagnostics() && !second.inMemory();
            double[] sum = new double[d];
            double[] first0 = new double[d];
            varies = new boolean[d];
            double[] s2 = earlyMoments ? new double[d] : null;
            double[] buf = new double[CHUNK];
            rowNorms = 0;
            for (int r = 0; r < p; r++) {
                first.load(r);
                double sq = 0;
                for (int c = 0; c < d; c += CHUNK) {
                    int len = Math.min(CHUNK, d - c);
                    first.read(c, len, buf);
                    if (r == 0) {
                        System.arraycopy(buf, 0, first0, c, len);
                        for (int k = 0; k < len; k++) {
                            sum[c + k] += buf[k];
                            sq += buf[k] * buf[k];
                        }
                        continue;
                    }
                    for (int k = 0; k < len; k++) {
                        double x = buf[k];
                        int j = c + k;
                        sum[j] += x;
                        sq += x * x;
                        varies[j] |= x != first0[j];
                    }
                    if (s2 != null) {
                        for (int k = 0; k < len; k++) {
                            double y = buf[k] - first0[c + k];
                            s2[c + k] += y * y;
                        }
                    }
                }
                rowNorms += Math.sqrt(sq);
            }
            mean = sum;
            for (int j = 0; j < d; j++) {
                mean[j] /= p;
                meanNormSq += mean[j] * mean[j];
            }
            if (s2 != null) {
                earlyVar = new double[d];
                for (int j = 0; j < d; j++) {
                    double m1 = sum[j] - first0[j];
                    earlyVar[j] = o.centre() ? Math.max(0, s2[j] / p - m1 * m1) : s2[j] / p + 2 * first0[j] * m1 + first0[j] * first0[j];
                }
            }
            if (!o.centre()) {
                Arrays.fill(mean, 0);
            }
            if (second.inMemory()) {
                // The first pass filled the rows that the second reads: the variances (and robust scales) from them.
                ColumnStats cs = columnStats(second, o.centre(), o.robust() || o.diagnostics());
                var = cs.variance();
                robust = cs.robust();
                earlyVar = var;
            }
        }
        for (int j = 0; j < d; j++) {
            zeroVar += varies[j] ? 0 : 1;
        }
        if (robust != null) {
            for (int j = 0; j < d; j++) {
                if (varies[j] && robust[j] == 0) {
                    robustZero++;
                }
            }
        }
        Map<String, Long> zeroVarPerSeg = new LinkedHashMap<>();
        int[] nzPerSeg = new int[segments.size()];
        for (int s = 0; s < segments.size(); s++) {
            Segment g = segments.get(s);
            int nz = 0;
            for (int j = g.offset(); j < g.offset() + g.length(); j++) {
                nz += varies[j] ? 1 : 0;
            }
            nzPerSeg[s] = nz;
            zeroVarPerSeg.put(g.name(), (long) (g.length() - nz));
        }
        int dNz = (int) (d - zeroVar);


        // Pass 2.
        boolean ema = !Double.isNaN(o.emaBeta1());
        QuantitySinks raw = new QuantitySinks(RAW, p, segments, varies, nzPerSeg, dNz, o.perLayer(), false);
        QuantitySinks emaSinks = ema ? new QuantitySinks(EMA, p, segments, varies, nzPerSeg, dNz, o.perLayer(), true) : null;
        QuantitySinks preSinks = o.preconditioner() != null ? new QuantitySinks(EMA_PRECOND, p, segments, varies, nzPerSeg, dNz, o.perLayer(), true) : null;
        // The standardisations' weights (diagnostics only).
        double[] invRms = o.diagnostics() ? new double[d] : null;
        double[] invRobust = o.diagnostics() && robust != null ? new double[d] : null;
        long dRms = 0;
        long dRobust = 0;
        for (int j = 0; invRms != null && j < d; j++) {
            invRms[j] = varies[j] && earlyVar != null && earlyVar[j] > 0 ? 1 / Math.sqrt(earlyVar[j]) : 0;
            dRms += invRms[j] != 0 ? 1 : 0;
            if (invRobust != null) {
                invRobust[j] = varies[j] && robust[j] > 0 ? 1 / robust[j] : 0;
                dRobust += invRobust[j] != 0 ? 1 : 0;
            }
        }
        TailIndexAccumulator signFlip = (long) dNz * p >= 4 ? new TailIndexAccumulator(BlockPlan.robust((long) dNz * p)) : null;
        long signSeed = o.seed() ^ 0x51c4f11bL;
        TailIndexAccumulator stdRms = o.diagnostics() && dRms * p >= 4 ? new TailIndexAccumulator(BlockPlan.robust(dRms * p)) : null;
        TailIndexAccumulator stdRobust = o.diagnostics() && robust != null && dRobust * p >= 4 ? new TailIndexAccumulator(BlockPlan.robust(dRobust * p)) : null;
        int[] sampled = o.diagnostics() && o.coordinates() > 0 ? CoordinateTails.sampleCoordinates(d, Math.min(o.coordinates(), d), o.seed()) : new int[0];
        int m = sampled.length;
        double[] sampleValues = new double[m * p];
        double[] lateVar = var == null ? new double[d] : null;
        float[] q = o.preconditioner();
        // Two lanes read the same ξ: all scalars, the random-sign surrogate, the coordinate sample and the ADAM averages'
        // totals in one, the pools without zero-variance coordinates and the standardised ones in the other. Rows in memory are swept
        // by each lane in its own thread; rows computed on demand are swept once, feeding both lanes in turn.
        double[] norms = new double[1];
        Lane all = new Lane(d, o.emaBeta1(), q) {
            private int next;
            private final double[] signed = new double[CHUNK];
            private long state;

            @Override
            void row(int r) {
                next = 0;
                state = signSeed + 0x9E3779B97F4A7C15L * (r + 1);
            }

            /** The next 64 random bits of this row (SplitMix64). */
            private long nextWord() {
                long z = (state += 0x9E3779B97F4A7C15L);
                z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                return z ^ (z >>> 31);
            }

            @Override
            void chunk(int r, int s, int c, double[] xi, int len) {
                double sq = 0;
                for (int k = 0; k < len; k++) {
                    sq += xi[k] * xi[k];
                }
                rowSq += sq;
                if (lateVar != null) {
                    for (int k = 0; k < len; k++) {
                        lateVar[c + k] += xi[k] * xi[k];
                    }
                }
                raw.acceptAll(s, c, xi, len);
                if (signFlip != null) {
                    int n = 0;
                    for (int k = 0; k < len; k++) {
                        if (varies[c + k]) {
                            signed[n++] = xi[k];
                        }
                    }
                    // One random word gives the signs of 64 values: the sign bit of each is flipped by one bit of it.
                    for (int k = 0; k < n; k += 64) {
                        long w = nextWord();
                        int e = Math.min(n, k + 64);
                        for (int i = k; i < e; i++) {
                            signed[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(signed[i]) ^ ((w << (i - k)) & Long.MIN_VALUE));
                        }
                    }
                    signFlip.accept(signed, 0, n);
                }
                while (next < m && sampled[next] < c + len) {
                    sampleValues[r * m + next] = xi[sampled[next] - c];
                    next++;
                }
                if (emaSinks != null) {
                    smooth(r, c, xi, len);
                    emaSinks.acceptAll(s, c, hat, len);
                    if (preSinks != null) {
                        preSinks.acceptAll(s, c, pre, len);
                    }
                }
            }

            @Override
            void rowEnd(int r) {
                norms[0] += Math.sqrt(rowSq);
                rowSq = 0;
            }
        };
        Lane nonzero = new Lane(d, o.emaBeta1(), q) {

            @Override
            void chunk(int r, int s, int c, double[] xi, int len) {
                raw.acceptNonzero(s, c, xi, len, tmp);
                if (stdRms != null) {
                    stdRms.accept(tmp, 0, scaled(xi, c, len, invRms, tmp));
                }
                if (stdRobust != null) {
                    stdRobust.accept(tmp, 0, scaled(xi, c, len, invRobust, tmp));
                }
                if (emaSinks != null && emaSinks.hasNonzero()) {
                    smooth(r, c, xi, len);
                    emaSinks.acceptNonzero(s, c, hat, len, tmp);
                    if (preSinks != null) {
                        preSinks.acceptNonzero(s, c, pre, len, tmp);
                    }
                }
            }
        };
        if (second.inMemory() && PARALLEL && Runtime.getRuntime().availableProcessors() > 1) {
            NoiseRows other = second.reader();
            double[] centreAt = mean;
            runAll(new Runnable[] {() -> sweep(second, centreAt, segments, all), () -> sweep(other, centreAt, segments, nonzero)});
        } else {
            sweep(second, mean, segments, all, nonzero);
        }
        double noiseNorms = norms[0];
        if (lateVar != null) {
            var = lateVar;
            for (int j = 0; j < d; j++) {
                var[j] /= p;
            }
        }
        for (int j = 0; j < d; j++) {
            // A varying coordinate whose variance rounds to 0 keeps the smallest positive value, so that the null
            // stays defined; a constant one has exactly 0.
            var[j] = !varies[j] ? 0 : var[j] > 0 ? var[j] : Double.MIN_NORMAL;
        }
        Map<String, Quantity> out = new LinkedHashMap<>();
        Quantity rq = raw.result(var, stdRms == null ? null : stdRms.mohammadi(), stdRobust == null ? null : stdRobust.mohammadi());
        if (robust != null) {
            rq = raw.withRobustNull(rq, robustVariances(robust, var, varies));
        }
        if (signFlip != null) {
            TailIndex ind = signFlip.mohammadi();
            rq = new Quantity(rq.name(), rq.mohammadi(), rq.order(), rq.hill(), rq.perSegment(), rq.zeroScalars(), rq.zeroScalarsPerSegment(),
                    rq.nonzero(), rq.nonzeroPerSegment(), rq.nullAlpha(), rq.vsNull(), rq.nullAlphaNonzero(), rq.nonzeroVsNull(), rq.standardisedRms(),
                    rq.standardisedRobust(), rq.nullAlphaRobust(), rq.nonzeroVsRobustNull(), ind);
        }
        out.put(RAW, rq);
        if (emaSinks != null) {
            out.put(EMA, emaSinks.result(null, null, null));
        }
        if (preSinks != null) {
            out.put(EMA_PRECOND, preSinks.result(null, null, null));
        }
        String[] groups = new String[m];
        for (int i = 0, s = 0; i < m; i++) {
            while (sampled[i] >= segments.get(s).offset() + segments.get(s).length()) {
                s++;
            }
            groups[i] = segments.get(s).name();
        }
        return new Result(p, d, zeroVar, zeroVarPerSeg, robustZero, noiseNorms / p, rowNorms / p, Math.sqrt(meanNormSq), out,
                new CoordinateSample(p, sampled, groups, sampleValues));
    }

    /** Whether rows in memory are swept by two threads (one per lane); the results are the same either way. */
    static boolean PARALLEL = true;

    /** One consumer of the centred rows in pass 2, with its own buffers and its own copy of ADAM's running average. */
    private abstract static class Lane {
        final double[] tmp = new double[CHUNK];
        final double[] hat;
        final double[] pre;
        private final double[] e;
        private final double b1;
        private final float[] q;
        double rowSq;

        Lane(int d, double beta1, float[] q) {
            boolean ema = !Double.isNaN(beta1);
            this.e = ema ? new double[d] : null;
            this.hat = ema ? new double[CHUNK] : null;
            this.pre = q != null ? new double[CHUNK] : null;
            this.b1 = beta1;
            this.q = q;
        }

        void row(int r) {
        }

        void rowEnd(int r) {
        }

        abstract void chunk(int r, int s, int c, double[] xi, int len);

        /** ê (and Q⁻¹ê) of this chunk of row r: e ← β1 e + (1 − β1) ξ, ê = e / (1 − β1^(r+1)). */
        void smooth(int r, int c, double[] xi, int len) {
            double correction = 1 / (1 - Math.pow(b1, r + 1));
            for (int k = 0; k < len; k++) {
                int j = c + k;
                e[j] = b1 * e[j] + (1 - b1) * xi[k];
                hat[k] = e[j] * correction;
            }
            if (pre != null) {
                for (int k = 0; k < len; k++) {
                    pre[k] = hat[k] / q[c + k];
                }
            }
        }
    }

    /** Reads every row in order, centres it, and hands each chunk (never crossing a segment) to every lane in turn. */
    private static void sweep(NoiseRows rows, double[] mean, List<Segment> segments, Lane... lanes) {
        double[] xi = new double[CHUNK];
        for (int r = 0; r < rows.rows(); r++) {
            rows.load(r);
            for (Lane l : lanes) {
                l.row(r);
            }
            for (int s = 0; s < segments.size(); s++) {
                Segment g = segments.get(s);
                int to = g.offset() + g.length();
                for (int c = g.offset(); c < to; c += CHUNK) {
                    int len = Math.min(CHUNK, to - c);
                    rows.read(c, len, xi);
                    for (int k = 0; k < len; k++) {
                        xi[k] -= mean[c + k];
                    }
                    for (Lane l : lanes) {
                        l.chunk(r, s, c, xi, len);
                    }
                }
            }
            for (Lane l : lanes) {
                l.rowEnd(r);
            }
        }
    }

    /**
     * Variances implied by the robust scales for a Gaussian, (median |ξ| / Φ⁻¹(3/4))²; a varying coordinate whose
     * median |ξ| is 0 keeps its RMS variance.
     */
    static double[] robustVariances(double[] robust, double[] var, boolean[] varies) {
        double[] v = new double[robust.length];
        for (int j = 0; j < v.length; j++) {
            double r = robust[j] / MEDIAN_ABS_NORMAL;
            v[j] = !varies[j] ? 0 : r > 0 ? r * r : var[j];
        }
        return v;
    }

    /** Φ⁻¹(3/4): median |Z| of a standard normal. */
    static final double MEDIAN_ABS_NORMAL = 0.6744897501960817;

    /** Writes xi[k]·inv[c + k] for the coordinates with inv ≠ 0 into out, compacted; returns how many. */
    private static int scaled(double[] xi, int c, int len, double[] inv, double[] out) {
        int n = 0;
        for (int k = 0; k < len; k++) {
            double w = inv[c + k];
            if (w != 0) {
                out[n++] = xi[k] * w;
            }
        }
        return n;
    }

    private static void checkSegments(List<Segment> segments, int d) {
        int at = 0;
        for (Segment s : segments) {
            if (s.offset() != at || s.length() < 1) {
                throw new IllegalArgumentException("segments must tile the coordinates in order; '" + s.name() + "' starts at " + s.offset());
            }
            at += s.length();
        }
        if (at != d) {
            throw new IllegalArgumentException("segments cover " + at + " of " + d + " coordinates");
        }
    }

    /**
     * Per-coordinate statistics of rows in memory.
     *
     * @param mean       mean_p x_pj (always, also when the analysis does not centre)
     * @param varies     whether x_pj differs from x_0j for some p
     * @param variance   mean_p (x_pj − m_j)², m = the mean when centring, else 0
     * @param robust     median_p |x_pj − m_j|, or null
     * @param rowNormSum Σ_p ‖x_p‖
     */
    record ColumnStats(double[] mean, boolean[] varies, double[] variance, double[] robust, double rowNormSum) {
    }

    /**
     * One column pass over rows in memory: tiles of columns gathered into a buffer that stays in cache, the two
     * halves of the columns in two threads. The sums run over p in order, so the mean and the variance are the
     * same doubles as a row-by-row pass gives.
     */
    static ColumnStats columnStats(NoiseRows rows, boolean centre, boolean robust) {
        int d = rows.dim();
        int p = rows.rows();
        double[] mean = new double[d];
        boolean[] varies = new boolean[d];
        double[] var = new double[d];
        double[] med = robust ? new double[d] : null;
        int threads = PARALLEL && d >= 2 * CHUNK ? Math.min(2, Runtime.getRuntime().availableProcessors()) : 1;
        double[][] rowSq = new double[threads][p];
        int half = d / 2;
        Runnable[] parts = new Runnable[threads];
        for (int t = 0; t < threads; t++) {
            int from = threads == 1 ? 0 : t == 0 ? 0 : half;
            int to = threads == 1 ? d : t == 0 ? half : d;
            NoiseRows reader = t == 0 ? rows : rows.reader();
            double[] sq = rowSq[t];
            parts[t] = () -> columnRange(reader, from, to, centre, mean, varies, var, med, sq);
        }
        runAll(parts);
        double norms = 0;
        for (int r = 0; r < p; r++) {
            double s = 0;
            for (double[] sq : rowSq) {
                s += sq[r];
            }
            norms += Math.sqrt(s);
        }
        return new ColumnStats(mean, varies, var, med, norms);
    }

    private static void columnRange(NoiseRows rows, int from, int to, boolean centre, double[] mean, boolean[] varies, double[] var,
                                    double[] med, double[] rowSq) {
        int p = rows.rows();
        int tile = Math.max(1, Math.min(to - from, (1 << 18) / p));
        double[] col = new double[tile * p];
        double[] buf = new double[tile];
        for (int c = from; c < to; c += tile) {
            int len = Math.min(tile, to - c);
            for (int r = 0; r < p; r++) {
                rows.load(r);
                rows.read(c, len, buf);
                double sq = 0;
                for (int k = 0; k < len; k++) {
                    col[k * p + r] = buf[k];
                    sq += buf[k] * buf[k];
                }
                rowSq[r] += sq;
            }
            for (int k = 0; k < len; k++) {
                int o = k * p;
                double s = 0;
                boolean v = false;
                double x0 = col[o];
                for (int r = 0; r < p; r++) {
                    s += col[o + r];
                    v |= col[o + r] != x0;
                }
                double m = s / p;
                mean[c + k] = m;
                varies[c + k] = v;
                double centreAt = centre ? m : 0;
                double ss = 0;
                for (int r = 0; r < p; r++) {
                    double y = col[o + r] - centreAt;
                    ss += y * y;
                    col[o + r] = Math.abs(y);
                }
                var[c + k] = ss / p;
                if (med != null) {
                    med[c + k] = median(col, o, p);
                }
            }
        }
    }

    /** Runs the tasks, the first in this thread and the others each in its own; rethrows the first failure. */
    private static void runAll(Runnable[] tasks) {
        Thread[] threads = new Thread[tasks.length];
        Throwable[] failed = new Throwable[tasks.length];
        for (int i = 1; i < tasks.length; i++) {
            int k = i;
            threads[i] = new Thread(() -> {
                try {
                    tasks[k].run();
                } catch (Throwable e) {
                    failed[k] = e;
                }
            }, "noise-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        try {
            tasks[0].run();
        } finally {
            for (int i = 1; i < tasks.length; i++) {
                try {
                    threads[i].join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while estimating the tail index", e);
                }
            }
        }
        for (Throwable t : failed) {
            if (t instanceof RuntimeException re) {
                throw re;
            } else if (t instanceof Error er) {
                throw er;
            }
        }
    }

    /** Median of a[from .. from+n) (reorders that range): the middle value, or the mean of the two middle ones. */
    static double median(double[] a, int from, int n) {
        int mid = from + n / 2;
        double hi = select(a, from, from + n - 1, mid);
        if (n % 2 == 1) {
            return hi;
        }
        double lo = Double.NEGATIVE_INFINITY;
        for (int i = from; i < mid; i++) {
            lo = Math.max(lo, a[i]);
        }
        return 0.5 * (lo + hi);
    }

    /** Hoare quickselect: the k-th smallest of a[lo..hi] in place; a[lo..k) ≤ a[k]. */
    private static double select(double[] a, int lo, int hi, int k) {
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                break;
            }
        }
        return a[k];
    }

    /** The estimators of one quantity: all scalars, without zero-variance coordinates, per segment. */
    private static final class QuantitySinks {
        private final String name;
        private final long rows;
        private final List<Segment> segments;
        private final boolean[] varies;
        private final boolean perLayer;
        private final TailIndexAccumulator all;
        private final TailIndexAccumulator[] perSeg;
        private final TailIndexAccumulator nz;
        private final TailIndexAccumulator[] nzPerSeg;
        private final boolean[] segHasZeroVar;
        private final long[] zeros;
        private final double[] secondMoment;

        QuantitySinks(String name, int rows, List<Segment> segments, boolean[] varies, int[] nzCounts, int dNz, boolean perLayer,
                      boolean ownMoments) {
            this.name = name;
            this.rows = rows;
            this.segments = segments;
            this.varies = varies;
            this.perLayer = perLayer;
            int d = varies.length;
            all = new TailIndexAccumulator(BlockPlan.robust((long) d * rows));
            boolean anyZero = dNz < d;
            nz = anyZero && (long) dNz * rows >= 4 ? new TailIndexAccumulator(BlockPlan.robust((long) dNz * rows)) : null;
            perSeg = new TailIndexAccumulator[segments.size()];
            nzPerSeg = new TailIndexAccumulator[segments.size()];
            segHasZeroVar = new boolean[segments.size()];
            for (int s = 0; s < segments.size(); s++) {
                long n = (long) segments.get(s).length() * rows;
                long nNz = (long) nzCounts[s] * rows;
                segHasZeroVar[s] = nzCounts[s] < segments.get(s).length();
                if (perLayer) {
                    perSeg[s] = n >= 4 ? new TailIndexAccumulator(BlockPlan.robust(n)) : null;
                    nzPerSeg[s] = segHasZeroVar[s] && nNz >= 4 ? new TailIndexAccumulator(BlockPlan.robust(nNz)) : null;
                }
            }
            zeros = new long[segments.size()];
            secondMoment = ownMoments ? new double[d] : null;
        }

        /** All scalars: the reference pool, per segment, the zero counts and the second moments. */
        void acceptAll(int s, int c, double[] xs, int len) {
            all.accept(xs, 0, len);
            if (perSeg[s] != null) {
                perSeg[s].accept(xs, 0, len);
            }
            long z = 0;
            for (int k = 0; k < len; k++) {
                z += xs[k] == 0 ? 1 : 0;
            }
            zeros[s] += z;
            if (secondMoment != null) {
                for (int k = 0; k < len; k++) {
                    secondMoment[c + k] += xs[k] * xs[k];
                }
            }
        }

        boolean hasNonzero() {
            return nz != null;
        }

        /** The pools without the zero-variance coordinates (nothing to do when there are none). */
        void acceptNonzero(int s, int c, double[] xs, int len, double[] tmp) {
            if (nz == null) {
                return;
            }
            if (segHasZeroVar[s]) {
                int n = 0;
                for (int k = 0; k < len; k++) {
                    if (varies[c + k]) {
                        tmp[n++] = xs[k];
                    }
                }
                nz.accept(tmp, 0, n);
                if (nzPerSeg[s] != null) {
                    nzPerSeg[s].accept(tmp, 0, n);
                }
            } else {
                nz.accept(xs, 0, len);
            }
        }

        Quantity result(double[] variance, TailIndex stdRms, TailIndex stdRobust) {
            double[] v = variance;
            if (v == null) {
                v = new double[secondMoment.length];
                for (int j = 0; j < v.length; j++) {
                    v[j] = varies[j] ? Math.max(secondMoment[j] / rows, Double.MIN_NORMAL) : 0;
                }
            }
            TailIndex ref = all.mohammadi();
            GaussianNull nullAll = GaussianNull.of(all.plan(), v, rows);
            GaussianNull.Difference dAll = nullAll.difference(ref, all.groupInverses());
            TailIndex nzIndex = ref;
            GaussianNull nullNz = nullAll;
            GaussianNull.Difference dNz = dAll;
            if (nz != null) {
                nzIndex = nz.mohammadi();
                double[] vNz = compact(v, varies);
                nullNz = GaussianNull.of(nz.plan(), vNz, rows);
                dNz = nullNz.difference(nzIndex, nz.groupInverses());
            } else if (!allVary(varies)) {
                nzIndex = new TailIndex("mohammadi", Double.NaN, Double.NaN, 0, 0, 0);
                nullNz = new GaussianNull(Double.NaN, Double.NaN, new double[0]);
                dNz = new GaussianNull.Difference(Double.NaN, Double.NaN);
            }
            Map<String, TailIndex> layers = new LinkedHashMap<>();
            Map<String, TailIndex> layersNz = new LinkedHashMap<>();
            Map<String, Long> zeroMap = new LinkedHashMap<>();
            for (int s = 0; s < segments.size(); s++) {
                String seg = segments.get(s).name();
                zeroMap.put(seg, zeros[s]);
                if (perLayer && perSeg[s] != null) {
                    TailIndex t = perSeg[s].mohammadi();
                    layers.put(seg, t);
                    layersNz.put(seg, nzPerSeg[s] != null ? nzPerSeg[s].mohammadi() : segHasZeroVar[s] ? null : t);
                }
            }
            layersNz.values().removeIf(java.util.Objects::isNull);
            long zeroTotal = Arrays.stream(zeros).sum();
            return new Quantity(name, ref, all.orderStatistics(), all.hill(), layers, zeroTotal, zeroMap, nzIndex, layersNz,
                    nullAll.alpha(), dAll, nullNz.alpha(), dNz, stdRms, stdRobust, Double.NaN, new GaussianNull.Difference(Double.NaN, Double.NaN),
                    null);
        }

        /** The same quantity with the robust-scale null of the pooling without zero-variance coordinates. */
        Quantity withRobustNull(Quantity q, double[] robustVar) {
            TailIndexAccumulator acc = nz != null ? nz : all;
            if (q.nonzero().n() == 0) {
                return q;
            }
            GaussianNull n = GaussianNull.of(acc.plan(), nz != null ? compact(robustVar, varies) : robustVar, rows);
            return new Quantity(q.name(), q.mohammadi(), q.order(), q.hill(), q.perSegment(), q.zeroScalars(), q.zeroScalarsPerSegment(), q.nonzero(),
                    q.nonzeroPerSegment(), q.nullAlpha(), q.vsNull(), q.nullAlphaNonzero(), q.nonzeroVsNull(), q.standardisedRms(),
                    q.standardisedRobust(), n.alpha(), n.difference(q.nonzero(), acc.groupInverses()), q.randomSign());
        }

        private static boolean allVary(boolean[] varies) {
            for (boolean b : varies) {
                if (!b) {
                    return false;
                }
            }
            return true;
        }

        private static double[] compact(double[] v, boolean[] keep) {
            int n = 0;
            for (boolean k : keep) {
                n += k ? 1 : 0;
            }
            double[] c = new double[n];
            for (int j = 0, i = 0; j < v.length; j++) {
                if (keep[j]) {
                    c[i++] = v[j];
                }
            }
            return c;
        }
    }
}
