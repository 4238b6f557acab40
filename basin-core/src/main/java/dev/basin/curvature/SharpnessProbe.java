package dev.basin.curvature;

import dev.basin.train.IterationSchedule;
import dev.basin.train.Probe;
import dev.basin.train.TrainContext;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Records the Hessian's top eigenvalues (and optionally its trace) along training into sharpness.csv, over the
 * first {@code samples} training samples in data-set order. Reads θ, changes nothing.
 */
public final class SharpnessProbe implements Probe {
    public static final String FILE = "sharpness.csv";

    private final IterationSchedule schedule;
    private final int samples;
    private final int top;
    private final int traceMatvecs;
    private final double tolerance;
    private final int batch;
    private final long seed;

    public SharpnessProbe(IterationSchedule schedule, int samples, int top, int traceMatvecs, double tolerance, int batch, long seed) {
        if (samples < 1 || top < 1 || traceMatvecs < 0 || !(tolerance > 0) || batch < 1) {
            throw new IllegalArgumentException("sharpness probe needs samples >= 1, top >= 1, trace applications >= 0, a positive tolerance and batch >= 1");
        }
        this.schedule = schedule;
        this.samples = samples;
        this.top = top;
        this.traceMatvecs = traceMatvecs;
        this.tolerance = tolerance;
        this.batch = batch;
        this.seed = seed;
    }

    @Override
    public boolean due(long iteration) {
        return schedule.due(iteration);
    }

    @Override
    public void observe(TrainContext c) throws IOException {
        NetworkCurvature curv = new NetworkCurvature(c.network(), c.theta(), c.loss(), c.train(), NetworkCurvature.firstSamples(c.train(), samples), batch);
        Sharpness s = Sharpness.measure(curv.hessian(), Math.min(top, curv.dim()), tolerance, 300, traceMatvecs, seed);
        Path file = c.runDir().resolve(FILE);
        StringBuilder sb = new StringBuilder();
        if (!Files.exists(file)) {
            sb.append("iteration,samples");
            for (int i = 1; i <= top; i++) {
                sb.append(",lambda_").append(i);
            }
            sb.append(",residual_1,converged,matvecs,trace,trace_stderr,seconds\n");
        }
        sb.append(c.iteration()).append(',').append(curv.samples());
        for (double v : s.top().values()) {
            sb.append(',').append(v);
        }
        sb.append(',').append(s.top().residuals()[0]).append(',').append(s.top().converged()).append(',').append(s.top().iterations())
                .append(',').append(s.trace() == null ? "" : Double.toString(s.trace().value()))
                .append(',').append(s.trace() == null ? "" : Double.toString(s.trace().stderr()))
                .append(',').append(String.format(Locale.ROOT, "%.3f", s.seconds())).append('\n');
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(sb.toString());
        }
    }
}
