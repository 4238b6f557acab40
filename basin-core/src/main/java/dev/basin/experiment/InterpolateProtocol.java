package dev.basin.experiment;

import dev.basin.curvature.Geometry;
import dev.basin.curvature.InterpolationRow;
import dev.basin.numeric.FloatVec;
import dev.basin.spec.InterpolateSpec;
import dev.basin.spec.SampleSet;
import dev.basin.train.RunLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code basin interpolate}: loss and accuracy along θ(β) = (1 − β) θ_A + β θ_B on the train and test sets into
 * interpolation.csv, with the spec and provenance beside it in interpolation-config.json, and the train-loss
 * barrier on the segment.
 */
public final class InterpolateProtocol implements Protocol<InterpolateSpec, InterpolateProtocol.Result> {
    public static final InterpolateProtocol INSTANCE = new InterpolateProtocol();
    /** The spec-and-provenance file (not config.json: the default folder is A's run folder, whose config.json is its training's). */
    public static final String CONFIG = "interpolation-config.json";
    /** Evaluations on the segment A → B for the barrier, both ends included. */
    public static final int BARRIER_POINTS = 21;
    static final int EVAL_BATCH = 1000;

    private InterpolateProtocol() {
    }

    /** One end of the line. */
    public record End(Path checkpoint, long iteration) {
    }

    /**
     * @param samples samples of each set evaluated (the spec's, capped at the train set's size)
     * @param rows    one per β; test columns NaN when the run has no test set
     * @param hasTest whether the test set was evaluated
     */
    public record Result(InterpolateSpec spec, Path dir, End a, End b, int samples, List<InterpolationRow> rows, boolean hasTest, double barrier) {
    }

    @Override
    public Result run(InterpolateSpec spec, RunContext ctx) throws IOException {
        double[] betas = spec.betas();
        RunModel ma = RunModel.open(spec.a(), null, ctx.threads());
        RunModel mb = RunModel.open(spec.b(), null, ctx.threads());
        if (ma.net().parameterCount() != mb.net().parameterCount() || !ma.net().describe().equals(mb.net().describe())) {
            throw new IllegalArgumentException("A and B are different models (" + ma.net().parameterCount() + " and " + mb.net().parameterCount()
                    + " parameters); interpolate between checkpoints of one architecture");
        }
        Path dir = ctx.out() != null ? ctx.out() : ma.runDir();
        Path config = dir.resolve(CONFIG);
        SpecRecords.checkWritable(config, InterpolateSpec.class);
        FloatVec ta = ma.point().theta();
        FloatVec tb = mb.point().theta();
        var trainSet = SampleSet.TRAIN.of(ma.data());
        Geometry train = new Geometry(ma.net(), ma.loss(), trainSet, spec.samples(), EVAL_BATCH);
        List<Geometry.Point> tr = train.interpolate(ta, tb, betas);
        List<Geometry.Point> te = ma.data().test() == null ? null
                : new Geometry(ma.net(), ma.loss(), ma.data().test(), spec.samples(), EVAL_BATCH).interpolate(ta, tb, betas);
        double barrier = train.barrier(ta, tb, BARRIER_POINTS);
        List<InterpolationRow> rows = new ArrayList<>();
        for (int i = 0; i < betas.length; i++) {
            Geometry.Point p = tr.get(i);
            Geometry.Point q = te == null ? null : te.get(i);
            rows.add(new InterpolationRow(betas[i], p.loss(), p.accuracy(), q == null ? Double.NaN : q.loss(), q == null ? Double.NaN : q.accuracy()));
        }
        try (RunLock lock = RunLock.forWriting(dir)) {
            Files.createDirectories(dir);
            SpecRecords.write(config, spec, ctx, ma);
            InterpolationRow.TABLE.write(dir.resolve(InterpolationRow.FILE), rows);
            return new Result(spec, dir, new End(ma.checkpoint(), ma.point().iteration()), new End(mb.checkpoint(), mb.point().iteration()),
                    Math.min(spec.samples(), trainSet.size()), rows, te != null, barrier);
        }
    }
}
