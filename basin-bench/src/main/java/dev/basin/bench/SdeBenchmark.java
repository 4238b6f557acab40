package dev.basin.bench;

import dev.basin.sde.Escape;
import dev.basin.sde.ExitTimes;
import dev.basin.sde.NoiseShape;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Euler–Maruyama steps per second of the SGD SDE (α = 1.5) in the exit-time Monte Carlo, for a 1-D well and a
 * 100-D quadratic basin, on 1 and 2 threads (no trajectory leaves, so every trajectory runs to the cap):
 * <pre>java --add-modules jdk.incubator.vector -cp basin-bench/target/basin-bench.jar dev.basin.bench.SdeBenchmark well|quadratic [rounds]</pre>
 * One case per JVM (so the JIT's profile holds one landscape); rounds alternate the thread counts, the
 * median of each is printed.
 */
public final class SdeBenchmark {
    private SdeBenchmark() {
    }

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "well";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        double alpha = 1.5;
        double h = 0.01;
        Supplier<ExitTimes.Step> well = ExitTimes.sgdSde((x, g) -> g[0] = 4 * x[0] * (x[0] * x[0] - 1), NoiseShape.isotropic(1, 1e-3), 0.1, h, alpha);
        int d = 100;
        double[] curv = new double[d];
        double[] sig = new double[d];
        for (int i = 0; i < d; i++) {
            curv[i] = 1 + i;
            sig[i] = 1e-3;
        }
        Escape.Quadratic quad = Escape.quadratic(curv, 1e300, sig);
        Supplier<ExitTimes.Step> q = ExitTimes.sgdSde(quad::gradient, quad.noise(), 0.1, h, alpha);
        String[] names = {"1-D double well", "100-D quadratic"};
        int[] trajectories = {4000, 400};
        long[] cap = {10_000, 2_500};
        double[] start1 = {1};
        int c = switch (which) {
            case "well" -> 0;
            case "quadratic" -> 1;
            default -> throw new IllegalArgumentException("case must be well or quadratic, got " + which);
        };
        {
            Supplier<ExitTimes.Step> step = c == 0 ? well : q;
            double[] start = c == 0 ? start1 : new double[d];
            ExitTimes.Region inside = x -> true;
            double[][] rate = new double[2][rounds];
            ExitTimes.simulate(trajectories[c] / 4, start, alpha, 9, cap[c], h, step, inside, 2); // warm-up
            for (int r = 0; r < rounds; r++) {
                for (int t = 1 + r % 2, k = 0; k < 2; k++, t = 3 - t) {
                    long t0 = System.nanoTime();
                    ExitTimes.simulate(trajectories[c], start, alpha, 1, cap[c], h, step, inside, t);
                    rate[t - 1][r] = trajectories[c] * (double) cap[c] / ((System.nanoTime() - t0) / 1e9);
                }
            }
            double one = median(rate[0]);
            double two = median(rate[1]);
            System.out.printf(Locale.ROOT, "%-16s steps/s: 1 thread %.3e, 2 threads %.3e, scaling %.2fx (%d rounds, median)%n", names[c], one, two, two / one, rounds);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
