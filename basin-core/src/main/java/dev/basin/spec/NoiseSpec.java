package dev.basin.spec;

import dev.basin.noise.NoiseDiagnostics;

/**
 * {@code basin noise}: the full heavy-tail report of the stochastic-gradient noise at one checkpoint: the
 * reference α̂, exact zeros, α̂ without zero-variance coordinates, the Gaussian nulls, standardised α̂, the
 * per-coordinate tails and Gaussianity along the minibatch axis (overall and per tensor:
 * noise-coordinates.csv), the SαS/Gaussian/Student-t fits with bootstrap p-values and the paper's Fig. 1
 * histogram (noise.json, noise-histogram*.png/svg). Written to RUN/noise-ITERATION-SET unless told otherwise.
 * The memory budget for holding the gradients is no key: results do not depend on it.
 *
 * @param run           a run folder (its latest checkpoint, or the one at {@code iteration}) or a checkpoint file inside one; required
 * @param iteration     with a run folder: the checkpoint at this iteration (absent: the latest)
 * @param set           the noise of the train or test set (default train)
 * @param noiseBatch    minibatch size of the noise; 0 = the run's training batch (default 0)
 * @param batches       at most this many minibatches, evenly spaced over the set; 0 = all (default 0)
 * @param coordinates   coordinates sampled for the per-coordinate tests and the fits, at least 1 (default 2000)
 * @param bootstrap     parametric-bootstrap replicates of the fits' goodness-of-fit p-values; 0 = none (default 99)
 * @param fitSamples    at most this many pooled values (evenly spaced) for the fits, at least 100 (default 20000)
 * @param bootstrapSeed seed of the bootstrap replicates (default 1)
 * @param bins          histogram bins of the Fig. 1 panels, at least 5 (default 101)
 */
public record NoiseSpec(String run, Long iteration, SampleSet set, Integer noiseBatch, Integer batches, Integer coordinates, Integer bootstrap,
                        Integer fitSamples, Long bootstrapSeed, Integer bins) implements ExperimentSpec {
    public static final int DEFAULT_COORDINATES = NoiseDiagnostics.DEFAULT_COORDINATES;
    public static final int DEFAULT_BOOTSTRAP = 99;
    public static final int DEFAULT_FIT_SAMPLES = 20_000;
    public static final int DEFAULT_BINS = 101;
    public static final int MIN_BINS = 5;

    public NoiseSpec {
        Check.that(run != null && !run.isBlank(), "run must be given: a run folder or a checkpoint file");
        Check.that(iteration == null || iteration >= 0, "iteration must be >= 0, got " + iteration);
        set = Check.or(set, SampleSet.TRAIN);
        noiseBatch = Check.or(noiseBatch, 0);
        Check.that(noiseBatch >= 0, "noise_batch must be >= 1 (or 0 for the training batch), got " + noiseBatch);
        batches = Check.or(batches, 0);
        Check.that(batches >= 0, "batches must be >= 1 (or 0 for all), got " + batches);
        coordinates = Check.atLeast("coordinates", Check.or(coordinates, DEFAULT_COORDINATES), 1);
        bootstrap = Check.atLeast("bootstrap", Check.or(bootstrap, DEFAULT_BOOTSTRAP), 0);
        fitSamples = Check.atLeast("fit_samples", Check.or(fitSamples, DEFAULT_FIT_SAMPLES), NoiseDiagnostics.MIN_FIT);
        bootstrapSeed = Check.or(bootstrapSeed, 1L);
        bins = Check.atLeast("bins", Check.or(bins, DEFAULT_BINS), MIN_BINS);
    }
}
