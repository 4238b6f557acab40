package dev.basin.numeric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OpenBLAS against the plain-Java reference, all transpose cases, padded leading dimensions, slices. */
class GemmTest {
    @ParameterizedTest(name = "m={0} n={1} k={2} ta={3} tb={4} alpha={5} beta={6}")
    @CsvSource({
        "1,1,1,false,false,1,0", "7,5,3,false,false,1,0", "7,5,3,true,false,1,0", "7,5,3,false,true,1,0",
        "7,5,3,true,true,1,0", "33,17,65,false,true,0.5,0", "33,17,65,true,false,1,1", "64,128,100,false,false,-2,0.25",
        "100,512,784,false,true,1,0", "3,200,1,true,true,1,0.5"})
    void openBlasMatchesReference(int m, int n, int k, boolean ta, boolean tb, float alpha, float beta) {
        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k);
        int pad = 3;
        int lda = (ta ? m : k) + pad;
        int ldb = (tb ? k : n) + pad;
        int ldc = n + pad;
        int rowsA = ta ? k : m;
        int rowsB = tb ? n : k;
        // Slices at odd offsets into bigger vectors, as layers use slices of θ.
        FloatVec a = random(r, 5 + rowsA * lda).slice(5, rowsA * lda);
        FloatVec b = random(r, 9 + rowsB * ldb).slice(9, rowsB * ldb);
        FloatVec c0 = random(r, m * ldc);
        FloatVec c1 = c0.copy();
        FloatVec c2 = c0.copy();
        OpenBlasGemm.INSTANCE.sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c1, ldc);
        ReferenceGemm.INSTANCE.sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c2, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                int idx = i * ldc + j;
                if (j >= n) {
                    assertThat(c1.get(idx)).as("padding untouched").isEqualTo(c0.get(idx));
                } else {
                    // float32 accumulation over k terms of size ≤ 1: error ≲ k·2⁻²⁴·|alpha|·k-scale.
                    double tol = 1e-6 * k * Math.abs(alpha) + 1e-6;
                    assertThat((double) c1.get(idx)).isCloseTo(c2.get(idx), org.assertj.core.data.Offset.offset(tol));
                }
            }
        }
    }

    private static FloatVec random(SplittableRandom r, int n) {
        FloatVec v = FloatVec.zeros(n);
        for (int i = 0; i < n; i++) {
            v.set(i, (float) (r.nextDouble() * 2 - 1));
        }
        return v;
    }
}
