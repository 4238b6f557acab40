package dev.basin.bench;

import dev.basin.sde.StableNoise;
import java.util.Locale;

/**
 * Symmetric α-stable draws per second on one thread, Basin's block sampler (vector lanes when the JVM has
 * {@code --add-modules jdk.incubator.vector}) and the Commons RNG sampler it is tested against:
 * <pre>java --add-modules jdk.incubator.vector -cp basin-bench/target/basin-bench.jar dev.basin.bench.StableBenchmark [alpha] [n]</pre>
 */
public final class StableBenchmark {
    private StableBenchmark() {
    }

    public static void main(String[] args) {
        double alpha = args.length > 0 ? Double.parseDouble(args[0]) : 1.5;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        double[] x = new double[n];
        for (StableNoise noise : new StableNoise[] {new StableNoise(alpha, 0, 1, 1, 0), StableNoise.commons(alpha, 0, 1, 1, 0)}) {
            double best = Double.MAX_VALUE;
            for (int r = 0; r < 8; r++) {
                long t0 = System.nanoTime();
                noise.fill(x);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf(Locale.ROOT, "basin-%-22s alpha=%s draws_per_s=%.3e%n", noise.implementation().replaceAll(" .*", ""), alpha, n / best);
        }
    }
}
