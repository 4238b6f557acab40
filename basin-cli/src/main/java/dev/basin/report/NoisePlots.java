package dev.basin.report;

import dev.basin.noise.FitHistogram;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The paper's Fig. 1 panel: the histogram of the gradient noise on a log-count axis, with the fitted laws' expected counts. */
public final class NoisePlots {
    /** Expected counts below this are not drawn (a log axis has no 0). */
    static final double FLOOR = 0.5;

    private NoisePlots() {
    }

    /** Writes {@code base}.png and .svg: observed counts per bin (dots) and each fitted family's expected counts (lines). */
    public static void histogram(Path base, String title, FitHistogram h) throws IOException {
        List<Plots.Curve> curves = new ArrayList<>();
        double[] counts = java.util.Arrays.stream(h.counts()).asDoubleStream().toArray();
        curves.add(positive("noise (" + h.n() + " values)", h.centres(), counts, 0, false));
        int color = 1;
        for (FitHistogram.Overlay o : h.overlays()) {
            curves.add(positive(o.family() + " fit", h.centres(), o.expected(), color++, false));
        }
        Plots.write(base, title, "noise value", "count per bin (log)", false, true, curves);
    }

    private static Plots.Curve positive(String name, double[] x, double[] y, int color, boolean dashed) {
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (y[i] >= FLOOR) {
                kept.add(new double[] {x[i], y[i]});
            }
        }
        double[] xs = kept.stream().mapToDouble(p -> p[0]).toArray();
        double[] ys = kept.stream().mapToDouble(p -> p[1]).toArray();
        return new Plots.Curve(name, xs, ys, null, null, color, dashed);
    }
}
