package dev.basin.curvature;

/**
 * A symmetric linear operator on R^d in float64 (a Hessian, a Gauss–Newton matrix, a noise covariance, or a
 * dense matrix for tests): {@link #apply} overwrites {@code out} with A·v.
 */
public interface SymmetricOperator {
    int dim();

    void apply(double[] v, double[] out);

    /** A dense symmetric matrix as an operator (row-major, n × n). */
    static SymmetricOperator dense(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("matrix must be square: row " + i + " has " + a[i].length + " entries for " + n + " rows");
            }
            m[i] = a[i].clone();
        }
        return new SymmetricOperator() {
            @Override
            public int dim() {
                return n;
            }

            @Override
            public void apply(double[] v, double[] out) {
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    double[] row = m[i];
                    for (int j = 0; j < n; j++) {
                        s += row[j] * v[j];
                    }
                    out[i] = s;
                }
            }
        };
    }
}
