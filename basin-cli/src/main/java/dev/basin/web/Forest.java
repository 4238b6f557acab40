package dev.basin.web;

import dev.basin.experiment.Claims;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The claims as a forest plot: one panel per claim, each on its own axis in the claim's own unit (a log ratio, points of
 * accuracy, a difference of α̂), so unlike units never share an axis; one labelled row per SGD arm with its estimate, its
 * 95% interval and the zero line, coloured by verdict. The geometry is computed here; the template draws it as SVG.
 */
public final class Forest {
    static final int WIDTH = 960;
    static final int LABEL = 400;
    static final int PLOT = WIDTH - LABEL - 30;
    static final int ROW = 22;
    static final int HEAD = 34;
    static final int AXIS = 26;

    public record Plot(int width, int height, List<Panel> panels) {
    }

    public record Panel(String title, String quantity, int y, int top, int height, int plotX, int plotW, Double zeroX, List<Tick> ticks, List<Row> rows,
                        int axisY) {
        public int plotEnd() {
            return plotX + plotW;
        }
    }

    public record Tick(double x, String label) {
    }

    /** One row; {@code cx} is null when the estimate was not measured, {@code x1}/{@code x2} when the interval is absent. */
    public record Row(String label, String verdict, String color, int valueX, double y, Double cx, Double x1, Double x2, String value, String cls) {
    }

    private Forest() {
    }

    static String color(Claims.Verdict v) {
        return switch (v) {
            case SUPPORTED -> "#1a7f37";
            case NOT_SUPPORTED -> "#cf222e";
            case INCONCLUSIVE -> "#6e7781";
        };
    }

    public static Plot of(List<Claims.Row> rows) {
        Map<String, List<Claims.Row>> by = new LinkedHashMap<>();
        rows.forEach(r -> by.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r));
        List<Panel> panels = new ArrayList<>();
        int y = 0;
        for (List<Claims.Row> rs : by.values()) {
            double lo = 0;
            double hi = 0;
            for (Claims.Row r : rs) {
                for (double v : new double[] {r.estimate(), r.lo(), r.hi()}) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (hi - lo == 0) {
                lo = -1;
                hi = 1;
            }
            double pad = 0.08 * (hi - lo);
            double a = lo - pad;
            double b = hi + pad;
            double step = niceStep((b - a) / 5);
            List<Tick> ticks = new ArrayList<>();
            for (double t = Math.ceil(a / step) * step; t <= b + 1e-12; t += step) {
                ticks.add(new Tick(LABEL + PLOT * (t - a) / (b - a), fmt(Math.abs(t) < step * 1e-9 ? 0 : t)));
            }
            List<Row> out = new ArrayList<>();
            int ry = y + HEAD;
            for (Claims.Row r : rs) {
                Double cx = Double.isFinite(r.estimate()) ? LABEL + PLOT * (r.estimate() - a) / (b - a) : null;
                boolean ci = Double.isFinite(r.lo()) && Double.isFinite(r.hi());
                Double x1 = ci ? LABEL + PLOT * (r.lo() - a) / (b - a) : null;
                Double x2 = ci ? LABEL + PLOT * (r.hi() - a) / (b - a) : null;
                String value = (cx == null ? "not measured" : fmt(r.estimate())) + (ci ? " [" + fmt(r.lo()) + ", " + fmt(r.hi()) + "]" : "")
                        + " · " + r.seeds() + " seed" + (r.seeds() == 1 ? "" : "s") + " · " + r.verdict().label();
                out.add(new Row("(" + r.id() + ") " + (r.sgdArm() == null || r.sgdArm().isEmpty() || r.sgdArm().equals("-") ? "ADAM" : r.sgdArm() + " vs ADAM"),
                        r.verdict().label(), color(r.verdict()), LABEL - 12, ry + ROW / 2.0, cx, x1, x2, value, r.verdict().name().toLowerCase(Locale.ROOT)));
                ry += ROW;
            }
            int h = HEAD + rs.size() * ROW + AXIS;
            Claims.Row first = rs.get(0);
            panels.add(new Panel("(" + first.id() + ") " + first.claim(), first.quantity() + " — claimed side > 0", y, y + HEAD - 2, h, LABEL, PLOT,
                    LABEL + PLOT * (0 - a) / (b - a), ticks, out, ry + 4));
            y += h + 10;
        }
        return new Plot(WIDTH, Math.max(y, 1), panels);
    }

    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
