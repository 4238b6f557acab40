package dev.basin.spec;

import java.util.List;

/**
 * {@code basin jumps}: basin jumps along training runs. For each pair of consecutive checkpoints of each run, the
 * train-loss barrier on the segment between them (the largest rise above the chord); a barrier above
 * {@code threshold} is a jump. Each run gets a jumps.csv.
 *
 * @param runs      run folders with at least two checkpoints each (required)
 * @param threshold the barrier that counts as a jump (default 0.01)
 * @param points    points on each segment, ends included, at least 3 (default 11)
 * @param samples   training samples (first in data-set order) of the loss (default 1000)
 */
public record JumpsSpec(List<String> runs, Double threshold, Integer points, Integer samples) implements ExperimentSpec {
    public JumpsSpec {
        Check.that(runs != null && !runs.isEmpty(), "runs must be given: one or more run folders");
        for (String r : runs) {
            Check.that(r != null && !r.isBlank(), "runs: a run folder must not be empty");
        }
        runs = List.copyOf(runs);
        threshold = Check.positive("threshold", Check.or(threshold, 0.01));
        points = Check.atLeast("points", Check.or(points, 11), 3);
        samples = Check.atLeast("samples", Check.or(samples, 1000), 1);
    }
}
