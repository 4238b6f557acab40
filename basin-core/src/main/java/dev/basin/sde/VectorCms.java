package dev.basin.sde;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Symmetric Chambers–Mallows–Stuck on the JDK's Vector API (whose sin, cos, log and exp are vectorised
 * on x86). Loaded only when the {@code jdk.incubator.vector} module is in the boot layer; see
 * {@link Cms#vectorAvailable()}. Same formula as {@link Cms#scalar}, term for term.
 */
final class VectorCms {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private VectorCms() {
    }

    static String species() {
        return S.toString();
    }

    /** out[i] = scale · CMS(α; v[i], w[i]) for V = π(v − ½), W = −log w, v and w in (0, 1). */
    static void fill(double alpha, double scale, double[] v, double[] w, double[] out, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        if (alpha == 1) {
            for (; i < bound; i += S.length()) {
                DoubleVector x = DoubleVector.fromArray(S, v, i).sub(0.5).mul(Math.PI);
                x.lanewise(VectorOperators.SIN).div(x.lanewise(VectorOperators.COS)).mul(scale).intoArray(out, i);
            }
        } else {
            double invAlpha = -1 / alpha;
            double e = (1 - alpha) / alpha;
            for (; i < bound; i += S.length()) {
                DoubleVector x = DoubleVector.fromArray(S, v, i).sub(0.5).mul(Math.PI);
                DoubleVector ex = DoubleVector.fromArray(S, w, i).lanewise(VectorOperators.LOG).neg();
                DoubleVector ax = x.mul(alpha);
                DoubleVector cosX = x.lanewise(VectorOperators.COS);
                DoubleVector cosRest = x.sub(ax).lanewise(VectorOperators.COS);
                DoubleVector log = cosX.lanewise(VectorOperators.LOG).mul(invAlpha)
                        .add(cosRest.div(ex).lanewise(VectorOperators.LOG).mul(e));
                ax.lanewise(VectorOperators.SIN).mul(log.lanewise(VectorOperators.EXP)).mul(scale).intoArray(out, i);
            }
        }
        for (; i < n; i++) {
            out[i] = scale * Cms.scalar(alpha, v[i], w[i]);
        }
    }
}
