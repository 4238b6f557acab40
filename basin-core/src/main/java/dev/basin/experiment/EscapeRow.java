package dev.basin.experiment;

import dev.basin.table.Table;

/**
 * One row of escape.csv: one continuation of one arm. The exit columns hold the first iteration at which each
 * {@link ExitCriterion} fired, empty when censored at the cap or when the criterion is off; final_lambda_max is
 * empty unless end_sharpness is on; seconds is wall-clock time (to 0.01 s).
 */
public record EscapeRow(String optimizer, double lr, int continuation, long seed, Long exitRadius, Long exitLossRise, Long exitBarrier,
                        long iterations, double finalLoss, double finalAccuracy, double finalDistance, double finalLambdaMax, boolean diverged,
                        double seconds) {
    public static final String FILE = "escape.csv";
    public static final Table<EscapeRow> TABLE = Table.of(FILE, EscapeRow.class);

    public static EscapeRow of(EscapeProtocol.Continuation c) {
        return new EscapeRow(c.arm().optimizer(), c.arm().lr(), c.index(), c.seed(), exit(c, ExitCriterion.RADIUS), exit(c, ExitCriterion.LOSS_RISE),
                exit(c, ExitCriterion.BARRIER), c.iterations(), c.finalLoss(), c.finalAccuracy(), c.finalDistance(), c.finalSharpness(), c.diverged(),
                Math.round(c.seconds() * 100) / 100.0);
    }

    private static Long exit(EscapeProtocol.Continuation c, ExitCriterion k) {
        long e = c.exitAt(k);
        return e < 0 ? null : e;
    }

    /** The first exit by criterion {@code k}, or null. */
    public Long exit(ExitCriterion k) {
        return switch (k) {
            case RADIUS -> exitRadius;
            case LOSS_RISE -> exitLossRise;
            case BARRIER -> exitBarrier;
        };
    }
}
