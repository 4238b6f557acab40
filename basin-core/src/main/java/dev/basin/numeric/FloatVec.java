package dev.basin.numeric;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * A float32 vector in native (off-heap) memory, or a view onto part of one.
 *
 * <p>Why off-heap: OpenBLAS is reached through JNI, and JNI must copy a Java {@code float[]} in and
 * out on every call, while a direct buffer is handed over by address. Parameters, gradients,
 * optimizer state and activations are therefore all {@code FloatVec}s, so a GEMM never copies.
 *
 * <p>Views made by {@link #slice} share memory with their parent: writing through one is seen by the
 * other. Methods that write say so in their name ({@code ...InPlace}, {@code copyFrom}, {@code set},
 * {@code fill}).
 */
public final class FloatVec {
    /** Byte alignment of every newly allocated vector (one cache line). */
    static final int ALIGNMENT = 64;

    private final FloatBuffer buf;
    private final int length;

    private FloatVec(FloatBuffer buf) {
        this.buf = buf;
        this.length = buf.capacity();
    }

    /** A new zero-filled vector of {@code n} floats. */
    public static FloatVec zeros(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("vector length must be >= 0, got " + n);
        }
        long bytes = 4L * n;
        if (bytes + 2L * ALIGNMENT > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("vector of " + n + " floats exceeds 2 GiB");
        }
        // allocateDirect zero-fills. Aligned to a cache line so that BLAS kernels' wide stores into rows
        // of C do not straddle two lines.
        // alignedSlice rounds the end down to a whole unit, so allocate whole units plus one.
        long units = (bytes + ALIGNMENT - 1) / ALIGNMENT;
        ByteBuffer raw = ByteBuffer.allocateDirect((int) ((units + 1) * ALIGNMENT));
        ByteBuffer aligned = raw.alignedSlice(ALIGNMENT).limit((int) bytes).slice();
        return new FloatVec(aligned.order(ByteOrder.nativeOrder()).asFloatBuffer());
    }

    /** A new vector holding a copy of {@code values}. */
    public static FloatVec of(float... values) {
        FloatVec v = zeros(values.length);
        v.buf.put(0, values);
        return v;
    }

    public int length() {
        return length;
    }

    /** The backing direct buffer (position 0, capacity = length). Shares memory with this vector. */
    public FloatBuffer buffer() {
        return buf;
    }

    public float get(int i) {
        return buf.get(i);
    }

    public void set(int i, float value) {
        buf.put(i, value);
    }

    /** A view of {@code len} floats starting at {@code offset}; shares memory with this vector. */
    public FloatVec slice(int offset, int len) {
        if (offset < 0 || len < 0 || offset + len > length) {
            throw new IndexOutOfBoundsException("slice [" + offset + ", " + (offset + len) + ") of a vector of length " + length);
        }
        return new FloatVec(buf.slice(offset, len));
    }

    /** Overwrites this vector with {@code src} (same length). */
    public void copyFrom(FloatVec src) {
        checkSameLength(src);
        buf.put(0, src.buf, 0, length);
    }

    /** Overwrites this vector with {@code src} (same length). */
    public void copyFrom(float[] src) {
        if (src.length != length) {
            throw new IllegalArgumentException("length " + src.length + " != " + length);
        }
        buf.put(0, src);
    }

    /** Overwrites {@code count} floats starting at {@code offset} with {@code src[srcOffset..]}. */
    public void copyFrom(int offset, float[] src, int srcOffset, int count) {
        buf.put(offset, src, srcOffset, count);
    }

    public float[] toArray() {
        float[] out = new float[length];
        buf.get(0, out);
        return out;
    }

    public double[] toDoubleArray() {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = buf.get(i);
        }
        return out;
    }

    /** A new vector with the same contents. */
    public FloatVec copy() {
        FloatVec c = zeros(length);
        c.copyFrom(this);
        return c;
    }

    public void fill(float value) {
        for (int i = 0; i < length; i++) {
            buf.put(i, value);
        }
    }

    /** this += a * x (OpenBLAS saxpy: vectorised, may use fused multiply-add). */
    public void axpyInPlace(float a, FloatVec x) {
        checkSameLength(x);
        openblas_nolapack.cblas_saxpy(length, a, x.buf, 1, buf, 1);
    }

    /** this *= a (OpenBLAS sscal). */
    public void scaleInPlace(float a) {
        openblas_nolapack.cblas_sscal(length, a, buf, 1);
    }

    /** Dot product accumulated in double. */
    public double dot(FloatVec x) {
        checkSameLength(x);
        FloatBuffer xb = x.buf;
        double s = 0;
        for (int i = 0; i < length; i++) {
            s += (double) buf.get(i) * xb.get(i);
        }
        return s;
    }

    /** Euclidean norm accumulated in double. */
    public double norm() {
        return Math.sqrt(dot(this));
    }

    /**
     * True when every element is finite. A float is NaN or ±Inf exactly when its exponent bits are all ones, so the
     * test is one branch-free maximum of the exponent fields (an integer reduction the JIT vectorises), cheap
     * enough to run on θ and the optimizer state after every training step.
     */
    public boolean allFinite() {
        final int exponent = 0x7f800000;
        int max = 0;
        for (int i = 0; i < length; i++) {
            max = Math.max(max, Float.floatToRawIntBits(buf.get(i)) & exponent);
        }
        return max != exponent;
    }

    /** Bitwise equality of contents. */
    public boolean contentEquals(FloatVec other) {
        return length == other.length && Arrays.equals(toArray(), other.toArray());
    }

    private void checkSameLength(FloatVec other) {
        if (other.length != length) {
            throw new IllegalArgumentException("length " + other.length + " != " + length);
        }
    }

    @Override
    public String toString() {
        int shown = Math.min(length, 8);
        StringBuilder sb = new StringBuilder("FloatVec[").append(length).append("](");
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(buf.get(i));
        }
        return sb.append(length > shown ? ", ...)" : ")").toString();
    }
}
