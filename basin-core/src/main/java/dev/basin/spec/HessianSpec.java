package dev.basin.spec;

import dev.basin.curvature.CurvatureOperator;

/**
 * {@code basin hessian}: the curvature of the loss at a checkpoint over a fixed sample: the top and bottom
 * eigenvalues by Lanczos with residuals (eigenvalues.csv), the trace by Hutch++, the spectral density by
 * stochastic Lanczos quadrature (spectrum.csv) and the escaping sets of SGD and ADAM (escape-sets.json);
 * hessian.json sums up. Written to RUN/hessian-ITERATION unless told otherwise.
 *
 * @param run           a run folder (its latest checkpoint, or the one at {@code iteration}) or a checkpoint file inside one; required
 * @param iteration     with a run folder: the checkpoint at this iteration (absent: the latest)
 * @param operator      hessian or ggn (the Gauss–Newton matrix) (default hessian)
 * @param set           the samples that define the loss come from the train or test set (default train)
 * @param samples       how many samples (default 1000; capped at the set's size)
 * @param sampleSeed    draw the samples at random with this seed (absent: the first {@code samples} in data-set order)
 * @param batch         samples per pass: memory, and the order of the float32 sums (default 500)
 * @param top           largest eigenvalues (default 5)
 * @param bottom        smallest eigenvalues (default 0); top + bottom must be at least 1
 * @param tolerance     relative residual each eigenpair must reach (default 1e-3)
 * @param maxIterations operator products per Lanczos run at most (default 300)
 * @param trace         also the trace by Hutch++ (default false)
 * @param traceMatvecs  operator products for the trace, at least 6 (default 60)
 * @param density       also the spectral density by SLQ (default false)
 * @param probes        SLQ probe vectors, at least 2 (default 5)
 * @param steps         Lanczos steps per SLQ probe (default 60)
 * @param escapeSets    the escaping-set quantities in the top-{@code top} subspace (absent: off); needs top >= 1
 * @param seed          seed of the Lanczos start vectors (the trace uses seed + 1, SLQ seed + 2) (default 1)
 */
public record HessianSpec(String run, Long iteration, CurvatureOperator operator, SampleSet set, Integer samples, Long sampleSeed, Integer batch,
                          Integer top, Integer bottom, Double tolerance, Integer maxIterations, Boolean trace, Integer traceMatvecs,
                          Boolean density, Integer probes, Integer steps, EscapeSetsSpec escapeSets, Long seed) implements ExperimentSpec {
    public static final int DEFAULT_SAMPLES = 1000;
    public static final int DEFAULT_BATCH = 500;
    public static final int DEFAULT_TOP = 5;
    public static final double DEFAULT_TOLERANCE = 1e-3;
    public static final int DEFAULT_MAX_ITERATIONS = 300;
    public static final int DEFAULT_TRACE_MATVECS = 60;
    public static final int DEFAULT_PROBES = 5;
    public static final int DEFAULT_STEPS = 60;

    public HessianSpec {
        Check.that(run != null && !run.isBlank(), "run must be given: a run folder or a checkpoint file");
        operator = Check.or(operator, CurvatureOperator.HESSIAN);
        set = Check.or(set, SampleSet.TRAIN);
        samples = Check.or(samples, DEFAULT_SAMPLES);
        Check.that(samples >= 1, "the sample is empty: samples must be >= 1, got " + samples);
        batch = Check.atLeast("batch", Check.or(batch, DEFAULT_BATCH), 1);
        top = Check.atLeast("top", Check.or(top, DEFAULT_TOP), 0);
        bottom = Check.atLeast("bottom", Check.or(bottom, 0), 0);
        Check.that(top + bottom >= 1, "top, bottom: ask for at least one eigenvalue (top and bottom are both 0)");
        tolerance = Check.positive("tolerance", Check.or(tolerance, DEFAULT_TOLERANCE));
        maxIterations = Check.atLeast("max_iterations", Check.or(maxIterations, DEFAULT_MAX_ITERATIONS), 1);
        trace = Check.or(trace, false);
        traceMatvecs = Check.atLeast("trace_matvecs", Check.or(traceMatvecs, DEFAULT_TRACE_MATVECS), 6);
        density = Check.or(density, false);
        probes = Check.atLeast("probes", Check.or(probes, DEFAULT_PROBES), 2);
        steps = Check.atLeast("steps", Check.or(steps, DEFAULT_STEPS), 1);
        Check.that(escapeSets == null || top >= 1, "escape_sets needs top >= 1 (the subspace is the top eigenvectors)");
        seed = Check.or(seed, 1L);
    }
}
