package dev.basin.spec;

import dev.basin.sde.Dynamics;
import dev.basin.sde.EscapeSetup;
import dev.basin.sde.LandscapeKind;
import dev.basin.sde.LandscapeKind.Key;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code basin sde escape}: Monte Carlo exit times of the paper's dynamics from a minimum until they leave its
 * basin, for each tail index and step, beside the theory's prediction. Keys that do not apply to the landscape
 * or the dynamics are errors; the resolved spec carries every key that applies, defaults filled in.
 *
 * @param landscape    interval, quadratic, double-well, zhu or styblinski-tang ({@link LandscapeKind}; default interval)
 * @param a            interval: right end a of (−b, a) (default 1)
 * @param b            interval: left end −b (default 1)
 * @param curvatures   quadratic: the diagonal Hessian h_i, each &gt; 0 (default [1, 4] unless hessian is given)
 * @param hessian      quadratic: a full symmetric positive-definite Hessian, a list of rows (in place of curvatures; default absent)
 * @param height       quadratic: basin height above the minimum (default 0.5)
 * @param tilt         double-well: F = (x² − 1)² + tilt·x, trajectories start in the right-hand well (default 0.3)
 * @param dim          styblinski-tang: dimension (default 2)
 * @param start        double-well, zhu, styblinski-tang: the start point (default absent: the landscape's minimum)
 * @param radius       double-well, zhu, styblinski-tang: exit when |x − start| &gt; radius (default absent: the landscape's own rule)
 * @param level        double-well, zhu, styblinski-tang: exit when F(x) &gt; F(start) + level (default absent: the landscape's own rule);
 *                     radius and level exclude each other
 * @param sigma        noise scales: one value, or one per dimension; interval: one value &gt; 0 (default [1])
 * @param dynamics     sde, adam-sde, sgd, sgdm or adam ({@link Dynamics}; default sde)
 * @param alpha        tail indices, each in (0, 2]; 2 is Gaussian noise, N(0, 2σ²), for which the theory's Lévy law gives no
 *                     prediction (default [1.2, 1.5, 1.8])
 * @param epsilon      sde, adam-sde: the noise scale ε (default 0.05); the discrete dynamics use η^{(α−1)/α}
 * @param h            Euler steps, or the learning rates of the discrete dynamics, all different; two or more give the log-log
 *                     slope of exit iterations against h (default [0.02])
 * @param trajectories trajectories per α and h, at least 2 (default 2000)
 * @param capSteps     trajectories still inside after this many steps are censored (default 10^8)
 * @param seed         the seed; trajectory i uses stream i (default 1)
 * @param paths        2-D landscapes (zhu, styblinski-tang with dim 2): trajectories drawn on paths.png; 0 = no plot (default 12)
 * @param batch        the minibatch size B the noise stands for, at least 1: each step's noise is the mean of B i.i.d. draws of
 *                     scale σ, which is SαS of scale σ·B^{1/α − 1} (σ/√B for Gaussian noise, α = 2), and the prediction uses
 *                     that scale (default absent: the noise as σ gives it, B = 1)
 */
public record SdeEscapeSpec(String landscape, Double a, Double b, List<Double> curvatures, List<List<Double>> hessian, Double height, Double tilt,
                            Integer dim, List<Double> start, Double radius, Double level, List<Double> sigma, String dynamics, List<Double> alpha,
                            Double epsilon, List<Double> h, Integer trajectories, Long capSteps, Long seed, Integer paths, Integer batch)
        implements ExperimentSpec {
    public static final List<Double> DEFAULT_CURVATURES = List.of(1.0, 4.0);
    public static final List<Double> DEFAULT_ALPHAS = List.of(1.2, 1.5, 1.8);

    public SdeEscapeSpec {
        String ln = Check.or(landscape, LandscapeKind.INTERVAL.cliName());
        LandscapeKind kind = named(() -> LandscapeKind.byName(ln));
        landscape = kind.cliName();
        notApplying(kind, Key.A, a);
        notApplying(kind, Key.B, b);
        notApplying(kind, Key.CURVATURES, curvatures);
        notApplying(kind, Key.HESSIAN, hessian);
        notApplying(kind, Key.HEIGHT, height);
        notApplying(kind, Key.TILT, tilt);
        notApplying(kind, Key.DIM, dim);
        notApplying(kind, Key.START, start);
        notApplying(kind, Key.RADIUS, radius);
        notApplying(kind, Key.LEVEL, level);
        if (kind.has(Key.A)) {
            a = Check.positive("a", Check.or(a, 1.0));
            b = Check.positive("b", Check.or(b, 1.0));
        }
        sigma = numbers("sigma", Check.or(sigma, List.of(1.0)));
        Check.that(!sigma.isEmpty(), "sigma: give one noise scale, or one per dimension");
        if (kind == LandscapeKind.INTERVAL) {
            Check.that(sigma.size() == 1 && sigma.get(0) > 0 && Double.isFinite(sigma.get(0)),
                    "sigma: the interval needs one noise scale > 0, got " + sigma);
        }
        if (kind.has(Key.HESSIAN)) {
            if (hessian != null) {
                Check.that(curvatures == null, "curvatures and hessian both given; give curvatures (a diagonal Hessian) or hessian, not both");
                List<List<Double>> rows = new ArrayList<>();
                for (int i = 0; i < hessian.size(); i++) {
                    Check.that(hessian.get(i) != null, "hessian[" + i + "] must be a list of numbers, got null");
                    List<Double> row = numbers("hessian[" + i + "]", hessian.get(i));
                    Check.that(row.size() == hessian.size(), "hessian must be square: row " + (i + 1) + " has " + row.size() + " entries for "
                            + hessian.size() + " rows");
                    rows.add(row);
                }
                Check.that(!rows.isEmpty(), "hessian: give at least one row");
                hessian = List.copyOf(rows);
            } else {
                curvatures = numbers("curvatures", Check.or(curvatures, DEFAULT_CURVATURES));
                Check.that(!curvatures.isEmpty(), "curvatures: give at least one");
            }
            height = Check.positive("height", Check.or(height, 0.5));
        }
        if (kind.has(Key.TILT)) {
            tilt = Check.finite("tilt", Check.or(tilt, 0.3));
        }
        if (kind.has(Key.DIM)) {
            dim = Check.atLeast("dim", Check.or(dim, 2), 1);
        }
        if (start != null) {
            start = numbers("start", start);
        }
        boolean drawn = kind.box(dim == null ? 0 : dim) != null;
        Check.that(drawn || paths == null, "paths applies only to a 2-D landscape (zhu, or styblinski-tang with dim 2), not to " + landscape
                + (dim != null ? " with dim " + dim : ""));
        paths = drawn ? Check.atLeast("paths", Check.or(paths, 12), 0) : null;

        String dn = Check.or(dynamics, Dynamics.SDE.cliName());
        Dynamics dyn = named(() -> Dynamics.byName(dn));
        dynamics = dyn.cliName();
        if (dyn.continuousTime()) {
            epsilon = Check.positive("epsilon", Check.or(epsilon, 0.05));
        } else {
            Check.that(epsilon == null, "epsilon does not apply to dynamics '" + dynamics + "', whose noise scale is h^((alpha-1)/alpha); it is for "
                    + String.join(", ", Dynamics.names().stream().filter(n -> Dynamics.byName(n).continuousTime()).toList()));
        }
        alpha = numbers("alpha", Check.or(alpha, DEFAULT_ALPHAS));
        Check.that(!alpha.isEmpty(), "alpha: give at least one tail index");
        for (double al : alpha) {
            Check.that(al > 0 && al <= 2, "alpha values must be in (0, 2] (below 2 for the Levy escape law; 2 is Gaussian noise), got " + al);
        }
        h = numbers("h", Check.or(h, List.of(0.02)));
        Check.that(!h.isEmpty(), "h: give at least one step");
        Set<Double> seen = new HashSet<>();
        for (double s : h) {
            Check.that(s > 0 && Double.isFinite(s), "h values must be positive, got " + s);
            Check.that(seen.add(s), "h values must differ, got " + s + " twice");
        }
        trajectories = Check.atLeast("trajectories", Check.or(trajectories, 2000), 2);
        capSteps = Check.atLeast("cap_steps", Check.or(capSteps, 100_000_000L), 1);
        seed = Check.or(seed, 1L);
        if (batch != null) {
            batch = Check.atLeast("batch", batch, 1);
        }
        build(landscape, a, b, curvatures, hessian, height, tilt, dim, start, radius, level, sigma);
    }

    private static void notApplying(LandscapeKind kind, Key key, Object value) {
        Check.that(value == null || kind.has(key), key.key() + " does not apply to landscape '" + kind.cliName() + "'; it is for "
                + String.join(", ", key.landscapes()));
    }

    /** The list with every element present. */
    static List<Double> numbers(String key, List<Double> v) {
        for (int i = 0; i < v.size(); i++) {
            Check.that(v.get(i) != null, key + "[" + i + "] must be a number, got null");
        }
        return List.copyOf(v);
    }

    static double[] array(List<Double> v) {
        return v == null ? null : v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The basin the settings describe; a failure is a SpecException naming the key. */
    private static EscapeSetup build(String landscape, Double a, Double b, List<Double> curvatures, List<List<Double>> hessian, Double height,
                                     Double tilt, Integer dim, List<Double> start, Double radius, Double level, List<Double> sigma) {
        LandscapeKind kind = LandscapeKind.byName(landscape);
        double[] s = array(sigma);
        return switch (kind) {
            case INTERVAL -> named(() -> EscapeSetup.interval(a, b, s[0]));
            case QUADRATIC -> {
                double[][] m;
                if (hessian != null) {
                    m = hessian.stream().map(SdeEscapeSpec::array).toArray(double[][]::new);
                } else {
                    m = new double[curvatures.size()][curvatures.size()];
                    for (int i = 0; i < m.length; i++) {
                        m[i][i] = curvatures.get(i);
                    }
                }
                double[] perAxis = named(() -> EscapeSetup.sigmas(s, m.length));
                Check.that(java.util.Arrays.stream(perAxis).anyMatch(x -> x != 0), "sigma is zero: nothing would ever leave the basin");
                yield Check.parsed(hessian != null ? "hessian" : "curvatures", () -> EscapeSetup.quadratic(m, height, perAxis));
            }
            default -> {
                double t = tilt == null ? 0 : tilt;
                int d = dim == null ? 0 : dim;
                yield named(() -> EscapeSetup.landscape(kind, t, d, array(start), radius, level, s));
            }
        };
    }

    /** Runs {@code build}, whose IllegalArgumentExceptions name their key already (start, radius, level, sigma, tilt), as a SpecException. */
    private static <T> T named(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw e instanceof SpecException x ? x : new SpecException(e.getMessage());
        }
    }

    /** The basin to simulate (and for a landscape the surface and its plot box). */
    public EscapeSetup setup() {
        return build(landscape, a, b, curvatures, hessian, height, tilt, dim, start, radius, level, sigma);
    }

    /** The basin at tail index {@code alpha}: {@link #setup()} with the noise scales times {@link #noiseFactor(double)}. */
    public EscapeSetup setup(double alpha) {
        double f = noiseFactor(alpha);
        if (f == 1) {
            return setup();
        }
        return build(landscape, a, b, curvatures, hessian, height, tilt, dim, start, radius, level, sigma.stream().map(x -> x * f).toList());
    }

    /** B^{1/α − 1}: the scale of the mean of B i.i.d. SαS(1) draws (1 without a batch). */
    public double noiseFactor(double alpha) {
        return batch == null ? 1 : Math.pow(batch, 1 / alpha - 1);
    }

    public LandscapeKind landscapeKind() {
        return LandscapeKind.byName(landscape);
    }

    public Dynamics dynamicsKind() {
        return Dynamics.byName(dynamics);
    }

    /** The tail indices as an array. */
    public double[] alphas() {
        return array(alpha);
    }

    /** The steps as an array. */
    public double[] steps() {
        return array(h);
    }

    /** Every key at its default. */
    public static SdeEscapeSpec defaults() {
        return new SdeEscapeSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }
}
