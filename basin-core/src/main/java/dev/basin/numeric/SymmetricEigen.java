package dev.basin.numeric;

/**
 * Dense symmetric eigen-decomposition in float64 by the cyclic Jacobi method: slow (O(n³) per sweep) but
 * accurate to a few ulps of ‖A‖ and simple enough to serve as the reference that the Krylov methods and
 * the SDE lab's checks are tested against. Eigenvalues in ascending order; eigenvector j is column j.
 */
public final class SymmetricEigen {
    private final double[] values;
    private final double[][] vectors;

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /** Decomposes the symmetric matrix {@code a} (n × n, row-major; only symmetric input is meaningful). */
    public static SymmetricEigen of(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("matrix must be square: row " + i + " has " + a[i].length + " entries for " + n + " rows");
            }
            for (int j = 0; j < i; j++) {
                double tol = 1e-9 * (Math.abs(a[i][j]) + Math.abs(a[j][i])) + 1e-300;
                if (Math.abs(a[i][j] - a[j][i]) > tol && !(Double.isNaN(a[i][j]) || Double.isNaN(a[j][i]))) {
                    throw new IllegalArgumentException("matrix is not symmetric: a[" + i + "][" + j + "] = " + a[i][j] + " but a[" + j + "][" + i + "] = " + a[j][i]);
                }
            }
            m[i] = a[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(m[i][j])) {
                    throw new IllegalArgumentException("matrix has a non-finite entry at (" + i + ", " + j + ")");
                }
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += m[i][i] * m[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += m[i][j] * m[i][j];
                }
            }
            if (off <= 1e-32 * (diag + off) || off == 0) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = m[p][q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (m[q][q] - m[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double mkp = m[k][p];
                        double mkq = m[k][q];
                        m[k][p] = c * mkp - s * mkq;
                        m[k][q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++) {
                        double mpk = m[p][k];
                        double mqk = m[q][k];
                        m[p][k] = c * mpk - s * mqk;
                        m[q][k] = s * mpk + c * mqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[][] mm = m;
        java.util.Arrays.sort(order, (x, y) -> Double.compare(mm[x][x], mm[y][y]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int j = 0; j < n; j++) {
            values[j] = m[order[j]][order[j]];
            for (int i = 0; i < n; i++) {
                vectors[i][j] = v[i][order[j]];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /** Eigenvalues, ascending. */
    public double[] values() {
        return values.clone();
    }

    /** Eigenvector of {@code values()[j]}, unit length. */
    public double[] vector(int j) {
        double[] out = new double[vectors.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = vectors[i][j];
        }
        return out;
    }

    /** All eigenvectors as columns (n × n). */
    public double[][] vectors() {
        double[][] out = new double[vectors.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vectors[i].clone();
        }
        return out;
    }
}
