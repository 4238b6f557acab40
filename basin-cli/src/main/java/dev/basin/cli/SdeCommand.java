package dev.basin.cli;

import dev.basin.data.AtomicFiles;
import dev.basin.data.Npy;
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
@Command(name = "sde", mixinStandardHelpOptions = true, description = "The Levy SDE lab: alpha-stable noise and escape times.",
        subcommands = {SdeCommand.Sample.class, SdeCommand.EscapeRun.class})
final class SdeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code basin sde sample}: writes α-stable draws. */
    @Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Write N independent alpha-stable draws in the paper's normalisation: symmetric (beta 0) draws have",
                    "E exp(i w X) = exp(-|scale w|^alpha), so alpha 2 is N(0, 2 scale^2) and alpha 1 is Cauchy. Skewed draws use",
                    "Nolan's S(alpha, beta, scale, 0; 0) parameterisation. FILE.npy gets float64 NumPy; any other name one number per line."})
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

    /** {@code basin sde escape}: Monte Carlo exit times of the SGD SDE beside the theory. */
    @Command(name = "escape", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Simulate the paper's SGD SDE, d theta = -grad F dt + eps Sigma dL (Euler-Maruyama, step h), from the minimum of a",
                    "basin until it leaves, for each alpha; print the mean exit time with its standard error beside the theory's",
                    "prediction, and a Kolmogorov-Smirnov test of the exit times (scaled by their mean) against Exp(1)."})
    static final class EscapeRun implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--landscape", defaultValue = "interval", description = "interval (F = x^2/2 on (-b, a)) or quadratic (default: ${DEFAULT-VALUE})")
        String landscape;

        @Option(names = "--a", defaultValue = "1", description = "interval: right end a (default: ${DEFAULT-VALUE})")
        double a;

        @Option(names = "--b", defaultValue = "1", description = "interval: left end -b (default: ${DEFAULT-VALUE})")
        double b;

        @Option(names = "--curvatures", split = ",", defaultValue = "1,4", description = "quadratic: Hessian eigenvalues h_i (default: ${DEFAULT-VALUE})")
        double[] curvatures;

        @Option(names = "--height", defaultValue = "0.5", description = "quadratic: basin height above the minimum (default: ${DEFAULT-VALUE})")
        double height;

        @Option(names = "--sigma", split = ",", description = "Noise scales: one value, or one per dimension (default: 1)")
        double[] sigma;

        @Option(names = "--alpha", split = ",", defaultValue = "1.2,1.5,1.8", description = "Tail indices (default: ${DEFAULT-VALUE})")
        double[] alphas;

        @Option(names = "--dynamics", defaultValue = "sde",
                description = "sde (Euler-Maruyama, step --h, noise --epsilon) or the discrete sgd, sgdm, adam with learning rate --h on injected noise (default: ${DEFAULT-VALUE})")
        String dynamics;

        @Option(names = "--epsilon", defaultValue = "0.05", description = "sde: noise scale eps (default: ${DEFAULT-VALUE})")
        double epsilon;

        @Option(names = "--h", defaultValue = "0.02", description = "Euler step, or the learning rate of the discrete dynamics (default: ${DEFAULT-VALUE})")
        double h;

        @Option(names = "--trajectories", defaultValue = "2000", description = "Trajectories per alpha (default: ${DEFAULT-VALUE})")
        int trajectories;

        @Option(names = "--cap-steps", defaultValue = "100000000", description = "Censor trajectories still inside after this many steps (default: ${DEFAULT-VALUE})")
        long cap;

        @Option(names = "--seed", defaultValue = "1", description = "Seed; trajectory i uses stream i (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--threads", description = "Threads for the trajectories; results do not depend on it (default: the number of processors)")
        Integer threads;

        @Option(names = "--out", description = "Folder for escape.csv and escape.png/.svg")
        Path out;

        @Option(names = "--debug", description = "Show stack traces of errors")
        boolean debug;

        @Override
        public Integer call() throws Exception {
            if (!(epsilon > 0) || !(h > 0)) {
                throw new IllegalArgumentException("--epsilon and --h must be positive, got " + epsilon + " and " + h);
            }
            for (double al : alphas) {
                if (!(al > 0 && al < 2)) {
                    throw new IllegalArgumentException("--alpha values must be in (0, 2) (the escape law is for heavy tails), got " + al);
                }
            }
            dev.basin.sde.Escape.Basin basin;
            switch (landscape.toLowerCase(Locale.ROOT)) {
                case "interval" -> basin = dev.basin.sde.Escape.interval(a, b, sigma == null ? 1 : sigma[0]);
                case "quadratic" -> {
                    double[] s = new double[curvatures.length];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = sigma == null ? 1 : sigma.length == 1 ? sigma[0] : i < sigma.length ? sigma[i] : Double.NaN;
                    }
                    basin = dev.basin.sde.Escape.quadratic(curvatures, height, s);
                }
                default -> throw new IllegalArgumentException("unknown --landscape '" + landscape + "'; choose interval or quadratic");
            }
            int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            java.util.List<dev.basin.sde.Escape.Row> rows = dev.basin.sde.Escape.run(basin, dynamics.toLowerCase(Locale.ROOT), alphas, epsilon, h,
                    trajectories, cap, seed, nThreads);
            java.io.PrintWriter w = spec.commandLine().getOut();
            w.println(basin.describe() + "; dynamics " + dynamics + (dynamics.equalsIgnoreCase("sde") ? ", eps " + epsilon + ", h " : ", learning rate ")
                    + h + ", " + trajectories + " trajectories per alpha; times in units of h");
            w.println(" alpha   mean exit (± SE)        median   censored   predicted   measured/predicted   KS vs Exp(1): D, p");
            StringBuilder csv = new StringBuilder("alpha,epsilon,trajectories,mean,stderr,median,censored,predicted,ratio,ks_d,ks_p\n");
            for (dev.basin.sde.Escape.Row r : rows) {
                w.printf(Locale.ROOT, " %5.2f   %10.3f ± %-8.3f   %8.3f   %8d   %9.3f   %18.3f   %.4f, %.3f%n", r.alpha(), r.mean(), r.stderr(),
                        r.median(), r.censored(), r.predicted(), r.ratio(), r.ksD(), r.ksP());
                csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%s,%d,%s,%s,%s,%s%n", r.alpha(), r.epsilon(), r.trajectories(), r.mean(),
                        r.stderr(), r.median(), r.censored(), r.predicted(), r.ratio(), r.ksD(), r.ksP()));
            }
            if (out != null) {
                java.nio.file.Files.createDirectories(out);
                AtomicFiles.write(out.resolve("escape.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
                double[] x = rows.stream().mapToDouble(dev.basin.sde.Escape.Row::alpha).toArray();
                dev.basin.report.Plots.write(out.resolve("escape"), "Mean exit time vs tail index", "alpha", "mean exit time",
                        false, java.util.List.of(
                                new dev.basin.report.Plots.Curve("measured (band ±1.96 SE)", x, rows.stream().mapToDouble(dev.basin.sde.Escape.Row::mean).toArray(),
                                        rows.stream().mapToDouble(r -> r.mean() - 1.96 * r.stderr()).toArray(),
                                        rows.stream().mapToDouble(r -> r.mean() + 1.96 * r.stderr()).toArray(), 0, false),
                                new dev.basin.report.Plots.Curve("predicted", x, rows.stream().mapToDouble(dev.basin.sde.Escape.Row::predicted).toArray(),
                                        null, null, 1, true)));
                w.println("wrote " + out.resolve("escape.csv") + " and escape.png/.svg");
            }
            w.flush();
            return ExitCodes.OK;
        }
    }
}
