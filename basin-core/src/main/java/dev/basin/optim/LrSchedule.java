package dev.basin.optim;

import java.util.Arrays;

/** Learning rate as a function of the 0-based iteration k (the step about to be taken). */
public interface LrSchedule {
    double lr(long iteration);

    /** A description for config.json, e.g. "multistep(0.05; x0.5 at 3333,6666)". */
    String describe();

    /** Schedule names accepted by {@link #byName}. */
    java.util.List<String> NAMES = java.util.List.of("constant", "multistep", "cosine");

    /** Default factor of the multi-step schedule (the reference halves the rate). */
    double DEFAULT_GAMMA = 0.5;

    /**
     * A schedule by name: "constant"; "multistep" (×{@code gamma} at {@code milestones}, or at 1/3 and 2/3 of
     * {@code total} when none are given); "cosine" (down to {@code minLr} over {@code total}).
     */
    static LrSchedule byName(String name, double lr, long total, double gamma, long[] milestones, double minLr) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "constant":
                return constant(lr);
            case "multistep":
                return milestones == null || milestones.length == 0 ? thirds(lr, total, gamma) : multiStep(lr, milestones, gamma);
            case "cosine":
                return cosine(lr, Math.max(total, 1), minLr);
            default:
                throw new IllegalArgumentException("unknown schedule '" + name + "'; choose one of " + NAMES);
        }
    }

    /** η_k = η. */
    static LrSchedule constant(double lr) {
        checkLr(lr);
        return new LrSchedule() {
            @Override
            public double lr(long iteration) {
                return lr;
            }

            @Override
            public String describe() {
                return "constant(" + lr + ")";
            }
        };
    }

    /** η_k = η · γ^(number of milestones ≤ k), as PyTorch's MultiStepLR stepped once per iteration. */
    static LrSchedule multiStep(double lr, long[] milestones, double gamma) {
        checkLr(lr);
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be a positive number, got " + gamma);
        }
        long[] ms = milestones.clone();
        Arrays.sort(ms);
        return new LrSchedule() {
            @Override
            public double lr(long iteration) {
                int passed = 0;
                for (long m : ms) {
                    if (iteration >= m) {
                        passed++;
                    }
                }
                return lr * Math.pow(gamma, passed);
            }

            @Override
            public String describe() {
                return "multistep(" + lr + "; x" + gamma + " at " + Arrays.toString(ms) + ")";
            }
        };
    }

    /** The reference schedule: ×{@code gamma} at 1/3 and 2/3 of {@code total} iterations. */
    static LrSchedule thirds(double lr, long total, double gamma) {
        return multiStep(lr, new long[] {total / 3, 2 * total / 3}, gamma);
    }

    /** η_k = η_min + (η − η_min)(1 + cos(π k / total))/2 for k ≤ total, then η_min (CosineAnnealingLR). */
    static LrSchedule cosine(double lr, long total, double minLr) {
        checkLr(lr);
        if (total < 1) {
            throw new IllegalArgumentException("cosine schedule needs total iterations >= 1, got " + total);
        }
        if (!(minLr >= 0) || minLr > lr) {
            throw new IllegalArgumentException("cosine minimum learning rate must be in [0, " + lr + "], got " + minLr);
        }
        return new LrSchedule() {
            @Override
            public double lr(long iteration) {
                long k = Math.min(iteration, total);
                return minLr + (lr - minLr) * (1 + Math.cos(Math.PI * k / total)) / 2;
            }

            @Override
            public String describe() {
                return "cosine(" + lr + " -> " + minLr + " over " + total + ")";
            }
        };
    }

    private static void checkLr(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive finite number, got " + lr);
        }
    }
}
