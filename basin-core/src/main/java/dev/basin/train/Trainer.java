package dev.basin.train;

import dev.basin.data.AtomicFiles;
import dev.basin.data.Batch;
import dev.basin.data.BatchSampler;
import dev.basin.data.Dataset;
import dev.basin.nn.Loss;
import dev.basin.nn.Network;
import dev.basin.numeric.FloatVec;
import dev.basin.optim.LrSchedule;
import dev.basin.optim.Optimizer;
import dev.basin.optim.OptimizerConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training loop: minibatch SGD-family training of a {@link Network} with a metrics row every
 * {@code evalEvery} steps, checkpoints on a schedule, and {@link Probe}s called after the steps they
 * ask for. A loss, gradient, parameter or optimizer buffer that becomes NaN or ±Inf stops the run as
 * "diverged" at that step (checked after every step; θ and the state are never checkpointed after it); what was
 * written before stays. A run continues from a checkpoint with {@link Resume}.
 *
 * <p>Determinism: θ's initialisation and the data order draw from two streams split off
 * {@code new SplittableRandom(seed)}; with the same seed and OpenBLAS thread count every number the
 * run computes is the same, bit for bit.
 */
public final class Trainer {
    private final Network net;
    private final Loss loss;
    private final OptimizerConfig optConfig;
    private final LrSchedule schedule;
    private final Dataset train;
    private final Dataset test;
    private final TrainSettings s;
    private final List<Probe> probes;
    private final TrainListener listener;
    private FloatVec theta;
    private Optimizer optimizer;

    public Trainer(Network net, Loss loss, OptimizerConfig optConfig, LrSchedule schedule, Dataset train, Dataset test,
                   TrainSettings settings, List<Probe> probes, TrainListener listener) {
        if (train.featureSize() != net.inputSize()) {
            throw new IllegalArgumentException("data has " + train.featureSize() + " features, the model expects " + net.inputSize());
        }
        if (train.targetSize() == 0 && train.classes() != net.outputSize()) {
            throw new IllegalArgumentException("data has " + train.classes() + " classes, the model has " + net.outputSize() + " outputs");
        }
        this.net = net;
        this.loss = loss;
        this.optConfig = optConfig;
        this.schedule = schedule;
        this.train = train;
        this.test = test;
        this.s = settings;
        this.probes = List.copyOf(probes);
        this.listener = listener;
    }

    /** θ after {@link #run} (live). */
    public FloatVec theta() {
        return theta;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Seeds of the initialisation and data-order streams, derived from the run seed. */
    public static long[] derivedSeeds(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        return new long[] {root.nextLong(), root.nextLong()};
    }

    /**
     * Runs the whole schedule, writing metrics.csv, checkpoints and summary.json into {@code dir}
     * (config.json is the caller's). Returns how it ended.
     */
    public TrainResult run(RunDirectory dir, Map<String, String> checkpointMetadata) throws IOException {
        return run(dir, checkpointMetadata, null);
    }

    /**
     * Runs the schedule from {@code from} ({@link Resume}): null is a new run into an empty folder; a point continues
     * the run in {@code dir} from that checkpoint (or from the start, {@link Resume.Point#START}), cutting the tables
     * back to it first, so that the finished folder equals the uninterrupted run's.
     */
    public TrainResult run(RunDirectory dir, Map<String, String> checkpointMetadata, Resume.Point from) throws IOException {
        net.gemm().setThreads(s.threads());
        long[] seeds = derivedSeeds(s.seed());
        theta = net.newParameters();
        optimizer = optConfig.create(net.parameterCount());
        FloatVec grad = net.newParameters();
        BatchSampler sampler = new BatchSampler(train, s.batch(), s.order(), seeds[1]);
        Batch batch = Batch.forDataset(train, s.batch());
        Network.Workspace ws = net.workspace(s.batch());
        Network.Workspace evalWs = net.workspace(s.evalBatch());
        boolean resumed = from != null && !from.fromStart();
        if (resumed) {
            theta.copyFrom(from.loaded().theta());
            Checkpoint.restore(from.loaded(), optimizer);
            sampler.skip(from.iteration());
            if (sampler.epoch() != from.epoch() || sampler.cursor() != from.cursor()) {
                throw new dev.basin.data.DataException(from.checkpoint() + " records the data order at epoch " + from.epoch() + ", sample "
                        + from.cursor() + ", but replaying the sampler gives epoch " + sampler.epoch() + ", sample " + sampler.cursor()
                        + "; the run's data or batch size changed");
            }
            for (java.nio.file.Path f : tables(dir)) {
                Resume.truncate(f, from.iteration());
            }
        } else {
            net.initialize(theta, seeds[0]);
            if (from != null) {
                for (java.nio.file.Path f : tables(dir)) {
                    Resume.discard(f);
                }
            }
        }
        long first = resumed ? from.iteration() : 0;

        listener.onStart(s.iterations());
        long start = System.nanoTime();
        long stepNanos = 0;
        String lastCheckpoint = resumed ? dir.root().relativize(from.checkpoint()).toString() : null;
        MetricsRow last;
        long divergedAt = -1;
        String divergence = null;
        long done = first;
        try (BufferedWriter metrics = openMetrics(dir, resumed)) {
            double lossSum = 0;
            int lossCount = 0;
            if (resumed) {
                List<MetricsRow> rows = MetricsRow.TABLE.read(dir.metrics());
                if (rows.isEmpty()) {
                    throw new dev.basin.data.DataException(dir.metrics() + " holds no rows up to iteration " + first + "; the run folder is damaged");
                }
                last = rows.get(rows.size() - 1);
                start -= (long) (last.wallSeconds() * 1e9);
                lossSum = from.lossSum();
                lossCount = from.lossCount();
                listener.onNote("resuming at iteration " + first + " from " + lastCheckpoint);
            } else {
                last = evaluate(0, -1, Double.NaN, evalWs, start);
                writeRow(metrics, last, dir);
                runProbes(0, dir);
                if (s.checkpointAtStart()) {
                    lastCheckpoint = checkpoint(dir, 0, checkpointMetadata, 0, 0, sampler);
                }
            }
            boolean fused = optimizer instanceof dev.basin.optim.Sgd;
            for (long k = first; k < s.iterations(); k++) {
                long t0 = System.nanoTime();
                sampler.next(batch);
                double value = step(net, theta, batch, loss, optimizer, grad, schedule.lr(k), ws);
                divergence = !Double.isFinite(value) ? "the training loss became " + value
                        : !fused && !grad.allFinite() ? "the gradient became NaN or infinite"
                        : !theta.allFinite() ? "a parameter became NaN or infinite"
                        : optimizer.state().nonFiniteBuffer() != null ? "the optimizer state '" + optimizer.state().nonFiniteBuffer()
                                + "' became NaN or infinite" : null;
                if (divergence != null) {
                    divergedAt = k + 1;
                    break;
                }
                stepNanos += System.nanoTime() - t0;
                done = k + 1;
                lossSum += value;
                lossCount++;
                listener.onStep(done, value);
                dev.basin.data.FaultInjection.at(dev.basin.data.FaultInjection.Point.STEP);
                boolean evalDue = done % s.evalEvery() == 0 || done == s.iterations();
                if (evalDue) {
                    last = evaluate(done, sampler.epoch(), lossSum / lossCount, evalWs, start);
                    writeRow(metrics, last, dir);
                    lossSum = 0;
                    lossCount = 0;
                }
                runProbes(done, dir);
                boolean ckDue = done == s.iterations() || (s.checkpointEvery() > 0 && done % s.checkpointEvery() == 0);
                if (ckDue) {
                    lastCheckpoint = checkpoint(dir, done, checkpointMetadata, lossSum, lossCount, sampler);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long stepsHere = done - first;
        double sps = stepNanos == 0 ? 0 : stepsHere / (stepNanos / 1e9);
        TrainResult result = new TrainResult(divergedAt < 0 ? "completed" : "diverged", done, divergedAt, last, seconds, sps,
                lastCheckpoint, divergence);
        writeSummary(dir, result);
        listener.onFinish(result);
        return result;
    }

    /** The tables this run appends to: metrics.csv and every probe's files. */
    public List<java.nio.file.Path> tables(RunDirectory dir) {
        List<java.nio.file.Path> out = new java.util.ArrayList<>();
        out.add(dir.metrics());
        for (Probe p : probes) {
            for (String f : p.files()) {
                out.add(dir.root().resolve(f));
            }
        }
        return out;
    }

    /**
     * One training step as Basin takes it; returns the minibatch loss. Plain SGD is fused into the backward
     * pass ({@link Network#lossAndSgdStep}); every other optimizer gets the gradient in {@code grad}. A
     * non-finite loss is returned after the update, which the caller then discards by stopping.
     */
    public static double step(Network net, FloatVec theta, Batch batch, Loss loss, Optimizer optimizer, FloatVec grad, double lr,
                              Network.Workspace ws) {
        if (optimizer instanceof dev.basin.optim.Sgd sgd) {
            double value = net.lossAndSgdStep(theta, batch, loss, (float) lr, ws);
            sgd.countFusedStep();
            return value;
        }
        double value = net.lossAndGradient(theta, batch, loss, grad, ws);
        if (Double.isFinite(value)) {
            optimizer.step(theta, grad, lr);
        }
        return value;
    }

    private MetricsRow evaluate(long iteration, long epoch, double batchLoss, Network.Workspace ws, long start) {
        int trainN = s.trainEvalSamples() < 0 ? train.size() : Math.min(s.trainEvalSamples(), train.size());
        Network.Evaluation tr = trainN == 0 ? new Network.Evaluation(Double.NaN, Double.NaN, 0)
                : net.evaluate(theta, train, trainN, loss, ws);
        Network.Evaluation te = test == null ? new Network.Evaluation(Double.NaN, Double.NaN, 0)
                : net.evaluate(theta, test, test.size(), loss, ws);
        double lr = iteration < s.iterations() ? schedule.lr(iteration) : schedule.lr(Math.max(0, iteration - 1));
        MetricsRow row = new MetricsRow(iteration, Math.max(epoch, 0), lr, batchLoss, tr.loss(), tr.accuracy(), te.loss(),
                te.accuracy(), (System.nanoTime() - start) / 1e9);
        listener.onEval(row);
        return row;
    }

    /** metrics.csv with its header (or, resuming, opened to append); a failure (a full disk) names the file. */
    private static BufferedWriter openMetrics(RunDirectory dir, boolean append) throws IOException {
        try {
            BufferedWriter w = append
                    ? Files.newBufferedWriter(dir.metrics(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)
                    : Files.newBufferedWriter(dir.metrics(), StandardCharsets.UTF_8);
            try {
                if (!append) {
                    w.write(MetricsRow.HEADER);
                    w.write('\n');
                }
            } catch (IOException e) {
                w.close();
                throw e;
            }
            return w;
        } catch (IOException e) {
            throw new AtomicFiles.WriteException(dir.metrics(), e);
        }
    }

    private static void writeRow(BufferedWriter w, MetricsRow row, RunDirectory dir) throws IOException {
        try {
            w.write(MetricsRow.TABLE.line(row));
            w.write('\n');
            w.flush();
        } catch (IOException e) {
            throw new AtomicFiles.WriteException(dir.metrics(), e);
        }
    }

    private void runProbes(long iteration, RunDirectory dir) throws IOException {
        for (Probe p : probes) {
            if (p.due(iteration)) {
                p.observe(new TrainContext(iteration, net, loss, theta, optimizer, train, test, s, dir.root()));
            }
        }
    }

    private String checkpoint(RunDirectory dir, long iteration, Map<String, String> meta, double lossSum, int lossCount,
                              BatchSampler sampler) throws IOException {
        var file = dir.checkpoint(iteration);
        Map<String, String> all = new java.util.HashMap<>(meta);
        all.putAll(Resume.metadata(lossSum, lossCount, sampler));
        Checkpoint.save(file, net, theta, optimizer, iteration, all);
        listener.onCheckpoint(file);
        return dir.root().relativize(file).toString();
    }

    private void writeSummary(RunDirectory dir, TrainResult r) throws IOException {
        Json.write(dir.summary(), RunSummary.of(r, s.batch()));
    }
}
