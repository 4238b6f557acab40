package dev.basin.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which iterations a probe runs at, from a short spec:
 * <ul>
 *   <li>{@code 100} — every 100 iterations;</li>
 *   <li>{@code 50:3000,500} — every 50 up to 3000, then every 500 (segments "STEP:UNTIL" in order, the
 *       last without UNTIL runs to the end);</li>
 *   <li>{@code paper} — the paper's evaluation schedule, {@code 50:3000,500};</li>
 *   <li>{@code at:0,10,1000} — exactly these iterations.</li>
 * </ul>
 * Iteration 0 (before the first step) is always included, except for {@code at:} lists that omit it.
 */
public final class IterationSchedule {
    public static final String PAPER = "50:3000,500";

    private final String spec;
    private final long[] steps;
    private final long[] untils;
    private final long[] at;

    private IterationSchedule(String spec, long[] steps, long[] untils, long[] at) {
        this.spec = spec;
        this.steps = steps;
        this.untils = untils;
        this.at = at;
    }

    public static IterationSchedule parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("paper")) {
            return parse(PAPER);
        }
        try {
            if (s.startsWith("at:")) {
                long[] at = java.util.Arrays.stream(s.substring(3).split(",")).mapToLong(x -> Long.parseLong(x.trim())).sorted().toArray();
                for (long a : at) {
                    if (a < 0) {
                        throw new IllegalArgumentException("negative iteration " + a);
                    }
                }
                return new IterationSchedule(spec, null, null, at);
            }
            String[] parts = s.split(",");
            List<long[]> segs = new ArrayList<>();
            long prevUntil = 0;
            for (int i = 0; i < parts.length; i++) {
                String[] su = parts[i].trim().split(":");
                long step = Long.parseLong(su[0].trim());
                long until = su.length > 1 ? Long.parseLong(su[1].trim()) : Long.MAX_VALUE;
                if (step < 1 || su.length > 2 || (su.length == 1 && i != parts.length - 1) || until <= prevUntil) {
                    throw new IllegalArgumentException("bad segment '" + parts[i].trim() + "'");
                }
                segs.add(new long[] {step, until});
                prevUntil = until;
            }
            long[] steps = segs.stream().mapToLong(x -> x[0]).toArray();
            long[] untils = segs.stream().mapToLong(x -> x[1]).toArray();
            return new IterationSchedule(spec, steps, untils, null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read iteration schedule '" + spec + "' (" + e.getMessage()
                    + "); write e.g. 100, 50:3000,500, paper or at:0,10,100");
        }
    }

    /** Whether the schedule includes {@code iteration} (completed steps). */
    public boolean due(long iteration) {
        if (at != null) {
            return java.util.Arrays.binarySearch(at, iteration) >= 0;
        }
        if (iteration == 0) {
            return true;
        }
        long from = 0;
        for (int i = 0; i < steps.length; i++) {
            if (iteration <= untils[i]) {
                return (iteration - from) % steps[i] == 0;
            }
            from = untils[i];
        }
        return false;
    }

    @Override
    public String toString() {
        return spec;
    }
}
