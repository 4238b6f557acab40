package dev.basin.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleBiFunction;
import javax.imageio.ImageIO;

/**
 * A 2-D function drawn as filled log-spaced level bands with iso-lines, and paths on top (PNG): the SDE lab's
 * trajectories on a toy landscape, the landscape command's 2-D loss surface.
 */
public final class ContourPlot {
    private static final int W = 900;
    private static final int H = 760;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 110;

    private ContourPlot() {
    }

    /**
     * @param f       the function on [x0, x1] × [y0, y1]
     * @param paths   each path as {xs, ys}
     * @param logLevels  colour by log(f − min + 1e-12) instead of f
     */
    public static void write(Path png, String title, String xLabel, String yLabel, ToDoubleBiFunction<Double, Double> f, double x0, double x1, double y0,
                             double y1, boolean logLevels, List<double[][]> paths, String pathLabel) throws IOException {
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        double[][] z = new double[ph][pw];
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int r = 0; r < ph; r++) {
            double y = y1 - (y1 - y0) * (r + 0.5) / ph;
            for (int c = 0; c < pw; c++) {
                double x = x0 + (x1 - x0) * (c + 0.5) / pw;
                double v = f.applyAsDouble(x, y);
                z[r][c] = v;
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        int levels = 14;
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        int[][] band = new int[ph][pw];
        for (int r = 0; r < ph; r++) {
            for (int c = 0; c < pw; c++) {
                double v = z[r][c];
                double t = !Double.isFinite(v) ? 1 : logLevels ? Math.log(v - lo + 1e-12 * Math.max(1, hi - lo)) : v;
                double tLo = logLevels ? Math.log(1e-12 * Math.max(1, hi - lo)) : lo;
                double tHi = logLevels ? Math.log(hi - lo + 1e-12 * Math.max(1, hi - lo)) : hi;
                if (logLevels) {
                    tLo = Math.max(tLo, tHi - 12);
                }
                double u = Math.max(0, Math.min(1, (t - tLo) / (tHi - tLo)));
                band[r][c] = (int) Math.min(levels - 1, Math.floor(u * levels));
                img.setRGB(LEFT + c, TOP + r, viridis(band[r][c] / (double) (levels - 1)).getRGB());
            }
        }
        for (int r = 1; r < ph; r++) {
            for (int c = 1; c < pw; c++) {
                if (band[r][c] != band[r - 1][c] || band[r][c] != band[r][c - 1]) {
                    img.setRGB(LEFT + c, TOP + r, new Color(40, 40, 40).getRGB());
                }
            }
        }
        g.setClip(LEFT, TOP, pw, ph);
        Color[] pathColors = {new Color(0xffffff), new Color(0xff7f0e), new Color(0xd62728), new Color(0xe377c2)};
        int k = 0;
        for (double[][] p : paths) {
            Path2D.Double line = new Path2D.Double();
            for (int i = 0; i < p[0].length; i++) {
                double px = LEFT + (p[0][i] - x0) / (x1 - x0) * pw;
                double py = TOP + (y1 - p[1][i]) / (y1 - y0) * ph;
                if (i == 0) {
                    line.moveTo(px, py);
                } else {
                    line.lineTo(px, py);
                }
            }
            g.setColor(pathColors[k++ % pathColors.length]);
            g.setStroke(new BasicStroke(1.3f));
            g.draw(line);
        }
        g.setClip(null);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(LEFT, TOP, pw, ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, LEFT, TOP - 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        for (int i = 0; i <= 4; i++) {
            double x = x0 + (x1 - x0) * i / 4;
            int px = LEFT + pw * i / 4;
            g.drawLine(px, TOP + ph, px, TOP + ph + 5);
            g.drawString(String.format(Locale.ROOT, "%.3g", x), px - 14, TOP + ph + 22);
            double y = y0 + (y1 - y0) * i / 4;
            int py = TOP + ph - ph * i / 4;
            g.drawLine(LEFT - 5, py, LEFT, py);
            g.drawString(String.format(Locale.ROOT, "%.3g", y), LEFT - 55, py + 5);
        }
        g.drawString(xLabel, LEFT + pw / 2 - 20, TOP + ph + 45);
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + ph / 2 + 20), 25);
        g.rotate(Math.PI / 2);
        String legend = String.format(Locale.ROOT, "colour: %s levels of F, %.3g (dark) to %.3g (light)%s", logLevels ? "log-spaced" : "linear", lo, hi,
                paths.isEmpty() ? "" : "; lines: " + pathLabel);
        g.drawString(legend, LEFT, TOP + ph + 75);
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
        ImageIO.write(img, "png", tmp.toFile());
        Files.move(tmp, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** An approximation of matplotlib's viridis colour map, t in [0, 1]. */
    static Color viridis(double t) {
        double[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        double s = t * (stops.length - 1);
        int i = (int) Math.min(stops.length - 2, Math.floor(s));
        double u = s - i;
        return new Color((int) Math.round(stops[i][0] + u * (stops[i + 1][0] - stops[i][0])),
                (int) Math.round(stops[i][1] + u * (stops[i + 1][1] - stops[i][1])),
                (int) Math.round(stops[i][2] + u * (stops[i + 1][2] - stops[i][2])));
    }
}
