package dev.basin.bench;

import dev.basin.numeric.FloatVec;
import dev.basin.numeric.OpenBlasGemm;
import java.util.Locale;

/**
 * Times OpenBLAS on the GEMM shapes of AlexNet's (ch 64, batch 100) convolutions as {@code Conv2d} calls them: each
 * pass's chunked calls (ten chunks of 640 patch rows for the second convolution), and for comparison the same work as
 * one call. Operands are fixed, so after the first call they sit in cache: this is the kernels' speed, not a step's.
 * Best of 15 repetitions of each group of calls, after one untimed pass over every shape: in a fresh process
 * OpenBLAS (0.3.31, first-generation Zen kernels here) ran the NT forward shape 2.4 times slower until it had run
 * one large NN product (640×1600×64, the input-gradient shape); a training step makes that
 * call in every backward, so the timed figures are the ones a step sees. {@code --cold} skips the untimed pass.
 *
 * <pre>java -cp basin-bench/target/basin-bench.jar dev.basin.bench.GemmShapeBenchmark [--threads 1] [--cold]</pre>
 */
public final class GemmShapeBenchmark {
    private GemmShapeBenchmark() {
    }

    /** One group of calls: C[m×n] = op(A) op(B) with inner size k, {@code calls} times. */
    private record Shape(String what, boolean ta, boolean tb, int m, int n, int k, int calls) {
    }

    private static final Shape[] SHAPES = {
        new Shape("conv2 forward, 10 chunks", false, true, 640, 64, 1600, 10),
        new Shape("conv2 forward, one call", false, true, 6400, 64, 1600, 1),
        new Shape("conv2 weight gradient, 10 chunks", true, false, 64, 1600, 640, 10),
        new Shape("conv2 input gradient, 10 chunks", false, false, 640, 1600, 64, 10),
        new Shape("conv1 forward, 6 chunks", false, true, 4913, 64, 48, 6),
        new Shape("conv3 forward", false, true, 900, 64, 576, 1),
    };

    public static void main(String[] args) {
        int threads = 1;
        boolean cold = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--cold")) {
                cold = true;
            } else if (args[i].equals("--threads") && i + 1 < args.length) {
                threads = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option " + args[i] + " (--threads N, --cold)");
            }
        }
        OpenBlasGemm gemm = OpenBlasGemm.INSTANCE;
        gemm.setThreads(threads);
        Operands[] ops = new Operands[SHAPES.length];
        for (int i = 0; i < SHAPES.length; i++) {
            ops[i] = new Operands(SHAPES[i]);
            if (!cold) {
                ops[i].call(gemm);
            }
        }
        for (Operands o : ops) {
            Shape s = o.shape;
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 15; rep++) {
                long t0 = System.nanoTime();
                for (int q = 0; q < s.calls; q++) {
                    o.call(gemm);
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e6);
            }
            double gflops = 2.0 * s.m * s.n * s.k * s.calls / best / 1e6;
            System.out.printf(Locale.ROOT, "basin  gemm=\"%s\" %s%s %dx%dx%d x%d threads=%d best_ms=%.2f gflops=%.1f%n", s.what,
                    s.ta ? "T" : "N", s.tb ? "T" : "N", s.m, s.n, s.k, s.calls, threads, best, gflops);
        }
    }

    /** One shape's fixed operands and its call. */
    private static final class Operands {
        final Shape shape;
        final FloatVec a;
        final FloatVec b;
        final FloatVec c;

        Operands(Shape s) {
            shape = s;
            a = filled(s.m * s.k, 13);
            b = filled(s.k * s.n, 7);
            c = FloatVec.zeros(s.m * s.n);
        }

        void call(OpenBlasGemm gemm) {
            Shape s = shape;
            gemm.sgemm(s.ta, s.tb, s.m, s.n, s.k, 1f, a, s.ta ? s.m : s.k, b, s.tb ? s.k : s.n, 0f, c, s.n);
        }
    }

    private static FloatVec filled(int n, int period) {
        FloatVec v = FloatVec.zeros(n);
        for (int i = 0; i < n; i++) {
            v.set(i, (i % period) * 0.01f);
        }
        return v;
    }
}
