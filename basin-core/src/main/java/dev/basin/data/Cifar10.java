package dev.basin.data;

import java.nio.file.Path;
import java.util.List;

/**
 * The CIFAR-10 binary format: records of 3073 bytes, a label byte (0–9) then 1024 red, 1024 green
 * and 1024 blue bytes, each plane row-major 32×32. Files data_batch_1..5.bin (train) and
 * test_batch.bin (test), 10,000 records each.
 */
public final class Cifar10 {
    public static final int RECORD = 3073;
    public static final int PIXELS = 3072;
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin",
            "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final String TEST_FILE = "test_batch.bin";

    private Cifar10() {
    }

    /** Pixels (channel-major per sample) and labels parsed from one or more record files. */
    public record Records(byte[] pixels, byte[] labels) {
    }

    public static Records read(List<Path> files) {
        byte[][] contents = new byte[files.size()][];
        long total = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            byte[] b = Idx.readDecompressed(file);
            if (b.length == 0 || b.length % RECORD != 0) {
                throw new DataException(file + " is not a CIFAR-10 binary file: " + b.length
                        + " bytes is not a whole number of 3073-byte records; the file is truncated or of another format");
            }
            contents[f] = b;
            total += b.length / RECORD;
        }
        byte[] pixels = new byte[(int) (total * PIXELS)];
        byte[] labels = new byte[(int) total];
        int r = 0;
        for (int f = 0; f < files.size(); f++) {
            byte[] b = contents[f];
            for (int off = 0; off < b.length; off += RECORD, r++) {
                int label = b[off] & 0xff;
                if (label > 9) {
                    throw new DataException(files.get(f) + ": record " + (off / RECORD) + " has label " + label
                            + ", outside 0..9; the file is corrupt or not CIFAR-10");
                }
                labels[r] = (byte) label;
                System.arraycopy(b, off + 1, pixels, r * PIXELS, PIXELS);
            }
        }
        return new Records(pixels, labels);
    }
}
