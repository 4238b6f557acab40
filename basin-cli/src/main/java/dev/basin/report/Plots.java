package dev.basin.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line plots written as PNG and SVG (XChart), styled for papers: white background, readable fonts. */
public final class Plots {
    /** A curve with an optional band (lo/hi, e.g. ±1.96 standard errors); dashed when {@code dashed}. */
    public record Curve(String name, double[] x, double[] y, double[] lo, double[] hi, int colorIndex, boolean dashed) {
    }

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
        new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private Plots() {
    }

    /**
     * Writes {@code base}.png and {@code base}.svg. With {@code logX}, x values ≤ 0 are drawn at
     * min(1, the smallest positive x) (iteration 0 on a log axis).
     */
    public static void write(Path base, String title, String xLabel, String yLabel, boolean logX, List<Curve> curves) throws IOException {
        write(base, title, xLabel, yLabel, logX, false, curves);
    }

    /** As {@link #write(Path, String, String, String, boolean, List)}, with a logarithmic y axis when {@code logY}. */
    public static void write(Path base, String title, String xLabel, String yLabel, boolean logX, boolean logY, List<Curve> curves) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        for (Curve c : curves) {
            if (c.x().length == 0) {
                continue;
            }
            Color color = PALETTE[c.colorIndex() % PALETTE.length];
            double[] x = logX ? atLeastOne(c.x()) : c.x();
            XYSeries main = chart.addSeries(c.name(), x, c.y());
            main.setMarker(x.length <= 12 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            main.setMarkerColor(color);
            main.setLineColor(color);
            main.setLineStyle(c.dashed() ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2f));
            if (c.lo() != null) {
                Color light = new Color(color.getRed(), color.getGreen(), color.getBlue(), 110);
                for (double[] band : List.of(c.lo(), c.hi())) {
                    XYSeries b = chart.addSeries(c.name() + (band == c.lo() ? " lo" : " hi"), x, band);
                    b.setMarker(SeriesMarkers.NONE);
                    b.setLineColor(light);
                    b.setLineStyle(new BasicStroke(1f));
                    b.setShowInLegend(false);
                }
            }
        }
        Files.createDirectories(base.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, base.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }

    /**
     * A dot-and-whisker chart (PNG and SVG): estimate i at x = i + 1 with a symmetric interval of half-width
     * {@code half[i]} (0 or NaN: no whisker), one legend entry per row, and the line y = 0.
     */
    public static void intervals(Path base, String title, String yLabel, List<String> labels, double[] estimate, double[] half) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(620).title(title).xAxisTitle("row").yAxisTitle(yLabel).build();
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        int n = labels.size();
        XYSeries zero = chart.addSeries("0", new double[] {0.5, n + 0.5}, new double[] {0, 0});
        zero.setMarker(SeriesMarkers.NONE);
        zero.setLineColor(Color.GRAY);
        zero.setShowInLegend(false);
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(estimate[i])) {
                continue;
            }
            double h = Double.isFinite(half[i]) ? half[i] : 0;
            XYSeries p = chart.addSeries((i + 1) + ": " + labels.get(i), new double[] {i + 1}, new double[] {estimate[i]}, new double[] {h});
            p.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            p.setMarker(SeriesMarkers.CIRCLE);
            p.setMarkerColor(PALETTE[i % PALETTE.length]);
        }
        Files.createDirectories(base.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, base.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }

    private static double[] atLeastOne(double[] x) {
        double floor = 1;
        for (double v : x) {
            if (v > 0) {
                floor = Math.min(floor, v);
            }
        }
        double[] out = x.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] > 0 ? out[i] : floor;
        }
        return out;
    }
}
