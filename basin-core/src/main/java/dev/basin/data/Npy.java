package dev.basin.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes NumPy .npy files (format 1.0, little-endian float64, C order), read by numpy.load. */
public final class Npy {
    private Npy() {
    }

    /** Writes a 1-D float64 array atomically. */
    public static void writeDoubles(Path file, double[] values) throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + values.length + ",), }";
        // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n.
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        AtomicFiles.write(file, out -> {
            out.write(0x93);
            out.write("NUMPY".getBytes(StandardCharsets.US_ASCII));
            out.write(1);
            out.write(0);
            out.write(header.length() & 0xff);
            out.write(header.length() >>> 8);
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                if (!b.hasRemaining()) {
                    out.write(b.array(), 0, b.position());
                    b.clear();
                }
                b.putDouble(v);
            }
            out.write(b.array(), 0, b.position());
        });
    }
}
