package dev.basin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.train.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heavy-tail diagnostics from the command line: probes, basin noise, tail-index --diagnostics, and their bad input. */
class NoiseCliTest {
    @TempDir
    Path dir;

    /** A float64 C-order .npy of the given shape. */
    static Path npy(Path file, double[] values, int... shape) throws IOException {
        String dims = shape.length == 1 ? shape[0] + "," : String.join(", ", Arrays.stream(shape).mapToObj(Integer::toString).toList());
        StringBuilder h = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': (" + dims + "), }");
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) h.length());
        b.put(h.toString().getBytes(StandardCharsets.US_ASCII));
        for (double v : values) {
            b.putDouble(v);
        }
        return Files.write(file, b.array());
    }

    @Test
    void trainingProbesWriteTheControlsAndTheCoordinatePicture() throws IOException {
        Path run = dir.resolve("run");
        CliTest.Result r = CliTest.basin("train", "--out", run.toString(), "--quiet", "--dataset", "synthetic", "--iterations", "20",
                "--eval-every", "20", "--threads", "1", "--optimizer", "adam", "--alpha-every", "at:0,20", "--alpha-sets", "train",
                "--alpha-batches", "20", "--alpha-per-layer", "--alpha-diagnostics", "--alpha-coordinates", "300", "--alpha-batch", "50",
                "--checkpoint-every", "20");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> rows = Files.readAllLines(run.resolve("alpha.csv"));
        List<String> header = List.of(rows.get(0).split(","));
        assertThat(header).contains("alpha_nz", "alpha_null_nz", "zero_var_coords", "alpha_std_robust", "coord_gauss_reject_bh", "fit_best",
                "alpha_nz_0.weight", "zero_var_0.weight");
        assertThat(rows).hasSize(1 + 2 * 3);
        String[] raw = rows.get(1).split(",", -1);
        assertThat(raw[header.indexOf("quantity")]).isEqualTo("raw");
        assertThat(raw[header.indexOf("noise_batch")]).isEqualTo("50");
        assertThat(Double.parseDouble(raw[header.indexOf("alpha_std_robust")])).isBetween(0.5, 2.5);
        assertThat(Integer.parseInt(raw[header.indexOf("coords_sampled")])).isEqualTo(300);
        assertThat(raw[header.indexOf("fit_best")]).isNotEmpty();
        List<String> coords = Files.readAllLines(run.resolve("alpha-coordinates.csv"));
        assertThat(coords.get(0)).startsWith("iteration,set,group,coords,zero_var");
        assertThat(coords).anyMatch(l -> l.startsWith("0,train,all,300,")).anyMatch(l -> l.startsWith("20,train,0.weight,"));
        // Both files read back through their typed tables and write again to the same text.
        List<dev.basin.noise.AlphaRow> typed = dev.basin.noise.AlphaRow.TABLE.read(run.resolve("alpha.csv"));
        assertThat(typed.get(0).diagnostics().coordsSampled()).isEqualTo(300);
        assertThat(typed.get(1).diagnostics()).as("ema rows have no diagnostics").isNull();
        assertThat(typed.get(0).tensors()).extracting(dev.basin.noise.AlphaRow.Tensor::tensor).contains("0.weight");
        dev.basin.table.Table.Layout layout = new dev.basin.table.Table.Layout(0, true,
                typed.get(0).tensors().stream().map(dev.basin.noise.AlphaRow.Tensor::tensor).toList());
        assertThat(dev.basin.noise.AlphaRow.TABLE.csv(typed, layout)).isEqualTo(Files.readString(run.resolve("alpha.csv")));
        assertThat(dev.basin.noise.CoordinateRow.ALONG_TRAINING.csv(dev.basin.noise.CoordinateRow.ALONG_TRAINING.read(run.resolve("alpha-coordinates.csv"))))
                .isEqualTo(Files.readString(run.resolve("alpha-coordinates.csv")));
        // The reader sees the primary figure.
        List<dev.basin.noise.AlphaTable.Row> t = dev.basin.noise.AlphaTable.read(run.resolve("alpha.csv"));
        assertThat(t.get(0).primary()).isFinite();
        assertThat(t.get(0).alphaNull()).isFinite();

        // basin noise on the final checkpoint: the full report and the Fig. 1 panel.
        Path out = dir.resolve("noise");
        CliTest.Result n = CliTest.basin("noise", run.toString(), "--iteration", "20", "--alpha-batches", "20", "--coordinates", "200",
                "--bootstrap", "9", "--fit-samples", "2000", "--threads", "1", "--out", out.toString());
        assertThat(n.code()).as(n.err()).isZero();
        assertThat(n.out()).contains("reference alpha").contains("zero-variance coords").contains("Gaussian null").contains("per coordinate (200)");
        JsonNode j = Json.MAPPER.readTree(out.resolve("noise.json").toFile());
        assertThat(j.path("iteration").asLong()).isEqualTo(20);
        assertThat(j.path("raw").path("nonzero").path("alpha").asDouble()).isPositive();
        assertThat(j.path("fits").path("families").size()).isGreaterThanOrEqualTo(3);
        assertThat(out.resolve("noise-histogram.png")).exists();
        assertThat(out.resolve("noise-coordinates.csv")).exists();
    }

    @Test
    void tailIndexDiagnosticsReadTwoDimensionalSamplesAsMinibatchesByCoordinates() throws IOException {
        int p = 64;
        int d = 300;
        double[] x = new double[p * d];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < d; j++) {
                // Gaussian columns over three decades of scale; the last 30 columns are constant (zero noise).
                double scale = Math.pow(10, -3.0 * j / d);
                double u1 = rng.nextDouble();
                double u2 = rng.nextDouble();
                x[i * d + j] = j >= 270 ? 1.5 : scale * Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
            }
        }
        Path f = npy(dir.resolve("noise.npy"), x, p, d);
        CliTest.Result r = CliTest.basin("tail-index", f.toString(), "--diagnostics", "--coordinates", "100", "--bootstrap", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("64 minibatches x 300 coordinates").contains("zero-variance coords   30 of 300 (10.0%)");
        CliTest.Result j = CliTest.basin("tail-index", f.toString(), "--diagnostics", "--bootstrap", "0", "--json");
        JsonNode n = Json.MAPPER.readTree(j.out());
        assertThat(n.path("zero_variance_coordinates").asLong()).isEqualTo(30);
        // Gaussian per column: the null explains the pooled alpha.
        JsonNode e = n.path("estimates");
        double diff = e.path("nonzero_vs_null").path("value").asDouble();
        double se = e.path("nonzero_vs_null").path("stderr").asDouble();
        assertThat(Math.abs(diff)).isLessThan(3 * se + 0.02);

        // 1-D samples get the fits and tests that need no coordinate structure.
        double[] c = new double[2000];
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.tan(Math.PI * (rng.nextDouble() - 0.5));
        }
        CliTest.Result one = CliTest.basin("tail-index", npy(dir.resolve("c.npy"), c, c.length).toString(), "--diagnostics", "--bootstrap", "0");
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(one.out()).contains("Gaussianity").contains("Hill/KS tail index");
    }

    @Test
    void badDiagnosticInputGetsOneLine() throws IOException {
        Path oneRow = npy(dir.resolve("one.npy"), new double[] {1, 2, 3, 4}, 1, 4);
        CliTest.Result r = CliTest.basin("tail-index", oneRow.toString(), "--diagnostics");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).contains("has 1 row(s)").doesNotContain("Exception");
        Path nan = npy(dir.resolve("nan.npy"), new double[] {1, 2, Double.NaN, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 8, 2);
        r = CliTest.basin("tail-index", nan.toString(), "--diagnostics");
        assertThat(r.code()).isEqualTo(ExitCodes.DATA);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("non-finite value NaN");
        Path run = dir.resolve("run");
        r = CliTest.basin("train", "--out", run.toString(), "--quiet", "--dataset", "synthetic", "--alpha-every", "10", "--alpha-batch", "20000");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--alpha-batch 20000 is larger than the synthetic-train set");
        assertThat(run).doesNotExist();
        r = CliTest.basin("train", "--out", run.toString(), "--quiet", "--dataset", "synthetic", "--alpha-every", "10", "--alpha-batch", "-5");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("alpha: noise_batch must be >= 1 (or 0 for the training batch), got -5");
        assertThat(run).doesNotExist();
    }
}
