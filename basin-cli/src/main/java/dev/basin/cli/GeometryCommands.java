package dev.basin.cli;

import dev.basin.curvature.Geometry;
import dev.basin.curvature.InterpolationRow;
import dev.basin.curvature.LandscapeRow;
import dev.basin.experiment.InterpolateProtocol;
import dev.basin.experiment.LandscapeProtocol;
import dev.basin.experiment.RunContext;
import dev.basin.report.ContourPlot;
import dev.basin.report.Plots;
import dev.basin.spec.InterpolateSpec;
import dev.basin.spec.LandscapeSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin interpolate} and {@code basin landscape}: the loss landscape between and around checkpoints. */
final class GeometryCommands {
    private GeometryCommands() {
    }

    @Command(name = "interpolate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Measure loss and accuracy on the line between two checkpoints of the same model.",
                    "The line is theta(beta) = (1 - beta) A + beta B, evaluated on the train and test samples and extrapolated beyond"
                            + " both ends (the paper's Fig. 3, right). Also reports the barrier: the largest rise of the train loss"
                            + " above the straight line between the ends."})
    static final class Interpolate extends SpecCommand<InterpolateSpec> {
        @Parameters(index = "0", paramLabel = "A", description = "Checkpoint file or run folder (latest checkpoint)")
        String a;

        @Parameters(index = "1", paramLabel = "B", description = "Checkpoint file or run folder (latest checkpoint)")
        String b;

        @Option(names = "--from", description = "First beta (default: " + InterpolateSpec.DEFAULT_FROM + ")")
        Double from;

        @Option(names = "--to", description = "Last beta (default: " + InterpolateSpec.DEFAULT_TO + ")")
        Double to;

        @Option(names = "--points", description = "Points on [from, to] (default: " + InterpolateSpec.DEFAULT_POINTS + ")")
        Integer points;

        @Option(names = "--samples", description = "Samples of each set evaluated, first in data-set order (default: " + InterpolateSpec.DEFAULT_SAMPLES + ")")
        Integer samples;

        @Option(names = "--threads", description = "Threads for the GEMMs and layer loops (default: the number of processors)")
        Integer threads;

        @Option(names = "--out", description = "Folder for interpolation.csv, interpolation-config.json and interpolation.png/.svg (default: A's run folder)")
        Path out;

        @Option(names = "--debug", description = "Show stack traces of errors")
        boolean debug;

        @Override
        InterpolateSpec spec() {
            return new InterpolateSpec(a, b, from, to, points, samples);
        }

        @Override
        Execution execution() {
            return execution(out, threads, false);
        }

        @Override
        int execute(InterpolateSpec spec, Execution ex) throws Exception {
            InterpolateProtocol.Result r = InterpolateProtocol.INSTANCE.run(spec, new RunContext(ex.out(), ex.threadCount(), "interpolate", null));
            PrintWriter w = ex.stdout();
            w.printf(Locale.ROOT, "between %s (iteration %d) and %s (iteration %d), %d samples per set%n", r.a().checkpoint(), r.a().iteration(),
                    r.b().checkpoint(), r.b().iteration(), r.samples());
            w.println("   beta   train loss   train acc    test loss    test acc");
            for (InterpolationRow p : r.rows()) {
                w.printf(Locale.ROOT, "%7.3f   %10.5f   %9.4f   %10.5f   %9.4f%n", p.beta(), p.trainLoss(), p.trainAccuracy(), p.testLoss(), p.testAccuracy());
            }
            w.printf(Locale.ROOT, "train-loss barrier on the segment A -> B (%d points): %.5f%n", InterpolateProtocol.BARRIER_POINTS, r.barrier());
            double[] betas = r.rows().stream().mapToDouble(InterpolationRow::beta).toArray();
            List<Plots.Curve> curves = new ArrayList<>();
            curves.add(new Plots.Curve("train loss", betas, r.rows().stream().mapToDouble(InterpolationRow::trainLoss).toArray(), null, null, 0, false));
            if (r.hasTest()) {
                curves.add(new Plots.Curve("test loss", betas, r.rows().stream().mapToDouble(InterpolationRow::testLoss).toArray(), null, null, 1, false));
            }
            Plots.write(r.dir().resolve("interpolation"), "Loss along (1 - beta) A + beta B", "beta (0 = A, 1 = B)", "loss", false, curves);
            w.println("wrote " + r.dir().resolve(InterpolationRow.FILE) + " and interpolation.png/.svg");
            w.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "landscape", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Map the loss around a checkpoint along one or two random directions and measure its flatness.",
                    "The directions are filter-normalised by default (Li et al. 2018); the flatness is the mean loss increase"
                            + " under Gaussian weight perturbation of size --sigma."})
    static final class Landscape extends SpecCommand<LandscapeSpec> {
        @Parameters(paramLabel = "RUN_OR_CHECKPOINT", description = "A run folder (its latest checkpoint) or a checkpoint file")
        String target;

        @Option(names = "--iteration", description = "With a run folder: the checkpoint at this iteration")
        Long iteration;

        @Option(names = "--dims", description = "1 or 2 directions (default: " + LandscapeSpec.DEFAULT_DIMS + ")")
        Integer dims;

        @Option(names = "--range", description = "Step along each direction from -R to R (default: 1)")
        Double range;

        @Option(names = "--points", description = "Points per direction (default: " + LandscapeSpec.DEFAULT_POINTS + ")")
        Integer points;

        @Option(names = "--normalization", description = "filter, layer or none (default: filter)")
        String normalization;

        @Option(names = "--samples", description = "Training samples evaluated, first in data-set order (default: " + LandscapeSpec.DEFAULT_SAMPLES + ")")
        Integer samples;

        @Option(names = "--sigma", description = "Also the flatness E[F(theta + sigma eps)] - F(theta), eps ~ N(0, I)")
        Double sigma;

        @Option(names = "--perturbations", description = "Flatness: perturbations (default: " + LandscapeSpec.DEFAULT_PERTURBATIONS + ")")
        Integer perturbations;

        @Option(names = "--seed", description = "Seed of the directions (default: 1)")
        Long seed;

        @Option(names = "--threads", description = "Threads for the GEMMs and layer loops (default: the number of processors)")
        Integer threads;

        @Option(names = "--out", description = "Folder for landscape.csv, landscape-config.json and landscape.png (default: the run folder)")
        Path out;

        @Option(names = "--debug", description = "Show stack traces of errors")
        boolean debug;

        @Override
        LandscapeSpec spec() {
            return new LandscapeSpec(target, iteration, dims, range, points, normalization == null ? null : Geometry.Normalization.byName(normalization),
                    samples, sigma, perturbations, seed);
        }

        @Override
        Execution execution() {
            return execution(out, threads, false);
        }

        @Override
        int execute(LandscapeSpec spec, Execution ex) throws Exception {
            LandscapeProtocol.Result r = LandscapeProtocol.INSTANCE.run(spec, new RunContext(ex.out(), ex.threadCount(), "landscape", null));
            PrintWriter w = ex.stdout();
            String norm = spec.normalization().key();
            w.printf(Locale.ROOT, "%d-D %s-normalised slice at iteration %d over %d samples: loss %.5f at the centre, %.5f at most within +-%s%n", spec.dims(),
                    norm, r.iteration(), r.samples(), r.center(), r.max(), spec.range());
            double[] steps = r.steps();
            double range = spec.range();
            if (spec.dims() == 1) {
                Plots.write(r.dir().resolve("landscape"), "Loss along a " + norm + "-normalised direction", "step", "train loss", false,
                        List.of(new Plots.Curve("loss", steps, r.rows().stream().mapToDouble(LandscapeRow::loss).toArray(), null, null, 0, false)));
            } else {
                double[][] z = r.grid();
                ContourPlot.write(r.dir().resolve("landscape.png"), "Train loss around iteration " + r.iteration(), "direction 1", "direction 2",
                        (x, y) -> bilinear(z, steps, x, y), -range, range, -range, range, true, List.of(), "");
            }
            if (r.flatness() != null) {
                Geometry.Flatness f = r.flatness();
                w.printf(Locale.ROOT, "flatness: E[F(theta + %.3g eps)] - F(theta) = %.6g ± %.3g (%d perturbations)%n", f.sigma(), f.meanIncrease(), f.stderr(),
                        f.perturbations());
            }
            w.println("wrote " + r.dir().resolve(LandscapeRow.FILE) + " and landscape.png");
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
