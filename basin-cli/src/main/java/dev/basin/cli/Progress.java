package dev.basin.cli;

import dev.basin.train.MetricsRow;
import dev.basin.train.TrainListener;
import dev.basin.train.TrainResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress on stderr: a progress bar (iterations/s, loss, accuracy, ETA) on a terminal,
 * one plain line per evaluation otherwise (logs, CI), nothing with --quiet.
 */
abstract class Progress implements TrainListener {
    static Progress create(boolean quiet, PrintWriter err) {
        return create(quiet, err, null);
    }

    /** With {@code runDir}, the lines also give the share of the time spent in α evaluations (from its alpha.csv). */
    static Progress create(boolean quiet, PrintWriter err, Path runDir) {
        if (quiet) {
            return new Progress() {
            };
        }
        return System.console() != null ? new Bar() : new Lines(err, runDir);
    }

    String finalLine(TrainResult r, Path dir) {
        MetricsRow m = r.last();
        return String.format(Locale.ROOT, "done: %d iterations in %.1f s (%.0f steps/s); test accuracy %.2f%%, test loss %.4f; run folder %s",
                r.iterations(), r.trainSeconds(), r.stepsPerSecond(), 100 * m.testAcc(), m.testLoss(), dir);
    }

    static String describe(MetricsRow m) {
        return String.format(Locale.ROOT, "train %.4f / %.2f%%  test %.4f / %.2f%%", m.trainLoss(), 100 * m.trainAcc(), m.testLoss(),
                100 * m.testAcc());
    }

    /** A progress bar for terminals. */
    static final class Bar extends Progress {
        private ProgressBar bar;
        private String lastEval = "";

        @Override
        public void onStart(long iterations) {
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(iterations).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(200).showSpeed().setUnit(" it", 1).continuousUpdate().build();
        }

        @Override
        public void onNote(String line) {
            System.err.println(line);
        }

        @Override
        public void onStep(long iteration, double batchLoss) {
            bar.stepTo(iteration);
            if (iteration % 20 == 0) {
                bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f%s", batchLoss, lastEval));
            }
        }

        @Override
        public void onEval(MetricsRow row) {
            lastEval = String.format(Locale.ROOT, " test %.1f%%", 100 * row.testAcc());
        }

        @Override
        public void onFinish(TrainResult result) {
            bar.close();
        }
    }

    /** Plain log lines, one per evaluation. */
    static final class Lines extends Progress {
        private final PrintWriter err;
        private long total;

        private final Path runDir;

        Lines(PrintWriter err, Path runDir) {
            this.err = err;
            this.runDir = runDir;
        }

        @Override
        public void onNote(String line) {
            err.println(line);
            err.flush();
        }

        private long startNanos;

        @Override
        public void onStart(long iterations) {
            total = iterations;
            startNanos = System.nanoTime();
        }

        @Override
        public void onEval(MetricsRow row) {
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            double rate = row.iteration() / Math.max(elapsed, 1e-9);
            double eta = rate > 0 ? (total - row.iteration()) / rate : 0;
            String alpha = runDir == null ? "" : String.format(Locale.ROOT, "  alpha %.0f%% of the time",
                    100 * Math.min(1, ProgressMeter.alphaSecondsIn(runDir) / Math.max(elapsed, 1e-9)));
            err.println(String.format(Locale.ROOT, "iter %d/%d  lr %.3g  batch loss %s  %s  %.1f it/s  ETA %s%s",
                    row.iteration(), total, row.lr(), Double.isNaN(row.batchLoss()) ? "-" : String.format(Locale.ROOT, "%.4f", row.batchLoss()),
                    describe(row), rate, ProgressMeter.format(eta), alpha));
            err.flush();
        }
    }
}
