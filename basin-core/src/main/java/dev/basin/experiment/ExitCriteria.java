package dev.basin.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * When a continuation from a minimum θ* counts as having left it, checked every {@code checkEvery}
 * iterations up to {@code cap}; a criterion set to NaN is off, at least one must be on.
 *
 * <ul>
 *   <li>{@code radius}: ‖θ_t − θ*‖ &gt; r (Nguyen et al.);</li>
 *   <li>{@code lossRise}: F(θ_t) &gt; F(θ*) + δ;</li>
 *   <li>{@code barrier}: the loss on the segment θ* → θ_t rises more than h above its chord (left the basin),
 *       from {@code barrierPoints} interior points, checked every {@code barrierEvery} iterations.</li>
 * </ul>
 */
public record ExitCriteria(double radius, double lossRise, double barrier, int barrierPoints, long checkEvery, long barrierEvery, long cap) {
    public static final String[] NAMES = {"radius", "loss_rise", "barrier"};

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

    /** Whether criterion i (0 radius, 1 loss rise, 2 barrier) is on. */
    public boolean on(int i) {
        return !Double.isNaN(i == 0 ? radius : i == 1 ? lossRise : barrier);
    }

    /** The criteria that are on, by name. */
    public List<String> active() {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (on(i)) {
                a.add(NAMES[i]);
            }
        }
        return a;
    }

    /**
     * Follows one continuation's observations and records the first iteration at which each criterion fires
     * (−1 while it has not: right-censored at the cap).
     */
    public static final class Tracker {
        private final ExitCriteria c;
        private final double baseLoss;
        private final long[] exitAt = {-1, -1, -1};

        public Tracker(ExitCriteria c, double baseLoss) {
            this.c = c;
            this.baseLoss = baseLoss;
        }

        /**
         * One check at {@code iteration}: the distance from θ*, the loss, and the barrier (NaN when not measured
         * at this check). A non-finite loss (divergence) fires every criterion still open.
         */
        public void observe(long iteration, double distance, double loss, double barrierHeight) {
            boolean diverged = !Double.isFinite(loss) || !Double.isFinite(distance);
            fire(0, iteration, diverged || distance > c.radius());
            fire(1, iteration, diverged || loss > baseLoss + c.lossRise());
            fire(2, iteration, diverged || (!Double.isNaN(barrierHeight) && barrierHeight > c.barrier()));
        }

        private void fire(int i, long iteration, boolean condition) {
            if (c.on(i) && exitAt[i] < 0 && condition) {
                exitAt[i] = iteration;
            }
        }

        /** Every criterion that is on has fired. */
        public boolean done() {
            for (int i = 0; i < 3; i++) {
                if (c.on(i) && exitAt[i] < 0) {
                    return false;
                }
            }
            return true;
        }

        /** First exit iteration per criterion (radius, loss rise, barrier); −1: not (yet) left. */
        public long[] exits() {
            return exitAt.clone();
        }
    }
}
