package dev.basin.numeric;

/**
 * Row-major single-precision matrix product C = alpha · op(A) · op(B) + beta · C.
 *
 * <p>op(A) is m×k, op(B) is k×n, C is m×n. With {@code transA} false A is stored m×k with leading
 * dimension {@code lda} (≥ k); with it true A is stored k×m (lda ≥ m); likewise for B. When
 * {@code beta} is 0, C is overwritten without being read (so NaN in C does not propagate), as in BLAS.
 */
public interface Gemm {
    void sgemm(boolean transA, boolean transB, int m, int n, int k,
               float alpha, FloatVec a, int lda, FloatVec b, int ldb,
               float beta, FloatVec c, int ldc);

    /** Threads this GEMM uses per call (process-wide for OpenBLAS). */
    default int threads() {
        return 1;
    }

    /** Sets the threads per call; a no-op for single-threaded implementations. */
    default void setThreads(int threads) {
    }

    /** A short name for logs and config.json. */
    String name();
}
