package dev.basin.cli;

import dev.basin.spec.SweepSpec;
import dev.basin.sweep.Estimate;
import dev.basin.sweep.Sweep;
import dev.basin.sweep.SweepManifest;
import dev.basin.sweep.SweepPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin sweep}: many runs from one file, resumable; {@code basin sweep report} for the tables, plots and verdicts over them. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false, subcommands = SweepReportCommand.class,
        description = {"Run every cell of a sweep file (a base spec and the values to vary in it), each into a run folder of the sweep folder.",
                "Running it again skips the cells that are done (same spec), continues interrupted ones and retries failed ones;"
                        + " a changed file is refused unless --extend and it only adds cells."})
final class SweepCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cli;

    @Parameters(paramLabel = "SWEEP", arity = "0..1", description = "The sweep file (.yaml or .json); or the word report and a sweep folder")
    Path file;

    @Option(names = "--out", description = "Sweep folder (default: runs/sweep-<file name>)")
    Path out;

    @Option(names = "--dry-run", description = "List the cells with a time and memory estimate each; nothing is written")
    boolean dryRun;

    @Option(names = "--parallel", defaultValue = "1", description = "Cells at once (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--threads", description = "Threads per cell (GEMMs and layer loops) (default: the processors / --parallel, at least 1)")
    Integer threads;

    @Option(names = "--extend", description = "Accept a sweep file that adds cells to the folder's sweep, and run the new ones")
    boolean extend;

    @Option(names = "--fail-fast", description = "Start no new cell after one fails")
    boolean failFast;

    @Option(names = "--quiet", description = "No progress output")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        if (file == null) {
            throw new IllegalArgumentException("give a sweep file (basin sweep SWEEP.yaml) or 'basin sweep report SWEEP_DIR'");
        }
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be >= 1, got " + parallel);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int t = threads != null ? threads : Math.max(1, cores / parallel);
        if (t < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + t);
        }
        SweepSpec spec = SweepSpec.read(file);
        List<SweepPlan.Cell> cells = SweepPlan.cells(spec);
        PrintWriter o = cli.commandLine().getOut();
        PrintWriter err = cli.commandLine().getErr();
        Path dir = out != null ? out : Path.of("runs", "sweep-" + file.getFileName().toString().replaceAll("\\.(ya?ml|json)$", ""));
        if (dryRun) {
            dryRun(cells, t, o);
            return ExitCodes.OK;
        }
        if (!quiet && (long) parallel * t > cores) {
            err.printf(Locale.ROOT, "note: %d cells × %d threads exceed the %d processors%n", parallel, t, cores);
        }
        long t0 = System.nanoTime();
        // A terminal gets a bar over the cells (rate, ETA) and a line for each cell that fails; a log gets a line per cell.
        boolean terminal = System.console() != null;
        Sweep.Outcome r;
        try (ProgressMeter bar = terminal && !quiet ? ProgressMeter.of("sweep", "cells", cells.size(), err, false) : null) {
            r = Sweep.run(file.toString(), cells, dir, new Sweep.Options(parallel, t, extend, failFast), new ProcessCellRunner(dir),
                    quiet ? new Sweep.Listener() { } : new Sweep.Listener() {
                        @Override
                        public void finished(SweepManifest.Entry e, int finished, int todo, double eta) {
                            if (bar != null) {
                                bar.step(cells.size() - todo + finished, e.name() + " " + e.status().label());
                                if (e.error() == null) {
                                    return;
                                }
                            }
                            err.printf(Locale.ROOT, "[%d/%d] %s %s in %.1f s%s%s%n", finished, todo, e.name(), e.status().label(),
                                    e.seconds() == null ? Double.NaN : e.seconds(), e.error() != null ? ": " + e.error() : "",
                                    finished < todo ? String.format(Locale.ROOT, "; about %s left", duration(eta)) : "");
                            err.flush();
                        }
                    });
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        long done = r.manifest().cells().stream().filter(e -> e.status() == SweepManifest.Status.DONE).count();
        o.printf(Locale.ROOT, "sweep %s: %d cells, %d done (%d run now, %d skipped as done), %d failed%s; %.1f s; manifest %s%n", file, cells.size(), done,
                r.ran() - r.failed(), r.skipped(), r.failed(), r.stopped() ? ", stopped by --fail-fast" : "", wall, dir.resolve(SweepManifest.CSV));
        o.flush();
        return r.failed() > 0 ? ExitCodes.CELLS_FAILED : ExitCodes.OK;
    }

    private static void dryRun(List<SweepPlan.Cell> cells, int threads, PrintWriter o) {
        double rate = Estimate.gemmRate(threads);
        double total = 0;
        o.printf(Locale.ROOT, "%-40s %-10s %12s %10s %10s%n", "cell", "protocol", "parameters", "time", "memory");
        for (SweepPlan.Cell c : cells) {
            Estimate e = Estimate.of(c.spec(), rate);
            total += Double.isNaN(e.seconds()) ? 0 : e.seconds();
            o.printf(Locale.ROOT, "%-40s %-10s %12s %10s %10s%n", c.name(), dev.basin.spec.ExperimentSpec.nameOf(c.spec()),
                    e.params() == 0 ? "-" : String.format(Locale.ROOT, "%,d", e.params()), Double.isNaN(e.seconds()) ? "-" : duration(e.seconds()),
                    Double.isNaN(e.mib()) ? "-" : String.format(Locale.ROOT, "%.0f MiB", e.mib()));
        }
        o.printf(Locale.ROOT, "%d cells; about %s of cell time at %d thread(s) per cell (GEMM measured at %.1f GFLOP/s, %.0f%% of it assumed);"
                + " wall time about that / --parallel%n", cells.size(), duration(total), threads, rate / 1e9, 100 * Estimate.EFFICIENCY);
        o.flush();
    }

    static String duration(double s) {
        if (!Double.isFinite(s)) {
            return "?";
        }
        long x = Math.round(s);
        return x >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", x / 3600, x % 3600 / 60)
                : x >= 60 ? String.format(Locale.ROOT, "%dm%02ds", x / 60, x % 60) : x + " s";
    }
}
