package dev.basin.cli;

import dev.basin.data.AtomicFiles;
import dev.basin.data.Npy;
import dev.basin.experiment.RunContext;
import dev.basin.experiment.SdeEscapeProtocol;
import dev.basin.experiment.SdeFactorsProtocol;
import dev.basin.report.ContourPlot;
import dev.basin.report.Plots;
import dev.basin.sde.Dynamics;
import dev.basin.sde.Escape;
import dev.basin.sde.EscapeRow;
import dev.basin.sde.EscapeSetup;
import dev.basin.sde.Factors;
import dev.basin.sde.Landscape;
import dev.basin.sde.StableNoise;
import dev.basin.spec.SdeEscapeSpec;
import dev.basin.spec.SdeFactorsSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code basin sde}: the Lévy SDE lab; {@link #escape} is {@code basin sde escape}'s run for other engines. */
@Command(name = "sde", mixinStandardHelpOptions = true, description = "Explore alpha-stable noise and escape times in the Levy SDE lab.",
        subcommands = {SdeCommand.Sample.class, SdeCommand.EscapeRun.class, SdeCommand.FactorsRun.class})
public final class SdeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code basin sde sample}: writes α-stable draws. */
    @Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Write N independent alpha-stable draws in the paper's normalisation.",
                    "Symmetric (beta 0) draws have E exp(i w X) = exp(-|scale w|^alpha), so alpha 2 is N(0, 2 scale^2) and alpha 1"
                            + " is Cauchy. Skewed draws use Nolan's S(alpha, beta, scale, 0; 0) parameterisation.",
                    "FILE.npy gets float64 NumPy; any other name one number per line."})
    static final class Sample implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--alpha", required = true, description = "Tail index in (0, 2]")
        double alpha;

        @Option(names = "--beta", defaultValue = "0", description = "Skewness in [-1, 1] (default: ${DEFAULT-VALUE})")
        double beta;

        @Option(names = "--scale", defaultValue = "1", description = "Scale sigma > 0 (default: ${DEFAULT-VALUE})")
        double scale;

        @Option(names = "--n", required = true, description = "Number of draws")
        int n;

        @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--out", required = true, description = "Output file: .npy, or text")
        Path out;

        @Option(names = "--debug", description = "Show stack traces of errors")
        boolean debug;

        @Override
        public Integer call() throws Exception {
            if (n < 1) {
                throw new IllegalArgumentException("--n must be >= 1, got " + n);
            }
            StableNoise noise = new StableNoise(alpha, beta, scale, seed, 0);
            double[] x = new double[n];
            noise.fill(x);
            if (out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
                Npy.writeDoubles(out, x);
            } else {
                AtomicFiles.write(out, os -> {
                    BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.US_ASCII), 1 << 16);
                    for (double v : x) {
                        w.write(Double.toString(v));
                        w.write('\n');
                    }
                    w.flush();
                });
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d draws of S(alpha=%s, beta=%s, scale=%s) to %s%n", n, alpha, beta, scale, out);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    /** {@code basin sde escape}: Monte Carlo exit times beside the theory ({@link SdeEscapeSpec}, {@link SdeEscapeProtocol}). */
    @Command(name = "escape", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Simulate the paper's dynamics from a minimum until they leave its basin, for each alpha and step --h.",
                    "The dynamics are the SGD SDE d theta = -grad F dt + eps Sigma dL (Euler-Maruyama), the ADAM SDE (eq. 5),"
                            + " or the discrete SGD, SGD with momentum and ADAM on injected alpha-stable gradient noise.",
                    "Prints the mean exit time (with its standard error), the median, censoring, the theory's prediction where it"
                            + " has one, and a Kolmogorov-Smirnov test of the exit times scaled by their mean against Exp(1),"
                            + " the limit law of Theorem 1. Options that do not apply to the landscape or the dynamics are errors."})
    static final class EscapeRun extends SpecCommand<SdeEscapeSpec> {
        @Option(names = "--landscape", description = "interval (F = x^2/2 on (-b, a)), quadratic, double-well, zhu (the sharp/flat toy) or styblinski-tang (default: interval)")
        String landscape;

        @Option(names = "--a", description = "interval: right end a (default: 1)")
        Double a;

        @Option(names = "--b", description = "interval: left end -b (default: 1)")
        Double b;

        @Option(names = "--curvatures", split = ",", description = "quadratic: diagonal Hessian h_i (default: 1,4)")
        List<Double> curvatures;

        @Option(names = "--hessian", description = "quadratic: a full symmetric positive-definite Hessian, rows separated by ';' (e.g. '2,1;1,2'), in place of --curvatures")
        String hessian;

        @Option(names = "--height", description = "quadratic: basin height above the minimum (default: 0.5)")
        Double height;

        @Option(names = "--tilt", description = "double-well: F = (x^2-1)^2 + tilt x; trajectories start in the right well (default: 0.3)")
        Double tilt;

        @Option(names = "--dim", description = "styblinski-tang: dimension (default: 2)")
        Integer dim;

        @Option(names = "--start", split = ",", description = "double-well, zhu, styblinski-tang: start point (default: the landscape's minimum)")
        List<Double> start;

        @Option(names = "--radius", description = "double-well, zhu, styblinski-tang: exit when |x - start| > R (default: the landscape's own rule)")
        Double radius;

        @Option(names = "--level", description = "double-well, zhu, styblinski-tang: exit when F(x) > F(start) + H (default: the landscape's own rule)")
        Double level;

        @Option(names = "--sigma", split = ",", description = "Noise scales: one value, or one per dimension (default: 1)")
        List<Double> sigma;

        @Option(names = "--alpha", split = ",", description = "Tail indices in (0, 2]; 2 is Gaussian noise, with no Levy prediction (default: 1.2,1.5,1.8)")
        List<Double> alphas;

        @Option(names = "--dynamics", description = "sde (SGD SDE, step --h, noise --epsilon), adam-sde (eq. 5, rates (1 - beta)/h), or the discrete"
                + " sgd, sgdm, adam with learning rate --h (default: sde)")
        String dynamics;

        @Option(names = "--epsilon", description = "sde, adam-sde: noise scale eps (default: 0.05)")
        Double epsilon;

        @Option(names = "--h", split = ",", description = "Euler step, or the learning rate of the discrete dynamics; several values give the log-log"
                + " slope of exit iterations vs h (default: 0.02)")
        List<Double> hs;

        @Option(names = "--trajectories", description = "Trajectories per alpha (default: 2000)")
        Integer trajectories;

        @Option(names = "--cap-steps", description = "Censor trajectories still inside after this many steps (default: 100000000)")
        Long cap;

        @Option(names = "--seed", description = "Seed; trajectory i uses stream i (default: 1)")
        Long seed;

        @Option(names = "--threads", description = "Threads for the trajectories; results do not depend on it (default: the number of processors)")
        Integer threads;

        @Option(names = "--paths", description = "2-D landscapes: trajectories drawn on the contour plot (default: 12)")
        Integer paths;

        @Option(names = "--batch", description = "Minibatch size B the noise stands for: each step's noise is the mean of B draws, scale"
                + " sigma * B^(1/alpha - 1) (sigma / sqrt(B) at alpha 2) (default: none, the noise as --sigma gives it)")
        Integer batch;

        @Option(names = "--out", description = "Folder for config.json, escape.csv, escape.png/.svg, survival.png/.svg, escape-eta.* (several --h), paths.png (2-D)")
        Path out;

        @Option(names = "--debug", description = "Show stack traces of errors")
        boolean debug;

        @Override
        SdeEscapeSpec spec() {
            return new SdeEscapeSpec(landscape, a, b, curvatures, hessian == null ? null : EscapePanels.parseMatrix(hessian), height, tilt, dim, start, radius, level,
                    sigma, dynamics, alphas, epsilon, hs, trajectories, cap, seed, paths, batch);
        }

        @Override
        Execution execution() {
            return execution(out, threads, false);
        }

        @Override
        int execute(SdeEscapeSpec spec, Execution ex) throws IOException {
            return escape(spec, ex.out(), ex.threadCount(), ex.quiet(), ex.stdout(), ex.stderr(), SdeEscapeProtocol.LOCAL);
        }
    }

    /**
     * {@code basin sde escape} of {@code spec} into {@code out} (null: nothing written) with the trajectories run by
     * {@code simulator}: the protocol's config.json and escape.csv, the panels, and the report on {@code w}; the same
     * files and report whatever simulator gives the exit times.
     */
    public static int escape(SdeEscapeSpec spec, Path out, int threads, boolean quiet, PrintWriter w, PrintWriter err,
                             SdeEscapeProtocol.Simulator simulator) throws IOException {
        Dynamics dyn = spec.dynamicsKind();
        ProgressMeter meter = ProgressMeter.of("sde escape", "h", spec.steps().length, err, quiet);
        int[] sweeps = {0};
        SdeEscapeProtocol.Result r;
        try (meter) {
        r = SdeEscapeProtocol.INSTANCE.run(spec, RunContext.quiet(out, threads, "sde escape"),
                new SdeEscapeProtocol.Listener() {
                    @Override
                    public void started(EscapeSetup setup) {
                        boolean sdeTime = dyn.continuousTime();
                        w.println(setup.basin().describe() + (spec.batch() != null ? ", batch " + spec.batch() + " (noise scale sigma * batch^(1/alpha - 1))" : "")
                                + "; dynamics " + dyn.cliName() + (sdeTime ? ", eps " + spec.epsilon() : "") + ", "
                                + spec.trajectories() + " trajectories per alpha; times in units of h" + (sdeTime ? "" : " (iterations x learning rate)"));
                        w.flush();
                    }

                    @Override
                    public void swept(SdeEscapeProtocol.Sweep s) {
                        meter.step(++sweeps[0], "h = " + s.h());
                        w.printf(Locale.ROOT, "h = %s%n", s.h());
                        w.println(" alpha   mean exit (± SE)        median   censored   predicted   measured/predicted   KS vs Exp(1): D, p");
                        for (Escape.Row row : s.rows()) {
                            w.printf(Locale.ROOT, " %5.2f   %10.4g ± %-9.3g   %8.4g   %8d   %9.4g   %18.3f   %.4f, %.3f%n", row.alpha(), row.mean(), row.stderr(),
                                    row.median(), row.censored(), row.predicted(), row.ratio(), row.ksD(), row.ksP());
                        }
                        w.flush();
                    }
                }, simulator);
        }
        if (!r.slopes().isEmpty()) {
            w.println("log-log slope of mean exit iterations vs h (theory for the discrete SGD: -alpha):");
            for (SdeEscapeProtocol.Slope s : r.slopes()) {
                w.printf(Locale.ROOT, "  alpha %.2f: slope %.3f (-alpha = %.3f)%n", s.alpha(), s.fit().slope(), -s.alpha());
            }
        }
        if (out != null) {
            EscapePanels.plots(r, out);
            w.println("wrote " + out.resolve(EscapeRow.FILE) + " and the panels in " + out);
        }
        w.flush();
        return ExitCodes.OK;
    }

    /** {@code basin sde escape}'s panels and option parsing. */
    static final class EscapePanels {
        private EscapePanels() {
        }

        /** escape.png/.svg, survival.png/.svg, escape-eta.* with several h, paths.png on a drawn 2-D landscape. */
        static void plots(SdeEscapeProtocol.Result r, Path out) throws IOException {
            String dyn = r.spec().dynamics();
            List<SdeEscapeProtocol.Sweep> sweeps = r.sweeps();
            List<Plots.Curve> curves = new ArrayList<>();
            int c = 0;
            for (SdeEscapeProtocol.Sweep sw : sweeps) {
                List<Escape.Row> rows = sw.rows();
                double[] x = rows.stream().mapToDouble(Escape.Row::alpha).toArray();
                String tag = sweeps.size() > 1 ? " h " + sw.h() : "";
                curves.add(new Plots.Curve("measured" + tag + " (band ±1.96 SE)", x, rows.stream().mapToDouble(Escape.Row::mean).toArray(),
                        rows.stream().mapToDouble(row -> Math.max(row.mean() - 1.96 * row.stderr(), row.mean() * 0.05)).toArray(),
                        rows.stream().mapToDouble(row -> row.mean() + 1.96 * row.stderr()).toArray(), c, false));
                if (rows.stream().allMatch(row -> row.predicted() > 0)) {
                    curves.add(new Plots.Curve("predicted" + tag, x, rows.stream().mapToDouble(Escape.Row::predicted).toArray(), null, null, c, true));
                }
                c++;
            }
            Plots.write(out.resolve("escape"), "Mean exit time vs tail index (" + dyn + ")", "alpha", "mean exit time (units of h)", false, true, curves);

            List<Escape.Row> first = sweeps.get(0).rows();
            List<Plots.Curve> surv = new ArrayList<>();
            double[] grid = new double[121];
            double[] expo = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = i * 0.05;
                expo[i] = Math.exp(-grid[i]);
            }
            for (int k = 0; k < first.size(); k++) {
                Escape.Row row = first.get(k);
                double[] at = new double[grid.length];
                for (int i = 0; i < grid.length; i++) {
                    at[i] = grid[i] * row.mean();
                }
                double[] s = row.result().survival(at);
                int len = 0;
                while (len < s.length && s[len] > 0) {
                    len++;
                }
                surv.add(new Plots.Curve("alpha " + row.alpha(), Arrays.copyOf(grid, len), Arrays.copyOf(s, len), null, null, k, false));
            }
            surv.add(new Plots.Curve("Exp(1): exp(-x)", grid, expo, null, null, 7, true));
            Plots.write(out.resolve("survival"), "Survival of exit times scaled by their mean", "exit time / mean exit time", "P(T > t)", false, true, surv);

            if (!r.slopes().isEmpty()) {
                List<Plots.Curve> eta = new ArrayList<>();
                double[] h = sweeps.stream().mapToDouble(SdeEscapeProtocol.Sweep::h).toArray();
                for (int i = 0; i < r.slopes().size(); i++) {
                    int ii = i;
                    SdeEscapeProtocol.Slope sl = r.slopes().get(i);
                    double[] iters = sweeps.stream().mapToDouble(sw -> sw.rows().get(ii).mean() / sw.h()).toArray();
                    double[] line = Arrays.stream(h).map(sl.fit()::at).toArray();
                    eta.add(new Plots.Curve(String.format(Locale.ROOT, "alpha %.2f measured", sl.alpha()), h, iters, null, null, i, false));
                    eta.add(new Plots.Curve(String.format(Locale.ROOT, "fit, slope %.3f (-alpha = %.2f)", sl.fit().slope(), -sl.alpha()), h, line, null, null, i, true));
                }
                Plots.write(out.resolve("escape-eta"), "Mean exit iterations vs step size", "h (learning rate)", "mean exit iterations", true, true, eta);
            }

            if (!r.paths().isEmpty()) {
                Landscape f = r.setup().landscape();
                double[] box = r.setup().box();
                ContourPlot.write(out.resolve("paths.png"), f.describe(), "x1", "x2", (x, y) -> f.value(new double[] {x, y}),
                        box[0], box[1], box[2], box[3], true, r.paths(), "the first " + r.paths().size() + " trajectories (" + dyn + ", alpha "
                                + r.spec().alpha().get(0) + ", h " + r.spec().h().get(0) + ")");
            }
        }

        /** --hessian's rows "2,1;1,2" as a list of rows (the spec checks that it is square). */
        static List<List<Double>> parseMatrix(String text) {
            List<List<Double>> m = new ArrayList<>();
            String[] rows = text.split(";");
            for (int i = 0; i < rows.length; i++) {
                List<Double> row = new ArrayList<>();
                for (String cell : rows[i].trim().split("\\s*,\\s*")) {
                    try {
                        row.add(Double.parseDouble(cell));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--hessian: '" + cell + "' in row " + (i + 1) + " is not a number; write rows like '2,1;1,2'");
                    }
                }
                m.add(row);
            }
            return m;
        }
    }

    /** {@code basin sde factors}: the paper's Factor 1 and Factor 2, measured and predicted ({@link SdeFactorsSpec}, {@link SdeFactorsProtocol}). */
    @Command(name = "factors", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Measure the paper's two factors of escape on a quadratic basin.",
                    "The basin has Hessian diag(h) and noise aligned with it (Sigma = c H^(1/2)), at learning rate eta"
                            + " (eps = eta^((alpha-1)/alpha)). Factor 1: the SGD SDE at several alpha. Factor 2: the same SDE with"
                            + " the noise whitened to the same budget (what ADAM's preconditioner does to it); then the ADAM SDE"
                            + " (eq. 5) and the discrete SGD and ADAM.",
                    "Prints measured vs predicted exit times and the ADAM/SGD escape-time ratios with 95% intervals."})
    static final class FactorsRun extends SpecCommand<SdeFactorsSpec> {
        @Option(names = "--curvatures", split = ",", description = "Hessian eigenvalues h_i (default: 1,4,16,64)")
        List<Double> curvatures;

        @Option(names = "--height", description = "Basin height above the minimum (default: 0.5)")
        Double height;

        @Option(names = "--noise-scale", description = "c in Sigma = c H^(1/2) (default: 0.05)")
        Double noiseScale;

        @Option(names = "--alphas", split = ",", description = "Factor 1: tail indices (default: 1.2,1.4,1.6,1.8)")
        List<Double> alphas;

        @Option(names = "--alpha", description = "Factor 2: tail index (default: 1.5)")
        Double alpha;

        @Option(names = "--eta", description = "Learning rate (default: 0.01)")
        Double eta;

        @Option(names = "--substeps", description = "Euler steps of the SDEs per learning-rate step (default: 10)")
        Integer substeps;

        @Option(names = "--trajectories", description = "Trajectories per case (default: 1000)")
        Integer trajectories;

        @Option(names = "--cap-iterations", description = "Censor after this many learning-rate steps (default: 20000)")
        Long cap;

        @Option(names = "--seed", description = "Seed (default: 1)")
        Long seed;

        @Option(names = "--threads", description = "Threads; results do not depend on it (default: the number of processors)")
        Integer threads;

        @Option(names = "--out", description = "Folder for config.json, factors.csv, factors.json and factor1.png/.svg")
        Path out;

        @Option(names = "--debug", description = "Show stack traces of errors")
        boolean debug;

        @Override
        SdeFactorsSpec spec() {
            return new SdeFactorsSpec(curvatures, height, noiseScale, alphas, alpha, eta, substeps, trajectories, cap, seed);
        }

        @Override
        Execution execution() {
            return execution(out, threads, false);
        }

        @Override
        int execute(SdeFactorsSpec spec, Execution ex) throws IOException {
            SdeFactorsProtocol.Result res = SdeFactorsProtocol.INSTANCE.run(spec, RunContext.quiet(ex.out(), ex.threadCount(), "sde factors"));
            Factors.Report rep = res.report();
            PrintWriter w = ex.stdout();
            w.printf(Locale.ROOT, "quadratic basin h = %s, height %s, noise Sigma = %s H^(1/2), eta %s (eps = eta^((alpha-1)/alpha)), SDE step eta/%d, %d trajectories per case%n",
                    Arrays.toString(spec.curvatureArray()), spec.height(), spec.noiseScale(), spec.eta(), spec.substeps(), spec.trajectories());
            w.println("factor       case                                          alpha   mean exit (± SE)       censored   predicted   measured/predicted");
            for (Factors.Case c : rep.cases()) {
                Escape.Row r = c.row();
                w.printf(Locale.ROOT, "%-12s %-45s %5.2f   %9.4g ± %-9.3g   %8d   %9.4g   %18.3f%n", c.factor(), c.name(), r.alpha(), r.mean(), r.stderr(),
                        r.censored(), r.predicted(), r.ratio());
            }
            w.println("escape-time ratios (95% interval):");
            for (Factors.Ratio r : rep.ratios()) {
                w.printf(Locale.ROOT, "  %-52s measured %s%.3f [%.3f, %.3f]   predicted %.3f%s%n", r.name(), r.lowerBound() ? ">= " : "", r.measured(), r.lo(), r.hi(),
                        r.predicted(), r.lowerBound() ? "   (censored trajectories: the measured ratio is a lower bound)" : "");
            }
            if (ex.out() != null) {
                List<Factors.Case> f1 = rep.cases().stream().filter(c -> c.factor().equals("factor 1")).toList();
                double[] x = f1.stream().mapToDouble(c -> c.row().alpha()).toArray();
                Plots.write(ex.out().resolve("factor1"), "Factor 1: SGD SDE exit time vs tail index", "alpha", "mean exit time", false, true, List.of(
                        new Plots.Curve("measured (band ±1.96 SE)", x, f1.stream().mapToDouble(c -> c.row().mean()).toArray(),
                                f1.stream().mapToDouble(c -> Math.max(c.row().mean() - 1.96 * c.row().stderr(), 0.05 * c.row().mean())).toArray(),
                                f1.stream().mapToDouble(c -> c.row().mean() + 1.96 * c.row().stderr()).toArray(), 0, false),
                        new Plots.Curve("predicted", x, f1.stream().mapToDouble(c -> c.row().predicted()).toArray(), null, null, 0, true)));
                w.println("wrote config.json, factors.csv, factors.json and factor1.png/.svg to " + ex.out());
            }
            w.flush();
            return ExitCodes.OK;
        }
    }
}
