package dev.basin.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Small image archives made in tests: PNG/JPEG bytes from ImageIO, zips of named entries (shared through the test-jar). */
public final class ImageZips {
    private ImageZips() {
    }

    /** Pixel (x, y) of channel c of image {@code id}: a value every test can recompute. */
    public static int value(int id, int c, int x, int y) {
        return (id * 37 + c * 71 + x * 13 + y * 29) & 0xff;
    }

    /** An RGB image whose channel c at (x, y) is {@link #value}(id, c, x, y). */
    public static BufferedImage rgb(int id, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, value(id, 0, x, y) << 16 | value(id, 1, x, y) << 8 | value(id, 2, x, y));
            }
        }
        return img;
    }

    /** A grayscale image with {@link #value}(id, 0, x, y), or a flat one of {@code flat} when flat >= 0. */
    public static BufferedImage gray(int id, int w, int h, int flat) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, flat >= 0 ? flat : value(id, 0, x, y));
            }
        }
        return img;
    }

    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zip of the entries in order (names ending in '/' are folders). */
    public static byte[] zip(Map<String, byte[]> entries) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(bytes)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    z.putNextEntry(new ZipEntry(e.getKey()));
                    if (e.getValue() != null) {
                        z.write(e.getValue());
                    }
                    z.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The standard small set: classes "cat", "ant", "bee" (sorted: ant, bee, cat), {@code perTrain} and {@code perTest}
     * RGB PNGs of w×h per class; image id = 100 × split(0 train, 1 test) + 10 × sorted label + index.
     */
    public static Map<String, byte[]> standard(int perTrain, int perTest, int w, int h) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        String[] classes = {"cat", "ant", "bee"};
        int[] sortedLabel = {2, 0, 1};
        for (int s = 0; s < 2; s++) {
            String split = s == 0 ? "train" : "test";
            m.put(split + "/", null);
            for (int c = 0; c < classes.length; c++) {
                m.put(split + "/" + classes[c] + "/", null);
                int per = s == 0 ? perTrain : perTest;
                for (int i = per - 1; i >= 0; i--) {
                    int id = 100 * s + 10 * sortedLabel[c] + i;
                    m.put(split + "/" + classes[c] + "/img" + i + ".png", encode(rgb(id, w, h), "png"));
                }
            }
        }
        return m;
    }

    public static Path write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        return file;
    }

    /** Unpacks entries into a folder tree under {@code root}. */
    public static Path unpack(Map<String, byte[]> entries, Path root) throws IOException {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            Path p = root.resolve(e.getKey());
            if (e.getKey().endsWith("/")) {
                Files.createDirectories(p);
            } else {
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue());
            }
        }
        return root;
    }
}
