package dev.basin.cli;

import dev.basin.report.SweepPlots;
import dev.basin.sweep.SweepManifest;
import dev.basin.sweep.SweepReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin sweep report SWEEP_DIR}: the tables, plots and verdicts over a sweep folder's done cells. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write the tables, plots and the claims' verdicts over a sweep folder's done cells.",
                "From zhou2020 cells with one seed each: cells.csv (one row per cell and arm), claims.csv and verdicts.md (every SGD rate against"
                        + " every ADAM rate over the seeds they share), claims-per-seed.csv, escape-survival.csv (Kaplan-Meier medians, restricted"
                        + " means to the common cap) and the panels; from escape cells: escape-law.csv (power law in lr vs exponential in batch/lr)."})
final class SweepReportCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cli;

    @Parameters(paramLabel = "SWEEP_DIR", description = "A sweep folder (holding manifest.json)")
    Path dir;

    @Option(names = "--out", description = "Report folder (default: SWEEP_DIR/report)")
    Path out;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(dir.resolve(SweepManifest.FILE))) {
            throw new IllegalArgumentException(dir + " is not a sweep folder (no " + SweepManifest.FILE + "); give the --out of a basin sweep");
        }
        Path to = out != null ? out : dir.resolve("report");
        SweepReport.Result r = SweepReport.compute(dir);
        SweepReport.write(r, to);
        List<String> plots = SweepPlots.write(r, to);
        PrintWriter o = cli.commandLine().getOut();
        o.printf("%d cell arms, %d claims rows, %d escape groups; written to %s (%s; plots: %s)%n", r.cells().size(), r.claims().size(), r.survival().size(),
                to, "cells.csv, claims.csv, claims-per-seed.csv, escape-survival.csv, verdicts.md", String.join(", ", plots));
        for (String v : r.verdicts()) {
            o.println("  " + v);
        }
        if (r.escapeLaw() != null) {
            dev.basin.sweep.EscapeLaw.Comparison c = r.escapeLaw();
            o.printf(java.util.Locale.ROOT, "  escape law (%s): power law alpha %.3f [%.3f, %.3f], exponential k %.4g [%.4g, %.4g]; better: %s (AIC difference %.1f)%n",
                    SweepReport.LawRow.FILE, c.powerLaw().b(), c.powerLaw().bLo(), c.powerLaw().bHi(), c.exponential().b(), c.exponential().bLo(),
                    c.exponential().bHi(), c.better(), c.deltaAic());
        } else if (r.escapeLawNote() != null) {
            o.println("  escape law: not fitted: " + r.escapeLawNote());
        }
        o.flush();
        return ExitCodes.OK;
    }
}
