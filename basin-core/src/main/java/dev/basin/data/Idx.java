package dev.basin.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected by content, not name).
 *
 * <p>Layout: bytes 0–1 zero, byte 2 the element type (0x08 = unsigned byte, the only one these data
 * sets use), byte 3 the number of dimensions r, then r big-endian int32 sizes, then the elements.
 * Images are r = 3 (magic 0x00000803 = 2051), labels r = 1 (magic 0x00000801 = 2049). The reader
 * checks the magic, and that the file holds exactly the bytes the header announces.
 */
public final class Idx {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;

    private Idx() {
    }

    /** Parsed IDX content: the dimension sizes and the raw unsigned-byte payload. */
    public record Array(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }

        public int itemSize() {
            int s = 1;
            for (int i = 1; i < dims.length; i++) {
                s *= dims[i];
            }
            return s;
        }
    }

    /**
     * Reads a file's bytes, decompressing gzip when the file starts with the gzip magic. The result
     * is what the official checksums are computed over.
     */
    public static byte[] readDecompressed(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException("file not found: " + file);
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage());
        }
        return decompressIfGzip(raw, file.toString());
    }

    /** Returns {@code raw} decompressed when it starts with the gzip magic (1f 8b), else unchanged. */
    public static byte[] decompressIfGzip(byte[] raw, String source) {
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw), 1 << 16)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(4L * raw.length, 1 << 30));
                in.transferTo(out);
                return out.toByteArray();
            } catch (ZipException | java.io.EOFException e) {
                throw new DataException(source + " is a corrupt or truncated gzip file (" + e.getMessage()
                        + "); delete it and fetch it again with 'basin download'");
            } catch (IOException e) {
                throw new DataException("cannot decompress " + source + ": " + e.getMessage());
            }
        }
        return raw;
    }

    /** Parses IDX bytes, requiring the given magic number ({@link #IMAGES_MAGIC} or {@link #LABELS_MAGIC}). */
    public static Array parse(byte[] b, int expectedMagic, String source) {
        if (b.length < 4) {
            throw new DataException(source + " is not an IDX file: only " + b.length + " bytes");
        }
        int magic = readInt(b, 0);
        if (magic != expectedMagic) {
            String want = expectedMagic == IMAGES_MAGIC ? "an IDX image file (magic 2051)" : "an IDX label file (magic 2049)";
            throw new DataException(source + " is not " + want + ": magic number is " + magic
                    + "; check that the file is the right one and not corrupted");
        }
        int rank = b[3] & 0xff;
        int header = 4 + 4 * rank;
        if (b.length < header) {
            throw new DataException(source + " is truncated: the header needs " + header + " bytes, file has " + b.length);
        }
        int[] dims = new int[rank];
        long expected = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = readInt(b, 4 + 4 * i);
            if (dims[i] < 0) {
                throw new DataException(source + " has a negative dimension in its header; the file is corrupt");
            }
            if (dims[i] != 0 && expected > Long.MAX_VALUE / dims[i]) {
                throw new DataException(source + " is corrupt: its header dimensions " + dimsText(b, rank)
                        + " multiply past any file size; fetch it again with 'basin download'");
            }
            expected *= dims[i];
        }
        long actual = b.length - (long) header;
        if (actual != expected) {
            throw new DataException(source + (actual < expected ? " is truncated" : " has trailing bytes") + ": header announces "
                    + expected + " data bytes, file holds " + actual + "; fetch it again with 'basin download'");
        }
        byte[] data = java.util.Arrays.copyOfRange(b, header, b.length);
        return new Array(dims, data);
    }

    /** Reads and parses an IDX image file: dims [n, rows, cols]. */
    public static Array readImages(Path file) {
        Array a = parse(readDecompressed(file), IMAGES_MAGIC, file.toString());
        if (a.dims().length != 3) {
            throw new DataException(file + " should hold a 3-D image array, has " + a.dims().length + " dimensions");
        }
        return a;
    }

    /** Writes images [n, rows, cols] in IDX format (uncompressed). */
    public static void writeImages(OutputStream out, byte[] pixels, int n, int rows, int cols) throws IOException {
        writeInt(out, IMAGES_MAGIC);
        writeInt(out, n);
        writeInt(out, rows);
        writeInt(out, cols);
        out.write(pixels, 0, n * rows * cols);
    }

    /** Writes labels [n] in IDX format (uncompressed). */
    public static void writeLabels(OutputStream out, byte[] labels, int n) throws IOException {
        writeInt(out, LABELS_MAGIC);
        writeInt(out, n);
        out.write(labels, 0, n);
    }

    private static String dimsText(byte[] b, int rank) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < rank; i++) {
            sb.append(i == 0 ? "" : ", ").append(readInt(b, 4 + 4 * i));
        }
        return sb.append(']').toString();
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
