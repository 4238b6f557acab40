package dev.basin.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.experiment.RunFolder;
import dev.basin.train.MetricsRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TensorBoard event files read back (CRCs, Event/Summary fields) and an MLflow file-store run re-read file by file. */
class ExportTest {
    @TempDir
    Path dir;

    Path run() throws Exception {
        Path d = dir.resolve("run");
        Files.createDirectories(d);
        Files.writeString(d.resolve("config.json"), "{\"spec_version\":1,\"protocol\":\"train\",\"optimizer\":{\"name\":\"sgd\",\"lr\":0.05},"
                + "\"training\":{\"iterations\":40,\"batch\":100},\"provenance\":{\"created\":\"2024-05-01T10:00:00Z\"}}");
        List<MetricsRow> m = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            m.add(new MetricsRow(10L * i, 0, 0.05, i == 0 ? Double.NaN : 1.0 / i, 2.0 / (i + 1), 0.2 * i, 2.1 / (i + 1), 0.19 * i, 1.5 * i));
        }
        MetricsRow.TABLE.write(d.resolve(MetricsRow.FILE), m);
        Files.writeString(d.resolve("summary.json"), "{\"status\":\"completed\",\"iterations_completed\":40,\"train_seconds\":6.0,"
                + "\"steps_per_second\":6.6,\"samples_per_second\":660.0}");
        return d;
    }

    @Test
    void crc32cMaskAsTensorFlowDefinesIt() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        int crc = 0xE3069283;  // the CRC-32C check value
        assertThat(TensorBoard.masked(check, 0, check.length)).isEqualTo(((crc >>> 15) | (crc << 17)) + 0xa282ead8);
    }

    @Test
    void eventFileReadsBackEveryScalar() throws Exception {
        RunFolder f = RunFolder.open(run());
        Path file = Export.tensorBoard(f, dir.resolve("tb"));
        assertThat(file.getFileName().toString()).startsWith("events.out.tfevents.1714557600.");
        byte[] bytes = Files.readAllBytes(file);
        List<TensorBoard.Event> events = TensorBoard.read(bytes);
        assertThat(events.get(0).fileVersion()).isEqualTo("brain.Event:2");
        assertThat(events.get(0).wallTime()).isEqualTo(1714557600.0);
        // 5 rows x 6 scalars, less the missing batch loss of row 0.
        assertThat(events).hasSize(1 + 5 * 6 - 1);
        TensorBoard.Event e = events.stream().filter(x -> "loss/test".equals(x.tag()) && x.step() == 20).findFirst().orElseThrow();
        assertThat(e.value()).isEqualTo((float) (2.1 / 3));
        assertThat(e.wallTime()).isEqualTo(1714557600.0 + 3.0);
        bytes[bytes.length - 10] ^= 1;
        assertThatThrownBy(() -> TensorBoard.read(bytes)).hasMessageContaining("CRC");
    }

    @Test
    void scalarsComeInWallTimeOrderWithTheTimeOfTheirMetricsRow() throws Exception {
        Path d = run();
        // λ₁ at iterations 0, 15 (between metrics rows 10 and 20) and 35 (after the last row, 40 is the last)
        List<dev.basin.curvature.SharpnessRow> s = List.of(
                new dev.basin.curvature.SharpnessRow(0, 100, new double[] {3.0}, 0, true, 10, Double.NaN, Double.NaN, 0.1),
                new dev.basin.curvature.SharpnessRow(15, 100, new double[] {4.0}, 0, true, 10, Double.NaN, Double.NaN, 0.1),
                new dev.basin.curvature.SharpnessRow(35, 100, new double[] {5.0}, 0, true, 10, Double.NaN, Double.NaN, 0.1));
        dev.basin.curvature.SharpnessRow.TABLE.write(d.resolve(dev.basin.curvature.SharpnessRow.FILE), s);
        List<TensorBoard.Scalar> scalars = Export.scalars(RunFolder.open(d));
        for (int i = 1; i < scalars.size(); i++) {
            assertThat(scalars.get(i).wallTime()).as("wall time of scalar " + i).isGreaterThanOrEqualTo(scalars.get(i - 1).wallTime());
        }
        List<TensorBoard.Scalar> lambda = scalars.stream().filter(x -> x.tag().equals("sharpness/lambda_1")).toList();
        assertThat(lambda).extracting(TensorBoard.Scalar::step).containsExactly(0L, 15L, 35L);
        // metrics row 10 is at wall_s 1.5, row 30 at 4.5
        assertThat(lambda).extracting(TensorBoard.Scalar::wallTime).containsExactly(1714557600.0, 1714557601.5, 1714557604.5);
        assertThat(lambda.get(1).value()).as("the table's double").isEqualTo(4.0);
    }

    @Test
    void mlflowRunHasTheFileStoreLayout() throws Exception {
        RunFolder f = RunFolder.open(run());
        Path mlruns = dir.resolve("mlruns");
        Path r = Export.mlflow(f, mlruns, "run");
        Path again = Export.mlflow(f, mlruns, "run");
        assertThat(again).as("the same run id on a second export").isEqualTo(r);
        assertThat(Files.readString(mlruns.resolve("0/meta.yaml"))).contains("experiment_id: '0'").contains("name: Default")
                .contains("lifecycle_stage: active");
        String meta = Files.readString(r.resolve("meta.yaml"));
        String id = r.getFileName().toString();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(meta).contains("run_id: " + id).contains("run_uuid: " + id).contains("experiment_id: '0'").contains("status: 3")
                .contains("start_time: 1714557600000").contains("run_name: 'run'").contains("artifact_uri: file:");
        assertThat(Files.readString(r.resolve("params/optimizer.lr"))).isEqualTo("0.05");
        assertThat(Files.readString(r.resolve("params/training.iterations"))).isEqualTo("40");
        assertThat(r.resolve("params/provenance.created")).doesNotExist();
        List<String> lines = Files.readAllLines(r.resolve("metrics/loss/test"));
        assertThat(lines).hasSize(5);
        // MLflow stores a double: the table's value exactly, as MLflow's file store parses "timestamp value step".
        assertThat(lines.get(2)).isEqualTo("1714557603000 " + (2.1 / 3) + " 20");
        String[] parts = lines.get(2).split(" ");
        assertThat(parts).hasSize(3);
        assertThat(Long.parseLong(parts[0])).isEqualTo(1714557603000L);
        assertThat(Double.parseDouble(parts[1])).isEqualTo(2.1 / 3);
        assertThat(Long.parseLong(parts[2])).isEqualTo(20);
        assertThat(Files.readString(r.resolve("tags/mlflow.runName"))).isEqualTo("run");
        assertThat(r.resolve("artifacts/metrics.csv")).exists();
        assertThat(r.resolve("artifacts/config.json")).exists();
        try (Stream<Path> s = Files.list(mlruns.resolve("0"))) {
            assertThat(s.filter(Files::isDirectory).count()).isEqualTo(1);
        }
    }
}
