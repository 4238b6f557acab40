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

    /**
     * A product split over threads (by rows of C when m ≥ n, else by columns) matches the reference and leaves C's
     * padding alone, for every transpose case, padded leading dimensions, beta 0 (C not read) and not, and part sizes
     * that do not divide the split dimension; at a given thread count it gives the same bits every time, whichever
     * thread ran which part. (Across thread counts the bits differ, as they did with OpenBLAS's own threads; why inside
     * OpenBLAS is not established.) Fails when a part's offset into A, B or C is wrong.
     */
    @ParameterizedTest(name = "m={0} n={1} k={2} ta={3} tb={4} beta={5}")
    @CsvSource({
        "1000,64,100,false,true,0", "1000,64,100,true,false,1", "301,70,200,false,false,0.5", "301,70,200,true,true,0",
        "70,333,100,false,false,0", "70,333,100,true,false,0", "64,1600,100,true,false,1", "70,333,100,false,true,-1",
        "75,75,400,true,true,0"})
    void splitOverThreadsMatchesTheReferenceAndRepeatsItsBits(int m, int n, int k, boolean ta, boolean tb, float beta) {
        assertThat((long) m * n * k).as("shape large enough to be split").isGreaterThanOrEqualTo(OpenBlasGemm.SPLIT_MIN);
        SplittableRandom r = new SplittableRandom(m * 131L + n * 17L + k);
        int pad = 5;
        int lda = (ta ? m : k) + pad;
        int ldb = (tb ? k : n) + pad;
        int ldc = n + pad;
        FloatVec a = random(r, 3 + (ta ? k : m) * lda).slice(3, (ta ? k : m) * lda);
        FloatVec b = random(r, (tb ? n : k) * ldb);
        FloatVec c0 = random(r, m * ldc);
        FloatVec want = c0.copy();
        ReferenceGemm.INSTANCE.sgemm(ta, tb, m, n, k, 1f, a, lda, b, ldb, beta, want, ldc);
        OpenBlasGemm g = OpenBlasGemm.INSTANCE;
        int before = g.threads();
        try {
            for (int threads : new int[] {2, 3}) {
                g.setThreads(threads);
                float[] first = null;
                for (int rep = 0; rep < 3; rep++) {
                    FloatVec c = c0.copy();
                    g.sgemm(ta, tb, m, n, k, 1f, a, lda, b, ldb, beta, c, ldc);
                    if (first == null) {
                        first = c.toArray();
                    } else {
                        assertThat(c.toArray()).as("%d threads, repeat %d", threads, rep).isEqualTo(first);
                    }
                }
                for (int i = 0; i < m * ldc; i++) {
                    if (i % ldc >= n) {
                        assertThat(first[i]).as("padding untouched").isEqualTo(c0.get(i));
                    } else {
                        assertThat((double) first[i]).as("element %d, %d threads", i, threads)
                                .isCloseTo(want.get(i), org.assertj.core.data.Offset.offset(1e-6 * k + 1e-6));
                    }
                }
            }
        } finally {
            g.setThreads(before);
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
