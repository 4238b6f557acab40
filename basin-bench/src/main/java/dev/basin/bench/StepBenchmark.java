package dev.basin.bench;

import dev.basin.data.Batch;
import dev.basin.nn.ImageShape;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.nn.SoftmaxCrossEntropy;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.optim.Optimizer;
import dev.basin.optim.Optimizers;
import dev.basin.train.Trainer;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times one training step (forward, backward, optimizer update) of the benchmark networks on fixed
 * random data, and prints the median over many steps. The same work as bench/pytorch_step.py.
 *
 * <pre>java -jar basin-bench/target/basin-bench.jar [--threads 1,2] [--nets mnist9,mlp1024] [--steps 60] [--warmup 20]
 *     [--warmup-seconds 3] [--optimizer sgd|adam]</pre>
 */
public final class StepBenchmark {
    /** A benchmark network: its name, layer sizes (bias-free ReLU MLP) and batch size. */
    record NetSpec(String name, int input, int depth, int width, int classes, int batch) {
        /** The network: a bias-free ReLU MLP, or for depth 0 the reference AlexNet with width ch = {@code width} on 3×32×32. */
        Network build() {
            return depth == 0 ? Models.alexnet(new ImageShape(3, 32, 32), width, classes, OpenBlasGemm.INSTANCE)
                    : Models.mlp(input, depth, width, classes, false, OpenBlasGemm.INSTANCE);
        }

        static NetSpec byName(String n) {
            return switch (n) {
                case "mnist9" -> MNIST9;
                case "mlp1024" -> MLP1024;
                case "alexnet" -> ALEXNET;
                default -> throw new IllegalArgumentException("unknown net " + n + " (mnist9, mlp1024, alexnet)");
            };
        }
    }

    static final NetSpec MNIST9 = new NetSpec("mnist9x512", 784, 9, 512, 10, 100);
    static final NetSpec MLP1024 = new NetSpec("mlp784-1024-1024-10", 784, 3, 1024, 10, 128);
    /** The reference code's AlexNet, ch 64, on 3×32×32 inputs, batch 100 (biases, Dropout as the identity). */
    static final NetSpec ALEXNET = new NetSpec("alexnet64", 3072, 0, 64, 10, 100);

    public static void main(String[] args) {
        int[] threads = {1, 2};
        String nets = "mnist9,mlp1024";
        int steps = 60;
        int warmup = 20;
        double warmupSeconds = 3;
        String opt = "sgd";
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--nets" -> nets = args[i + 1];
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(args[i + 1]);
                case "--optimizer" -> opt = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        for (String n : nets.split(",")) {
            NetSpec spec = NetSpec.byName(n);
            for (int t : threads) {
                double[] ms = timeSteps(spec, t, steps, warmup, warmupSeconds, opt);
                double med = median(ms);
                System.out.printf(Locale.ROOT, "basin  net=%s batch=%d threads=%d optimizer=%s median_ms=%.2f samples_per_s=%.0f%n",
                        spec.name, spec.batch, t, opt, med, spec.batch / (med / 1000));
            }
        }
    }

    static double[] timeSteps(NetSpec spec, int threads, int steps, int warmup, double warmupSeconds, String opt) {
        Network net = spec.build();
        net.gemm().setThreads(threads);
        FloatVec theta = net.newParameters();
        net.initialize(theta, 1);
        FloatVec grad = net.newParameters();
        Optimizer o = Optimizers.byName(opt).create(net.parameterCount());
        Batch batch = new Batch(spec.batch, spec.input, 0);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < spec.batch * spec.input; i++) {
            batch.features().set(i, (float) (r.nextDouble() * 2 - 1));
        }
        for (int i = 0; i < spec.batch; i++) {
            batch.labels()[i] = r.nextInt(spec.classes);
        }
        batch.setSize(spec.batch);
        Network.Workspace ws = net.workspace(spec.batch);
        double lr = 1e-3;
        // Warm up by count and by time: the JIT compiles the hot loops only after enough calls.
        long warmStart = System.nanoTime();
        for (int i = 0; i < warmup || System.nanoTime() - warmStart < warmupSeconds * 1e9; i++) {
            Trainer.step(net, theta, batch, SoftmaxCrossEntropy.INSTANCE, o, grad, lr, ws);
        }
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            Trainer.step(net, theta, batch, SoftmaxCrossEntropy.INSTANCE, o, grad, lr, ws);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    static double median(double[] xs) {
        double[] c = xs.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }
}
