package dev.basin.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.data.DataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleFileTest {
    @TempDir
    Path dir;

    static byte[] npy(String descr, boolean fortran, int[] shape, double[] values) {
        StringBuilder sh = new StringBuilder("(");
        for (int s : shape) {
            sh.append(s).append(", ");
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + sh + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        boolean f4 = descr.endsWith("4");
        ByteBuffer b = ByteBuffer.allocate(values.length * (f4 ? 4 : 8)).order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (f4) {
                b.putFloat((float) v);
            } else {
                b.putDouble(v);
            }
        }
        out.writeBytes(b.array());
        return out.toByteArray();
    }

    static List<Double> read(Path p, String column) {
        List<Double> out = new ArrayList<>();
        new SampleFile(p, column).forEach(out::add);
        return out;
    }

    @Test
    void readsNpyInCOrderWhateverTheLayout() throws IOException {
        double[] c = {1, 2, 3, 4, 5, 6}; // a 2×3 array in C order
        assertThat(read(Files.write(dir.resolve("a.npy"), npy("<f8", false, new int[] {2, 3}, c)), null)).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
        assertThat(read(Files.write(dir.resolve("b.npy"), npy("<f4", false, new int[] {6}, c)), null)).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
        assertThat(read(Files.write(dir.resolve("c.npy"), npy(">f8", false, new int[] {6}, c)), null)).hasSize(6).startsWith(1.0);
        // The same 2×3 array stored column by column.
        double[] f = {1, 4, 2, 5, 3, 6};
        assertThat(read(Files.write(dir.resolve("d.npy"), npy("<f8", true, new int[] {2, 3}, f)), null)).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
        assertThat(new SampleFile(dir.resolve("a.npy"), null).count()).isEqualTo(6);
    }

    @Test
    void rejectsWrongDtypesTruncationAndNonFiniteValues() throws IOException {
        Path ints = Files.write(dir.resolve("i.npy"), npy("<i8", false, new int[] {1}, new double[] {0}));
        assertThatThrownBy(() -> read(ints, null)).isInstanceOf(DataException.class).hasMessageContaining("float32 or float64");
        byte[] full = npy("<f8", false, new int[] {4}, new double[] {1, 2, 3, 4});
        Path cut = Files.write(dir.resolve("cut.npy"), java.util.Arrays.copyOf(full, full.length - 8));
        assertThatThrownBy(() -> read(cut, null)).hasMessageContaining("truncated");
        Path nan = Files.write(dir.resolve("nan.npy"), npy("<f8", false, new int[] {2}, new double[] {1, Double.NaN}));
        assertThatThrownBy(() -> read(nan, null)).hasMessageContaining("non-finite value NaN");
        Path notNpy = Files.writeString(dir.resolve("x.npy"), "hello");
        assertThatThrownBy(() -> read(notNpy, null)).hasMessageContaining("not a .npy file");
    }

    @Test
    void readsTextAndCsvColumns() throws IOException {
        Path txt = Files.writeString(dir.resolve("a.txt"), "value\n1.5\n\n# comment\n-2e3\n");
        assertThat(read(txt, null)).containsExactly(1.5, -2000.0);
        Path csv = Files.writeString(dir.resolve("a.csv"), "step,grad\n0,0.5\n1,-0.25\n");
        assertThat(read(csv, "grad")).containsExactly(0.5, -0.25);
        assertThat(read(csv, "1")).containsExactly(0.5, -0.25);
        Path noHeader = Files.writeString(dir.resolve("b.csv"), "0,0.5\n1,-0.25\n");
        assertThat(read(noHeader, "1")).containsExactly(0.5, -0.25);
        assertThatThrownBy(() -> read(csv, "loss")).hasMessageContaining("has no column 'loss'");
        assertThatThrownBy(() -> read(csv, null)).hasMessageContaining("choose one with --column");
        Path bad = Files.writeString(dir.resolve("bad.txt"), "1\nx\n");
        assertThatThrownBy(() -> read(bad, null)).hasMessageContaining("line 2: 'x' is not a number");
        assertThatThrownBy(() -> read(dir.resolve("none.txt"), null)).hasMessageContaining("file not found");
    }
}
