package dev.basin.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chart's grid ({@link Charts.Grid}: the 2-D loss landscape) as a heatmap: one cell per grid point coloured on the viridis
 * scale (dark: low), a legend of the scale, both axes labelled with the coordinates along the two directions, the lowest
 * point and the centre marked. The scale is logarithmic when the values are positive and span a factor of 10 or more. The
 * geometry is computed here; the section template draws it as inline SVG (no script needed, a title on every cell).
 */
public final class Heatmap {
    static final int LEFT = 74;
    static final int TOP = 12;
    static final int AREA = 440;
    static final int LEGEND_GAP = 22;
    static final int LEGEND_W = 14;
    static final int MISSING = 0xd0d7de;

    public record Plot(String domId, int width, int height, int plotX, int plotY, int plotW, int plotH, int columns, int rows, int cellCount,
                       List<Cell> cells, List<Tick> xTicks, List<Tick> yTicks, String xLabel, String yLabel, int xLabelX, int xLabelY, int yLabelX,
                       int yLabelY, Legend legend, Marker min, Marker centre, String caption) {
        public int plotBottom() {
            return plotY + plotH;
        }
    }

    /** A cell at (x, y) of size w × h (pixels); {@code title} is its hover text. */
    public record Cell(double x, double y, double w, double h, String fill, String title, String cls) {
    }

    public record Tick(double x, double y, String label) {
    }

    public record Stop(String offset, String color) {
    }

    public record Legend(String gradientId, int x, int y, int w, int h, List<Stop> stops, List<Tick> ticks, String label, int labelX, int labelY) {
        public int right() {
            return x + w;
        }
    }

    public record Marker(double cx, double cy, double r, String label) {
    }

    private Heatmap() {
    }

    /** The heatmap of a chart holding a grid. */
    public static Plot of(String domId, Charts.Chart chart) {
        Charts.Grid g = chart.grid();
        int nx = g.x().size();
        int ny = g.y().size();
        int s = Math.max(3, Math.min(28, AREA / Math.max(1, Math.max(nx, ny))));
        int plotW = nx * s;
        int plotH = ny * s;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int minI = -1;
        int minJ = -1;
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                Double v = g.values().get(j).get(i);
                if (v == null) {
                    continue;
                }
                if (v < lo) {
                    lo = v;
                    minI = i;
                    minJ = j;
                }
                hi = Math.max(hi, v);
            }
        }
        boolean log = lo > 0 && hi / lo >= 10;
        Scale scale = new Scale(lo, hi, log);
        List<Cell> cells = new ArrayList<>(nx * ny);
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                Double v = g.values().get(j).get(i);
                String at = "α " + fmt(g.x().get(i)) + ", β " + fmt(g.y().get(j)) + ": ";
                cells.add(new Cell(LEFT + i * s, TOP + (ny - 1 - j) * s, s, s, v == null ? hex(MISSING) : hex(viridis(scale.t(v))),
                        at + (v == null ? "not finite" : g.z() + " " + fmt(v)), v == null ? "cell missing" : "cell"));
            }
        }
        List<Tick> xTicks = new ArrayList<>();
        for (int i : tickIndices(nx)) {
            xTicks.add(new Tick(LEFT + (i + 0.5) * s, TOP + plotH, fmt(g.x().get(i))));
        }
        List<Tick> yTicks = new ArrayList<>();
        for (int j : tickIndices(ny)) {
            yTicks.add(new Tick(LEFT, TOP + (ny - 1 - j + 0.5) * s, fmt(g.y().get(j))));
        }
        int lx = LEFT + plotW + LEGEND_GAP;
        List<Stop> stops = new ArrayList<>();
        for (int k = 0; k <= 8; k++) {
            stops.add(new Stop(String.format(Locale.ROOT, "%.3f", k / 8.0), hex(viridis(k / 8.0))));
        }
        List<Tick> lTicks = new ArrayList<>();
        if (Double.isFinite(lo)) {
            int n = hi > lo ? 5 : 1;
            for (int k = 0; k < n; k++) {
                double t = n == 1 ? 0.5 : k / (n - 1.0);
                lTicks.add(new Tick(lx + LEGEND_W + 4, TOP + plotH * (1 - t), fmt(scale.value(t))));
            }
        }
        String zLabel = g.z() + (log ? " (log scale)" : "");
        Legend legend = new Legend(domId + "-scale", lx, TOP, LEGEND_W, plotH, stops, lTicks, zLabel, lx + LEGEND_W + 62, TOP + plotH / 2);
        Marker min = minI < 0 ? null : new Marker(LEFT + (minI + 0.5) * s, TOP + (ny - 1 - minJ + 0.5) * s, Math.max(3, 0.38 * s),
                "lowest point: " + g.z() + " " + fmt(lo) + " at α = " + fmt(g.x().get(minI)) + ", β = " + fmt(g.y().get(minJ)));
        int ci = g.x().indexOf(0.0);
        int cj = g.y().indexOf(0.0);
        Marker centre = null;
        if (ci >= 0 && cj >= 0) {
            Double v = g.values().get(cj).get(ci);
            centre = new Marker(LEFT + (ci + 0.5) * s, TOP + (ny - 1 - cj + 0.5) * s, Math.max(3, 0.3 * s),
                    "the centre (α = β = 0): " + g.z() + " " + (v == null ? "not finite" : fmt(v)));
        }
        String caption = nx + " × " + ny + " points; colour: " + zLabel + ", viridis, dark = low"
                + (min == null ? "; no finite value" : "; ○ " + min.label()) + (centre == null ? "" : "; + " + centre.label());
        int width = lx + LEGEND_W + 72;
        int height = TOP + plotH + 46;
        return new Plot(domId, width, height, LEFT, TOP, plotW, plotH, nx, ny, nx * ny, cells, xTicks, yTicks, chart.x(), chart.y(), LEFT + plotW / 2,
                TOP + plotH + 38, 18, TOP + plotH / 2, legend, min, centre, caption);
    }

    /** The colour scale: t in [0, 1] from lo to hi, linear or in log10. */
    record Scale(double lo, double hi, boolean log) {
        double f(double v) {
            return log ? Math.log10(v) : v;
        }

        double t(double v) {
            double a = f(lo);
            double b = f(hi);
            return b > a ? Math.min(1, Math.max(0, (f(v) - a) / (b - a))) : 0.5;
        }

        double value(double t) {
            double u = f(lo) + t * (f(hi) - f(lo));
            return log ? Math.pow(10, u) : u;
        }
    }

    /** Up to five indices spread over 0 … n − 1, the ends included. */
    static List<Integer> tickIndices(int n) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < 5 && n > 0; k++) {
            int i = (int) Math.round(k * (n - 1) / 4.0);
            if (!out.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }

    /** matplotlib's viridis through five of its stops, t in [0, 1], as 0xRRGGBB (the same map as the PNG panels). */
    static int viridis(double t) {
        double[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        double s = Math.min(1, Math.max(0, t)) * (stops.length - 1);
        int i = (int) Math.min(stops.length - 2, Math.floor(s));
        double u = s - i;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            rgb = rgb << 8 | (int) Math.round(stops[i][c] + u * (stops[i + 1][c] - stops[i][c]));
        }
        return rgb;
    }

    static String hex(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb);
    }

    /** Three significant digits without trailing zeros (0.5, not 0.500). */
    static String fmt(double v) {
        String t = String.format(Locale.ROOT, "%.3g", v);
        if (t.contains(".") && !t.contains("e")) {
            t = t.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return t.equals("-0") ? "0" : t;
    }
}
