package dev.basin.report;

import dev.basin.numeric.Stats;
import dev.basin.sweep.SweepReport;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The panels of {@code basin sweep report}, drawn from its rows. */
public final class SweepPlots {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e)};

    private SweepPlots() {
    }

    /** Writes every panel the rows allow into {@code out}; returns the files' base names. */
    public static List<String> write(SweepReport.Result r, Path out) throws IOException {
        List<String> written = new ArrayList<>();
        List<SweepReport.CellRow> cells = r.cells();
        if (cells.isEmpty()) {
            return written;
        }
        byLr(out, "alpha-min-vs-lr", "minimum of alpha_nz (train, raw) over training vs learning rate", "min alpha_nz", cells,
                SweepReport.CellRow::minAlphaNzTrain, written);
        byLr(out, "alpha-early-vs-lr", "mean alpha_nz (train, raw) over the early window vs learning rate", "early mean alpha_nz", cells,
                SweepReport.CellRow::earlyAlphaNzTrain, written);
        for (String opt : new TreeSet<>(cells.stream().map(SweepReport.CellRow::optimizer).toList())) {
            List<SweepReport.CellRow> own = cells.stream().filter(c -> c.optimizer().equals(opt)).toList();
            if (own.stream().map(SweepReport.CellRow::batch).distinct().count() > 1 && own.stream().map(SweepReport.CellRow::lr).distinct().count() > 1) {
                heatmap(out.resolve("alpha-min-heatmap-" + opt), opt + ": min alpha_nz over lr x batch (mean over seeds)", own);
                written.add("alpha-min-heatmap-" + opt);
            }
        }
        scatter(out.resolve("accuracy-vs-lambda-max"), "test accuracy vs final lambda_max", "final lambda_max", "test accuracy", cells,
                SweepReport.CellRow::finalLambdaMax, SweepReport.CellRow::finalTestAcc, false, true);
        written.add("accuracy-vs-lambda-max");
        scatter(out.resolve("lambda-max-vs-2-over-lr"), "final lambda_max vs 2/lr (the line: lambda_max = 2/lr, GD's stability edge)", "2 / lr",
                "final lambda_max", cells, SweepReport.CellRow::twoOverLr, SweepReport.CellRow::finalLambdaMax, true, true);
        written.add("lambda-max-vs-2-over-lr");
        if (!r.survival().isEmpty()) {
            List<Plots.Curve> curves = new ArrayList<>();
            Map<String, List<SweepReport.SurvivalRow>> by = new TreeMap<>();
            r.survival().forEach(s -> by.computeIfAbsent(s.optimizer() + " batch " + s.batch(), k -> new ArrayList<>()).add(s));
            int i = 0;
            for (Map.Entry<String, List<SweepReport.SurvivalRow>> e : by.entrySet()) {
                curves.add(new Plots.Curve(e.getKey(), e.getValue().stream().mapToDouble(SweepReport.SurvivalRow::lr).toArray(),
                        e.getValue().stream().mapToDouble(SweepReport.SurvivalRow::restrictedMean).toArray(), null, null, i++, false));
            }
            Plots.write(out.resolve("escape-vs-lr"), "escape from the own final minimum: restricted mean exit iteration (cap "
                    + (long) r.survival().get(0).cap() + ") vs lr", "learning rate", "restricted mean exit iteration", true, curves);
            written.add("escape-vs-lr");
            if (r.survival().stream().map(SweepReport.SurvivalRow::batch).distinct().count() > 1) {
                List<Plots.Curve> cb = new ArrayList<>();
                Map<String, List<SweepReport.SurvivalRow>> bl = new TreeMap<>();
                r.survival().forEach(s -> bl.computeIfAbsent(s.optimizer() + " lr " + s.lr(), k -> new ArrayList<>()).add(s));
                int j = 0;
                for (Map.Entry<String, List<SweepReport.SurvivalRow>> e : bl.entrySet()) {
                    cb.add(new Plots.Curve(e.getKey(), e.getValue().stream().mapToDouble(SweepReport.SurvivalRow::batch).toArray(),
                            e.getValue().stream().mapToDouble(SweepReport.SurvivalRow::restrictedMean).toArray(), null, null, j++, false));
                }
                Plots.write(out.resolve("escape-vs-batch"), "escape: restricted mean exit iteration vs batch size", "batch", "restricted mean exit iteration",
                        true, cb);
                written.add("escape-vs-batch");
            }
        }
        return written;
    }

    /** Per optimizer (and batch): the mean over seeds of a quantity at each rate, with ±1.96 standard errors. */
    private static void byLr(Path out, String name, String title, String y, List<SweepReport.CellRow> cells, ToDoubleFunction<SweepReport.CellRow> f,
                             List<String> written) throws IOException {
        Map<String, TreeMap<Double, List<Double>>> by = new TreeMap<>();
        for (SweepReport.CellRow c : cells) {
            double v = f.applyAsDouble(c);
            if (Double.isFinite(v)) {
                boolean batches = cells.stream().map(SweepReport.CellRow::batch).distinct().count() > 1;
                by.computeIfAbsent(c.optimizer() + (batches ? " batch " + c.batch() : ""), k -> new TreeMap<>()).computeIfAbsent(c.lr(), k -> new ArrayList<>())
                        .add(v);
            }
        }
        List<Plots.Curve> curves = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, TreeMap<Double, List<Double>>> e : by.entrySet()) {
            int n = e.getValue().size();
            double[] x = new double[n];
            double[] m = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            int k = 0;
            for (Map.Entry<Double, List<Double>> p : e.getValue().entrySet()) {
                Stats.Mean s = Stats.mean(p.getValue().stream().mapToDouble(Double::doubleValue).toArray());
                double h = p.getValue().size() > 1 ? 1.96 * s.stderr() : 0;
                x[k] = p.getKey();
                m[k] = s.mean();
                lo[k] = s.mean() - h;
                hi[k] = s.mean() + h;
                k++;
            }
            curves.add(new Plots.Curve(e.getKey(), x, m, lo, hi, i++, false));
        }
        if (!curves.isEmpty()) {
            Plots.write(out.resolve(name), title, "learning rate", y, true, curves);
            written.add(name);
        }
    }

    private static void scatter(Path base, String title, String xl, String yl, List<SweepReport.CellRow> cells, ToDoubleFunction<SweepReport.CellRow> fx,
                                ToDoubleFunction<SweepReport.CellRow> fy, boolean diagonal, boolean logX) throws IOException {
        boolean logY = diagonal;
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xl).yAxisTitle(yl).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        Map<String, List<SweepReport.CellRow>> by = new TreeMap<>();
        for (SweepReport.CellRow c : cells) {
            if (Double.isFinite(fx.applyAsDouble(c)) && Double.isFinite(fy.applyAsDouble(c)) && fx.applyAsDouble(c) > 0
                    && (!logY || fy.applyAsDouble(c) > 0)) {
                by.computeIfAbsent(c.optimizer() + " lr " + SweepReport.formatLr(c.lr()), k -> new ArrayList<>()).add(c);
            }
        }
        int i = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, List<SweepReport.CellRow>> e : by.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(fx).toArray();
            double[] y = e.getValue().stream().mapToDouble(fy).toArray();
            for (double v : x) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            for (double v : diagonal ? y : new double[0]) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setMarker(i / PALETTE.length % 2 == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
            s.setMarkerColor(PALETTE[i % PALETTE.length]);
            i++;
        }
        if (diagonal && lo < hi) {
            XYSeries d = chart.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi});
            d.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            d.setMarker(SeriesMarkers.NONE);
            d.setLineColor(Color.GRAY);
        }
        if (by.isEmpty()) {
            chart.addSeries("no finite values", new double[] {1}, new double[] {1});
        }
        save(chart, base);
    }

    private static void heatmap(Path base, String title, List<SweepReport.CellRow> cells) throws IOException {
        List<Double> lrs = new ArrayList<>(new TreeSet<>(cells.stream().map(SweepReport.CellRow::lr).toList()));
        List<Integer> batches = new ArrayList<>(new TreeSet<>(cells.stream().map(SweepReport.CellRow::batch).toList()));
        List<Number[]> data = new ArrayList<>();
        for (int i = 0; i < lrs.size(); i++) {
            for (int j = 0; j < batches.size(); j++) {
                double lr = lrs.get(i);
                int b = batches.get(j);
                double[] v = cells.stream().filter(c -> c.lr() == lr && c.batch() == b).mapToDouble(SweepReport.CellRow::minAlphaNzTrain)
                        .filter(Double::isFinite).toArray();
                if (v.length > 0) {
                    data.add(new Number[] {i, j, java.util.Arrays.stream(v).average().orElse(Double.NaN)});
                }
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(900).height(560).title(title).xAxisTitle("learning rate").yAxisTitle("batch").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(true);
        chart.addSeries("min alpha_nz", lrs.stream().map(SweepReport::formatLr).toList(), batches.stream().map(String::valueOf).toList(), data);
        Files.createDirectories(base.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, base.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }

    private static void style(org.knowm.xchart.style.XYStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setPlotGridLinesColor(new Color(0xdddddd));
    }

    private static void save(XYChart chart, Path base) throws IOException {
        Files.createDirectories(base.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, base.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }
}
