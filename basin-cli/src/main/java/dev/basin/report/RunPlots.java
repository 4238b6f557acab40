package dev.basin.report;

import dev.basin.noise.AlphaTable;
import dev.basin.train.MetricsRow;
import dev.basin.train.MetricsTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The standard panels of one or more run folders: α along training and accuracy along training. */
public final class RunPlots {
    /** A run folder and the label it gets in legends. */
    public record Run(String label, Path dir) {
    }

    private RunPlots() {
    }

    /**
     * alpha.png/.svg: Mohammadi α̂ of {@code quantity} vs iteration (log x), train solid and test dashed,
     * with a ±1.96 SE band; runs without alpha.csv are skipped. Returns whether anything was drawn.
     */
    public static boolean alpha(List<Run> runs, String quantity, Path base) throws IOException {
        List<Plots.Curve> curves = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            Path f = r.dir().resolve("alpha.csv");
            if (!Files.exists(f)) {
                continue;
            }
            List<AlphaTable.Row> rows = AlphaTable.read(f);
            for (String set : List.of("train", "test")) {
                List<AlphaTable.Row> sel = AlphaTable.select(rows, set, quantity);
                if (!sel.isEmpty()) {
                    curves.add(curve(r.label() + " " + set, sel, i, set.equals("test")));
                }
            }
        }
        if (curves.isEmpty()) {
            return false;
        }
        Plots.write(base, "Tail index of the gradient noise (" + quantity + ")", "iteration (log scale; 0 drawn at 1)",
                "alpha (Mohammadi), band: ±1.96 SE", true, curves);
        return true;
    }

    /** Several quantities of one run on one set, e.g. ADAM's raw, smoothed and preconditioned noise. */
    public static boolean quantities(Run run, String set, List<String> quantities, Path base) throws IOException {
        Path f = run.dir().resolve("alpha.csv");
        if (!Files.exists(f)) {
            return false;
        }
        List<AlphaTable.Row> rows = AlphaTable.read(f);
        List<Plots.Curve> curves = new ArrayList<>();
        for (int i = 0; i < quantities.size(); i++) {
            List<AlphaTable.Row> sel = AlphaTable.select(rows, set, quantities.get(i));
            if (!sel.isEmpty()) {
                curves.add(curve(run.label() + " " + quantities.get(i), sel, i, false));
            }
        }
        if (curves.size() < 2) {
            return false;
        }
        Plots.write(base, run.label() + ": raw vs smoothed noise (" + set + " set)", "iteration (log scale; 0 drawn at 1)",
                "alpha (Mohammadi), band: ±1.96 SE", true, curves);
        return true;
    }

    /** accuracy.png/.svg: test accuracy (solid) and train accuracy (dashed) vs iteration (log x). */
    public static void accuracy(List<Run> runs, Path base) throws IOException {
        List<Plots.Curve> curves = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            List<MetricsRow> rows = MetricsTable.read(r.dir().resolve("metrics.csv"));
            double[] x = rows.stream().mapToDouble(MetricsRow::iteration).toArray();
            curves.add(new Plots.Curve(r.label() + " test", x, rows.stream().mapToDouble(m -> 100 * m.testAcc()).toArray(), null, null, i, false));
            if (rows.stream().anyMatch(m -> !Double.isNaN(m.trainAcc()))) {
                curves.add(new Plots.Curve(r.label() + " train", x, rows.stream().mapToDouble(m -> 100 * m.trainAcc()).toArray(), null, null, i,
                        true));
            }
        }
        Plots.write(base, "Accuracy along training", "iteration (log scale; 0 drawn at 1)", "accuracy (%)", true, curves);
    }

    /**
     * sharpness.png/.svg: the Hessian's top eigenvalues recorded by --sharpness-every, one curve per rank, vs
     * iteration; false when the run has no sharpness.csv.
     */
    public static boolean sharpness(Run run, Path base) throws IOException {
        Path f = run.dir().resolve("sharpness.csv");
        if (!java.nio.file.Files.isRegularFile(f)) {
            return false;
        }
        List<dev.basin.curvature.SharpnessRow> rows = dev.basin.curvature.SharpnessRow.TABLE.read(f);
        List<Plots.Curve> curves = new ArrayList<>();
        int k = rows.isEmpty() ? 0 : rows.get(0).lambda().length;
        double[] x = rows.stream().mapToDouble(dev.basin.curvature.SharpnessRow::iteration).toArray();
        for (int c = 0; c < k; c++) {
            int j = c;
            curves.add(new Plots.Curve("eigenvalue " + (c + 1), x, rows.stream().mapToDouble(r -> r.lambda()[j]).toArray(), null, null, c, false));
        }
        Plots.write(base, run.label() + ": top Hessian eigenvalues along training", "iteration", "eigenvalue", false, curves);
        return true;
    }

    private static Plots.Curve curve(String name, List<AlphaTable.Row> sel, int color, boolean dashed) {
        double[] x = sel.stream().mapToDouble(AlphaTable.Row::iteration).toArray();
        double[] y = sel.stream().mapToDouble(AlphaTable.Row::alpha).toArray();
        double[] lo = sel.stream().mapToDouble(r -> r.alpha() - 1.96 * r.stderr()).toArray();
        double[] hi = sel.stream().mapToDouble(r -> r.alpha() + 1.96 * r.stderr()).toArray();
        return new Plots.Curve(name, x, y, lo, hi, color, dashed);
    }
}
