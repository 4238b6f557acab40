package dev.basin.numeric;

import java.nio.FloatBuffer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * {@link Gemm} through OpenBLAS's {@code cblas_sgemm} (the native library bundled by org.bytedeco,
 * loaded on first use). Direct buffers are passed by address: nothing is copied.
 *
 * <p>Threads: OpenBLAS itself always runs single-threaded (set when this class loads), and a product of at least
 * {@link #SPLIT_MIN} multiply-adds is split here, on {@link Parallel}'s threads, into {@code threads} parts along the
 * longer of C's two dimensions: for rows of C, the matching rows of op(A); for columns, the matching columns of
 * op(B). Every part keeps the whole inner dimension k, so no partial sums are reduced afterwards. The parts are fixed
 * by the thread count alone, so a given count repeats its bits whichever thread runs which part; another count gives
 * other bits, as OpenBLAS's own threads did (measured; why inside OpenBLAS is not established). Why not OpenBLAS's
 * own threads: its workers spin for a long time after each call (up to 2²⁸ cycles by default), which takes the core
 * that the layers' own loops between the products want for their helper thread; with both on one pool the cores
 * pass from one to the other.
 */
public final class OpenBlasGemm implements Gemm {
    public static final OpenBlasGemm INSTANCE = new OpenBlasGemm();

    /** Products with fewer multiply-adds (m·n·k) run in one call: waking a helper costs more than it saves. */
    public static final long SPLIT_MIN = 1L << 21;

    /** Parts are whole multiples of this many rows or columns, so that they end on whole register tiles of the kernels. */
    static final int PART_ALIGN = 32;

    private volatile int threads = 1;

    private OpenBlasGemm() {
        openblas_nolapack.blas_set_num_threads(1);
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, FloatVec a, int lda, FloatVec b, int ldb,
                      float beta, FloatVec c, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        int t = threads;
        int longer = Math.max(m, n);
        if (t <= 1 || (long) m * n * k < SPLIT_MIN || longer < 2 * PART_ALIGN) {
            call(transA, transB, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, ldc);
            return;
        }
        boolean rows = m >= n;
        int part = ((longer + t - 1) / t + PART_ALIGN - 1) / PART_ALIGN * PART_ALIGN;
        Parallel.forRange(t, longer, part, (from, to) -> {
            int len = to - from;
            if (rows) {
                call(transA, transB, len, n, k, alpha, a, transA ? from : (long) from * lda, lda,
                        b, 0, ldb, beta, c, (long) from * ldc, ldc);
            } else {
                call(transA, transB, m, len, k, alpha, a, 0, lda,
                        b, transB ? (long) from * ldb : from, ldb, beta, c, from, ldc);
            }
        });
    }

    private static void call(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, FloatVec a, long aOff, int lda, FloatVec b, long bOff, int ldb,
                             float beta, FloatVec c, long cOff, int ldc) {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, alpha, at(a, aOff), lda, at(b, bOff), ldb, beta, at(c, cOff), ldc);
    }

    /** v's buffer from {@code offset} on (a view; one small object per part of a split call). */
    private static FloatBuffer at(FloatVec v, long offset) {
        return offset == 0 ? v.buffer() : v.buffer().slice((int) offset, v.length() - (int) offset);
    }

    /** Sets the number of threads every later call is split over (process-wide: this is the one instance). */
    @Override
    public void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public String name() {
        return "openblas";
    }
}
