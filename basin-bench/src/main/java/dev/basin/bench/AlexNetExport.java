package dev.basin.bench;

import dev.basin.data.Batch;
import dev.basin.data.Dataset;
import dev.basin.experiment.RunModel;
import dev.basin.nn.ImageShape;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.nn.ParamTensor;
import dev.basin.nn.SoftmaxCrossEntropy;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.optim.Optimizer;
import dev.basin.optim.Optimizers;
import dev.basin.train.Safetensors;
import dev.basin.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes what bench/pytorch_alexnet.py's {@code check} compares against PyTorch: a network's parameters
 * (initial.safetensors, named as the PyTorch module's state_dict), a batch (batch.safetensors: x [B, C, H, W]
 * as the network sees it, y as floats), Basin's mean loss on it and the parameters after one plain SGD step
 * taken by Basin's training path (after-sgd.safetensors), in basin.json, and Basin's gradient there (gradient.safetensors).
 *
 * <pre>
 * java -cp basin-bench/target/basin-bench.jar dev.basin.bench.AlexNetExport DIR [--ch 64] [--batch 100] [--lr 0.1] [--seed 1]
 *     AlexNet at its PyTorch-default initialisation, on a random 3×32×32 batch
 * java -cp basin-bench/target/basin-bench.jar dev.basin.bench.AlexNetExport DIR --run RUN_OR_CHECKPOINT [--lr 0.1]
 *     a trained AlexNet from a Basin run, with its whole test set as the batch (the loss is the test loss)
 * </pre>
 */
public final class AlexNetExport {
    private AlexNetExport() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int ch = 64;
        int batchSize = 100;
        double lr = 0.1;
        long seed = 1;
        String run = null;
        for (int i = 1; i < args.length; i += 2) {
            switch (args[i]) {
                case "--ch" -> ch = Integer.parseInt(args[i + 1]);
                case "--batch" -> batchSize = Integer.parseInt(args[i + 1]);
                case "--lr" -> lr = Double.parseDouble(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--run" -> run = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(dir);
        Network net;
        FloatVec theta;
        Batch batch;
        int[] shape;
        int classes;
        if (run == null) {
            shape = new int[] {3, 32, 32};
            classes = 10;
            net = Models.alexnet(new ImageShape(3, 32, 32), ch, classes, OpenBlasGemm.INSTANCE);
            theta = net.newParameters();
            net.initialize(theta, seed);
            batch = new Batch(batchSize, 3072, 0);
            SplittableRandom r = new SplittableRandom(seed + 1);
            for (int i = 0; i < batchSize * 3072; i++) {
                batch.features().set(i, (float) r.nextGaussian());
            }
            for (int i = 0; i < batchSize; i++) {
                batch.labels()[i] = r.nextInt(classes);
            }
            batch.setSize(batchSize);
        } else {
            RunModel m = RunModel.open(run, null, 1);
            net = m.net();
            theta = m.point().theta();
            Dataset test = m.data().test();
            shape = test.imageShape();
            classes = test.classes();
            ch = net.tensors().get(0).shape()[0];
            batchSize = test.size();
            batch = Batch.forDataset(test, batchSize);
            batch.fillRange(test, 0, batchSize);
        }
        Map<String, Safetensors.Tensor> initial = tensors(net, theta);
        Network.Workspace ws = net.workspace(batchSize);
        FloatVec after = theta.copy();
        Optimizer sgd = Optimizers.byName("sgd").create(net.parameterCount());
        double loss = Trainer.step(net, after, batch, SoftmaxCrossEntropy.INSTANCE, sgd, net.newParameters(), lr, ws);
        FloatVec grad = net.newParameters();
        net.lossAndGradient(theta, batch, SoftmaxCrossEntropy.INSTANCE, grad, ws);
        Safetensors.write(dir.resolve("gradient.safetensors"), tensors(net, grad), Map.of());
        Safetensors.write(dir.resolve("initial.safetensors"), initial, Map.of());
        Safetensors.write(dir.resolve("after-sgd.safetensors"), tensors(net, after), Map.of());
        float[] y = new float[batchSize];
        for (int i = 0; i < batchSize; i++) {
            y[i] = batch.labels()[i];
        }
        Map<String, Safetensors.Tensor> data = new LinkedHashMap<>();
        data.put("x", new Safetensors.Tensor(new int[] {batchSize, shape[0], shape[1], shape[2]}, batch.features().slice(0, batchSize * net.inputSize()).toArray()));
        data.put("y", new Safetensors.Tensor(new int[] {batchSize}, y));
        Safetensors.write(dir.resolve("batch.safetensors"), data, Map.of());
        Files.writeString(dir.resolve("basin.json"), String.format(Locale.ROOT, "{\"ch\": %d, \"classes\": %d, \"lr\": %s, \"loss\": %s}%n",
                ch, classes, Double.toString(lr), Double.toString(loss)));
        System.out.printf(Locale.ROOT, "wrote %s: %s, %d samples, loss %.8f%n", dir, net.layers().size() + " layers", batchSize, loss);
    }

    private static Map<String, Safetensors.Tensor> tensors(Network net, FloatVec theta) {
        Map<String, Safetensors.Tensor> m = new LinkedHashMap<>();
        for (ParamTensor t : net.tensors()) {
            m.put(t.name(), new Safetensors.Tensor(t.shape(), theta.slice(t.offset(), t.length()).toArray()));
        }
        return m;
    }
}
