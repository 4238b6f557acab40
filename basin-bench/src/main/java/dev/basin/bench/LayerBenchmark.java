package dev.basin.bench;

import dev.basin.nn.ImageShape;
import dev.basin.nn.Layer;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;
import dev.basin.numeric.OpenBlasGemm;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times each layer of the reference AlexNet (ch 64, batch 100, 3×32×32) pass by pass, as a training step calls them
 * (forward; input gradient, except for the first layer; the fused SGD update of the weights), on fixed random data:
 * where a step's time goes, layer by layer. Medians over {@code --reps} repetitions after a warm-up.
 *
 * With {@code --gemm none} the GEMMs are skipped, so what is timed is the layers' own work around them (patches,
 * transposes, pooling).
 *
 * <pre>java -cp basin-bench/target/basin-bench.jar dev.basin.bench.LayerBenchmark [--threads 1] [--reps 30] [--ch 64] [--batch 100]
 *     [--gemm openblas|none]</pre>
 */
public final class LayerBenchmark {
    private LayerBenchmark() {
    }

    public static void main(String[] args) {
        int threads = 1;
        int reps = 30;
        int ch = 64;
        int batch = 100;
        String gemmName = "openblas";
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--ch" -> ch = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--gemm" -> gemmName = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--threads, --reps, --ch, --batch, --gemm openblas|none)");
            }
        }
        Gemm gemm = switch (gemmName) {
            case "openblas" -> OpenBlasGemm.INSTANCE;
            case "none" -> new NoGemm(threads);
            default -> throw new IllegalArgumentException("unknown --gemm " + gemmName + " (openblas, none)");
        };
        Network net = Models.alexnet(new ImageShape(3, 32, 32), ch, 10, gemm);
        net.gemm().setThreads(threads);
        FloatVec theta = net.newParameters();
        net.initialize(theta, 1);
        SplittableRandom rng = new SplittableRandom(7);
        List<Layer> layers = net.layers();
        double total = 0;
        System.out.printf(Locale.ROOT, "%-4s %-66s %10s %10s %10s%n", "#", "layer", "fwd_ms", "bwd_in_ms", "update_ms");
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            FloatVec in = random(batch * l.inputSize(), rng);
            FloatVec out = FloatVec.zeros(batch * l.outputSize());
            FloatVec gy = random(batch * l.outputSize(), rng);
            FloatVec gx = FloatVec.zeros(batch * l.inputSize());
            FloatVec params = net.layerSlice(theta, i);
            FloatVec work = params.copy();
            double[] f = new double[reps];
            double[] b = new double[reps];
            double[] u = new double[reps];
            boolean first = i == 0;
            for (int r = -5; r < reps; r++) {
                long t0 = System.nanoTime();
                l.forward(net.gemm(), work, in, out, batch);
                long t1 = System.nanoTime();
                if (!first) {
                    l.backwardInput(net.gemm(), work, in, out, gy, gx, batch);
                }
                long t2 = System.nanoTime();
                if (l.parameterCount() > 0) {
                    l.addScaledParamGradient(net.gemm(), work, in, out, gy, -1e-9f, work, batch);
                }
                long t3 = System.nanoTime();
                if (r >= 0) {
                    f[r] = (t1 - t0) / 1e6;
                    b[r] = (t2 - t1) / 1e6;
                    u[r] = (t3 - t2) / 1e6;
                }
            }
            double mf = StepBenchmark.median(f);
            double mb = StepBenchmark.median(b);
            double mu = StepBenchmark.median(u);
            total += mf + mb + mu;
            System.out.printf(Locale.ROOT, "%-4d %-66s %10.3f %10.3f %10.3f%n", i, l.describe(), mf, mb, mu);
        }
        System.out.printf(Locale.ROOT, "basin  layers=alexnet%d batch=%d threads=%d sum_of_medians_ms=%.2f%n", ch, batch, threads, total);
    }

    /** A GEMM that does nothing: what remains of a layer's time is its own work around the GEMMs. */
    private record NoGemm(int threads) implements Gemm {
        @Override
        public void sgemm(boolean ta, boolean tb, int m, int n, int k, float alpha, FloatVec a, int lda, FloatVec b, int ldb, float beta,
                          FloatVec c, int ldc) {
        }

        @Override
        public String name() {
            return "none";
        }
    }

    private static FloatVec random(int n, SplittableRandom rng) {
        FloatVec v = FloatVec.zeros(n);
        for (int i = 0; i < n; i++) {
            v.set(i, (float) rng.nextGaussian());
        }
        return v;
    }
}
