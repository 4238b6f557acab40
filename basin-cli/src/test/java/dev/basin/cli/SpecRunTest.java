package dev.basin.cli;

import static dev.basin.cli.CliTest.basin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.spec.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands and their specs: --dump-spec then basin run gives the command's own folder; bad specs fail cleanly. */
class SpecRunTest {
    @TempDir
    Path dir;

    private static String[] args(String first, List<String> options, String... more) {
        List<String> a = new ArrayList<>(Arrays.asList(first.split(" ")));
        a.addAll(options);
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** Runs {@code command} into A, dumps its spec, runs the spec into B, and compares the folders. */
    private Path dumpThenRun(String command, List<String> options, boolean rerunConfig) throws IOException {
        Path a = dir.resolve("a");
        CliTest.Result ra = basin(args(command, options, "--out", a.toString(), "--quiet", "--threads", "1"));
        assertThat(ra.code()).as(ra.err()).isZero();
        CliTest.Result dump = basin(args(command, options, "--dump-spec"));
        assertThat(dump.code()).as(dump.err()).isZero();
        assertThat(dump.out()).startsWith("spec_version: 1\nprotocol: ");
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, dump.out());
        Path b = dir.resolve("b");
        CliTest.Result rb = basin("run", spec.toString(), "--out", b.toString(), "--quiet", "--threads", "1");
        assertThat(rb.code()).as(rb.err()).isZero();
        RunFolders.assertSame(a, b);
        // config.json is the resolved spec: read and written again, byte-identical; and it runs again too.
        for (Path cfg : RunFolders.files(a).stream().filter(p -> p.getFileName().toString().equals("config.json")).toList()) {
            assertThat(Specs.toJson(Specs.readRun(cfg))).as(a.relativize(cfg).toString()).isEqualTo(Files.readString(cfg));
        }
        if (!rerunConfig) {
            return a;
        }
        Path c = dir.resolve("c");
        CliTest.Result rc = basin("run", a.resolve("config.json").toString(), "--out", c.toString(), "--quiet");
        assertThat(rc.code()).as(rc.err()).isZero();
        RunFolders.assertSame(a, c);
        return a;
    }

    @Test
    void trainDumpedSpecRunsToTheSameFolder() throws IOException {
        Path a = dumpThenRun("train", List.of("--dataset", "synthetic", "--iterations", "30", "--eval-every", "10", "--optimizer", "adam",
                "--checkpoint-every", "10", "--alpha-every", "at:0,30", "--alpha-batches", "4", "--sharpness-every", "at:30",
                "--sharpness-samples", "200", "--schedule", "cosine"), true);
        assertThat(dev.basin.curvature.SharpnessRow.TABLE.read(a.resolve("sharpness.csv"))).hasSize(1);
        assertThat(dev.basin.train.RunSummary.read(a.resolve("summary.json")).status()).isEqualTo("completed");
        assertThat(dev.basin.train.MetricsRow.TABLE.read(a.resolve("metrics.csv"))).hasSize(4);
        assertThat(RunFolders.files(a.resolve("checkpoints"))).hasSize(3);
    }

    @Test
    void reproduceDumpedSpecRunsToTheSameFolder() throws IOException {
        dumpThenRun("reproduce zhou2020", List.of("--dataset", "synthetic", "--iterations", "20", "--depth", "3", "--width", "32", "--alpha-batches", "4",
                "--arms", "sgd=0.1,adam"), false);
        assertThat(Files.readString(dir.resolve("a/summary.md"))).contains("| sgd | 0.1 |").contains("| adam | 0.001 |");
    }

    @Test
    void badSpecsGiveOneLineNamingTheKeyAndWriteNothing() throws IOException {
        Path out = dir.resolve("out");
        String base = "spec_version: 1\nprotocol: train\ndata: {dataset: synthetic}\ntraining: {iterations: 10}\n";
        String[][] cases = {
            {base + "optimizer: {nme: sgd}\n", "optimizer.nme: unknown key"},
            {base + "model: {depth: three}\n", "model.depth: expected a whole number, got 'three'"},
            {base + "optimizer: {lr: 0}\n", "optimizer: lr must be a finite number > 0, got 0.0"},
            {base.replace("spec_version: 1", "spec_version: 9"), "spec_version 9 is newer than this Basin understands"},
            {base.replace("{dataset: synthetic}", "{dataset: fashion, files: [{role: x, source: y}]}"), "data: files: unknown role 'x'"},
        };
        for (String[] c : cases) {
            CliTest.assertBadSpec(dir.resolve("bad.yaml"), c[0], out, c[1], "bad.yaml");
        }
        Files.writeString(dir.resolve("files.yaml"), base.replace("{dataset: synthetic}",
                "{dataset: mnist, files: [{role: train_images, source: " + dir.resolve("missing.gz") + "}]}"));
        CliTest.Result missing = basin("run", dir.resolve("files.yaml").toString(), "--out", out.toString(), "--quiet");
        assertThat(missing.code()).as(missing.err()).isEqualTo(ExitCodes.DATA);
        assertThat(missing.err()).contains("missing.gz").contains("not found");
        assertThat(out).doesNotExist();
        CliTest.Result noFile = basin("run", dir.resolve("nothing.yaml").toString());
        assertThat(noFile.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noFile.err()).contains("nothing.yaml not found");
    }

    @Test
    void setOverridesKeysAndDumpSpecWritesNothing() throws IOException {
        Path spec = dir.resolve("s.yaml");
        Files.writeString(spec, "protocol: train\ndata: {dataset: synthetic}\n");
        CliTest.Result r = basin("run", spec.toString(), "--set", "optimizer.name=sgdm", "--set", "training.iterations=5", "--dump-spec");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("name: sgdm").contains("momentum: 0.9").contains("iterations: 5");
        CliTest.Result t = basin("train", "--dataset", "synthetic", "--out", dir.resolve("never").toString(), "--dump-spec");
        assertThat(t.code()).isZero();
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void everyExampleSpecParses() throws IOException {
        Path examples = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "examples");
        if (!Files.isDirectory(examples)) {
            examples = Path.of("..", "examples");
        }
        // Sweep files (sweep-*.yaml) are not specs; HostileInputTest reads them as sweep files.
        List<Path> files = RunFolders.files(examples).stream().filter(p -> p.toString().endsWith(".yaml"))
                .filter(p -> !p.getFileName().toString().startsWith("sweep-")).toList();
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            CliTest.Result r = basin("run", f.toString(), "--dump-spec");
            assertThat(r.code()).as(f + ": " + r.err()).isZero();
        }
    }

    @Test
    void theTrainExampleRuns() throws IOException {
        Path examples = Path.of("..", "examples");
        Path out = dir.resolve("ex");
        CliTest.Result r = basin("run", examples.resolve("train.yaml").toString(), "--out", out.toString(), "--quiet", "--set",
                "training.iterations=40", "--set", "alpha.schedule=at:0,40", "--set", "sharpness.schedule=at:40", "--set", "training.checkpoint_every=20");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("alpha.csv")).exists();
        assertThat(out.resolve("sharpness.csv")).exists();
    }

    @Test
    void theZhou2020ExampleRunsWithItsArms() throws IOException {
        Path out = dir.resolve("zhou");
        CliTest.Result r = basin("run", Path.of("..", "examples").resolve("zhou2020-quick.yaml").toString(), "--out", out.toString(), "--quiet",
                "--set", "iterations=20", "--set", "depth=3", "--set", "width=32", "--set", "alpha_batches=4",
                "--set", "arms=[{name: sgd, lr: 0.1}, {name: adam, lr: 0.0005, beta2: 0.99}]");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("| sgd | 0.1 |").contains("| adam | 5.0E-4 |");
        dev.basin.spec.TrainSpec adam = Specs.readRun(out.resolve("adam/config.json")).spec(dev.basin.spec.TrainSpec.class, "adam");
        assertThat(adam.optimizer().beta2()).isEqualTo(0.99);
        assertThat(dev.basin.experiment.Zhou2020.SummaryRow.TABLE.read(out.resolve("summary.csv"))).hasSize(2);
        assertThat(dev.basin.experiment.Claims.Row.TABLE.read(out.resolve("claims.csv"))).isNotEmpty();
    }
}
