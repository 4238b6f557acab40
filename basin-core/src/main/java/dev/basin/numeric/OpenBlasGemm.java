package dev.basin.numeric;

import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * {@link Gemm} through OpenBLAS's {@code cblas_sgemm} (the native library bundled by org.bytedeco,
 * loaded on first use). Direct buffers are passed by address: nothing is copied.
 */
public final class OpenBlasGemm implements Gemm {
    public static final OpenBlasGemm INSTANCE = new OpenBlasGemm();

    private OpenBlasGemm() {
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, FloatVec a, int lda, FloatVec b, int ldb,
                      float beta, FloatVec c, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, alpha, a.buffer(), lda, b.buffer(), ldb, beta, c.buffer(), ldc);
    }

    /** Sets the number of threads OpenBLAS uses for every later call (process-wide). */
    @Override
    public void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        openblas_nolapack.blas_set_num_threads(threads);
    }

    @Override
    public int threads() {
        return openblas_nolapack.blas_get_num_threads();
    }

    @Override
    public String name() {
        return "openblas";
    }
}
