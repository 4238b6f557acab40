package dev.basin.sde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.data.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** escape.csv, factors.csv and factors.json read back what was written; damaged files are one-line data errors. */
class SdeTablesTest {
    @TempDir
    Path dir;

    @Test
    void escapeCsvRoundTrips() throws IOException {
        List<EscapeRow> rows = List.of(new EscapeRow(0.02, 1.5, 0.05, 300, 59.2, 3.6, 38.5, 0, 58.6, 59.2 / 58.6, 0.048, 0.49),
                new EscapeRow(0.01, 1.2, 0.1, 50, 12.5, 1.25, 9.0, 3, Double.NaN, Double.NaN, 0.1, 0.02));
        Path f = dir.resolve(EscapeRow.FILE);
        EscapeRow.TABLE.write(f, rows);
        assertThat(Files.readAllLines(f).get(0)).isEqualTo("h,alpha,epsilon,trajectories,mean,stderr,median,censored,predicted,ratio,ks_d,ks_p");
        assertThat(Files.readAllLines(f).get(2)).as("no prediction: empty cells").isEqualTo("0.01,1.2,0.1,50,12.5,1.25,9.0,3,,,0.1,0.02");
        assertThat(EscapeRow.TABLE.read(f)).isEqualTo(rows);
        assertDamaged(f, Files.readString(f).replace("ks_p", "ks_q"), "its header is");
        assertDamaged(f, Files.readString(f).replace(",300,", ",three hundred,"), "line 2, column trajectories");
        assertDamaged(f, EscapeRow.TABLE.header() + "\n0.02,1.5\n", "line 2 has 2 cells, expected 12");
    }

    @Test
    void factorsCsvRoundTripsWithQuotedCases() throws IOException {
        List<FactorRow> rows = List.of(new FactorRow("factor 1", "SGD SDE, alpha 1.2", "sde", 1.2, 0.46, 100, 1.5, 0.1, 1.1, 0, 1.6, 0.94, 0.3),
                new FactorRow("algorithms", "ADAM, noise aligned with H", "adam", 1.5, 0.21, 100, 7.0, 0.6, 5.0, 2, Double.NaN, Double.NaN, 0.01));
        Path f = dir.resolve(FactorRow.FILE);
        FactorRow.TABLE.write(f, rows);
        List<String> lines = Files.readAllLines(f);
        assertThat(lines.get(0)).isEqualTo("factor,case,dynamics,alpha,epsilon,trajectories,mean,stderr,median,censored,predicted,ratio,ks_p");
        assertThat(lines.get(1)).as("RFC 4180 quoting (Table quotes cells with spaces)").startsWith("\"factor 1\",\"SGD SDE, alpha 1.2\",sde,");
        assertThat(FactorRow.TABLE.read(f)).isEqualTo(rows);
        assertDamaged(f, Files.readString(f).replace("factor,case", "factor,name"), "its header is");
        assertDamaged(f, Files.readString(f).replace(",100,", ",1e2.5,"), "column trajectories");
    }

    @Test
    void factorsJsonRoundTrips() throws IOException {
        FactorsSummary s = new FactorsSummary(List.of(1.0, 16.0), 0.5, 0.1, 0.01, 10, 100, 1,
                List.of(new Factors.Ratio("whitened / aligned noise (SGD SDE): Factor 2 alone", 1.4, 1.2, 1.6, 1.45, false),
                        new Factors.Ratio("ADAM / SGD (discrete)", 2.1, 1.8, 2.5, 2.3, true)));
        Path f = dir.resolve(FactorsSummary.FILE);
        s.write(f);
        assertThat(Files.readString(f)).contains("\"noise_scale\" : 0.1").contains("\"lower_bound\" : true");
        assertThat(FactorsSummary.read(f)).isEqualTo(s);
        Files.writeString(f, Files.readString(f).replace("\"eta\"", "\"rate\""));
        assertThatThrownBy(() -> FactorsSummary.read(f)).isInstanceOf(DataException.class).hasMessageContaining("is not a factors.json")
                .satisfies(e -> assertThat(e.getMessage().lines().count()).isEqualTo(1));
        assertThatThrownBy(() -> FactorsSummary.read(dir.resolve("none.json"))).isInstanceOf(DataException.class).hasMessageContaining("not found");
    }

    private static void assertDamaged(Path f, String text, String contains) throws IOException {
        Path g = f.resolveSibling("damaged-" + f.getFileName());
        Files.writeString(g, text);
        dev.basin.table.Table<?> t = f.getFileName().toString().equals(EscapeRow.FILE) ? EscapeRow.TABLE : FactorRow.TABLE;
        assertThatThrownBy(() -> t.read(g)).isInstanceOf(DataException.class).hasMessageContaining(contains)
                .satisfies(e -> assertThat(e.getMessage().lines().count()).as(e.getMessage()).isEqualTo(1));
    }
}
