package dev.basin.cli;

import dev.basin.noise.AlphaRow;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long command that tells the time: a bar with rate and ETA on a terminal, otherwise one log line at most
 * every {@code every} seconds (and at the end) with done/total, rate, elapsed, ETA and, when known, the share of the time
 * spent in α evaluations. Any loop can use it (training arms, SDE sweeps, a sweep's runs): {@link #step} with the units
 * done so far, {@link #close} at the end. Silent when quiet.
 */
public final class ProgressMeter implements AutoCloseable {
    private final String task;
    private final String unit;
    private final long total;
    private final PrintWriter err;
    private final ProgressBar bar;
    private final boolean quiet;
    private final long start = System.nanoTime();
    private final double every;
    private double lastLine = -1;
    private long done;
    private DoubleSupplier alphaSeconds;

    private ProgressMeter(String task, String unit, long total, PrintWriter err, boolean quiet, boolean terminal, double every) {
        this.task = task;
        this.unit = unit;
        this.total = total;
        this.err = err;
        this.quiet = quiet;
        this.every = every;
        this.bar = !quiet && terminal ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).showSpeed().setUnit(" " + unit, 1).continuousUpdate().build() : null;
    }

    /** A meter on stderr: a bar on a terminal, log lines at most every 10 s otherwise. */
    public static ProgressMeter of(String task, String unit, long total, PrintWriter err, boolean quiet) {
        return new ProgressMeter(task, unit, total, err, quiet, System.console() != null, 10);
    }

    /** Log lines (never a bar) at most every {@code every} seconds; for tests and logs. */
    static ProgressMeter lines(String task, String unit, long total, PrintWriter err, double every) {
        return new ProgressMeter(task, unit, total, err, false, false, every);
    }

    /** Seconds spent in α evaluations so far (for the share in the line); e.g. {@link #alphaSecondsIn}. */
    public ProgressMeter alphaSeconds(DoubleSupplier s) {
        this.alphaSeconds = s;
        return this;
    }

    /** The evaluation_s column of the alpha.csv files in {@code dirs} summed (complete lines; absent files count 0). */
    public static double alphaSecondsIn(Path... dirs) {
        double s = 0;
        for (Path d : dirs) {
            Path f = d.resolve(AlphaRow.FILE);
            if (Files.isRegularFile(f)) {
                try {
                    // One evaluation per (iteration, set): its rows (raw, ema, ema_precond) repeat the same seconds.
                    java.util.Set<String> seen = new java.util.HashSet<>();
                    for (AlphaRow r : AlphaRow.TABLE.readComplete(f)) {
                        if (seen.add(r.iteration() + "/" + r.set())) {
                            s += Double.isFinite(r.evaluationSeconds()) ? r.evaluationSeconds() : 0;
                        }
                    }
                } catch (RuntimeException e) {
                    // a file being replaced: leave it out of this line
                }
            }
        }
        return s;
    }

    /** {@code done} units of {@code total} are finished; {@code note} (may be empty) goes at the end of the line. */
    public void step(long done, String note) {
        this.done = done;
        if (quiet) {
            return;
        }
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(note.isEmpty() ? "" : " " + note);
            return;
        }
        double t = elapsed();
        if (lastLine < 0 || t - lastLine >= every || done >= total) {
            lastLine = t;
            err.println(line(note));
            err.flush();
        }
    }

    double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The log line for the current state. */
    String line(String note) {
        double t = elapsed();
        double rate = done / Math.max(t, 1e-9);
        String eta = rate > 0 && done < total ? format((total - done) / rate) : done >= total ? "0 s" : "?";
        String alpha = "";
        if (alphaSeconds != null && t > 0) {
            double a = alphaSeconds.getAsDouble();
            alpha = String.format(Locale.ROOT, "  alpha %.0f%% of the time", 100 * Math.min(1, a / t));
        }
        return String.format(Locale.ROOT, "%s %d/%d %s (%.0f%%)  %.3g %s/s  elapsed %s  ETA %s%s%s", task, done, total, unit,
                total > 0 ? 100.0 * done / total : 0, rate, unit, format(t), eta, alpha, note.isEmpty() ? "" : "  " + note);
    }

    static String format(double s) {
        if (s < 120) {
            return String.format(Locale.ROOT, "%.0f s", s);
        }
        if (s < 7200) {
            return String.format(Locale.ROOT, "%.0f min %02.0f s", Math.floor(s / 60), s % 60);
        }
        return String.format(Locale.ROOT, "%.0f h %02.0f min", Math.floor(s / 3600), Math.floor((s % 3600) / 60));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
