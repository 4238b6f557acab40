package dev.basin.sde;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Block sampler of symmetric α-stable draws by Chambers–Mallows–Stuck (shared/docs/paper.md §2):
 * V = π(v − ½), W = −log w for independent uniforms v, w in (0, 1), X = sin(αV)/cos(V)^{1/α} ·
 * (cos((1−α)V)/W)^{(1−α)/α}, computed as sin(αV) · exp(−log cos V / α + (1−α)/α · log(cos((1−α)V)/W));
 * X = tan V at α = 1. At α = 2 the formula gives 2 sin V √W ~ N(0, 2).
 *
 * <p>When the JDK's {@code jdk.incubator.vector} module is present (the {@code basin} launcher and the
 * test suite add it) the formula runs on vector lanes ({@link VectorCms}); otherwise in plain Java
 * ({@link #scalar}). Both consume the same uniforms, so they agree to rounding (tested).
 */
final class Cms {
    /** The smallest α the block sampler takes; below it extreme draws overflow the exp form (Commons is used). */
    static final double MIN_ALPHA = 0.5;

    private static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Cms() {
    }

    static boolean vectorAvailable() {
        return VECTOR;
    }

    /** Which implementation {@link #fill} uses: "vector (Species[...])" or "scalar". */
    static String implementation() {
        return VECTOR ? "vector " + VectorCms.species() : "scalar";
    }

    /** One CMS draw of SαS(1) from uniforms v, w in (0, 1). */
    static double scalar(double alpha, double v, double w) {
        double x = Math.PI * (v - 0.5);
        if (alpha == 1) {
            return Math.sin(x) / Math.cos(x);
        }
        double ex = -Math.log(w);
        double log = Math.log(Math.cos(x)) * (-1 / alpha) + Math.log(Math.cos(x - alpha * x) / ex) * ((1 - alpha) / alpha);
        return Math.sin(alpha * x) * Math.exp(log);
    }

    /** A uniform in the open interval (0, 1): (k + ½)·2⁻⁵² for a 52-bit integer k, so 2⁻⁵³ ≤ u ≤ 1 − 2⁻⁵³ exactly. */
    static double open01(UniformRandomProvider rng) {
        return ((rng.nextLong() >>> 12) + 0.5) * 0x1.0p-52;
    }

    /** Fills out[0, n) with scale · SαS(1) draws using scratch arrays v and w of length ≥ n. */
    static void fill(UniformRandomProvider rng, double alpha, double scale, double[] v, double[] w, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            v[i] = open01(rng);
            w[i] = open01(rng);
        }
        if (VECTOR) {
            VectorCms.fill(alpha, scale, v, w, out, n);
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = scale * scalar(alpha, v[i], w[i]);
            }
        }
    }
}
