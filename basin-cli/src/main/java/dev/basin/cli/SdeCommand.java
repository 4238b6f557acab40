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
@Command(name = "sde", mixinStandardHelpOptions = true, description = "The Levy SDE lab: alpha-stable noise.",
        subcommands = {SdeCommand.Sample.class})
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
}
