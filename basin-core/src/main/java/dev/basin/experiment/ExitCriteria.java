package dev.basin.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * When a continuation from a minimum θ* counts as having left it, checked every {@code checkEvery}
 * iterations up to {@code cap}; a criterion set to NaN is off, at least one must be on.
 *
 * <ul>
 *   <li>{@link ExitCriterion#RADIUS}: ‖θ_t − θ*‖ &gt; r (Nguyen et al.);</li>
 *   <li>{@link ExitCriterion#LOSS_RISE}: F(θ_t) &gt; F(θ*) + δ;</li>
 *   <li>{@link ExitCriterion#BARRIER}: the loss on the segment θ* → θ_t rises more than h above its chord (left the basin),
 *       from {@code barrierPoints} interior points, checked every {@code barrierEvery} iterations.</li>
 * </ul>
 */
public record ExitCriteria(double radius, double lossRise, double barrier, int barrierPoints, long checkEvery, long barrierEvery, long cap) {
    public ExitCriteria {
        if (!(radius > 0) && !Double.isNaN(radius)) {
            throw new IllegalArgumentException("the exit radius r must be > 0, got " + radius);
        }
        if (!(lossRise > 0) && !Double.isNaN(lossRise)) {
            throw new IllegalArgumentException("the loss rise delta must be > 0, got " + lossRise);
        }
        if (!(barrier > 0) && !Double.isNaN(barrier)) {
            throw new IllegalArgumentException("the barrier height h must be > 0, got " + barrier);
        }
        if (Double.isNaN(radius) && Double.isNaN(lossRise) && Double.isNaN(barrier)) {
            throw new IllegalArgumentException("no exit criterion: give a radius, a loss rise or a barrier height");
        }
        if (checkEvery < 1 || barrierEvery < 1 || cap < 1 || barrierPoints < 1) {
            throw new IllegalArgumentException("check intervals, the cap and the barrier points must be >= 1");
        }
    }

    /** The threshold of criterion {@code c}: r, δ or h; NaN when it is off. */
    public double threshold(ExitCriterion c) {
        return switch (c) {
            case RADIUS -> radius;
            case LOSS_RISE -> lossRise;
            case BARRIER -> barrier;
        };
    }

    /** Whether criterion {@code c} is on. */
    public boolean on(ExitCriterion c) {
        return !Double.isNaN(threshold(c));
    }

    /** The criteria that are on, in declaration order (radius, loss rise, barrier). */
    public List<ExitCriterion> active() {
        List<ExitCriterion> a = new ArrayList<>();
        for (ExitCriterion c : ExitCriterion.values()) {
            if (on(c)) {
                a.add(c);
            }
        }
        return List.copyOf(a);
    }

    /**
     * Follows one continuation's observations and records the first iteration at which each criterion fires
     * (−1 while it has not: right-censored at the cap).
     */
    public static final class Tracker {
        private final ExitCriteria c;
        private final double baseLoss;
        private final EnumMap<ExitCriterion, Long> exitAt = new EnumMap<>(ExitCriterion.class);

        public Tracker(ExitCriteria c, double baseLoss) {
            this.c = c;
            this.baseLoss = baseLoss;
            for (ExitCriterion k : c.active()) {
                exitAt.put(k, -1L);
            }
        }

        /**
         * One check at {@code iteration}: the distance from θ*, the loss, and the barrier (NaN when not measured
         * at this check). A non-finite loss (divergence) fires every criterion still open.
         */
        public void observe(long iteration, double distance, double loss, double barrierHeight) {
            boolean diverged = !Double.isFinite(loss) || !Double.isFinite(distance);
            fire(ExitCriterion.RADIUS, iteration, diverged || distance > c.radius());
            fire(ExitCriterion.LOSS_RISE, iteration, diverged || loss > baseLoss + c.lossRise());
            fire(ExitCriterion.BARRIER, iteration, diverged || (!Double.isNaN(barrierHeight) && barrierHeight > c.barrier()));
        }

        private void fire(ExitCriterion k, long iteration, boolean condition) {
            if (c.on(k) && exitAt.get(k) < 0 && condition) {
                exitAt.put(k, iteration);
            }
        }

        /** Every criterion that is on has fired. */
        public boolean done() {
            return exitAt.values().stream().allMatch(e -> e >= 0);
        }

        /** The first exit iteration of each criterion that is on; −1: not (yet) left. */
        public Map<ExitCriterion, Long> exits() {
            return Collections.unmodifiableMap(new EnumMap<>(exitAt));
        }
    }
}
