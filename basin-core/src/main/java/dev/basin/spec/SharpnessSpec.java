package dev.basin.spec;

import dev.basin.curvature.SharpnessProbe;
import dev.basin.train.IterationSchedule;

/**
 * The Hessian's largest eigenvalues (Lanczos) along training into sharpness.csv ({@link SharpnessProbe}).
 *
 * @param schedule    when, in the forms of {@link AlphaSpec#schedule()}
 * @param samples     training samples, first in data-set order (default 1000)
 * @param top         top eigenvalues recorded (default 1)
 * @param trace       also the trace with this many Hutch++ products; 0 = off, else at least 6 (default 0)
 * @param tolerance   Lanczos relative residual (default 1e-3)
 * @param batch       samples per pass; does not change results (default 500)
 */
public record SharpnessSpec(String schedule, Integer samples, Integer top, Integer trace, Double tolerance, Integer batch) {
    public SharpnessSpec {
        Check.that(schedule != null, "schedule must be given (e.g. 100 or at:0,500)");
        String s = schedule;
        Check.parsed("schedule", () -> IterationSchedule.parse(s));
        samples = Check.atLeast("samples", Check.or(samples, 1000), 1);
        top = Check.atLeast("top", Check.or(top, 1), 1);
        trace = Check.atLeast("trace", Check.or(trace, 0), 0);
        Check.that(trace == 0 || trace >= 6, "trace needs at least 6 Hutch++ products (or 0 for none), got " + trace);
        tolerance = Check.positive("tolerance", Check.or(tolerance, 1e-3));
        batch = Check.atLeast("batch", Check.or(batch, 500), 1);
    }

    public SharpnessProbe probe(long seed) {
        return new SharpnessProbe(IterationSchedule.parse(schedule), samples, top, trace, tolerance, batch, seed);
    }
}
