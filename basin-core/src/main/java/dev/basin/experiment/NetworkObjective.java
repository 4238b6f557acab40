package dev.basin.experiment;

import dev.basin.data.Batch;
import dev.basin.data.BatchSampler;
import dev.basin.data.Dataset;
import dev.basin.nn.Loss;
import dev.basin.nn.Network;
import dev.basin.numeric.FloatVec;
import dev.basin.optim.Optimizer;
import dev.basin.train.Trainer;

/**
 * A network's training loss: steps on minibatches of {@code batch} drawn in a shuffled order seeded per
 * stream; F(θ) and accuracy over the first {@code evalSamples} training samples in data-set order.
 */
public final class NetworkObjective implements Objective {
    private final Network net;
    private final Loss loss;
    private final Dataset train;
    private final int batch;
    private final int evalSamples;

    public NetworkObjective(Network net, Loss loss, Dataset train, int batch, int evalSamples) {
        if (batch < 1 || batch > train.size()) {
            throw new IllegalArgumentException("batch must be between 1 and the training set's " + train.size() + " samples, got " + batch);
        }
        if (evalSamples < 1) {
            throw new IllegalArgumentException("the evaluation sample is empty: ask for at least one sample, got " + evalSamples);
        }
        this.net = net;
        this.loss = loss;
        this.train = train;
        this.batch = batch;
        this.evalSamples = Math.min(evalSamples, train.size());
    }

    @Override
    public int dim() {
        return net.parameterCount();
    }

    public Network network() {
        return net;
    }

    @Override
    public Stream stream(long seed) {
        BatchSampler sampler = new BatchSampler(train, batch, BatchSampler.Order.SHUFFLE, seed);
        Batch b = Batch.forDataset(train, batch);
        Network.Workspace ws = net.workspace(Math.max(batch, Math.min(1000, evalSamples)));
        return new Stream() {
            @Override
            public double step(FloatVec theta, Optimizer optimizer, FloatVec grad, double lr) {
                sampler.next(b);
                return Trainer.step(net, theta, b, loss, optimizer, grad, lr, ws);
            }

            @Override
            public Evaluation evaluate(FloatVec theta) {
                Network.Evaluation e = net.evaluate(theta, train, evalSamples, loss, ws);
                return new Evaluation(e.loss(), e.accuracy());
            }
        };
    }
}
