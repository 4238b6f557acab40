package dev.basin.bench;

import dev.basin.data.Batch;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.nn.SoftmaxCrossEntropy;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.optim.Optimizer;
import dev.basin.optim.Optimizers;
import dev.basin.train.Trainer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH version of the training-step benchmark (same nets and work as {@link StepBenchmark}):
 * <pre>java -cp basin-bench/target/basin-bench.jar org.openjdk.jmh.Main TrainStepJmh -p threads=1,2</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainStepJmh {
    @Param({"mnist9", "mlp1024"})
    public String net;

    @Param({"1", "2"})
    public int threads;

    @Param({"sgd", "adam"})
    public String optimizer;

    private Network network;
    private FloatVec theta;
    private FloatVec grad;
    private Optimizer opt;
    private Batch batch;
    private Network.Workspace ws;

    @Setup
    public void setup() {
        StepBenchmark.NetSpec spec = net.equals("mnist9") ? StepBenchmark.MNIST9 : StepBenchmark.MLP1024;
        network = Models.mlp(spec.input(), spec.depth(), spec.width(), spec.classes(), false, OpenBlasGemm.INSTANCE);
        network.gemm().setThreads(threads);
        theta = network.newParameters();
        network.initialize(theta, 1);
        grad = network.newParameters();
        opt = Optimizers.byName(optimizer).create(network.parameterCount());
        batch = new Batch(spec.batch(), spec.input(), 0);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < spec.batch() * spec.input(); i++) {
            batch.features().set(i, (float) (r.nextDouble() * 2 - 1));
        }
        for (int i = 0; i < spec.batch(); i++) {
            batch.labels()[i] = r.nextInt(spec.classes());
        }
        batch.setSize(spec.batch());
        ws = network.workspace(spec.batch());
    }

    @Benchmark
    public double step() {
        return Trainer.step(network, theta, batch, SoftmaxCrossEntropy.INSTANCE, opt, grad, 1e-3, ws);
    }
}
