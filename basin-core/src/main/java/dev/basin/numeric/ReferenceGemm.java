package dev.basin.numeric;

/**
 * The plain-Java {@link Gemm}: a triple loop accumulating in double. Slow and obviously right; every
 * fast path is tested against it.
 */
public final class ReferenceGemm implements Gemm {
    public static final ReferenceGemm INSTANCE = new ReferenceGemm();

    private ReferenceGemm() {
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, FloatVec a, int lda, FloatVec b, int ldb,
                      float beta, FloatVec c, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a.get(p * lda + i) : a.get(i * lda + p);
                    float bpj = transB ? b.get(j * ldb + p) : b.get(p * ldb + j);
                    s += (double) aip * bpj;
                }
                double prior = beta == 0f ? 0.0 : (double) beta * c.get(i * ldc + j);
                c.set(i * ldc + j, (float) (alpha * s + prior));
            }
        }
    }

    @Override
    public String name() {
        return "reference";
    }
}
