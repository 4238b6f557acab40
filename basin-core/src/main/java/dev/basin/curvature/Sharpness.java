package dev.basin.curvature;

/**
 * The curvature summary of one point: the top-k Hessian eigenvalues by Lanczos (with residuals and the
 * operator applications spent) and, optionally, the Hutch++ trace with its standard error.
 */
public record Sharpness(Lanczos.Result top, Trace.Estimate trace, double seconds) {
    /** Lanczos basis kept at most (memory: this many parameter vectors in float64). */
    public static final int MAX_BASIS = 40;

    /**
     * @param traceMatvecs  Hutch++ operator applications (0: no trace)
     */
    public static Sharpness measure(SymmetricOperator h, int k, double tolerance, int maxIterations, int traceMatvecs, long seed) {
        long t0 = System.nanoTime();
        Lanczos.Result top = Lanczos.eigs(h, k, Lanczos.Which.LARGEST, tolerance, maxIterations, Math.max(MAX_BASIS, 2 * k + 10), seed);
        Trace.Estimate trace = traceMatvecs > 0 ? Trace.hutchPlusPlus(h, traceMatvecs, seed + 1) : null;
        return new Sharpness(top, trace, (System.nanoTime() - t0) / 1e9);
    }

    public double lambdaMax() {
        return top.values()[0];
    }
}
