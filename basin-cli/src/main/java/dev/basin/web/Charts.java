package dev.basin.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.curvature.InterpolationRow;
import dev.basin.curvature.LandscapeRow;
import dev.basin.curvature.SharpnessRow;
import dev.basin.curvature.SpectrumRow;
import dev.basin.data.DataException;
import dev.basin.experiment.EscapeRow;
import dev.basin.experiment.RunFolder;
import dev.basin.experiment.Zhou2020;
import dev.basin.noise.AlphaRow;
import dev.basin.sde.FactorRow;
import dev.basin.table.Table;
import dev.basin.train.MetricsRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The interactive charts of a run folder, built from its typed tables (read to their last complete line, so a folder a run
 * is writing is fine). A chart is a list of series on a shared x axis; a series may carry a 95% band ({@code lo}, {@code hi}).
 */
public final class Charts {
    /** Series longer than this are drawn from min/max buckets (a chart is at most a few thousand pixels wide). */
    public static final int MAX_POINTS = 4000;

    /**
     * One chart; {@code hline} is a reference line (2/η on the sharpness chart), null when none; {@code grid}, when not null,
     * makes it a heatmap (the 2-D loss landscape) and {@code series} is then empty.
     */
    public record Chart(String id, String title, String x, String y, boolean logY, List<Series> series, Double hline, String hlineLabel, Grid grid) {
        public Chart {
            series = series.stream().map(Charts::decimate).toList();
        }

        public Chart(String id, String title, String x, String y, boolean logY, List<Series> series, Double hline, String hlineLabel) {
            this(id, title, x, y, logY, series, hline, hlineLabel, null);
        }

        /** Points drawn: the finite y values over all series (bands not counted), or a heatmap's finite cells. */
        public int points() {
            if (grid != null) {
                return grid.finiteCells();
            }
            int n = 0;
            for (Series s : series) {
                for (Double v : s.y()) {
                    n += v == null ? 0 : 1;
                }
            }
            return n;
        }
    }

    /**
     * A value on a grid: {@code z.get(j).get(i)} at ({@code x.get(i)}, {@code y.get(j)}), null where the table has no finite
     * value; x and y ascending. {@code z} names the value (the colour scale's label).
     */
    public record Grid(List<Double> x, List<Double> y, List<List<Double>> values, String z) {
        /** The cells with a finite value. */
        public int finiteCells() {
            int n = 0;
            for (List<Double> row : values) {
                for (Double v : row) {
                    n += v == null ? 0 : 1;
                }
            }
            return n;
        }
    }

    /**
     * One line: x and y (null where not measured) and, when it has a band, the lower and upper 95% limits; {@code rows} is
     * how many table rows it stands for (more than its points when it was bucketed).
     */
    public record Series(String label, List<Double> x, List<Double> y, List<Double> lo, List<Double> hi, int rows) {
        public Series(String label, List<Double> x, List<Double> y, List<Double> lo, List<Double> hi) {
            this(label, x, y, lo, hi, x.size());
        }
    }

    /**
     * A series of more than {@link #MAX_POINTS} points as the first, the lowest and the highest point of each of
     * MAX_POINTS / 2 consecutive buckets (in x order), so peaks and dips survive; shorter series are returned as they are.
     */
    static Series decimate(Series s) {
        int n = s.x().size();
        if (n <= MAX_POINTS) {
            return s;
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            Double v = s.y().get(i);
            y[i] = v == null ? Double.NaN : v;
        }
        List<Integer> keep = keep(y);
        return new Series(s.label(), pick(s.x(), keep), pick(s.y(), keep), s.lo() == null ? null : pick(s.lo(), keep),
                s.hi() == null ? null : pick(s.hi(), keep), s.rows());
    }

    /** The indices {@link #decimate} keeps of a series of more than MAX_POINTS values (NaN: not measured). */
    private static List<Integer> keep(double[] y) {
        int n = y.length;
        int buckets = MAX_POINTS / 2;
        List<Integer> keep = new ArrayList<>(MAX_POINTS);
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            int lo = -1;
            int hi = -1;
            for (int i = from; i < to; i++) {
                double v = y[i];
                if (Double.isNaN(v)) {
                    continue;
                }
                if (lo < 0 || v < y[lo]) {
                    lo = i;
                }
                if (hi < 0 || v > y[hi]) {
                    hi = i;
                }
            }
            if (lo < 0) {
                continue;
            }
            keep.add(Math.min(lo, hi));
            if (hi != lo) {
                keep.add(Math.max(lo, hi));
            }
        }
        return keep;
    }

    private static List<Double> pick(List<Double> v, List<Integer> idx) {
        List<Double> out = new ArrayList<>(idx.size());
        for (int i : idx) {
            out.add(v.get(i));
        }
        return out;
    }

    private Charts() {
    }

    /** The tables charts are drawn from, in the order their charts come. */
    public static final List<String> SOURCES = List.of(MetricsRow.FILE, AlphaRow.FILE, SharpnessRow.FILE, SpectrumRow.FILE,
            InterpolationRow.FILE, LandscapeRow.FILE, Zhou2020.SharpestEscapeRow.FILE, EscapeRow.FILE, FactorRow.FILE);

    /** The table a chart id is drawn from, or null for an unknown id. */
    public static String source(String id) {
        return switch (id) {
            case "loss", "accuracy" -> MetricsRow.FILE;
            case "alpha", "alpha-smoothed", "alpha-layers" -> AlphaRow.FILE;
            case "sharpness" -> SharpnessRow.FILE;
            case "spectrum" -> SpectrumRow.FILE;
            case "interpolation" -> InterpolationRow.FILE;
            case "landscape", "landscape-heatmap" -> LandscapeRow.FILE;
            case "escape-sharpest" -> Zhou2020.SharpestEscapeRow.FILE;
            case "escape-barrier", "escape-radius", "sde-escape" -> EscapeRow.FILE;
            case "factors" -> FactorRow.FILE;
            default -> null;
        };
    }

    /** The charts of one run folder (a training run, or a measurement's folder), in a fixed order; the ids are stable. */
    public static List<Chart> of(RunFolder f) {
        List<Chart> out = new ArrayList<>();
        for (String file : SOURCES) {
            out.addAll(of(f, file));
        }
        return out;
    }

    /** The charts drawn from one of the folder's tables ({@link #SOURCES}); none when the folder does not hold it. */
    public static List<Chart> of(RunFolder f, String file) {
        List<Chart> out = new ArrayList<>();
        if (!f.has(file)) {
            return out;
        }
        if (file.equals(MetricsRow.FILE)) {
            List<MetricsRow> m = read(MetricsRow.TABLE, f.file(MetricsRow.FILE));
            out.add(chart("loss", "Loss (log scale)", "iteration", "loss", true, List.of(
                    series("train loss", m, MetricsRow::iteration, MetricsRow::trainLoss),
                    series("test loss", m, MetricsRow::iteration, MetricsRow::testLoss),
                    series("batch loss", m, MetricsRow::iteration, MetricsRow::batchLoss))));
            out.add(chart("accuracy", "Accuracy", "iteration", "accuracy", false, List.of(
                    series("train accuracy", m, MetricsRow::iteration, MetricsRow::trainAcc),
                    series("test accuracy", m, MetricsRow::iteration, MetricsRow::testAcc))));
        }
        if (file.equals(AlphaRow.FILE)) {
            out.addAll(alpha(read(AlphaRow.TABLE, f.file(AlphaRow.FILE))));
        }
        if (file.equals(SharpnessRow.FILE)) {
            List<SharpnessRow> s = read(SharpnessRow.TABLE, f.file(SharpnessRow.FILE));
            List<Series> lines = new ArrayList<>();
            int k = s.isEmpty() ? 0 : s.get(0).lambda().length;
            for (int j = 0; j < k; j++) {
                int jj = j;
                lines.add(series("λ" + (j + 1), s, SharpnessRow::iteration, r -> r.lambda()[jj]));
            }
            double lr = learningRate(f);
            out.add(new Chart("sharpness", "Sharpness (top Hessian eigenvalues) against 2/η", "iteration", "λ", false, lines,
                    lr > 0 ? 2 / lr : null, "2/η"));
        }
        if (file.equals(SpectrumRow.FILE)) {
            List<SpectrumRow> s = read(SpectrumRow.TABLE, f.file(SpectrumRow.FILE));
            out.add(chart("spectrum", "Hessian spectral density (SLQ)", "eigenvalue", "density", false,
                    List.of(series("density", s, SpectrumRow::eigenvalue, SpectrumRow::density))));
        }
        if (file.equals(InterpolationRow.FILE)) {
            List<InterpolationRow> s = read(InterpolationRow.TABLE, f.file(InterpolationRow.FILE));
            out.add(chart("interpolation", "Loss along the line between the two points", "β", "loss", false, List.of(
                    series("train loss", s, InterpolationRow::beta, InterpolationRow::trainLoss),
                    series("test loss", s, InterpolationRow::beta, InterpolationRow::testLoss))));
        }
        if (file.equals(LandscapeRow.FILE)) {
            out.addAll(landscape(LandscapeRow.read(f.file(LandscapeRow.FILE))));
        }
        if (file.equals(Zhou2020.SharpestEscapeRow.FILE)) {
            List<Zhou2020.SharpestEscapeRow> s = read(Zhou2020.SharpestEscapeRow.TABLE, f.file(Zhou2020.SharpestEscapeRow.FILE));
            Map<String, List<Long>> times = new LinkedHashMap<>();
            for (Zhou2020.SharpestEscapeRow r : s) {
                times.computeIfAbsent(r.optimizer(), o -> new ArrayList<>()).add(r.exitBarrier());
            }
            out.add(survival("escape-sharpest", "Escape from the sharpest final minimum: survival (loss barrier)", times));
        }
        if (file.equals(EscapeRow.FILE)) {
            escape(f.file(EscapeRow.FILE), out);
        }
        if (file.equals(FactorRow.FILE)) {
            List<FactorRow> s = read(FactorRow.TABLE, f.file(FactorRow.FILE));
            Map<String, List<FactorRow>> by = new LinkedHashMap<>();
            s.forEach(r -> by.computeIfAbsent(r.factor(), k -> new ArrayList<>()).add(r));
            List<Series> lines = new ArrayList<>();
            by.forEach((k, rows) -> {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    x.add((double) i);
                    y.add(finite(rows.get(i).ratio()));
                }
                lines.add(new Series(k, x, y, null, null));
            });
            out.add(new Chart("factors", "SDE factors: measured over predicted mean exit time", "case", "ratio", true, lines, 1.0, "theory"));
        }
        return out;
    }

    /** α̂ (without zero-variance coordinates) with its 95% band, one series per set and quantity, and per layer. */
    static List<Chart> alpha(List<AlphaRow> rows) {
        Map<String, List<AlphaRow>> by = new LinkedHashMap<>();
        for (AlphaRow r : rows) {
            by.computeIfAbsent(r.set() + " " + r.quantity(), k -> new ArrayList<>()).add(r);
        }
        List<Series> raw = new ArrayList<>();
        List<Series> smoothed = new ArrayList<>();
        by.forEach((k, rs) -> {
            Series s = band(k, rs);
            (k.endsWith(" raw") ? raw : smoothed).add(s);
        });
        List<Chart> out = new ArrayList<>();
        out.add(chart("alpha", "Tail index α̂ of the gradient noise (zero-variance coordinates left out; band: 95%)", "iteration", "α̂", false, raw));
        if (!smoothed.isEmpty()) {
            List<Series> all = new ArrayList<>(smoothed);
            by.forEach((k, rs) -> {
                if (k.endsWith(" raw") && smoothed.stream().anyMatch(s -> s.label().startsWith(k.substring(0, k.length() - 3)))) {
                    all.add(0, band(k, rs));
                }
            });
            out.add(chart("alpha-smoothed", "ADAM: α̂ of the raw and the smoothed (EMA) noise", "iteration", "α̂", false, all));
        }
        List<AlphaRow> first = by.values().iterator().hasNext() ? by.values().iterator().next() : List.of();
        if (!first.isEmpty() && first.get(0).tensors() != null && !first.get(0).tensors().isEmpty()) {
            List<Series> layers = new ArrayList<>();
            for (int t = 0; t < first.get(0).tensors().size(); t++) {
                int tt = t;
                layers.add(series(first.get(0).tensors().get(t).tensor(), first, AlphaRow::iteration, r -> {
                    AlphaRow.Tensor x = r.tensors().get(tt);
                    return Double.isFinite(x.alphaNz()) ? x.alphaNz() : x.alpha();
                }));
            }
            out.add(chart("alpha-layers", "α̂ per parameter tensor (" + first.get(0).set() + ", " + first.get(0).quantity() + ")", "iteration", "α̂",
                    false, layers));
        }
        return out;
    }

    private static Series band(String label, List<AlphaRow> rs) {
        boolean nz = rs.stream().anyMatch(r -> Double.isFinite(r.alphaNz()));
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> lo = new ArrayList<>();
        List<Double> hi = new ArrayList<>();
        for (AlphaRow r : rs) {
            double a = nz ? r.alphaNz() : r.alpha();
            double se = nz ? r.stderrNz() : r.stderr();
            x.add((double) r.iteration());
            y.add(finite(a));
            lo.add(finite(a - 1.96 * se));
            hi.add(finite(a + 1.96 * se));
        }
        return new Series(label, x, y, lo, hi);
    }

    /**
     * The landscape: a 2-D slice as a heatmap of the train loss over (α, β) followed by its line through the centre along the
     * first direction; a 1-D slice as its line.
     */
    static List<Chart> landscape(List<LandscapeRow> rows) {
        boolean twoD = rows.stream().anyMatch(r -> Double.isFinite(r.beta()));
        List<LandscapeRow> line = rows;
        List<Chart> out = new ArrayList<>();
        if (twoD) {
            double b0 = rows.stream().mapToDouble(LandscapeRow::beta).map(Math::abs).min().orElse(0);
            line = rows.stream().filter(r -> Math.abs(r.beta()) == b0).toList();
            out.add(new Chart("landscape-heatmap", "Loss landscape: the train loss on the 2-D slice", "α (step along direction 1)",
                    "β (step along direction 2)", false, List.of(), null, null, grid(rows)));
        }
        out.add(chart("landscape", twoD ? "Loss landscape: the slice through the centre along the first direction" : "Loss landscape (1-D slice)",
                "step along the direction", "train loss", false, List.of(series("train loss", line, LandscapeRow::alpha, LandscapeRow::loss))));
        return out;
    }

    /** The train loss of a 2-D slice on its (α, β) grid; a point the table lacks or holds as NaN is a null cell. */
    static Grid grid(List<LandscapeRow> rows) {
        // + 0.0: -0.0 and 0.0 are one coordinate
        double[] xs = rows.stream().mapToDouble(r -> r.alpha() + 0.0).filter(Double::isFinite).distinct().sorted().toArray();
        double[] ys = rows.stream().mapToDouble(r -> r.beta() + 0.0).filter(Double::isFinite).distinct().sorted().toArray();
        Double[][] z = new Double[ys.length][xs.length];
        for (LandscapeRow r : rows) {
            int i = java.util.Arrays.binarySearch(xs, r.alpha() + 0.0);
            int j = java.util.Arrays.binarySearch(ys, r.beta() + 0.0);
            if (i >= 0 && j >= 0) {
                z[j][i] = finite(r.loss());
            }
        }
        List<List<Double>> values = new ArrayList<>();
        for (Double[] row : z) {
            values.add(java.util.Collections.unmodifiableList(java.util.Arrays.asList(row)));
        }
        return new Grid(java.util.Arrays.stream(xs).boxed().toList(), java.util.Arrays.stream(ys).boxed().toList(), values, "train loss");
    }

    /** escape.csv is the network escape's (per continuation) or the SDE's (per ε); the header tells which. */
    private static void escape(Path file, List<Chart> out) {
        try {
            List<EscapeRow> rows = read(EscapeRow.TABLE, file);
            Map<String, List<Long>> radius = new LinkedHashMap<>();
            Map<String, List<Long>> barrier = new LinkedHashMap<>();
            for (EscapeRow r : rows) {
                String k = r.optimizer() + " η=" + r.lr();
                radius.computeIfAbsent(k, o -> new ArrayList<>()).add(r.exitRadius());
                barrier.computeIfAbsent(k, o -> new ArrayList<>()).add(r.exitBarrier());
            }
            out.add(survival("escape-barrier", "Escape: survival, loss-barrier criterion", barrier));
            out.add(survival("escape-radius", "Escape: survival, radius criterion", radius));
            return;
        } catch (DataException e) {
            // not the network escape's file: the SDE's
        }
        List<dev.basin.sde.EscapeRow> rows = read(dev.basin.sde.EscapeRow.TABLE, file);
        Map<String, List<dev.basin.sde.EscapeRow>> by = new LinkedHashMap<>();
        rows.forEach(r -> by.computeIfAbsent((Double.isFinite(r.h()) ? "h=" + r.h() + " " : "") + "ε=" + r.epsilon(), k -> new ArrayList<>()).add(r));
        List<Series> lines = new ArrayList<>();
        by.forEach((k, rs) -> {
            List<dev.basin.sde.EscapeRow> sorted = rs.stream().sorted(java.util.Comparator.comparingDouble(dev.basin.sde.EscapeRow::alpha)).toList();
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> lo = new ArrayList<>();
            List<Double> hi = new ArrayList<>();
            List<Double> pred = new ArrayList<>();
            for (dev.basin.sde.EscapeRow r : sorted) {
                x.add(r.alpha());
                y.add(finite(r.mean()));
                lo.add(finite(r.mean() - 1.96 * r.stderr()));
                hi.add(finite(r.mean() + 1.96 * r.stderr()));
                pred.add(finite(r.predicted()));
            }
            lines.add(new Series(k + " measured", x, y, lo, hi));
            lines.add(new Series(k + " predicted", x, pred, null, null));
        });
        out.add(new Chart("sde-escape", "SDE: mean exit time against α, measured (band: 95%) and predicted", "α", "mean exit time", true, lines,
                null, null));
    }

    /** Kaplan–Meier-free survival for right-censored exit times: the share of continuations not yet out at each exit. */
    static Chart survival(String id, String title, Map<String, List<Long>> times) {
        List<Series> lines = new ArrayList<>();
        times.forEach((k, ts) -> {
            List<Long> exits = ts.stream().filter(t -> t != null).sorted().toList();
            int n = ts.size();
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            x.add(0.0);
            y.add(1.0);
            for (int i = 0; i < exits.size(); i++) {
                x.add((double) exits.get(i));
                y.add(1.0 - (double) (i + 1) / n);
            }
            lines.add(new Series(k + " (" + exits.size() + "/" + n + " out)", x, y, null, null));
        });
        return chart(id, title, "iterations", "share still inside", false, lines);
    }

    private static double learningRate(RunFolder f) {
        JsonNode c = f.config();
        return c == null ? Double.NaN : c.path("optimizer").path("lr").asDouble(Double.NaN);
    }

    static Chart chart(String id, String title, String x, String y, boolean logY, List<Series> series) {
        return new Chart(id, title, x, y, logY, series, null, null);
    }

    /** A line of y against x over rows; a long one already bucketed as {@link #decimate} does, before any boxing. */
    static <R> Series series(String label, List<R> rows, ToDoubleFunction<R> x, ToDoubleFunction<R> y) {
        int n = rows.size();
        double[] xv = new double[n];
        double[] yv = new double[n];
        for (int i = 0; i < n; i++) {
            R r = rows.get(i);
            xv[i] = x.applyAsDouble(r);
            double v = y.applyAsDouble(r);
            yv[i] = Double.isFinite(v) ? v : Double.NaN;
        }
        List<Double> xs = new ArrayList<>(Math.min(n, MAX_POINTS));
        List<Double> ys = new ArrayList<>(Math.min(n, MAX_POINTS));
        if (n <= MAX_POINTS) {
            for (int i = 0; i < n; i++) {
                xs.add(xv[i]);
                ys.add(finite(yv[i]));
            }
        } else {
            for (int i : keep(yv)) {
                xs.add(xv[i]);
                ys.add(finite(yv[i]));
            }
        }
        return new Series(label, xs, ys, null, null, n);
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** What was read of a file: its identity, the bytes up to the last complete line, its header and rows. */
    private record Tail(Object key, long offset, String header, List<?> rows) {
    }

    private static final Map<Path, Tail> TAILS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A table's complete rows; a file that only grew since the last call (the same file, appended to) is read from where
     * the last call stopped, so a dashboard polling a long run parses each row once.
     */
    @SuppressWarnings("unchecked")
    static <R extends Record> List<R> read(Table<R> table, Path file) {
        try {
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            Object key = a.fileKey() == null ? a.creationTime() : a.fileKey();
            Tail t = TAILS.get(file);
            if (t != null && t.key().equals(key) && a.size() >= t.offset()) {
                if (a.size() == t.offset()) {
                    return (List<R>) t.rows();
                }
                byte[] more;
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (a.size() - t.offset()));
                    while (buf.hasRemaining() && ch.read(buf, t.offset() + buf.position()) > 0) {
                        // read on
                    }
                    more = java.util.Arrays.copyOf(buf.array(), buf.position());
                }
                int end = more.length;
                while (end > 0 && more[end - 1] != '\n') {
                    end--;
                }
                if (end == 0) {
                    return (List<R>) t.rows();
                }
                List<R> rows = new ArrayList<>((List<R>) t.rows());
                rows.addAll(table.parse(t.header() + "\n" + new String(more, 0, end, java.nio.charset.StandardCharsets.UTF_8), file.toString()));
                List<R> all = java.util.Collections.unmodifiableList(rows);
                TAILS.put(file, new Tail(key, t.offset() + end, t.header(), all));
                return all;
            }
            byte[] bytes = Files.readAllBytes(file);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            String text = new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8);
            List<R> rows = text.isEmpty() ? List.of() : java.util.Collections.unmodifiableList(table.parse(text, file.toString()));
            int nl = text.indexOf('\n');
            if (nl > 0) {
                TAILS.put(file, new Tail(key, end, text.substring(0, nl).replace("\r", ""), rows));
            }
            return rows;
        } catch (java.io.IOException e) {
            return table.readComplete(file);
        }
    }

    /** Overlays chart {@code id} of several runs: each run's series relabelled with the run's name. */
    public static Chart overlay(String id, Map<String, RunFolder> runs, Function<RunFolder, List<Chart>> charts) {
        List<Series> lines = new ArrayList<>();
        Chart first = null;
        for (Map.Entry<String, RunFolder> e : runs.entrySet()) {
            for (Chart c : charts.apply(e.getValue())) {
                if (c.id().equals(id)) {
                    first = first == null ? c : first;
                    for (Series s : c.series()) {
                        lines.add(new Series(e.getKey() + ": " + s.label(), s.x(), s.y(), s.lo(), s.hi(), s.rows()));
                    }
                }
            }
        }
        if (first == null) {
            return null;
        }
        return new Chart(id, first.title(), first.x(), first.y(), first.logY(), lines, first.hline(), first.hlineLabel());
    }
}
