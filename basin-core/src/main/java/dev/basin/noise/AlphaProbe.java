package dev.basin.noise;

import dev.basin.data.Dataset;
import dev.basin.numeric.FloatVec;
import dev.basin.optim.Adam;
import dev.basin.optim.Optimizers;
import dev.basin.train.IterationSchedule;
import dev.basin.train.Probe;
import dev.basin.train.TrainContext;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures the gradient-noise tail index along training on a schedule and appends it to alpha.csv:
 * one row per (iteration, set, quantity), quantity = raw noise, and for ADAM-family optimizers also its
 * smoothed ("ema") and preconditioned ("ema_precond") forms ({@link NoiseSampler}).
 */
public final class AlphaProbe implements Probe {
    public static final String FILE = "alpha.csv";
    /** Which sets to evaluate on. */
    public static final List<String> SETS = List.of("train", "test", "both");

    private final IterationSchedule schedule;
    private final boolean onTrain;
    private final boolean onTest;
    private final int batches;
    private final boolean perLayer;
    private List<String> tensorNames;

    public AlphaProbe(IterationSchedule schedule, String sets, int batches, boolean perLayer) {
        String s = sets.toLowerCase(Locale.ROOT);
        if (!SETS.contains(s)) {
            throw new IllegalArgumentException("unknown noise evaluation set '" + sets + "'; choose train, test or both");
        }
        if (batches < 0) {
            throw new IllegalArgumentException("--alpha-batches must be >= 0 (0 = all), got " + batches);
        }
        this.schedule = schedule;
        this.onTrain = !s.equals("test");
        this.onTest = !s.equals("train");
        this.batches = batches;
        this.perLayer = perLayer;
    }

    @Override
    public boolean due(long iteration) {
        return schedule.due(iteration);
    }

    /** Checks, before training starts, that the sets exist and are big enough; one clear message otherwise. */
    public void check(Dataset train, Dataset test, int batch) {
        if (onTest && test == null) {
            throw new IllegalArgumentException("--alpha-sets asks for the test set, but the data set has none");
        }
        for (Dataset d : onTrain && onTest ? List.of(train, test) : List.of(onTrain ? train : test)) {
            NoiseSampler.batchIndices(d.size(), batch, batches);
            if (batch > d.size()) {
                throw new IllegalArgumentException("batch " + batch + " is larger than the " + d.name() + " set (" + d.size() + " samples)");
            }
            if ((d.size() + batch - 1) / batch < 2 && batches != 1) {
                throw new IllegalArgumentException("the " + d.name() + " set gives fewer than 2 minibatches of " + batch);
            }
        }
    }

    @Override
    public void observe(TrainContext c) throws IOException {
        Adam adam = Optimizers.adamOf(c.optimizer());
        NoiseSampler.Ema ema = null;
        if (adam != null) {
            FloatVec q = c.network().newParameters();
            adam.preconditioner(q);
            ema = new NoiseSampler.Ema(adam.beta1(), q);
        }
        NoiseSampler sampler = new NoiseSampler(c.network(), c.loss(), new NoiseSampler.Config(c.settings().batch(), batches, perLayer, ema));
        if (tensorNames == null) {
            tensorNames = c.network().tensors().stream().map(t -> t.name()).toList();
        }
        Path file = c.runDir().resolve(FILE);
        boolean fresh = !Files.exists(file);
        List<String> lines = new ArrayList<>();
        if (fresh) {
            lines.add(header());
        }
        if (onTrain) {
            lines.addAll(rows(c.iteration(), sampler.sample(c.theta(), c.train(), "train")));
        }
        if (onTest) {
            lines.addAll(rows(c.iteration(), sampler.sample(c.theta(), c.test(), "test")));
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(String.join("\n", lines));
            w.write('\n');
        }
    }

    private String header() {
        StringBuilder sb = new StringBuilder("iteration,set,quantity,alpha,stderr,alpha_order,stderr_order,alpha_hill,stderr_hill,"
                + "n,k1,dropped,batches,mean_noise_norm,mean_grad_norm,full_grad_norm,gradient_pass_s,evaluation_s");
        if (perLayer) {
            for (String t : tensorNames) {
                sb.append(",alpha_").append(t);
            }
        }
        return sb.toString();
    }

    private List<String> rows(long iteration, NoiseSampler.Result r) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, NoiseSampler.Estimates> e : r.quantities().entrySet()) {
            NoiseSampler.Estimates q = e.getValue();
            StringBuilder sb = new StringBuilder();
            sb.append(iteration).append(',').append(r.set()).append(',').append(e.getKey()).append(',')
                    .append(num(q.mohammadi().alpha())).append(',').append(num(q.mohammadi().stderr())).append(',')
                    .append(num(q.order().alpha())).append(',').append(num(q.order().stderr())).append(',')
                    .append(num(q.hill().alpha())).append(',').append(num(q.hill().stderr())).append(',')
                    .append(q.mohammadi().n()).append(',').append(q.mohammadi().k1()).append(',').append(q.mohammadi().dropped()).append(',')
                    .append(r.batches()).append(',').append(num(r.meanNoiseNorm())).append(',').append(num(r.meanGradNorm())).append(',')
                    .append(num(r.fullGradNorm())).append(',').append(String.format(Locale.ROOT, "%.3f,%.3f", r.passSeconds(), r.totalSeconds()));
            if (perLayer) {
                for (String t : tensorNames) {
                    TailIndex ti = q.perTensor().get(t);
                    sb.append(',').append(ti == null ? "" : num(ti.alpha()));
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
