package dev.basin.cli;

import static dev.basin.cli.CliTest.basin;
import static dev.basin.cli.CliTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.experiment.EscapeRow;
import dev.basin.experiment.EscapeSummaryRow;
import dev.basin.experiment.JumpRow;
import dev.basin.spec.EscapeSpec;
import dev.basin.spec.JumpsSpec;
import dev.basin.spec.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code basin escape} and {@code basin jumps} as specs: the command line, its --dump-spec run by {@code basin run}, and
 * the run's own config.json give the same tables; bad specs are one-line errors naming the key; the examples run.
 */
class EscapeSpecCliTest {
    @TempDir
    static Path dir;
    static Path run;

    /** A tiny run with checkpoints at 20 and 40: the minimum escaped from. */
    @BeforeAll
    static void trainRun() {
        run = dir.resolve("run");
        ok("train", "--dataset", "synthetic", "--depth", "2", "--width", "16", "--iterations", "40", "--checkpoint-every", "20", "--quiet",
                "--out", run.toString());
    }

    static String[] escapeArgs(String... extra) {
        List<String> a = new ArrayList<>(List.of("escape", run.toString(), "--continuations", "2", "--cap", "30", "--radius", "3", "--loss-rise", "0.05",
                "--barrier", "0.02", "--barrier-every", "10", "--barrier-points", "3", "--warmup", "3", "--samples", "200", "--optimizers", "sgd,sgdm,adam",
                "--lr", "sgdm=0.02", "--predict", "--alpha", "1.4", "--top", "2", "--end-sharpness", "--train-until", "loss=0.6", "--train-lr", "0.1"));
        a.addAll(Arrays.asList(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void escapeCommandDumpedSpecAndConfigJsonGiveTheSameTables() throws IOException {
        Path a = dir.resolve("escape-a");
        CliTest.Result cmd = ok(escapeArgs("--out", a.toString(), "--parallel", "2"));
        assertThat(cmd.out()).contains("trained ").contains("to loss <= 0.6").contains("prediction at theta*").contains("2 at once");
        Path spec = dir.resolve("escape.yaml");
        CliTest.Result dump = ok(escapeArgs("--dump-spec"));
        Files.writeString(spec, dump.out());
        EscapeSpec s = (EscapeSpec) Specs.read(spec, List.of()).spec();
        assertThat(s.sameRate()).containsExactly("sgd", "sgdm", "adam");
        assertThat(s.arms()).hasSize(3);
        assertThat(s.arms().get(1).lr()).isEqualTo(0.02);

        // One continuation at a time here, two above: the tables do not depend on it.
        Path b = dir.resolve("escape-b");
        CliTest.Result fromSpec = ok("run", spec.toString(), "--out", b.toString(), "--threads", "1");
        assertThat(fromSpec.out()).contains("1 at once");
        assertSameEscapeOutputs(a, b);

        // config.json: the resolved spec and provenance; it reads back and writes the same text, and runs again.
        Path config = a.resolve("config.json");
        String text = Files.readString(config);
        assertThat(Specs.toJson(Specs.readRun(config))).isEqualTo(text);
        assertThat(Specs.readRun(config).spec()).isEqualTo(s);
        assertThat(Specs.readRun(config).provenance().threads()).isEqualTo(2);
        Path c = dir.resolve("escape-c");
        ok("run", config.toString(), "--out", c.toString());
        assertSameEscapeOutputs(a, c);

        // Arms from the shortcuts: sgd at the run's 0.1 is the customary sgd, so it is not repeated; sgdm and adam are.
        List<EscapeRow> rows = EscapeRow.TABLE.read(a.resolve(EscapeRow.FILE));
        assertThat(rows.stream().map(r -> r.optimizer() + " " + r.lr()).distinct().toList())
                .containsExactly("sgd 0.1", "sgdm 0.02", "adam 0.001", "sgdm 0.1", "adam 0.1");
        assertThat(rows).allSatisfy(r -> assertThat(r.finalLambdaMax()).isPositive());
    }

    private static void assertSameEscapeOutputs(Path a, Path b) throws IOException {
        assertThat(withoutSeconds(EscapeRow.TABLE.read(a.resolve(EscapeRow.FILE)))).isEqualTo(withoutSeconds(EscapeRow.TABLE.read(b.resolve(EscapeRow.FILE))));
        List<String> la = Files.readAllLines(a.resolve(EscapeRow.FILE));
        List<String> lb = Files.readAllLines(b.resolve(EscapeRow.FILE));
        assertThat(la).hasSameSizeAs(lb);
        for (int i = 0; i < la.size(); i++) {
            assertThat(la.get(i).substring(0, la.get(i).lastIndexOf(','))).isEqualTo(lb.get(i).substring(0, lb.get(i).lastIndexOf(',')));
        }
        assertThat(Files.readString(b.resolve(EscapeSummaryRow.FILE))).isEqualTo(Files.readString(a.resolve(EscapeSummaryRow.FILE)));
        assertThat(Files.readAllBytes(b.resolve("theta-star.safetensors"))).isEqualTo(Files.readAllBytes(a.resolve("theta-star.safetensors")));
        assertThat(Files.readString(b.resolve("escape.json")).replaceAll("\"seconds\" : [0-9.E-]+", ""))
                .isEqualTo(Files.readString(a.resolve("escape.json")).replaceAll("\"seconds\" : [0-9.E-]+", ""));
        for (String f : List.of("survival-radius.png", "survival-loss_rise.png", "survival-barrier.png")) {
            assertThat(b.resolve(f)).exists();
        }
    }

    private static List<EscapeRow> withoutSeconds(List<EscapeRow> rows) {
        return rows.stream().map(r -> new EscapeRow(r.optimizer(), r.lr(), r.continuation(), r.seed(), r.exitRadius(), r.exitLossRise(), r.exitBarrier(),
                r.iterations(), r.finalLoss(), r.finalAccuracy(), r.finalDistance(), r.finalLambdaMax(), r.diverged(), 0)).toList();
    }

    @Test
    void jumpsCommandDumpedSpecAndConfigJsonGiveTheSameTable() throws IOException {
        Path a = dir.resolve("jumps-a");
        CliTest.Result cmd = ok("jumps", run.toString(), "--samples", "100", "--points", "5", "--out", a.toString());
        assertThat(cmd.out()).contains("1 segments");
        Path spec = dir.resolve("jumps.yaml");
        Files.writeString(spec, ok("jumps", run.toString(), "--samples", "100", "--points", "5", "--dump-spec").out());
        assertThat(Specs.read(spec, List.of()).spec()).isEqualTo(new JumpsSpec(List.of(run.toString()), 0.01, 5, 100));
        Path b = dir.resolve("jumps-b");
        ok("run", spec.toString(), "--out", b.toString());
        assertThat(Files.readString(b.resolve(JumpRow.FILE))).isEqualTo(Files.readString(a.resolve(JumpRow.FILE)));
        assertThat(JumpRow.TABLE.read(a.resolve(JumpRow.FILE))).hasSize(1);
        Path config = a.resolve("config.json");
        assertThat(Specs.toJson(Specs.readRun(config))).isEqualTo(Files.readString(config));
        Path c = dir.resolve("jumps-c");
        ok("run", config.toString(), "--out", c.toString());
        assertThat(Files.readString(c.resolve(JumpRow.FILE))).isEqualTo(Files.readString(a.resolve(JumpRow.FILE)));

        // Without --out: jumps.csv in the run folder, whose config.json stays the training run's.
        String trainConfig = Files.readString(run.resolve("config.json"));
        ok("jumps", run.toString(), "--samples", "100", "--points", "5");
        assertThat(Files.readString(run.resolve(JumpRow.FILE))).isEqualTo(Files.readString(a.resolve(JumpRow.FILE)));
        assertThat(Files.readString(run.resolve("config.json"))).isEqualTo(trainConfig);
        // Several runs into one folder: OUT/NAME/jumps.csv.
        Path other = dir.resolve("other");
        ok("train", "--dataset", "synthetic", "--depth", "2", "--width", "8", "--iterations", "20", "--checkpoint-every", "10", "--quiet", "--out",
                other.toString());
        Path both = dir.resolve("jumps-both");
        ok("jumps", run.toString(), other.toString(), "--samples", "100", "--points", "3", "--out", both.toString());
        assertThat(JumpRow.TABLE.read(both.resolve("run").resolve(JumpRow.FILE))).hasSize(1);
        assertThat(JumpRow.TABLE.read(both.resolve("other").resolve(JumpRow.FILE))).hasSize(1);
    }

    @Test
    void badSpecsAreOneLineErrorsNamingTheKeyAndWriteNothing() throws IOException {
        Path out = dir.resolve("bad-out");
        String base = "protocol: escape\nrun: " + run + "\ncontinuations: 2\ncap: 10\n";
        assertBad(base + "radiuss: 3\n", "radiuss: unknown key", out);
        assertBad(base + "warmup: lots\n", "warmup: expected a whole number", out);
        assertBad(base.replace("continuations: 2", "continuations: 1"), "continuations must be >= 2, got 1", out);
        assertBad(base + "predict: {top: 0}\n", "predict: top must be >= 1, got 0", out);
        assertBad(base + "arms: [{name: sgd, momentum: 0.9}]\n", "momentum does not apply to optimizer 'sgd'", out);
        String jumps = "protocol: jumps\nruns: [" + run + "]\n";
        assertBad(jumps + "point: 5\n", "point: unknown key", out);
        assertBad(jumps + "threshold: [1]\n", "threshold: expected a number", out);
        assertBad(jumps + "points: 2\n", "points must be >= 3, got 2", out);
        // The command line's own checks, before anything is read.
        CliTest.Result r = basin("escape", run.toString(), "--rates", "sometimes", "--out", out.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("unknown --rates 'sometimes'");
        assertThat(out).doesNotExist();
        CliTest.Result p = basin("escape", run.toString(), "--parallel", "0", "--out", out.toString());
        assertThat(p.err()).contains("--parallel must be >= 1, got 0");
        assertThat(out).doesNotExist();
    }

    private static void assertBad(String yaml, String contains, Path out) throws IOException {
        CliTest.assertBadSpec(dir.resolve("bad.yaml"), yaml, out, contains);
    }

    @Test
    void theExampleSpecsRun() throws IOException {
        Path examples = Files.isDirectory(Path.of("examples")) ? Path.of("examples") : Path.of("..", "examples");
        Path e = dir.resolve("example-escape");
        CliTest.Result r = ok("run", examples.resolve("escape.yaml").toString(), "--set", "run=" + run, "--out", e.toString(), "--threads", "2");
        assertThat(r.out()).contains("to loss <= 0.6").contains("sgdm lr 0.05").contains("prediction at theta*");
        assertThat(EscapeRow.TABLE.read(e.resolve(EscapeRow.FILE))).hasSize(4 * 3);
        assertThat(EscapeSummaryRow.TABLE.read(e.resolve(EscapeSummaryRow.FILE))).hasSize(4 * 3);
        Path j = dir.resolve("example-jumps");
        ok("run", examples.resolve("jumps.yaml").toString(), "--set", "runs=[" + run + "]", "--out", j.toString());
        assertThat(JumpRow.TABLE.read(j.resolve(JumpRow.FILE))).hasSize(1);
    }
}
