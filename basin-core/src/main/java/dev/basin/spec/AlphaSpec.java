package dev.basin.spec;

import dev.basin.noise.AlphaProbe;
import dev.basin.noise.NoiseDiagnostics;
import dev.basin.train.IterationSchedule;
import java.util.Locale;

/**
 * The gradient-noise tail index α measured along training into alpha.csv ({@link AlphaProbe}).
 *
 * @param schedule    when: N (every N), STEP:UNTIL,...,STEP (e.g. 50:3000,500), paper (= 50:3000,500) or at:I,J,...
 * @param sets        train, test or both (default both)
 * @param batches     at most this many minibatches per evaluation and set, evenly spaced; 0 = all (default 0)
 * @param perLayer    also α of each parameter tensor (default false)
 * @param noiseBatch  minibatch size of the noise; 0 = the training batch (default 0)
 * @param diagnostics the heavy-tail controls: standardised α, per-coordinate tails and Gaussianity, fits (default false)
 * @param coordinates coordinates sampled for the per-coordinate tests of the diagnostics (default 2000)
 * @param robust      the robust-scale Gaussian null (default: as diagnostics)
 * @param memoryMib   budget for holding the P×d gradients; 0 = always recompute; absent = 3/4 of the free direct memory.
 *                    Results do not depend on it.
 */
public record AlphaSpec(String schedule, String sets, Integer batches, Boolean perLayer, Integer noiseBatch, Boolean diagnostics, Integer coordinates,
                        Boolean robust, Long memoryMib) {
    public AlphaSpec {
        Check.that(schedule != null, "schedule must be given (e.g. paper, 100 or at:0,50)");
        String s = schedule;
        Check.parsed("schedule", () -> IterationSchedule.parse(s));
        sets = Check.or(sets, "both").toLowerCase(Locale.ROOT);
        String st = sets;
        Check.that(AlphaProbe.SETS.contains(st), "sets: unknown noise evaluation set '" + st + "'; choose train, test or both");
        batches = Check.atLeast("batches", Check.or(batches, 0), 0);
        perLayer = Check.or(perLayer, false);
        noiseBatch = Check.or(noiseBatch, 0);
        Check.that(noiseBatch >= 0, "noise_batch must be >= 1 (or 0 for the training batch), got " + noiseBatch);
        diagnostics = Check.or(diagnostics, false);
        coordinates = Check.atLeast("coordinates", Check.or(coordinates, NoiseDiagnostics.DEFAULT_COORDINATES), 0);
        robust = Check.or(robust, diagnostics);
        Check.that(memoryMib == null || memoryMib >= 0, "memory_mib must be >= 0, got " + memoryMib);
    }

    /** The probe's settings. */
    public AlphaProbe.Settings settings() {
        return new AlphaProbe.Settings(IterationSchedule.parse(schedule), sets, batches, perLayer, noiseBatch, diagnostics, coordinates,
                budgetBytes(memoryMib), robust);
    }

    /** A memory budget in MiB as bytes; null is automatic (−1). */
    public static long budgetBytes(Long mib) {
        Check.that(mib == null || mib >= 0, "memory_mib must be >= 0, got " + mib);
        return mib == null ? -1 : mib * (1L << 20);
    }
}
