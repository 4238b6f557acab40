package dev.basin.cli;

import dev.basin.noise.NoiseAnalysis;
import dev.basin.noise.NoiseDiagnostics;
import dev.basin.noise.PooledFits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The heavy-tail report of one noise analysis as terminal lines, shared by {@code basin noise} and {@code basin tail-index --diagnostics}. */
final class NoiseReport {
    private NoiseReport() {
    }

    /** The estimates and controls of the raw noise, the per-coordinate summary, and the fits (pooled and standardised). */
    static List<String> lines(NoiseAnalysis.Result a, NoiseAnalysis.Quantity q, NoiseDiagnostics diag) {
        List<String> w = new ArrayList<>();
        w.add(String.format(Locale.ROOT, "reference alpha        %.4f +/- %.4f   (all %d scalars, K1 = %d; %d exact zeros)", q.mohammadi().alpha(),
                q.mohammadi().stderr(), q.mohammadi().n(), q.mohammadi().k1(), q.zeroScalars()));
        w.add(String.format(Locale.ROOT, "zero-variance coords   %d of %d (%.1f%%)", a.zeroVarianceCoordinates(), a.dim(),
                100.0 * a.zeroVarianceCoordinates() / a.dim()));
        w.add(String.format(Locale.ROOT, "alpha without them     %.4f +/- %.4f", q.nonzero().alpha(), q.nonzero().stderr()));
        w.add(String.format(Locale.ROOT, "Gaussian null          %.4f   (alpha - null = %.4f +/- %.4f), from the variances", q.nullAlphaNonzero(),
                q.nonzeroVsNull().value(), q.nonzeroVsNull().stderr()));
        if (!Double.isNaN(q.nullAlphaRobust())) {
            w.add(String.format(Locale.ROOT, "Gaussian null, robust  %.4f   (alpha - null = %.4f +/- %.4f), from the median |noise| of each coordinate",
                    q.nullAlphaRobust(), q.nonzeroVsRobustNull().value(), q.nonzeroVsRobustNull().stderr()));
        }
        if (q.standardisedRms() != null) {
            w.add(String.format(Locale.ROOT, "standardised alpha     %.4f +/- %.4f (RMS), %s (median |noise|)", q.standardisedRms().alpha(),
                    q.standardisedRms().stderr(), q.standardisedRobust() == null ? "n/a: noise not held in memory"
                            : String.format(Locale.ROOT, "%.4f +/- %.4f", q.standardisedRobust().alpha(), q.standardisedRobust().stderr())));
        }
        if (q.randomSign() != null) {
            w.add(String.format(Locale.ROOT, "random-sign surrogate  %.4f +/- %.4f (each scalar given a random sign: the correlation between coordinates removed)",
                    q.randomSign().alpha(), q.randomSign().stderr()));
        }
        if (diag != null) {
            var o = diag.coordinates().overall();
            w.add(String.format(Locale.ROOT, "per coordinate (%d)   alpha median %.3f [q05 %.3f, q95 %.3f]; Gaussianity rejected in %.1f%% (BH %.1f%%)",
                    o.coordinates(), o.alpha().q50(), o.alpha().q05(), o.alpha().q95(), 100 * o.rejectedUnadjusted(), 100 * o.rejectedBh()));
            w.addAll(fits(diag.fits(), diag.standardisedFits()));
        }
        return w;
    }

    /** The fits' lines, and those of the standardised fits after a heading. */
    static List<String> fits(PooledFits pooled, PooledFits standardised) {
        List<String> w = new ArrayList<>();
        if (pooled != null) {
            w.addAll(pooled.lines());
        }
        if (standardised != null) {
            w.add("the same, each coordinate divided by its median |noise|:");
            w.addAll(standardised.lines());
        }
        return w;
    }
}
