package dev.basin.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.data.DataException;
import dev.basin.train.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** escape.csv, escape-summary.csv and jumps.csv as typed tables: written, read back equal; damaged files are one-line data errors. */
class EscapeTablesTest {
    @TempDir
    Path dir;

    @Test
    void escapeRowsRoundTrip() throws IOException {
        List<EscapeRow> rows = List.of(
                new EscapeRow("sgd", 0.1, 0, 1, null, 40L, null, 60, 0.0699, 1.0, 1.108, Double.NaN, false, 0.11),
                new EscapeRow("adam", 1e-3, 1, 2, 10L, 60L, 50L, 60, Double.NaN, Double.NaN, 29.3, 3.44, true, 0.02));
        Path f = dir.resolve(EscapeRow.FILE);
        EscapeRow.TABLE.write(f, rows);
        assertThat(Files.readAllLines(f).get(0)).isEqualTo("optimizer,lr,continuation,seed,exit_radius,exit_loss_rise,exit_barrier,iterations,"
                + "final_loss,final_accuracy,final_distance,final_lambda_max,diverged,seconds");
        assertThat(Files.readAllLines(f).get(1)).isEqualTo("sgd,0.1,0,1,,40,,60,0.0699,1.0,1.108,,false,0.11");
        assertThat(EscapeRow.TABLE.read(f)).isEqualTo(rows);
        assertThat(rows.get(1).exit(ExitCriterion.BARRIER)).isEqualTo(50L);
        assertThat(rows.get(0).exit(ExitCriterion.RADIUS)).isNull();
    }

    @Test
    void summaryRowsRoundTripWithTheCriterionByKey() throws IOException {
        List<EscapeSummaryRow> rows = List.of(
                new EscapeSummaryRow(ExitCriterion.LOSS_RISE, "sgd", 0.1, 3, 3, 60.0, 0.0, 60.0, 60.0, Double.NaN),
                new EscapeSummaryRow(ExitCriterion.RADIUS, "adam", 0.1, 3, 0, 10.0, 0.5, 9.02, 10.98, 10.0));
        Path f = dir.resolve(EscapeSummaryRow.FILE);
        EscapeSummaryRow.TABLE.write(f, rows);
        assertThat(Files.readAllLines(f)).containsExactly("criterion,optimizer,lr,continuations,censored,mean,stderr,ci_lo,ci_hi,median",
                "loss_rise,sgd,0.1,3,3,60.0,0.0,60.0,60.0,", "radius,adam,0.1,3,0,10.0,0.5,9.02,10.98,10.0");
        assertThat(EscapeSummaryRow.TABLE.read(f)).isEqualTo(rows);
    }

    @Test
    void jumpRowsRoundTrip() throws IOException {
        List<JumpRow> rows = List.of(new JumpRow(20, 40, 0.0, false), new JumpRow(40, 60, 0.25, true));
        Path f = dir.resolve(JumpRow.FILE);
        JumpRow.TABLE.write(f, rows);
        assertThat(Files.readAllLines(f)).containsExactly("from,to,barrier,jump", "20,40,0.0,false", "40,60,0.25,true");
        assertThat(JumpRow.TABLE.read(f)).isEqualTo(rows);
    }

    @Test
    void damagedFilesAreOneLineDataErrors() throws IOException {
        Path wrongHeader = Files.writeString(dir.resolve("a.csv"), "from,to,barrier\n20,40,0.0\n");
        assertOneLine(() -> JumpRow.TABLE.read(wrongHeader), "is not a jumps.csv");
        Path badCell = Files.writeString(dir.resolve("b.csv"), "from,to,barrier,jump\n20,40,high,false\n");
        assertOneLine(() -> JumpRow.TABLE.read(badCell), "line 2, column barrier");
        Path cut = Files.writeString(dir.resolve("c.csv"), EscapeSummaryRow.TABLE.header() + "\nradius,sgd,0.1,3\n");
        assertOneLine(() -> EscapeSummaryRow.TABLE.read(cut), "line 2 has 4 cells");
        Path badCriterion = Files.writeString(dir.resolve("d.csv"), EscapeSummaryRow.TABLE.header() + "\nspeed,sgd,0.1,3,3,60.0,0.0,60.0,60.0,\n");
        assertOneLine(() -> EscapeSummaryRow.TABLE.read(badCriterion), "column criterion");
        Path badExit = Files.writeString(dir.resolve("e.csv"), EscapeRow.TABLE.header() + "\nsgd,0.1,0,1,x,,,60,0.1,1.0,1.1,,false,0.1\n");
        assertOneLine(() -> EscapeRow.TABLE.read(badExit), "column exit_radius");
    }

    @Test
    void criteriaHaveKeysUsedInJson() throws IOException {
        assertThat(ExitCriterion.LOSS_RISE.key()).isEqualTo("loss_rise");
        assertThat(ExitCriterion.byKey("barrier")).isEqualTo(ExitCriterion.BARRIER);
        assertThatThrownBy(() -> ExitCriterion.byKey("speed")).hasMessageContaining("choose radius, loss_rise or barrier");
        ExitCriteria c = new ExitCriteria(Double.NaN, 0.1, 0.02, 5, 10, 50, 100);
        assertThat(c.active()).containsExactly(ExitCriterion.LOSS_RISE, ExitCriterion.BARRIER);
        assertThat(c.threshold(ExitCriterion.BARRIER)).isEqualTo(0.02);
        JsonNode j = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(EscapeRunProtocol.Criteria.of(c)));
        assertThat(j.get("radius").isNull()).isTrue();
        assertThat(j.get("loss_rise").asDouble()).isEqualTo(0.1);
        assertThat(j.get("active").toString()).isEqualTo("[\"loss_rise\",\"barrier\"]");
        JsonNode arm = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(new EscapeProtocol.Arm("sgdm", 0.05)));
        assertThat(arm.get("optimizer").asText()).isEqualTo("sgdm");
        assertThat(arm.get("lr").asDouble()).isEqualTo(0.05);
        assertThat(arm.get("momentum").asDouble()).isEqualTo(0.9);
        assertThat(arm.has("beta1")).isFalse();
    }

    private static void assertOneLine(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String contains) {
        assertThatThrownBy(call).isInstanceOf(DataException.class).hasMessageContaining(contains)
                .satisfies(e -> assertThat(e.getMessage().lines().count()).isEqualTo(1));
    }
}
