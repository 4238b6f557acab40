package dev.basin.noise;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The P rows (minibatches) of d coordinates that a noise analysis reads: minibatch gradients computed on
 * demand, gradients held in memory, or a user's P×d sample. A pass reads the rows in order 0 … P − 1:
 * {@link #load} makes a row current, {@link #read} copies a range of it.
 */
public interface NoiseRows {
    int rows();

    int dim();

    /** Makes row p current (computing it if needed). */
    void load(int p);

    /** Copies {@code len} values of the current row from coordinate {@code from} into {@code dst[0..len)}. */
    void read(int from, int len, double[] dst);

    /** Whether a row costs nothing to load again (the data are in memory), so a column pass is cheap. */
    boolean inMemory();

    /**
     * An independent reader of the same rows (its own current row), for a second thread; only rows in memory
     * give one.
     */
    default NoiseRows reader() {
        throw new UnsupportedOperationException("these rows are computed on demand and have one reader");
    }

    /**
     * Rows held as float32 in native memory, one direct buffer per row (each below 2 GiB). The buffers can serve
     * again for fewer rows of the same width ({@link Cache}): touching gigabytes of fresh memory is not free, so
     * a run that evaluates the noise many times allocates them once.
     */
    final class Held implements NoiseRows {
        private final FloatBuffer[] rows;
        private final int dim;
        private int used;
        private FloatBuffer current;

        public Held(int rows, int dim) {
            if ((long) dim * 4 > Integer.MAX_VALUE - 64) {
                throw new IllegalArgumentException("a row of " + dim + " floats exceeds 2 GiB");
            }
            this.rows = new FloatBuffer[rows];
            this.dim = dim;
            this.used = rows;
            for (int p = 0; p < rows; p++) {
                this.rows[p] = ByteBuffer.allocateDirect(4 * dim).order(ByteOrder.nativeOrder()).asFloatBuffer();
            }
        }

        private Held(FloatBuffer[] rows, int dim, int used) {
            this.rows = rows;
            this.dim = dim;
            this.used = used;
        }

        @Override
        public NoiseRows reader() {
            return new Held(rows, dim, used);
        }

        /** Held rows of one width, reallocated only when more rows or another width are asked for. */
        public static final class Cache {
            private Held held;

            /** Buffers for {@code rows} rows of {@code dim}, reusing the last ones when they are wide and many enough. */
            public Held get(int rows, int dim) {
                if (held == null || held.dim != dim || held.rows.length < rows) {
                    held = null; // let the old buffers go before allocating the new ones
                    held = new Held(rows, dim);
                }
                held.used = rows;
                return held;
            }

            /** Bytes the cached buffers take (they count towards the memory budget only once). */
            public long bytes() {
                return held == null ? 0 : Held.bytes(held.rows.length, held.dim);
            }
        }

        /** Bytes that {@code rows} rows of {@code dim} floats take. */
        public static long bytes(int rows, int dim) {
            return 4L * rows * dim;
        }

        /** Stores row p (its first dim values). */
        public void put(int p, FloatBuffer values) {
            rows[p].put(0, values, 0, dim);
        }

        @Override
        public int rows() {
            return used;
        }

        @Override
        public int dim() {
            return dim;
        }

        @Override
        public void load(int p) {
            current = rows[p];
        }

        private float[] staging = new float[0];

        @Override
        public void read(int from, int len, double[] dst) {
            if (staging.length < len) {
                staging = new float[len];
            }
            float[] f = staging;
            current.get(from, f, 0, len);
            for (int k = 0; k < len; k++) {
                dst[k] = f[k];
            }
        }

        @Override
        public boolean inMemory() {
            return true;
        }
    }

    /** A P×d sample in a row-major double array (a user's file). */
    final class Matrix implements NoiseRows {
        private final double[] values;
        private final int rows;
        private final int dim;
        private int offset;

        public Matrix(double[] values, int rows, int dim) {
            if (rows < 1 || dim < 1 || (long) rows * dim != values.length) {
                throw new IllegalArgumentException(values.length + " values do not form " + rows + " rows of " + dim);
            }
            this.values = values;
            this.rows = rows;
            this.dim = dim;
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public int dim() {
            return dim;
        }

        @Override
        public void load(int p) {
            offset = p * dim;
        }

        @Override
        public NoiseRows reader() {
            return new Matrix(values, rows, dim);
        }

        @Override
        public void read(int from, int len, double[] dst) {
            System.arraycopy(values, offset + from, dst, 0, len);
        }

        @Override
        public boolean inMemory() {
            return true;
        }
    }
}
