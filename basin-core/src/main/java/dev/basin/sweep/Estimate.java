package dev.basin.sweep;

import dev.basin.numeric.FloatVec;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.spec.DataSpec;
import dev.basin.spec.ExperimentSpec;
import dev.basin.spec.TrainSpec;
import dev.basin.spec.Zhou2020Spec;
import dev.basin.train.IterationSchedule;

/**
 * A cell's time and memory before it runs, for {@code basin sweep --dry-run}. Time: the floating-point work of the
 * training steps, the metrics passes and the α probes (a forward pass is 2·P flops per sample, a gradient 6·P, P the
 * parameter count; Zhou2020's end measurements add an allowance), divided by this machine's single-precision GEMM
 * rate at the cell's thread count, measured on a 512×512×100 product for about 0.2 s, and by {@link #EFFICIENCY},
 * the share of that rate a 9×512 MNIST cell reaches (calibrated on one measured cell, see docs/sweeps.md).
 * Memory: the JVM's base, 6 copies of the parameters (weights, gradient, optimizer states, checkpoint buffers), the
 * train set as floats and the α probe's held gradients. Protocols other than train and zhou2020 get no estimate.
 *
 * @param seconds wall-clock seconds, NaN when not estimated
 * @param mib     resident memory in MiB, NaN when not estimated
 * @param params  the network's parameter count (0 when not estimated)
 */
public record Estimate(double seconds, double mib, long params) {
    /** Share of the measured GEMM rate a cell's work runs at (small products, elementwise passes, the probes' sorting). */
    public static final double EFFICIENCY = 0.8;
    /** Base resident size of a cell's JVM, MiB. */
    public static final double BASE_MIB = 250;
    /** A cell's JVM start, spec and data loading, seconds. */
    public static final double START_SECONDS = 1.5;

    public static final Estimate NONE = new Estimate(Double.NaN, Double.NaN, 0);

    /** Single-precision GEMM flops per second at {@code threads} threads, measured now. */
    public static double gemmRate(int threads) {
        OpenBlasGemm g = OpenBlasGemm.INSTANCE;
        int before = g.threads();
        g.setThreads(threads);
        int m = 100;
        int n = 512;
        int k = 512;
        FloatVec a = FloatVec.zeros(m * k);
        FloatVec b = FloatVec.zeros(k * n);
        FloatVec c = FloatVec.zeros(m * n);
        for (int i = 0; i < m * k; i++) {
            a.set(i, (i % 7) * 0.1f);
        }
        for (int i = 0; i < k * n; i++) {
            b.set(i, (i % 5) * 0.1f);
        }
        for (int i = 0; i < 20; i++) {
            g.sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
        }
        long reps = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 200_000_000L) {
            g.sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
            reps++;
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (before >= 1) {
            g.setThreads(before);
        }
        return 2.0 * m * n * k * reps / s;
    }

    /** The estimate of one cell's spec at a GEMM rate of {@code flops} per second. */
    public static Estimate of(ExperimentSpec spec, double flops) {
        if (spec instanceof TrainSpec t) {
            int in = features(t.data());
            long p = mlp(in, t.model().depth(), t.model().width(), classes(t.data()));
            long iters = t.training().iterations();
            int batch = t.training().batch();
            double work = 6.0 * p * batch * iters;
            long evals = iters / t.training().evalEvery() + 1;
            work += evals * 2.0 * p * (samples(t.data(), t.training().trainEvalSamples()) + testSize(t.data()));
            double held = 0;
            if (t.alpha() != null) {
                long ae = count(IterationSchedule.parse(t.alpha().schedule()), iters);
                int sets = "both".equals(t.alpha().sets()) ? 2 : 1;
                int nb = t.alpha().batches() == null ? 20 : t.alpha().batches();
                work += ae * sets * nb * 6.0 * p * batch;
                held = 4.0 * p * nb;
            }
            return new Estimate(START_SECONDS + work / (flops * EFFICIENCY), mib(p, t.data(), held), p);
        }
        if (spec instanceof Zhou2020Spec z) {
            int in = features(z.data());
            long p = mlp(in, z.depth(), z.width(), classes(z.data()));
            long iters = z.iterations();
            int batch = z.batch();
            long ae = count(IterationSchedule.parse(z.alphaSchedule()), iters);
            int nb = z.alphaBatches() > 0 ? z.alphaBatches() : 20;
            double perArm = 6.0 * p * batch * iters
                    + (iters / z.evalEvery() + 1) * 2.0 * p * (samples(z.data(), z.trainEvalSamples()) + testSize(z.data()))
                    + ae * 2 * nb * 6.0 * p * batch
                    // end of each arm: interpolation (21 points × 2,000 samples), Lanczos on 1,000 samples (~20 products of ~2 gradients),
                    // the escaping set; then the escape continuations (escape_continuations × up to 200 steps)
                    + 21 * 2000 * 2.0 * p + 20 * 1000 * 12.0 * p + z.continuations() * 200 * 6.0 * p * batch;
            double work = perArm * z.arms().size() * z.seeds();
            return new Estimate(START_SECONDS + work / (flops * EFFICIENCY), mib(p, z.data(), 4.0 * p * nb), p);
        }
        return NONE;
    }

    private static double mib(long p, DataSpec d, double heldBytes) {
        double train = (double) trainSize(d) * features(d) * 4;
        return BASE_MIB + (6.0 * 4 * p + train + heldBytes) / (1 << 20);
    }

    static long count(IterationSchedule s, long iterations) {
        long n = 0;
        for (long i = 0; i <= iterations; i++) {
            if (s.due(i)) {
                n++;
            }
        }
        return n;
    }

    /** Parameters of a bias-free MLP with {@code depth} Linear layers. */
    static long mlp(int in, int depth, int width, int classes) {
        return (long) in * width + (long) (depth - 2) * width * width + (long) width * classes;
    }

    static int features(DataSpec d) {
        return d.dataset().equals("cifar10") ? 3072 : d.dataset().equals(DataSpec.SYNTHETIC) ? 64 : 784;
    }

    static int classes(DataSpec d) {
        return 10;
    }

    static long trainSize(DataSpec d) {
        return switch (d.dataset()) {
            case "embedded" -> 10_000;
            case "cifar10" -> 50_000;
            case DataSpec.SYNTHETIC -> 10_000;
            default -> 60_000;
        };
    }

    static long testSize(DataSpec d) {
        boolean subset = d.files().stream().anyMatch(f -> f.role().equals("test_images") && f.source().contains("first3000"));
        return subset ? 3000 : d.dataset().equals("embedded") ? 2_000 : d.dataset().equals(DataSpec.SYNTHETIC) ? 2_000 : 10_000;
    }

    static long samples(DataSpec d, int trainEval) {
        return trainEval < 0 ? trainSize(d) : Math.min(trainEval, trainSize(d));
    }
}
