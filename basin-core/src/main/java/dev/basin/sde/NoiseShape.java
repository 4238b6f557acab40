package dev.basin.sde;

/**
 * Maps a vector L of independent α-stable coordinates to the noise an SDE step applies: isotropic (σL),
 * diagonal (diag(s) L), or a full matrix (Σ L, e.g. Σ = U diag(s) Uᵀ to align the noise with a Hessian's
 * eigenvectors U). Note that Σ L with i.i.d. coordinates is not the rotation-invariant stable law: the
 * Lévy measure lives on Σ's columns (shared/docs/paper.md §2).
 */
public interface NoiseShape {
    int dim();

    /** Overwrites {@code out} with the shaped noise of {@code l} (both of length dim()). */
    void apply(double[] l, double[] out);

    static NoiseShape isotropic(int dim, double sigma) {
        double[] s = new double[dim];
        java.util.Arrays.fill(s, sigma);
        return diagonal(s);
    }

    static NoiseShape diagonal(double[] scales) {
        double[] s = scales.clone();
        return new NoiseShape() {
            @Override
            public int dim() {
                return s.length;
            }

            @Override
            public void apply(double[] l, double[] out) {
                for (int i = 0; i < s.length; i++) {
                    out[i] = s[i] * l[i];
                }
            }
        };
    }

    /** Σ given row-major, dim × dim. */
    static NoiseShape full(double[][] sigma) {
        int d = sigma.length;
        double[][] m = new double[d][];
        for (int i = 0; i < d; i++) {
            if (sigma[i].length != d) {
                throw new IllegalArgumentException("noise matrix must be square, row " + i + " has " + sigma[i].length + " entries for " + d + " rows");
            }
            m[i] = sigma[i].clone();
        }
        return new NoiseShape() {
            @Override
            public int dim() {
                return d;
            }

            @Override
            public void apply(double[] l, double[] out) {
                for (int i = 0; i < d; i++) {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        s += m[i][j] * l[j];
                    }
                    out[i] = s;
                }
            }
        };
    }

    /** Σ = U diag(s) Uᵀ for orthonormal columns U (dim × k): noise aligned with, e.g., a Hessian's eigenvectors. */
    static NoiseShape aligned(double[][] u, double[] s) {
        int d = u.length;
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int k = 0; k < s.length; k++) {
                    v += u[i][k] * s[k] * u[j][k];
                }
                m[i][j] = v;
            }
        }
        return full(m);
    }
}
