package dev.basin.cli;

import dev.basin.experiment.RunModel;
import dev.basin.curvature.Geometry;
import dev.basin.data.AtomicFiles;
import dev.basin.data.Dataset;
import dev.basin.numeric.FloatVec;
import dev.basin.report.ContourPlot;
import dev.basin.report.Plots;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin interpolate} and {@code basin landscape}: the loss landscape between and around checkpoints. */
final class GeometryCommands {
    private GeometryCommands() {
    }

    static double[] range(double from, double to, int points) {
        if (points < 2 || !(to > from)) {
            throw new IllegalArgumentException("need --points >= 2 and --to > --from, got " + points + " points on [" + from + ", " + to + "]");
        }
        double[] r = new double[points];
        for (int i = 0; i < points; i++) {
            r[i] = from + (to - from) * i / (points - 1);
        }
        return r;
    }

    static Dataset pick(RunModel m, String set) {
        Dataset d = switch (set) {
            case "train" -> m.data().train();
            case "test" -> m.data().test();
            default -> throw new IllegalArgumentException("unknown --set '" + set + "'; choose train or test");
        };
        if (d == null) {
            throw new IllegalArgumentException("the run's data set has no " + set + " set");
        }
        return d;
    }

    @Command(name = "interpolate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Measure loss and accuracy on the line between two checkpoints of the same model.",
                    "The line is theta(beta) = (1 - beta) A + beta B, evaluated on the train and test samples and extrapolated beyond"
                            + " both ends (the paper's Fig. 3, right). Also reports the barrier: the largest rise of the train loss"
                            + " above the straight line between the ends."})
    static final class Interpolate implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "A", description = "Checkpoint file or run folder (latest checkpoint)")
        String a;

        @Parameters(index = "1", paramLabel = "B", description = "Checkpoint file or run folder (latest checkpoint)")
        String b;

        @Option(names = "--from", defaultValue = "-0.5", description = "First beta (default: ${DEFAULT-VALUE})")
        double from;

        @Option(names = "--to", defaultValue = "1.5", description = "Last beta (default: ${DEFAULT-VALUE})")
        double to;

        @Option(names = "--points", defaultValue = "41", description = "Points on [from, to] (default: ${DEFAULT-VALUE})")
        int points;

        @Option(names = "--samples", defaultValue = "2000", description = "Samples of each set evaluated, first in data-set order (default: ${DEFAULT-VALUE})")
        int samples;

        @Option(names = "--threads", description = "OpenBLAS threads (default: the number of processors)")
        Integer threads;

        @Option(names = "--out", description = "Folder for interpolation.csv and interpolation.png/.svg (default: A's run folder)")
        Path out;

        @Option(names = "--debug", description = "Show stack traces of errors")
        boolean debug;

        @Override
        public Integer call() throws Exception {
            double[] betas = range(from, to, points);
            if (samples < 1) {
                throw new IllegalArgumentException("the sample is empty: --samples must be >= 1, got " + samples);
            }
            int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            RunModel ma = RunModel.open(a, null, t);
            RunModel mb = RunModel.open(b, null, t);
            if (ma.net().parameterCount() != mb.net().parameterCount() || !ma.net().describe().equals(mb.net().describe())) {
                throw new IllegalArgumentException("A and B are different models (" + ma.net().parameterCount() + " and " + mb.net().parameterCount()
                        + " parameters); interpolate between checkpoints of one architecture");
            }
            FloatVec ta = ma.point().theta();
            FloatVec tb = mb.point().theta();
            StringBuilder csv = new StringBuilder("beta,train_loss,train_accuracy,test_loss,test_accuracy\n");
            Geometry train = new Geometry(ma.net(), ma.loss(), pick(ma, "train"), samples, 1000);
            List<Geometry.Point> tr = train.interpolate(ta, tb, betas);
            List<Geometry.Point> te = ma.data().test() == null ? null : new Geometry(ma.net(), ma.loss(), ma.data().test(), samples, 1000).interpolate(ta, tb, betas);
            double barrier = train.barrier(ta, tb, 21);
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "between %s (iteration %d) and %s (iteration %d), %d samples per set%n", ma.checkpoint(), ma.point().iteration(), mb.checkpoint(),
                    mb.point().iteration(), Math.min(samples, pick(ma, "train").size()));
            w.println("   beta   train loss   train acc    test loss    test acc");
            for (int i = 0; i < betas.length; i++) {
                Geometry.Point p = tr.get(i);
                Geometry.Point q = te == null ? null : te.get(i);
                w.printf(Locale.ROOT, "%7.3f   %10.5f   %9.4f   %10.5f   %9.4f%n", betas[i], p.loss(), p.accuracy(), q == null ? Double.NaN : q.loss(),
                        q == null ? Double.NaN : q.accuracy());
                csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s%n", betas[i], p.loss(), p.accuracy(), q == null ? "" : q.loss(), q == null ? "" : q.accuracy()));
            }
            w.printf(Locale.ROOT, "train-loss barrier on the segment A -> B (21 points): %.5f%n", barrier);
            Path dir = out != null ? out : ma.runDir();
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve("interpolation.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
            List<Plots.Curve> curves = new java.util.ArrayList<>();
            curves.add(new Plots.Curve("train loss", betas, tr.stream().mapToDouble(Geometry.Point::loss).toArray(), null, null, 0, false));
            if (te != null) {
                curves.add(new Plots.Curve("test loss", betas, te.stream().mapToDouble(Geometry.Point::loss).toArray(), null, null, 1, false));
            }
            Plots.write(dir.resolve("interpolation"), "Loss along (1 - beta) A + beta B", "beta (0 = A, 1 = B)", "loss", false, curves);
            w.println("wrote " + dir.resolve("interpolation.csv") + " and interpolation.png/.svg");
            w.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "landscape", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Map the loss around a checkpoint along one or two random directions and measure its flatness.",
                    "The directions are filter-normalised by default (Li et al. 2018); the flatness is the mean loss increase"
                            + " under Gaussian weight perturbation of size --sigma."})
    static final class Landscape implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "RUN_OR_CHECKPOINT", description = "A run folder (its latest checkpoint) or a checkpoint file")
        String target;

        @Option(names = "--dims", defaultValue = "1", description = "1 or 2 directions (default: ${DEFAULT-VALUE})")
        int dims;

        @Option(names = "--range", defaultValue = "1", description = "Step along each direction from -R to R (default: ${DEFAULT-VALUE})")
        double range;

        @Option(names = "--points", defaultValue = "21", description = "Points per direction (default: ${DEFAULT-VALUE})")
        int points;

        @Option(names = "--normalization", defaultValue = "filter", description = "filter, layer or none (default: ${DEFAULT-VALUE})")
        String normalization;

        @Option(names = "--samples", defaultValue = "1000", description = "Training samples evaluated, first in data-set order (default: ${DEFAULT-VALUE})")
        int samples;

        @Option(names = "--sigma", description = "Also the flatness E[F(theta + sigma eps)] - F(theta), eps ~ N(0, I)")
        Double sigma;

        @Option(names = "--perturbations", defaultValue = "50", description = "Flatness: perturbations (default: ${DEFAULT-VALUE})")
        int perturbations;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the directions (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--threads", description = "OpenBLAS threads (default: the number of processors)")
        Integer threads;

        @Option(names = "--out", description = "Folder for landscape.csv and landscape.png (default: the run folder)")
        Path out;

        @Option(names = "--debug", description = "Show stack traces of errors")
        boolean debug;

        @Override
        public Integer call() throws Exception {
            if (dims != 1 && dims != 2) {
                throw new IllegalArgumentException("--dims must be 1 or 2, got " + dims);
            }
            if (!(range > 0)) {
                throw new IllegalArgumentException("--range must be positive, got " + range);
            }
            double[] steps = range(-range, range, points);
            Geometry.Normalization norm = switch (normalization.toLowerCase(Locale.ROOT)) {
                case "filter" -> Geometry.Normalization.FILTER;
                case "layer" -> Geometry.Normalization.LAYER;
                case "none" -> Geometry.Normalization.NONE;
                default -> throw new IllegalArgumentException("unknown --normalization '" + normalization + "'; choose filter, layer or none");
            };
            if (samples < 1) {
                throw new IllegalArgumentException("the sample is empty: --samples must be >= 1, got " + samples);
            }
            RunModel m = RunModel.open(target, null, threads != null ? threads : Runtime.getRuntime().availableProcessors());
            FloatVec theta = m.point().theta();
            Geometry g = new Geometry(m.net(), m.loss(), m.data().train(), samples, 1000);
            FloatVec d1 = g.randomDirection(theta, norm, seed);
            FloatVec d2 = dims == 2 ? g.randomDirection(theta, norm, seed + 1) : null;
            List<Geometry.Point> pts = g.surface(theta, d1, d2, steps, dims == 2 ? steps : new double[] {0});
            Path dir = out != null ? out : m.runDir();
            Files.createDirectories(dir);
            StringBuilder csv = new StringBuilder(dims == 1 ? "alpha,loss,accuracy\n" : "alpha,beta,loss,accuracy\n");
            for (Geometry.Point p : pts) {
                csv.append(dims == 1 ? String.format(Locale.ROOT, "%s,%s,%s%n", p.x(), p.loss(), p.accuracy())
                        : String.format(Locale.ROOT, "%s,%s,%s,%s%n", p.x(), p.y(), p.loss(), p.accuracy()));
            }
            AtomicFiles.write(dir.resolve("landscape.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
            PrintWriter w = spec.commandLine().getOut();
            double center = pts.stream().filter(p -> p.x() == 0 && (dims == 1 || p.y() == 0)).findFirst().map(Geometry.Point::loss).orElse(Double.NaN);
            double max = pts.stream().mapToDouble(Geometry.Point::loss).max().orElse(Double.NaN);
            w.printf(Locale.ROOT, "%d-D %s-normalised slice at iteration %d over %d samples: loss %.5f at the centre, %.5f at most within +-%s%n", dims,
                    norm.name().toLowerCase(Locale.ROOT), m.point().iteration(), Math.min(samples, m.data().train().size()), center, max, range);
            if (dims == 1) {
                Plots.write(dir.resolve("landscape"), "Loss along a " + norm.name().toLowerCase(Locale.ROOT) + "-normalised direction", "step", "train loss",
                        false, List.of(new Plots.Curve("loss", steps, pts.stream().mapToDouble(Geometry.Point::loss).toArray(), null, null, 0, false)));
            } else {
                int n = steps.length;
                double[][] z = new double[n][n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        z[i][j] = pts.get(i * n + j).loss();
                    }
                }
                ContourPlot.write(dir.resolve("landscape.png"), "Train loss around iteration " + m.point().iteration(), "direction 1", "direction 2",
                        (x, y) -> bilinear(z, steps, x, y), -range, range, -range, range, true, List.of(), "");
            }
            if (sigma != null) {
                Geometry.Flatness f = g.flatness(theta, sigma, perturbations, seed + 7);
                w.printf(Locale.ROOT, "flatness: E[F(theta + %.3g eps)] - F(theta) = %.6g ± %.3g (%d perturbations)%n", sigma, f.meanIncrease(), f.stderr(),
                        f.perturbations());
            }
            w.println("wrote " + dir.resolve("landscape.csv") + " and landscape.png");
            w.flush();
            return ExitCodes.OK;
        }

        static double bilinear(double[][] z, double[] g, double x, double y) {
            int n = g.length;
            double fx = (x - g[0]) / (g[n - 1] - g[0]) * (n - 1);
            double fy = (y - g[0]) / (g[n - 1] - g[0]) * (n - 1);
            int i = (int) Math.max(0, Math.min(n - 2, Math.floor(fx)));
            int j = (int) Math.max(0, Math.min(n - 2, Math.floor(fy)));
            double u = Math.max(0, Math.min(1, fx - i));
            double v = Math.max(0, Math.min(1, fy - j));
            return (1 - u) * (1 - v) * z[i][j] + u * (1 - v) * z[i + 1][j] + (1 - u) * v * z[i][j + 1] + u * v * z[i + 1][j + 1];
        }
    }
}
