package dev.basin.sde;

import java.util.Arrays;

/**
 * The basin {@code basin sde escape} simulates, and for a landscape the surface itself and the box of its
 * contour plot (null when it is not drawn). Built from a spec's resolved settings; each failure is an
 * IllegalArgumentException naming the setting by its spec key.
 */
public record EscapeSetup(LandscapeKind kind, Escape.Basin basin, Landscape landscape, double[] box) {

    /** F = x²/2 on (−b, a) with noise σ. */
    public static EscapeSetup interval(double a, double b, double sigma) {
        return new EscapeSetup(LandscapeKind.INTERVAL, Escape.interval(a, b, sigma), null, null);
    }

    /** F = ½ yᵀHy, basin {F &lt; height}, noise diag(σ) with one σ or one per dimension. */
    public static EscapeSetup quadratic(double[][] hessian, double height, double[] sigma) {
        double[] s = sigmas(sigma, hessian.length);
        return new EscapeSetup(LandscapeKind.QUADRATIC, new Escape.Quadratic(hessian, height, Escape.diag(s)), null, null);
    }

    /**
     * A landscape ({@link LandscapeKind#isLandscape}) from {@code start} (null: its minimum) until it leaves the
     * ball of {@code radius} around the start, rises {@code level} above F(start), or (both null) breaks the
     * landscape's own rule.
     */
    public static EscapeSetup landscape(LandscapeKind kind, double tilt, int dim, double[] start, Double radius, Double level, double[] sigma) {
        Landscape f = kind.landscape(tilt, dim);
        LandscapeKind.Rule own = kind.rule(tilt, dim);
        double[] x0 = own.start();
        ExitTimes.Region rule = own.region();
        String ruleName = own.description();
        if (start != null) {
            if (start.length != f.dim()) {
                throw new IllegalArgumentException("start needs " + f.dim() + " coordinates, got " + start.length);
            }
            for (double v : start) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("start coordinates must be finite, got " + v);
                }
            }
            x0 = start.clone();
        }
        if (radius != null && level != null) {
            throw new IllegalArgumentException("radius and level are two exit rules; give one of them");
        }
        if (radius != null) {
            if (!(radius > 0) || radius.isInfinite()) {
                throw new IllegalArgumentException("radius must be positive, got " + radius);
            }
            rule = Regions.ball(x0, radius);
            ruleName = "leaving the ball of radius " + radius;
        } else if (level != null) {
            if (!(level > 0) || level.isInfinite()) {
                throw new IllegalArgumentException("level must be positive, got " + level);
            }
            rule = Regions.belowLevel(f, f.value(x0) + level);
            ruleName = "F rising " + level + " above F(start)";
        }
        if (!rule.inside(x0)) {
            throw new IllegalArgumentException("the start point " + Arrays.toString(x0) + " is already outside the basin; choose a start inside it");
        }
        return new EscapeSetup(kind, Escape.of(f, x0, rule, NoiseShape.diagonal(sigmas(sigma, f.dim())), ruleName), f, kind.box(dim));
    }

    /** The noise scales per dimension: one value for all, or one per dimension, each finite and >= 0. */
    public static double[] sigmas(double[] sigma, int d) {
        if (sigma.length != 1 && sigma.length != d) {
            throw new IllegalArgumentException("sigma needs one value or " + d + " values (one per dimension), got " + sigma.length);
        }
        double[] s = new double[d];
        for (int i = 0; i < d; i++) {
            s[i] = sigma.length == 1 ? sigma[0] : sigma[i];
            if (!(s[i] >= 0) || Double.isInfinite(s[i])) {
                throw new IllegalArgumentException("sigma values must be finite and >= 0, got " + s[i]);
            }
        }
        return s;
    }

    /** A 2-D landscape with a contour plot. */
    public boolean drawn() {
        return landscape != null && box != null;
    }
}
