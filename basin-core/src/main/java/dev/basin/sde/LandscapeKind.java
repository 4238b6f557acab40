package dev.basin.sde;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The basins of {@code basin sde escape}, by name, with the settings ({@link Key}) that apply to each: two
 * closed-form basins with a predicted mean exit time (interval, quadratic) and three landscapes with their own
 * start and exit rule, which {@code start}, {@code radius} or {@code level} can replace ({@link EscapeSetup}
 * builds the basin).
 */
public enum LandscapeKind {
    INTERVAL("interval", "F = x^2/2 on (-b, a), noise sigma; the interval law predicts the mean exit time",
            EnumSet.of(Key.A, Key.B, Key.SIGMA)),
    QUADRATIC("quadratic", "F = y'Hy/2 with H = diag(curvatures) or a full hessian, basin {F < height}, noise diag(sigma);"
            + " the axis-measure law predicts the mean exit time", EnumSet.of(Key.CURVATURES, Key.HESSIAN, Key.HEIGHT, Key.SIGMA)),
    DOUBLE_WELL("double-well", "F = (x^2 - 1)^2 + tilt x from the right-hand well; exit over the barrier",
            EnumSet.of(Key.TILT, Key.START, Key.RADIUS, Key.LEVEL, Key.SIGMA)),
    ZHU("zhu", "the sharp/flat toy of Zhu et al. (2019) from the sharp basin at (1, 1); exit on reaching the flat basin"
            + " (both coordinates < -0.5)", EnumSet.of(Key.START, Key.RADIUS, Key.LEVEL, Key.SIGMA, Key.PATHS)),
    STYBLINSKI_TANG("styblinski-tang", "Styblinski-Tang in dim dimensions from the local minimum at 2.7468 in every coordinate;"
            + " exit when any coordinate crosses its barrier at 0.1567", EnumSet.of(Key.DIM, Key.START, Key.RADIUS, Key.LEVEL, Key.SIGMA, Key.PATHS));

    /** A setting of a landscape; {@link #key()} is its spec key (and, with "--", its option). */
    public enum Key {
        A, B, CURVATURES, HESSIAN, HEIGHT, TILT, DIM, START, RADIUS, LEVEL, SIGMA,
        /** Trajectories drawn on the contour plot of a 2-D landscape. */
        PATHS;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The names of the landscapes this setting applies to. */
        public List<String> landscapes() {
            return Arrays.stream(LandscapeKind.values()).filter(k -> k.has(this)).map(LandscapeKind::cliName).toList();
        }
    }

    /** Where a landscape's trajectories start and when they have left, unless start, radius or level say otherwise. */
    public record Rule(double[] start, ExitTimes.Region region, String description) {
    }

    /** The local minimum of Styblinski–Tang in each coordinate, and the barrier between it and the global one. */
    static final double STYBLINSKI_TANG_MINIMUM = 2.746801533890;
    static final double STYBLINSKI_TANG_BARRIER = 0.156731;

    private final String cliName;
    private final String description;
    private final Set<Key> keys;

    LandscapeKind(String cliName, String description, Set<Key> keys) {
        this.cliName = cliName;
        this.description = description;
        this.keys = keys;
    }

    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    public boolean has(Key k) {
        return keys.contains(k);
    }

    /** A landscape with its own start and exit rule (double-well, zhu, styblinski-tang), not a closed-form basin. */
    public boolean isLandscape() {
        return has(Key.START);
    }

    /** The landscape F (double-well, zhu, styblinski-tang). */
    public Landscape landscape(double tilt, int dim) {
        return switch (this) {
            case DOUBLE_WELL -> Landscape.doubleWell(tilt);
            case ZHU -> Landscape.zhuToy();
            case STYBLINSKI_TANG -> Landscape.styblinskiTang(dim);
            default -> throw new IllegalStateException(cliName + " is a closed-form basin, not a landscape");
        };
    }

    /**
     * The landscape's own start (its minimum) and exit rule. For the double well: the right-hand minimum and the
     * barrier, stationary points found by Newton's method from 1 and 0; a tilt that leaves no right-hand well is
     * an error.
     */
    public Rule rule(double tilt, int dim) {
        return switch (this) {
            case DOUBLE_WELL -> {
                Landscape f = landscape(tilt, dim);
                double right = Landscape.stationaryPoint(f, 1.0);
                double barrier = Landscape.stationaryPoint(f, 0.0);
                if (!(right > barrier)) {
                    throw new IllegalArgumentException("tilt " + tilt + " leaves no right-hand well; use |tilt| < 1.5");
                }
                yield new Rule(new double[] {right}, x -> x[0] > barrier, String.format(Locale.ROOT, "crossing the barrier at x = %.4f", barrier));
            }
            case ZHU -> new Rule(new double[] {1, 1}, Regions.notAllBelow(-0.5), "reaching the flat basin (both coordinates < -0.5)");
            case STYBLINSKI_TANG -> {
                double[] x0 = new double[dim];
                Arrays.fill(x0, STYBLINSKI_TANG_MINIMUM);
                yield new Rule(x0, x -> {
                    for (double v : x) {
                        if (v < STYBLINSKI_TANG_BARRIER) {
                            return false;
                        }
                    }
                    return true;
                }, "any coordinate crossing its barrier at 0.1567");
            }
            default -> throw new IllegalStateException(cliName + " is a closed-form basin, not a landscape");
        };
    }

    /** The box {x1 min, x1 max, x2 min, x2 max} of the contour plot, or null when the landscape is not drawn (not 2-D). */
    public double[] box(int dim) {
        return switch (this) {
            case ZHU -> new double[] {-2.5, 2.5, -2.5, 2.5};
            case STYBLINSKI_TANG -> dim == 2 ? new double[] {-5, 5, -5, 5} : null;
            default -> null;
        };
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(LandscapeKind::cliName).toList();
    }

    /** The landscape called {@code name} (case-insensitive). */
    public static LandscapeKind byName(String name) {
        for (LandscapeKind k : values()) {
            if (k.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown landscape '" + name + "'; choose interval, quadratic, double-well, zhu or styblinski-tang");
    }
}
