package dev.basin.experiment;

import dev.basin.curvature.Geometry;
import dev.basin.curvature.LandscapeRow;
import dev.basin.numeric.FloatVec;
import dev.basin.spec.LandscapeSpec;
import dev.basin.spec.SampleSet;
import dev.basin.train.RunLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code basin landscape}: the train loss on a 1-D or 2-D slice through a checkpoint along seeded random
 * directions into landscape.csv, with the spec and provenance beside it in landscape-config.json, and the
 * flatness when the spec gives σ.
 */
public final class LandscapeProtocol implements Protocol<LandscapeSpec, LandscapeProtocol.Result> {
    public static final LandscapeProtocol INSTANCE = new LandscapeProtocol();
    /** The spec-and-provenance file (not config.json: the default folder is the run folder, whose config.json is its training's). */
    public static final String CONFIG = "landscape-config.json";
    static final int EVAL_BATCH = 1000;

    private LandscapeProtocol() {
    }

    /**
     * @param steps    the steps along each direction
     * @param rows     the slice, α outer and β inner (β NaN in 1-D)
     * @param center   the loss at θ itself
     * @param max      the largest loss on the slice
     * @param flatness null without σ
     */
    public record Result(LandscapeSpec spec, Path dir, long iteration, int samples, double[] steps, List<LandscapeRow> rows, double center, double max,
                         Geometry.Flatness flatness) {
        /** The losses as a grid z[i][j] at (steps[i], steps[j]) (2-D slices). */
        public double[][] grid() {
            int n = steps.length;
            double[][] z = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    z[i][j] = rows.get(i * n + j).loss();
                }
            }
            return z;
        }
    }

    @Override
    public Result run(LandscapeSpec spec, RunContext ctx) throws IOException {
        double[] steps = spec.steps();
        RunModel m = RunModel.open(spec.run(), spec.iteration(), ctx.threads());
        Path dir = ctx.out() != null ? ctx.out() : m.runDir();
        Path config = dir.resolve(CONFIG);
        SpecRecords.checkWritable(config, LandscapeSpec.class);
        FloatVec theta = m.point().theta();
        var train = SampleSet.TRAIN.of(m.data());
        Geometry g = new Geometry(m.net(), m.loss(), train, spec.samples(), EVAL_BATCH);
        boolean two = spec.dims() == 2;
        FloatVec d1 = g.randomDirection(theta, spec.normalization(), spec.seed());
        FloatVec d2 = two ? g.randomDirection(theta, spec.normalization(), spec.seed() + 1) : null;
        List<LandscapeRow> rows = g.surface(theta, d1, d2, steps, two ? steps : new double[] {0}).stream().map(LandscapeRow::of).toList();
        double center = rows.stream().filter(p -> p.alpha() == 0 && (!two || p.beta() == 0)).findFirst().map(LandscapeRow::loss).orElse(Double.NaN);
        double max = rows.stream().mapToDouble(LandscapeRow::loss).max().orElse(Double.NaN);
        Geometry.Flatness f = spec.sigma() == null ? null : g.flatness(theta, spec.sigma(), spec.perturbations(), spec.seed() + 7);
        try (RunLock lock = RunLock.forWriting(dir)) {
            Files.createDirectories(dir);
            SpecRecords.write(config, spec, ctx, m);
            LandscapeRow.write(dir.resolve(LandscapeRow.FILE), rows, spec.dims());
            return new Result(spec, dir, m.point().iteration(), Math.min(spec.samples(), train.size()), steps, rows, center, max, f);
        }
    }
}
