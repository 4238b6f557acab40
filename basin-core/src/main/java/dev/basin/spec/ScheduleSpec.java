package dev.basin.spec;

import dev.basin.optim.LrSchedule;
import java.util.List;
import java.util.Locale;

/**
 * The learning-rate schedule.
 *
 * @param kind       constant (default), multistep or cosine
 * @param milestones multistep: iterations where the rate is multiplied by gamma (default: 1/3 and 2/3 of the run)
 * @param gamma      multistep factor (default 0.5)
 * @param minLr      cosine: final learning rate (default 0)
 */
public record ScheduleSpec(String kind, List<Long> milestones, Double gamma, Double minLr) {
    public ScheduleSpec {
        kind = Check.or(kind, "constant").toLowerCase(Locale.ROOT);
        String k = kind;
        Check.that(LrSchedule.NAMES.contains(k), "kind: unknown schedule '" + k + "'; choose one of " + LrSchedule.NAMES);
        milestones = milestones == null ? null : List.copyOf(milestones);
        gamma = Check.or(gamma, LrSchedule.DEFAULT_GAMMA);
        minLr = Check.nonNegative("min_lr", Check.or(minLr, 0.0));
        Check.that(k.equals("multistep") || milestones == null, "milestones: only the multistep schedule has milestones");
    }

    /** This schedule with multistep's default milestones (1/3 and 2/3 of {@code iterations}) written out. */
    public ScheduleSpec resolved(long iterations) {
        if (kind.equals("multistep") && milestones == null) {
            return new ScheduleSpec(kind, List.of(iterations / 3, 2 * iterations / 3), gamma, minLr);
        }
        return this;
    }

    public static ScheduleSpec constant() {
        return new ScheduleSpec(null, null, null, null);
    }

    /** The schedule of rate {@code lr} over {@code iterations} steps. */
    public LrSchedule build(double lr, long iterations) {
        long[] ms = milestones == null ? null : milestones.stream().mapToLong(Long::longValue).toArray();
        return Check.parsed("schedule", () -> LrSchedule.byName(kind, lr, iterations, gamma, ms, minLr));
    }
}
