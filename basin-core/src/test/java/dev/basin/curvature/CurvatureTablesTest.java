package dev.basin.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.data.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eigenvalues.csv, spectrum.csv and landscape.csv: written, read back equal, and a damaged file is a one-line DataException. */
class CurvatureTablesTest {
    @TempDir
    Path dir;

    @Test
    void eigenvaluesRoundTripAndKeepTheirHeader() throws IOException {
        List<EigenvalueRow> rows = List.of(new EigenvalueRow(EigenvalueRow.End.TOP, 1, 12.5, 1e-5, 8e-7, true),
                new EigenvalueRow(EigenvalueRow.End.TOP, 2, 3.25, 0.5, 0.15384615384615385, false),
                new EigenvalueRow(EigenvalueRow.End.BOTTOM, 1, -0.75, 2e-4, 2.5e-4, true));
        Path f = dir.resolve(EigenvalueRow.FILE);
        EigenvalueRow.TABLE.write(f, rows);
        assertThat(Files.readAllLines(f).get(0)).isEqualTo("end,rank,eigenvalue,residual,relative_residual,converged");
        assertThat(Files.readAllLines(f).get(3)).isEqualTo("bottom,1,-0.75,2.0E-4,2.5E-4,true");
        assertThat(EigenvalueRow.TABLE.read(f)).isEqualTo(rows);
        assertDamagedFilesFail(f, EigenvalueRow.TABLE::read, "end,rank,value,residual,relative_residual,converged");
    }

    @Test
    void eigenvalueRowsOfALanczosRunMarkConvergence() {
        Lanczos.Result r = new Lanczos.Result(new double[] {4, 2}, new double[2][1], new double[] {4e-4, 1e-2}, 10, 0, false);
        List<EigenvalueRow> rows = EigenvalueRow.of(EigenvalueRow.End.TOP, r, 1e-3);
        assertThat(rows).extracting(EigenvalueRow::converged).containsExactly(true, false);
        assertThat(rows).extracting(EigenvalueRow::rank).containsExactly(1, 2);
    }

    @Test
    void spectrumRoundTrips() throws IOException {
        List<SpectrumRow> rows = List.of(new SpectrumRow(-1.5, 0.001), new SpectrumRow(0, 2.5), new SpectrumRow(3.0e3, 1e-12));
        Path f = dir.resolve(SpectrumRow.FILE);
        SpectrumRow.TABLE.write(f, rows);
        assertThat(Files.readAllLines(f).get(0)).isEqualTo("eigenvalue,density");
        assertThat(SpectrumRow.TABLE.read(f)).isEqualTo(rows);
        assertDamagedFilesFail(f, SpectrumRow.TABLE::read, "lambda,density");
    }

    @Test
    void landscapeRoundTripsInOneAndTwoDimensions() throws IOException {
        List<LandscapeRow> two = List.of(new LandscapeRow(-1, -1, 2.5, 0.1), new LandscapeRow(-1, 1, 2.25, 0.2), new LandscapeRow(1, -1, 0.5, 0.75),
                new LandscapeRow(1, 1, 0.125, 1));
        Path f2 = dir.resolve("2d").resolve(LandscapeRow.FILE);
        Files.createDirectories(f2.getParent());
        LandscapeRow.write(f2, two, 2);
        assertThat(Files.readAllLines(f2).get(0)).isEqualTo("alpha,beta,loss,accuracy");
        assertThat(LandscapeRow.read(f2)).isEqualTo(two);

        List<LandscapeRow> one = List.of(new LandscapeRow(-1, Double.NaN, 2.5, 0.1), new LandscapeRow(0, Double.NaN, 1.5, 0.5),
                new LandscapeRow(1, Double.NaN, 2, 0.25));
        Path f1 = dir.resolve("1d").resolve(LandscapeRow.FILE);
        Files.createDirectories(f1.getParent());
        LandscapeRow.write(f1, one, 1);
        assertThat(Files.readAllLines(f1)).containsExactly("alpha,loss,accuracy", "-1.0,2.5,0.1", "0.0,1.5,0.5", "1.0,2.0,0.25");
        assertThat(LandscapeRow.read(f1)).isEqualTo(one);
        assertDamagedFilesFail(f2, LandscapeRow::read, "alpha,gamma,loss,accuracy");
        assertThatThrownBy(() -> LandscapeRow.read(dir.resolve("none.csv"))).isInstanceOf(DataException.class).hasMessageContaining("not found");
    }

    /** A cut-short line, a cell that is not a number and a foreign header each give one line naming the file. */
    private static void assertDamagedFilesFail(Path f, java.util.function.Function<Path, ?> read, String foreignHeader) throws IOException {
        List<String> lines = Files.readAllLines(f);
        Path cut = f.resolveSibling("cut-" + f.getFileName());
        Files.writeString(cut, lines.get(0) + "\n" + lines.get(1).substring(0, lines.get(1).lastIndexOf(',')) + "\n");
        assertOneLine(() -> read.apply(cut), cut + " line 2 has");
        Path bad = f.resolveSibling("bad-" + f.getFileName());
        String[] cells = lines.get(1).split(",", -1);
        cells[cells.length - 1] = "x1";
        Files.writeString(bad, lines.get(0) + "\n" + String.join(",", cells) + "\n");
        assertOneLine(() -> read.apply(bad), bad + " line 2, column");
        Path foreign = f.resolveSibling("foreign-" + f.getFileName());
        Files.writeString(foreign, foreignHeader + "\n" + lines.get(1) + "\n");
        assertOneLine(() -> read.apply(foreign), "its header is '" + foreignHeader + "'");
    }

    private static void assertOneLine(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String contains) {
        assertThatThrownBy(call).isInstanceOf(DataException.class).hasMessageContaining(contains)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
