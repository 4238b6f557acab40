package dev.basin.cli;

import dev.basin.data.AtomicFiles;
import dev.basin.data.Npy;
import dev.basin.report.Plots;
import dev.basin.sde.ExitTimes;
import dev.basin.sde.NoiseShape;
import dev.basin.sde.StableNoise;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code basin sde}: the Lévy SDE lab. */
@Command(name = "sde", mixinStandardHelpOptions = true, description = "Explore alpha-stable noise and escape times in the Levy SDE lab.",
        subcommands = {SdeCommand.Sample.class, SdeCommand.EscapeRun.class, SdeCommand.FactorsRun.class})
final class SdeCommand implements Runnable {
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

    /** {@code basin sde escape}: Monte Carlo exit times beside the theory. */
    @Command(name = "escape", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Simulate the paper's dynamics from a minimum until they leave its basin, for each alpha and step --h.",
                    "The dynamics are the SGD SDE d theta = -grad F dt + eps Sigma dL (Euler-Maruyama), the ADAM SDE (eq. 5),"
                            + " or the discrete SGD, SGD with momentum and ADAM on injected alpha-stable gradient noise.",
                    "Prints the mean exit time (with its standard error), the median, censoring, the theory's prediction where it"
                            + " has one, and a Kolmogorov-Smirnov test of the exit times scaled by their mean against Exp(1),"
                            + " the limit law of Theorem 1."})
    static final class EscapeRun implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--landscape", defaultValue = "interval",
                description = "interval (F = x^2/2 on (-b, a)), quadratic, double-well, zhu (the sharp/flat toy) or styblinski-tang (default: ${DEFAULT-VALUE})")
        String landscape;

        @Option(names = "--a", defaultValue = "1", description = "interval: right end a (default: ${DEFAULT-VALUE})")
        double a;

        @Option(names = "--b", defaultValue = "1", description = "interval: left end -b (default: ${DEFAULT-VALUE})")
        double b;

        @Option(names = "--curvatures", split = ",", defaultValue = "1,4", description = "quadratic: diagonal Hessian h_i (default: ${DEFAULT-VALUE})")
        double[] curvatures;

        @Option(names = "--hessian", description = "quadratic: a full symmetric positive-definite Hessian, rows separated by ';' (e.g. '2,1;1,2')")
        String hessian;

        @Option(names = "--height", defaultValue = "0.5", description = "quadratic: basin height above the minimum (default: ${DEFAULT-VALUE})")
        double height;

        @Option(names = "--tilt", defaultValue = "0.3", description = "double-well: F = (x^2-1)^2 + tilt x; trajectories start in the right well (default: ${DEFAULT-VALUE})")
        double tilt;

        @Option(names = "--dim", defaultValue = "2", description = "styblinski-tang: dimension (default: ${DEFAULT-VALUE})")
        int dim;

        @Option(names = "--start", split = ",", description = "Start point (default: the landscape's minimum)")
        double[] start;

        @Option(names = "--radius", description = "Exit when |x - start| > R (default: the landscape's own rule)")
        Double radius;

        @Option(names = "--level", description = "Exit when F(x) > F(start) + H (default: the landscape's own rule)")
        Double level;

        @Option(names = "--sigma", split = ",", description = "Noise scales: one value, or one per dimension (default: 1)")
        double[] sigma;

        @Option(names = "--alpha", split = ",", defaultValue = "1.2,1.5,1.8", description = "Tail indices in (0, 2) (default: ${DEFAULT-VALUE})")
        double[] alphas;

        @Option(names = "--dynamics", defaultValue = "sde",
                description = "sde (SGD SDE, step --h, noise --epsilon), adam-sde (eq. 5, rates (1 - beta)/h), or the discrete sgd, sgdm, adam with learning rate --h (default: ${DEFAULT-VALUE})")
        String dynamics;

        @Option(names = "--epsilon", defaultValue = "0.05", description = "sde, adam-sde: noise scale eps (default: ${DEFAULT-VALUE})")
        double epsilon;

        @Option(names = "--h", split = ",", defaultValue = "0.02",
                description = "Euler step, or the learning rate of the discrete dynamics; several values give the log-log slope of exit iterations vs h (default: ${DEFAULT-VALUE})")
        double[] hs;

        @Option(names = "--trajectories", defaultValue = "2000", description = "Trajectories per alpha (default: ${DEFAULT-VALUE})")
        int trajectories;

        @Option(names = "--cap-steps", defaultValue = "100000000", description = "Censor trajectories still inside after this many steps (default: ${DEFAULT-VALUE})")
        long cap;

        @Option(names = "--seed", defaultValue = "1", description = "Seed; trajectory i uses stream i (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--threads", description = "Threads for the trajectories; results do not depend on it (default: the number of processors)")
        Integer threads;

        @Option(names = "--paths", defaultValue = "12", description = "2-D landscapes: trajectories drawn on the contour plot (default: ${DEFAULT-VALUE})")
        int paths;

        @Option(names = "--out", description = "Folder for escape.csv, escape.png/.svg, survival.png/.svg, escape-eta.* (several --h), paths.png (2-D)")
        Path out;

        @Option(names = "--debug", description = "Show stack traces of errors")
        boolean debug;

        @Override
        public Integer call() throws Exception {
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("--epsilon must be positive, got " + epsilon);
            }
            for (double h : hs) {
                if (!(h > 0)) {
                    throw new IllegalArgumentException("--h values must be positive, got " + h);
                }
            }
            for (double al : alphas) {
                if (!(al > 0 && al < 2)) {
                    throw new IllegalArgumentException("--alpha values must be in (0, 2) (the escape law is for heavy tails), got " + al);
                }
            }
            if (trajectories < 2 || cap < 1) {
                throw new IllegalArgumentException("--trajectories must be >= 2 and --cap-steps >= 1, got " + trajectories + " and " + cap);
            }
            String dyn = dynamics.toLowerCase(Locale.ROOT);
            if (!dev.basin.sde.Escape.DYNAMICS.contains(dyn)) {
                throw new IllegalArgumentException("unknown --dynamics '" + dynamics + "'; choose one of " + String.join(", ", dev.basin.sde.Escape.DYNAMICS));
            }
            Setup setup = setup();
            dev.basin.sde.Escape.Basin basin = setup.basin();
            int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            java.io.PrintWriter w = spec.commandLine().getOut();
            boolean sdeTime = dyn.endsWith("sde");
            w.println(basin.describe() + "; dynamics " + dyn + (sdeTime ? ", eps " + epsilon : "") + ", " + trajectories
                    + " trajectories per alpha; times in units of h" + (sdeTime ? "" : " (iterations x learning rate)"));
            StringBuilder csv = new StringBuilder("h,alpha,epsilon,trajectories,mean,stderr,median,censored,predicted,ratio,ks_d,ks_p\n");
            java.util.Map<Double, java.util.List<dev.basin.sde.Escape.Row>> byH = new java.util.LinkedHashMap<>();
            for (double h : hs) {
                w.printf(Locale.ROOT, "h = %s%n", h);
                w.println(" alpha   mean exit (± SE)        median   censored   predicted   measured/predicted   KS vs Exp(1): D, p");
                java.util.List<dev.basin.sde.Escape.Row> rows = dev.basin.sde.Escape.run(basin, dyn, alphas, epsilon, h, trajectories, cap, seed, nThreads);
                byH.put(h, rows);
                for (dev.basin.sde.Escape.Row r : rows) {
                    w.printf(Locale.ROOT, " %5.2f   %10.4g ± %-9.3g   %8.4g   %8d   %9.4g   %18.3f   %.4f, %.3f%n", r.alpha(), r.mean(), r.stderr(),
                            r.median(), r.censored(), r.predicted(), r.ratio(), r.ksD(), r.ksP());
                    csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%s,%s,%s,%d,%s,%s,%s,%s%n", h, r.alpha(), r.epsilon(), r.trajectories(), r.mean(),
                            r.stderr(), r.median(), r.censored(), r.predicted(), r.ratio(), r.ksD(), r.ksP()));
                }
                w.flush();
            }
            if (hs.length > 1) {
                w.println("log-log slope of mean exit iterations vs h (theory for the discrete SGD: -alpha):");
                for (int i = 0; i < alphas.length; i++) {
                    double[] fit = slope(byH, i);
                    w.printf(Locale.ROOT, "  alpha %.2f: slope %.3f (-alpha = %.3f)%n", alphas[i], fit[0], -alphas[i]);
                }
            }
            if (out != null) {
                java.nio.file.Files.createDirectories(out);
                AtomicFiles.write(out.resolve("escape.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
                plots(byH, setup, dyn, nThreads);
                w.println("wrote " + out.resolve("escape.csv") + " and the panels in " + out);
            }
            w.flush();
            return ExitCodes.OK;
        }

        /** The basin, and the 2-D landscape to draw (null when not 2-D). */
        record Setup(dev.basin.sde.Escape.Basin basin, dev.basin.sde.Landscape landscape, double[] box) {
        }

        private NoiseShape noiseFor(int d) {
            if (sigma != null && sigma.length != 1 && sigma.length != d) {
                throw new IllegalArgumentException("--sigma needs one value or " + d + " values (one per dimension), got " + sigma.length);
            }
            double[] s = new double[d];
            for (int i = 0; i < d; i++) {
                s[i] = sigma == null ? 1 : sigma.length == 1 ? sigma[0] : sigma[i];
                if (!(s[i] >= 0) || Double.isInfinite(s[i])) {
                    throw new IllegalArgumentException("--sigma values must be finite and >= 0, got " + s[i]);
                }
            }
            return NoiseShape.diagonal(s);
        }

        private Setup setup() {
            String name = landscape.toLowerCase(Locale.ROOT);
            switch (name) {
                case "interval" -> {
                    double s0 = sigma == null ? 1 : sigma[0];
                    if (!(a > 0) || !(b > 0) || !(s0 > 0)) {
                        throw new IllegalArgumentException("interval needs --a > 0, --b > 0 and --sigma > 0, got " + a + ", " + b + ", " + s0);
                    }
                    return new Setup(dev.basin.sde.Escape.interval(a, b, s0), null, null);
                }
                case "quadratic" -> {
                    double[][] hm;
                    if (hessian != null) {
                        hm = parseMatrix(hessian);
                    } else {
                        hm = new double[curvatures.length][curvatures.length];
                        for (int i = 0; i < hm.length; i++) {
                            hm[i][i] = curvatures[i];
                        }
                    }
                    int d = hm.length;
                    NoiseShape shape = noiseFor(d);
                    double[][] m = new double[d][d];
                    double[] e = new double[d];
                    double[] col = new double[d];
                    for (int j = 0; j < d; j++) {
                        java.util.Arrays.fill(e, 0);
                        e[j] = 1;
                        shape.apply(e, col);
                        for (int i = 0; i < d; i++) {
                            m[i][j] = col[i];
                        }
                    }
                    return new Setup(new dev.basin.sde.Escape.Quadratic(hm, height, m), null, null);
                }
                case "double-well", "zhu", "styblinski-tang" -> {
                    dev.basin.sde.Landscape f;
                    double[] x0;
                    ExitTimes.Region rule;
                    String ruleName;
                    double[] box = null;
                    if (name.equals("double-well")) {
                        f = dev.basin.sde.Landscape.doubleWell(tilt);
                        double right = newton(f, 1.0);
                        double barrier = newton(f, 0.0);
                        if (!(right > barrier)) {
                            throw new IllegalArgumentException("--tilt " + tilt + " leaves no right-hand well; use |tilt| < 1.5");
                        }
                        x0 = new double[] {right};
                        rule = x -> x[0] > barrier;
                        ruleName = String.format(Locale.ROOT, "crossing the barrier at x = %.4f", barrier);
                    } else if (name.equals("zhu")) {
                        f = dev.basin.sde.Landscape.zhuToy();
                        x0 = new double[] {1, 1};
                        rule = dev.basin.sde.Regions.notAllBelow(-0.5);
                        ruleName = "reaching the flat basin (both coordinates < -0.5)";
                        box = new double[] {-2.5, 2.5, -2.5, 2.5};
                    } else {
                        f = dev.basin.sde.Landscape.styblinskiTang(dim);
                        x0 = new double[dim];
                        java.util.Arrays.fill(x0, 2.746801533890);
                        rule = x -> {
                            for (double v : x) {
                                if (v < 0.156731) {
                                    return false;
                                }
                            }
                            return true;
                        };
                        ruleName = "any coordinate crossing its barrier at 0.1567";
                        if (dim == 2) {
                            box = new double[] {-5, 5, -5, 5};
                        }
                    }
                    if (start != null) {
                        if (start.length != f.dim()) {
                            throw new IllegalArgumentException("--start needs " + f.dim() + " coordinates, got " + start.length);
                        }
                        x0 = start.clone();
                    }
                    if (radius != null) {
                        if (!(radius > 0)) {
                            throw new IllegalArgumentException("--radius must be positive, got " + radius);
                        }
                        rule = dev.basin.sde.Regions.ball(x0, radius);
                        ruleName = "leaving the ball of radius " + radius;
                    } else if (level != null) {
                        if (!(level > 0)) {
                            throw new IllegalArgumentException("--level must be positive, got " + level);
                        }
                        rule = dev.basin.sde.Regions.belowLevel(f, f.value(x0) + level);
                        ruleName = "F rising " + level + " above F(start)";
                    }
                    if (!rule.inside(x0)) {
                        throw new IllegalArgumentException("the start point " + java.util.Arrays.toString(x0) + " is already outside the basin; choose --start inside it");
                    }
                    return new Setup(dev.basin.sde.Escape.of(f, x0, rule, noiseFor(f.dim()), ruleName), f, box);
                }
                default -> throw new IllegalArgumentException("unknown --landscape '" + landscape + "'; choose interval, quadratic, double-well, zhu or styblinski-tang");
            }
        }

        /** A stationary point of a 1-D landscape by Newton's method on F′ (central-difference F″). */
        private static double newton(dev.basin.sde.Landscape f, double x) {
            double[] g = new double[1];
            for (int i = 0; i < 100; i++) {
                f.gradient(new double[] {x}, g);
                double g0 = g[0];
                double e = 1e-6;
                f.gradient(new double[] {x + e}, g);
                double gp = g[0];
                f.gradient(new double[] {x - e}, g);
                double curv = (gp - g[0]) / (2 * e);
                double nx = x - g0 / curv;
                if (Math.abs(nx - x) < 1e-13) {
                    return nx;
                }
                x = nx;
            }
            return x;
        }

        static double[][] parseMatrix(String text) {
            String[] rows = text.split(";");
            double[][] m = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                String[] cells = rows[i].trim().split("\\s*,\\s*");
                m[i] = new double[cells.length];
                for (int j = 0; j < cells.length; j++) {
                    try {
                        m[i][j] = Double.parseDouble(cells[j]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--hessian: '" + cells[j] + "' in row " + (i + 1) + " is not a number; write rows like '2,1;1,2'");
                    }
                }
                if (m[i].length != rows.length) {
                    throw new IllegalArgumentException("--hessian must be square: row " + (i + 1) + " has " + m[i].length + " entries for " + rows.length + " rows");
                }
            }
            return m;
        }

        /** Least-squares slope of log(mean/h) (iterations) against log h for the i-th α. */
        private double[] slope(java.util.Map<Double, java.util.List<dev.basin.sde.Escape.Row>> byH, int i) {
            double[] lx = new double[byH.size()];
            double[] ly = new double[byH.size()];
            int k = 0;
            for (var e : byH.entrySet()) {
                lx[k] = Math.log(e.getKey());
                ly[k] = Math.log(e.getValue().get(i).mean() / e.getKey());
                k++;
            }
            double mx = java.util.Arrays.stream(lx).average().orElse(0);
            double my = java.util.Arrays.stream(ly).average().orElse(0);
            double sxy = 0;
            double sxx = 0;
            for (int j = 0; j < lx.length; j++) {
                sxy += (lx[j] - mx) * (ly[j] - my);
                sxx += (lx[j] - mx) * (lx[j] - mx);
            }
            return new double[] {sxy / sxx, my - sxy / sxx * mx};
        }

        private void plots(java.util.Map<Double, java.util.List<dev.basin.sde.Escape.Row>> byH, Setup setup, String dyn, int nThreads) throws java.io.IOException {
            java.util.List<Plots.Curve> curves = new java.util.ArrayList<>();
            int c = 0;
            for (var e : byH.entrySet()) {
                java.util.List<dev.basin.sde.Escape.Row> rows = e.getValue();
                double[] x = rows.stream().mapToDouble(dev.basin.sde.Escape.Row::alpha).toArray();
                String tag = byH.size() > 1 ? " h " + e.getKey() : "";
                curves.add(new Plots.Curve("measured" + tag + " (band ±1.96 SE)", x, rows.stream().mapToDouble(dev.basin.sde.Escape.Row::mean).toArray(),
                        rows.stream().mapToDouble(r -> Math.max(r.mean() - 1.96 * r.stderr(), r.mean() * 0.05)).toArray(),
                        rows.stream().mapToDouble(r -> r.mean() + 1.96 * r.stderr()).toArray(), c, false));
                if (rows.stream().allMatch(r -> r.predicted() > 0)) {
                    curves.add(new Plots.Curve("predicted" + tag, x, rows.stream().mapToDouble(dev.basin.sde.Escape.Row::predicted).toArray(), null, null, c, true));
                }
                c++;
            }
            Plots.write(out.resolve("escape"), "Mean exit time vs tail index (" + dyn + ")", "alpha", "mean exit time (units of h)", false, true, curves);

            java.util.List<dev.basin.sde.Escape.Row> first = byH.values().iterator().next();
            java.util.List<Plots.Curve> surv = new java.util.ArrayList<>();
            double[] grid = new double[121];
            double[] expo = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = i * 0.05;
                expo[i] = Math.exp(-grid[i]);
            }
            for (int k = 0; k < first.size(); k++) {
                dev.basin.sde.Escape.Row r = first.get(k);
                double[] at = new double[grid.length];
                for (int i = 0; i < grid.length; i++) {
                    at[i] = grid[i] * r.mean();
                }
                double[] s = r.result().survival(at);
                double[] sp = new double[s.length];
                int len = 0;
                for (double v : s) {
                    if (v > 0) {
                        sp[len++] = v;
                    } else {
                        break;
                    }
                }
                surv.add(new Plots.Curve("alpha " + r.alpha(), java.util.Arrays.copyOf(grid, len), java.util.Arrays.copyOf(sp, len), null, null, k, false));
            }
            surv.add(new Plots.Curve("Exp(1): exp(-x)", grid, expo, null, null, 7, true));
            Plots.write(out.resolve("survival"), "Survival of exit times scaled by their mean", "exit time / mean exit time", "P(T > t)", false, true, surv);

            if (byH.size() > 1) {
                java.util.List<Plots.Curve> eta = new java.util.ArrayList<>();
                double[] h = byH.keySet().stream().mapToDouble(Double::doubleValue).toArray();
                for (int i = 0; i < alphas.length; i++) {
                    int ii = i;
                    double[] iters = byH.entrySet().stream().mapToDouble(e -> e.getValue().get(ii).mean() / e.getKey()).toArray();
                    double[] fit = slope(byH, i);
                    double[] line = java.util.Arrays.stream(h).map(x -> Math.exp(fit[1] + fit[0] * Math.log(x))).toArray();
                    eta.add(new Plots.Curve(String.format(Locale.ROOT, "alpha %.2f measured", alphas[i]), h, iters, null, null, i, false));
                    eta.add(new Plots.Curve(String.format(Locale.ROOT, "fit, slope %.3f (-alpha = %.2f)", fit[0], -alphas[i]), h, line, null, null, i, true));
                }
                Plots.write(out.resolve("escape-eta"), "Mean exit iterations vs step size", "h (learning rate)", "mean exit iterations", true, true, eta);
            }

            if (setup.landscape() != null && setup.box() != null && paths > 0) {
                dev.basin.sde.Landscape f = setup.landscape();
                double alpha = alphas[0];
                double h = hs[0];
                java.util.List<double[][]> drawn = new java.util.ArrayList<>();
                for (int i = 0; i < Math.min(paths, trajectories); i++) {
                    ExitTimes.Step st = dev.basin.sde.Escape.step(setup.basin(), dyn, alpha, epsilon, h).get();
                    drawn.add(ExitTimes.trace(setup.basin().start(), alpha, seed, i, cap, st, setup.basin()::inside, 1));
                }
                double[] box = setup.box();
                dev.basin.report.ContourPlot.write(out.resolve("paths.png"), f.describe(), "x1", "x2", (x, y) -> f.value(new double[] {x, y}),
                        box[0], box[1], box[2], box[3], true, drawn, "the first " + drawn.size() + " trajectories (" + dyn + ", alpha " + alpha + ", h " + h + ")");
            }
        }
    }

    /** {@code basin sde factors}: the paper's Factor 1 and Factor 2, measured and predicted. */
    @Command(name = "factors", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Measure the paper's two factors of escape on a quadratic basin.",
                    "The basin has Hessian diag(h) and noise aligned with it (Sigma = c H^(1/2)), at learning rate eta"
                            + " (eps = eta^((alpha-1)/alpha)). Factor 1: the SGD SDE at several alpha. Factor 2: the same SDE with"
                            + " the noise whitened to the same budget (what ADAM's preconditioner does to it); then the ADAM SDE"
                            + " (eq. 5) and the discrete SGD and ADAM.",
                    "Prints measured vs predicted exit times and the ADAM/SGD escape-time ratios with 95% intervals."})
    static final class FactorsRun implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--curvatures", split = ",", defaultValue = "1,4,16,64", description = "Hessian eigenvalues h_i (default: ${DEFAULT-VALUE})")
        double[] curvatures;

        @Option(names = "--height", defaultValue = "0.5", description = "Basin height above the minimum (default: ${DEFAULT-VALUE})")
        double height;

        @Option(names = "--noise-scale", defaultValue = "0.05", description = "c in Sigma = c H^(1/2) (default: ${DEFAULT-VALUE})")
        double noiseScale;

        @Option(names = "--alphas", split = ",", defaultValue = "1.2,1.4,1.6,1.8", description = "Factor 1: tail indices (default: ${DEFAULT-VALUE})")
        double[] alphas;

        @Option(names = "--alpha", defaultValue = "1.5", description = "Factor 2: tail index (default: ${DEFAULT-VALUE})")
        double alpha;

        @Option(names = "--eta", defaultValue = "0.01", description = "Learning rate (default: ${DEFAULT-VALUE})")
        double eta;

        @Option(names = "--substeps", defaultValue = "10", description = "Euler steps of the SDEs per learning-rate step (default: ${DEFAULT-VALUE})")
        int substeps;

        @Option(names = "--trajectories", defaultValue = "1000", description = "Trajectories per case (default: ${DEFAULT-VALUE})")
        int trajectories;

        @Option(names = "--cap-iterations", defaultValue = "20000", description = "Censor after this many learning-rate steps (default: ${DEFAULT-VALUE})")
        long cap;

        @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--threads", description = "Threads; results do not depend on it (default: the number of processors)")
        Integer threads;

        @Option(names = "--out", description = "Folder for factors.csv, factors.json and factor1.png/.svg")
        Path out;

        @Option(names = "--debug", description = "Show stack traces of errors")
        boolean debug;

        @Override
        public Integer call() throws Exception {
            for (double al : alphas) {
                if (!(al > 0 && al < 2)) {
                    throw new IllegalArgumentException("--alphas values must be in (0, 2), got " + al);
                }
            }
            if (!(alpha > 0 && alpha < 2)) {
                throw new IllegalArgumentException("--alpha must be in (0, 2), got " + alpha);
            }
            if (trajectories < 2 || cap < 1) {
                throw new IllegalArgumentException("--trajectories must be >= 2 and --cap-iterations >= 1, got " + trajectories + " and " + cap);
            }
            int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            dev.basin.sde.Factors.Report rep = dev.basin.sde.Factors.run(curvatures, height, noiseScale, alphas, alpha, eta, substeps, trajectories, cap, seed, nThreads);
            java.io.PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "quadratic basin h = %s, height %s, noise Sigma = %s H^(1/2), eta %s (eps = eta^((alpha-1)/alpha)), SDE step eta/%d, %d trajectories per case%n",
                    java.util.Arrays.toString(curvatures), height, noiseScale, eta, substeps, trajectories);
            w.println("factor       case                                          alpha   mean exit (± SE)       censored   predicted   measured/predicted");
            StringBuilder csv = new StringBuilder("factor,case,dynamics,alpha,epsilon,trajectories,mean,stderr,median,censored,predicted,ratio,ks_p\n");
            for (dev.basin.sde.Factors.Case c : rep.cases()) {
                dev.basin.sde.Escape.Row r = c.row();
                w.printf(Locale.ROOT, "%-12s %-45s %5.2f   %9.4g ± %-9.3g   %8d   %9.4g   %18.3f%n", c.factor(), c.name(), r.alpha(), r.mean(), r.stderr(),
                        r.censored(), r.predicted(), r.ratio());
                csv.append(String.format(Locale.ROOT, "%s,\"%s\",%s,%s,%s,%d,%s,%s,%s,%d,%s,%s,%s%n", c.factor(), c.name(), c.dynamics(), r.alpha(), r.epsilon(),
                        r.trajectories(), r.mean(), r.stderr(), r.median(), r.censored(), r.predicted(), r.ratio(), r.ksP()));
            }
            w.println("escape-time ratios (95% interval):");
            for (dev.basin.sde.Factors.Ratio r : rep.ratios()) {
                w.printf(Locale.ROOT, "  %-52s measured %s%.3f [%.3f, %.3f]   predicted %.3f%s%n", r.name(), r.lowerBound() ? ">= " : "", r.measured(), r.lo(), r.hi(),
                        r.predicted(), r.lowerBound() ? "   (censored trajectories: the measured ratio is a lower bound)" : "");
            }
            if (out != null) {
                java.nio.file.Files.createDirectories(out);
                AtomicFiles.write(out.resolve("factors.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
                java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
                json.put("curvatures", curvatures);
                json.put("height", height);
                json.put("noise_scale", noiseScale);
                json.put("eta", eta);
                json.put("substeps", substeps);
                json.put("trajectories", trajectories);
                json.put("seed", seed);
                json.put("ratios", rep.ratios());
                AtomicFiles.write(out.resolve("factors.json"), dev.basin.train.Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
                java.util.List<dev.basin.sde.Factors.Case> f1 = rep.cases().stream().filter(c -> c.factor().equals("factor 1")).toList();
                double[] x = f1.stream().mapToDouble(c -> c.row().alpha()).toArray();
                Plots.write(out.resolve("factor1"), "Factor 1: SGD SDE exit time vs tail index", "alpha", "mean exit time", false, true, java.util.List.of(
                        new Plots.Curve("measured (band ±1.96 SE)", x, f1.stream().mapToDouble(c -> c.row().mean()).toArray(),
                                f1.stream().mapToDouble(c -> Math.max(c.row().mean() - 1.96 * c.row().stderr(), 0.05 * c.row().mean())).toArray(),
                                f1.stream().mapToDouble(c -> c.row().mean() + 1.96 * c.row().stderr()).toArray(), 0, false),
                        new Plots.Curve("predicted", x, f1.stream().mapToDouble(c -> c.row().predicted()).toArray(), null, null, 0, true)));
                w.println("wrote factors.csv, factors.json and factor1.png/.svg to " + out);
            }
            w.flush();
            return ExitCodes.OK;
        }
    }
}
