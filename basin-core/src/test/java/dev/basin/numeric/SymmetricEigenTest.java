package dev.basin.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {
    @Test
    void decomposesRandomSymmetricMatrices() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int n : new int[] {1, 2, 7, 40}) {
            double[][] a = new double[n][n];
            double trace = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    a[i][j] = a[j][i] = rng.nextGaussian();
                }
                trace += a[i][i];
            }
            SymmetricEigen e = SymmetricEigen.of(a);
            double[] lam = e.values();
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += lam[k];
                if (k > 0) {
                    assertThat(lam[k]).isGreaterThanOrEqualTo(lam[k - 1]);
                }
                double[] v = e.vector(k);
                for (int i = 0; i < n; i++) {
                    double av = 0;
                    for (int j = 0; j < n; j++) {
                        av += a[i][j] * v[j];
                    }
                    assertThat(Math.abs(av - lam[k] * v[i])).isLessThan(1e-12 * n);
                }
                for (int l = 0; l < n; l++) {
                    double dot = 0;
                    double[] u = e.vector(l);
                    for (int i = 0; i < n; i++) {
                        dot += u[i] * v[i];
                    }
                    assertThat(dot).isCloseTo(k == l ? 1 : 0, org.assertj.core.data.Offset.offset(1e-12));
                }
            }
            assertThat(sum).isCloseTo(trace, org.assertj.core.data.Offset.offset(1e-11 * n));
        }
    }

    @Test
    void knownSpectrumAndBadInput() {
        double[] lam = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}}).values();
        assertThat(lam[0]).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(lam[1]).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-15));
        assertThatThrownBy(() -> SymmetricEigen.of(new double[][] {{1, 2}, {3, 1}})).hasMessageContaining("not symmetric");
        assertThatThrownBy(() -> SymmetricEigen.of(new double[][] {{1, 2}})).hasMessageContaining("must be square");
    }
}
