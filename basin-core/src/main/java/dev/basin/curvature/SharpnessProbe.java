package dev.basin.curvature;

import dev.basin.train.IterationSchedule;
import dev.basin.train.Probe;
import dev.basin.train.TrainContext;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Records the Hessian's top eigenvalues (and optionally its trace) along training into sharpness.csv, over the
 * first {@code samples} training samples in data-set order. Reads θ, changes nothing.
 */
public final class SharpnessProbe implements Probe {
    public static final String FILE = SharpnessRow.FILE;

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
    public java.util.List<String> files() {
        return java.util.List.of(FILE);
    }

    @Override
    public void observe(TrainContext c) throws IOException {
        NetworkCurvature curv = new NetworkCurvature(c.network(), c.theta(), c.loss(), c.train(), NetworkCurvature.firstSamples(c.train(), samples), batch);
        Sharpness s = Sharpness.measure(curv.hessian(), Math.min(top, curv.dim()), tolerance, 300, traceMatvecs, seed);
        Path file = c.runDir().resolve(FILE);
        SharpnessRow row = new SharpnessRow(c.iteration(), curv.samples(), s.top().values(), s.top().residuals()[0], s.top().converged(),
                s.top().iterations(), s.trace() == null ? Double.NaN : s.trace().value(), s.trace() == null ? Double.NaN : s.trace().stderr(),
                s.seconds());
        SharpnessRow.TABLE.append(file, java.util.List.of(row), SharpnessRow.TABLE.layoutOf(row));
    }
}
