package dev.basin.experiment;

import dev.basin.sde.ExitTimes;
import dev.basin.table.Table;

/**
 * One row of escape-summary.csv: one arm's exit iterations by one criterion over its continuations. mean is the
 * restricted mean under censoring (a lower bound when censored &gt; 0), with its standard error and the 95% interval
 * mean ± 1.96 stderr (ci_lo at least 0); median is empty when half or more are censored.
 */
public record EscapeSummaryRow(ExitCriterion criterion, String optimizer, double lr, int continuations, int censored, double mean, double stderr,
                               double ciLo, double ciHi, double median) {
    public static final String FILE = "escape-summary.csv";
    public static final Table<EscapeSummaryRow> TABLE = Table.of(FILE, EscapeSummaryRow.class);

    public static EscapeSummaryRow of(EscapeProtocol.Summary s) {
        ExitTimes.Result t = s.times();
        return new EscapeSummaryRow(s.criterion(), s.arm().optimizer(), s.arm().lr(), t.n(), t.censoredCount(), t.mean(), t.stderr(),
                Math.max(0, t.mean() - 1.96 * t.stderr()), t.mean() + 1.96 * t.stderr(), t.median());
    }
}
