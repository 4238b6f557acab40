package dev.basin.spark;

import dev.basin.cli.RunFolders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.cli.ExitCodes;
import dev.basin.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sde-escape} on Spark ({@code local[2]}, loopback, no UI) against {@code basin run} of the same spec: the same files,
 * escape.csv and the panels byte for byte, config.json apart from its creation time, the same report; and the same again at
 * another partition count.
 */
class SparkSdeEscapeTest {
    @TempDir
    Path tmp;

    /** Two α, two rates, a batch, and a cap that censors some trajectories: every part of the output depends on the joins. */
    static final String SPEC = """
            spec_version: 1
            protocol: sde-escape
            landscape: interval
            sigma: [1.0]
            dynamics: sgd
            alpha: [1.3, 1.7]
            h: [0.02, 0.01]
            batch: 2
            trajectories: 500
            cap_steps: 3000
            seed: 4
            """;

    record Result(int code, String out, String err) {
    }

    static Result spark(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SparkSdeEscape.run(SparkSweepTest.conf(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The report lines, without the one naming the output folder and the engine's own summary. */
    static List<String> report(String out) {
        return out.lines().filter(l -> !l.startsWith("wrote ") && !l.startsWith("sde escape on ")).toList();
    }

    @Test
    void theResultIsTheLocalCommandsAtAnyPartitionCount() throws IOException {
        Path spec = tmp.resolve("escape.yaml");
        Files.writeString(spec, SPEC);
        Path local = tmp.resolve("local");
        StringWriter lo = new StringWriter();
        StringWriter le = new StringWriter();
        int lc = Main.run(new PrintWriter(lo, true), new PrintWriter(le, true), "run", spec.toString(), "--out", local.toString(), "--threads", "1", "--quiet");
        assertThat(lc).as(le.toString()).isZero();
        assertThat(dev.basin.sde.EscapeRow.TABLE.read(local.resolve("escape.csv"))).extracting(dev.basin.sde.EscapeRow::censored)
                .as("the cap censors some trajectories").anyMatch(c -> c > 0);

        for (int partitions : new int[] {3, 7}) {
            Path dist = tmp.resolve("spark-" + partitions);
            Result r = spark("sde-escape", spec.toString(), "--out", dist.toUri().toString(), "--partitions", Integer.toString(partitions), "--quiet");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("in " + partitions + " range(s) each").contains("local[2]");
            assertThat(report(r.out())).isEqualTo(report(lo.toString()));
            List<Path> files = RunFolders.files(local);
            assertThat(RunFolders.files(dist).stream().map(dist::relativize).map(Path::toString).toList())
                    .isEqualTo(files.stream().map(local::relativize).map(Path::toString).toList())
                    .contains("config.json", "escape.csv", "escape.png", "survival.png", "escape-eta.png");
            for (Path f : files) {
                Path g = dist.resolve(local.relativize(f).toString());
                if (f.getFileName().toString().equals("config.json")) {
                    assertThat(RunFolders.withoutTimeKeys(g)).isEqualTo(RunFolders.withoutTimeKeys(f));
                } else {
                    assertThat(Files.readAllBytes(g)).as("%s at %d partitions is byte-identical", local.relativize(f), partitions).isEqualTo(Files.readAllBytes(f));
                }
            }
        }
    }

    @Test
    void badInputIsOneLineExit2BeforeSparkStarts() throws IOException {
        Path train = tmp.resolve("train.yaml");
        Files.writeString(train, "spec_version: 1\nprotocol: train\ndata: {dataset: synthetic}\n");
        Path out = tmp.resolve("never");
        Result r = spark("sde-escape", train.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("train.yaml: protocol is not sde-escape");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(out).doesNotExist();

        Path spec = tmp.resolve("escape.yaml");
        Files.writeString(spec, SPEC);
        Result bad = spark("sde-escape", spec.toString(), "--out", out.toString(), "--set", "alpha=[2.5]");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("alpha values must be in (0, 2]");
        Result parts = spark("sde-escape", spec.toString(), "--out", out.toString(), "--partitions", "0");
        assertThat(parts.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(parts.err()).contains("--partitions must be a whole number >= 1, got '0'");
        Result missing = spark("sde-escape", tmp.resolve("nope.yaml").toString(), "--out", out.toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("nope.yaml: no such spec file");
        assertThat(out).doesNotExist();
    }
}
