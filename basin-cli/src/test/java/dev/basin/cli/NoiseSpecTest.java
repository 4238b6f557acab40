package dev.basin.cli;

import static dev.basin.cli.CliTest.basin;
import static dev.basin.cli.CliTest.with;
import static dev.basin.cli.CliTest.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.data.DataException;
import dev.basin.noise.CoordinateRow;
import dev.basin.spec.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code basin noise} as a spec: the command and {@code basin run} of its {@code --dump-spec} write the same folder;
 * config.json round-trips; bad specs get one line naming the key and write nothing; noise-coordinates.csv reads
 * back; the example spec runs.
 */
class NoiseSpecTest {
    @TempDir
    static Path shared;
    static Path run;

    @TempDir
    Path dir;

    /** A tiny run: 20 iterations on the synthetic data, checkpoints every 10. */
    @BeforeAll
    static void train() {
        run = CliTest.tinyRun(shared.resolve("run"));
    }

    @Test
    void commandAndBasinRunOfItsDumpedSpecWriteTheSameFolder() throws IOException {
        String[] args = {"noise", run.toString(), "--iteration", "10", "--set", "test", "--alpha-batch", "50", "--alpha-batches", "12",
                "--coordinates", "150", "--bootstrap", "3", "--fit-samples", "500", "--bootstrap-seed", "7", "--bins", "21"};
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        CliTest.Result cmd = ok(with(args, "--threads", "1", "--out", a.toString()));
        assertThat(cmd.out()).contains("iteration 10, test set: 12 minibatches of 50").contains("per coordinate (150)").contains("3 replicates");
        CliTest.Result dump = ok(with(args, "--dump-spec"));
        assertThat(dump.out()).startsWith("spec_version: 1\nprotocol: noise\n").contains("bootstrap_seed: 7").contains("bins: 21");
        Path spec = Files.writeString(dir.resolve("noise.yaml"), dump.out());
        ok("run", spec.toString(), "--threads", "1", "--out", b.toString());
        RunFolders.assertSame(a, b);
        for (String f : List.of("config.json", "noise.json", "noise-coordinates.csv", "noise-histogram.png", "noise-histogram-standardised.svg")) {
            assertThat(a.resolve(f)).exists();
        }
        assertThat(Files.readAllLines(a.resolve(CoordinateRow.FILE)).get(0)).isEqualTo(String.join(",", dev.basin.noise.NoiseDiagnostics.GROUP_COLUMNS));
        for (Path p : List.of(a, b)) {
            String text = Files.readString(p.resolve("config.json"));
            assertThat(Specs.toJson(Specs.readRun(p.resolve("config.json")))).as(p + "/config.json read and written again").isEqualTo(text);
            assertThat(text).contains("\"provenance\"").contains("\"threads\" : 1").contains("\"bootstrap_seed\" : 7");
        }
        // The table reads back as written.
        List<CoordinateRow> rows = CoordinateRow.TABLE.read(a.resolve(CoordinateRow.FILE));
        assertThat(rows.get(0).group()).isEqualTo("all");
        assertThat(rows.get(0).coords()).isEqualTo(150);
        assertThat(rows).allMatch(r -> r.iteration() == 10 && r.set().equals("test"));
    }

    @Test
    void theCoordinateTableRoundTripsAndRefusesDamage() throws IOException {
        List<CoordinateRow> rows = List.of(new CoordinateRow(20, "train", "all", 300, 4, 296, 1, 1.1, 1.3, 1.6, 2.0, 2.9, -0.1, 0.09, 0.01, 0.005, 0.1),
                new CoordinateRow(20, "train", "0.weight", 30, 0, 30, 30, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        0, 0, 0, 0));
        Path f = dir.resolve(CoordinateRow.FILE);
        CoordinateRow.TABLE.write(f, rows);
        assertThat(CoordinateRow.TABLE.read(f)).isEqualTo(rows);
        String text = Files.readString(f);
        Files.writeString(f, text.replace("alpha_q05", "alpha_5"));
        assertThatThrownBy(() -> CoordinateRow.TABLE.read(f)).isInstanceOf(DataException.class)
                .hasMessageContaining("is not a noise-coordinates.csv").hasMessageNotContaining("\n");
        Files.writeString(f, text.replace("296", "many"));
        assertThatThrownBy(() -> CoordinateRow.TABLE.read(f)).isInstanceOf(DataException.class)
                .hasMessageContaining("line 2, column tested").hasMessageNotContaining("\n");
    }

    /** A spec with one bad key: exit 2, one line on stderr that names the key path, nothing written. */
    private void assertBadSpec(String body, String contains) throws IOException {
        CliTest.assertBadSpec(dir.resolve("bad.yaml"), "spec_version: 1\nprotocol: noise\n" + body, dir.resolve("never"), contains);
    }

    @Test
    void badSpecsNameTheKeyAndWriteNothing() throws IOException {
        String n = "run: " + run + "\n";
        assertBadSpec(n + "coordinate: 200\n", "coordinate: unknown key");
        assertBadSpec(n + "bootstrap: many\n", "bootstrap: expected a whole number");
        assertBadSpec(n + "bins: 3\n", "bins must be >= 5, got 3");
        assertBadSpec(n + "fit_samples: 10\n", "fit_samples must be >= 100, got 10");
        assertBadSpec(n + "noise_batch: -1\n", "noise_batch must be >= 1 (or 0 for the training batch), got -1");
        assertBadSpec(n + "set: validation\n", "set");
        assertBadSpec("bins: 21\n", "run must be given");
        // The command's options make the same spec, so the same messages.
        CliTest.Result r = basin("noise", run.toString(), "--coordinates", "0", "--out", dir.resolve("never").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("coordinates must be >= 1, got 0");
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void theExampleRunsAndTheDefaultFolderNeverOverwritesTheRunsConfig() throws IOException {
        Path example = Path.of("..", "examples", "noise.yaml");
        assertThat(example).as("run from the basin-cli module folder").exists();
        CliTest.Result r = ok("run", example.toString(), "--set", "run=" + run, "--threads", "1");
        assertThat(r.out()).contains("reference alpha").contains("best by AIC");
        Path out = run.resolve("noise-20-train");
        for (String f : List.of("config.json", "noise.json", "noise-coordinates.csv", "noise-histogram.png", "noise-histogram-standardised.png")) {
            assertThat(out.resolve(f)).exists();
        }
        String before = Files.readString(run.resolve("config.json"));
        CliTest.Result clobber = basin("run", example.toString(), "--set", "run=" + run, "--out", run.toString());
        assertThat(clobber.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(clobber.err()).contains("records a 'train' run and would be overwritten");
        assertThat(Files.readString(run.resolve("config.json"))).isEqualTo(before);
        assertThat(run.resolve("noise.json")).doesNotExist();
    }
}
