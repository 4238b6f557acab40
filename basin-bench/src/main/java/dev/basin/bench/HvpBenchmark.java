package dev.basin.bench;

import dev.basin.data.Batch;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.nn.SoftmaxCrossEntropy;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.OpenBlasGemm;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times one exact Hessian-vector product (R-operator) and one gradient of the benchmark networks at batch
 * 128 (or --batch) on fixed random data; prints the medians. The same work as bench/pytorch_hvp.py (double backward).
 * <pre>java -cp basin-bench/target/basin-bench.jar dev.basin.bench.HvpBenchmark [--threads 1,2] [--nets mnist9,mlp1024,alexnet] [--reps 30] [--batch 128]</pre>
 */
public final class HvpBenchmark {
    private HvpBenchmark() {
    }

    public static void main(String[] args) {
        int[] threads = {1, 2};
        String nets = "mnist9,mlp1024";
        int reps = 30;
        int batchOption = 0;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--nets" -> nets = args[i + 1];
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--batch" -> batchOption = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        for (String n : nets.split(",")) {
            StepBenchmark.NetSpec spec = StepBenchmark.NetSpec.byName(n);
            int batchSize = batchOption > 0 ? batchOption : 128;
            Network net = spec.build();
            FloatVec theta = net.newParameters();
            net.initialize(theta, 1);
            FloatVec v = net.newParameters();
            SplittableRandom r = new SplittableRandom(7);
            for (int i = 0; i < v.length(); i++) {
                v.set(i, (float) r.nextGaussian());
            }
            Batch batch = new Batch(batchSize, spec.input(), 0);
            for (int i = 0; i < batchSize * spec.input(); i++) {
                batch.features().set(i, (float) (r.nextDouble() * 2 - 1));
            }
            for (int i = 0; i < batchSize; i++) {
                batch.labels()[i] = r.nextInt(spec.classes());
            }
            batch.setSize(batchSize);
            Network.Workspace ws = net.workspace(batchSize);
            FloatVec out = net.newParameters();
            for (int t : threads) {
                net.gemm().setThreads(t);
                long warm = System.nanoTime();
                while (System.nanoTime() - warm < 3e9) {
                    net.hessianVector(theta, batch, SoftmaxCrossEntropy.INSTANCE, v, out, ws);
                    net.lossAndGradient(theta, batch, SoftmaxCrossEntropy.INSTANCE, out, ws);
                }
                double[] hv = new double[reps];
                double[] grad = new double[reps];
                for (int i = 0; i < reps; i++) {
                    long t0 = System.nanoTime();
                    net.hessianVector(theta, batch, SoftmaxCrossEntropy.INSTANCE, v, out, ws);
                    long t1 = System.nanoTime();
                    net.lossAndGradient(theta, batch, SoftmaxCrossEntropy.INSTANCE, out, ws);
                    long t2 = System.nanoTime();
                    hv[i] = (t1 - t0) / 1e6;
                    grad[i] = (t2 - t1) / 1e6;
                }
                double h = StepBenchmark.median(hv);
                double g = StepBenchmark.median(grad);
                System.out.printf(Locale.ROOT, "basin  net=%s batch=%d threads=%d hvp_ms=%.2f grad_ms=%.2f hvp_per_grad=%.2f%n", spec.name(), batchSize, t,
                        h, g, h / g);
            }
        }
    }
}
