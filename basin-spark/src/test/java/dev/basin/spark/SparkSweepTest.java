package dev.basin.spark;

import dev.basin.cli.RunFolders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.cli.ExitCodes;
import dev.basin.cli.Main;
import dev.basin.sweep.SweepManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark engine on {@code local[2]} (loopback, no UI) against the local engine on the same sweep: the same cells,
 * hashes and statuses, each cell's run folder identical (time columns aside), and a re-submission that skips the
 * finished cells and runs only a cell whose folder is gone.
 */
class SparkSweepTest {
    @TempDir
    Path tmp;

    static final String BASE = """
            spec_version: 1
            protocol: train
            data: {dataset: synthetic}
            model: {depth: 2, width: 16}
            optimizer: {name: sgd, lr: 0.1}
            training: {batch: 50, iterations: 60, eval_every: 20, checkpoint_every: 20}
            """;

    record Result(int code, String out, String err) {
    }

    static SparkConf conf() {
        return new SparkConf().setMaster("local[2]").setAppName("basin sweep test").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }

    static Result spark(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SparkSweep.run(conf(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Path sweep(String body) throws IOException {
        Files.writeString(tmp.resolve("base.yaml"), BASE);
        Path f = tmp.resolve("sweep.yaml");
        Files.writeString(f, "sweep_version: 1\nbase: base.yaml\n" + body);
        return f;
    }

    @Test
    void cellsAreTheLocalEnginesAndAResubmissionSkipsTheFinishedOnes() throws IOException {
        Path f = sweep("grid: {optimizer.lr: [0.05, 0.1, 0.2]}\n");
        Path local = tmp.resolve("local");
        StringWriter lo = new StringWriter();
        StringWriter le = new StringWriter();
        int lc = Main.run(new PrintWriter(lo, true), new PrintWriter(le, true), "sweep", f.toString(), "--out", local.toString(), "--parallel", "2", "--threads", "1", "--quiet");
        assertThat(lc).as(le.toString()).isZero();

        Path dist = tmp.resolve("spark");
        String uri = dist.toUri().toString();
        assertThat(uri).startsWith("file:");
        Result r = spark("sweep", f.toString(), "--out", uri, "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("3 cells, 3 done (3 run now, 0 skipped as done), 0 failed").contains("local[2]");

        SweepManifest a = SweepManifest.read(local);
        SweepManifest b = SweepManifest.read(dist);
        assertThat(b.cells()).extracting(SweepManifest.Entry::name).containsExactly("lr=0.05", "lr=0.1", "lr=0.2")
                .isEqualTo(a.cells().stream().map(SweepManifest.Entry::name).toList());
        assertThat(b.cells()).extracting(SweepManifest.Entry::specSha256).isEqualTo(a.cells().stream().map(SweepManifest.Entry::specSha256).toList());
        assertThat(b.cells()).extracting(SweepManifest.Entry::status).containsOnly(SweepManifest.Status.DONE);
        assertThat(b.cells()).extracting(SweepManifest.Entry::attempts).containsOnly(1);
        for (SweepManifest.Entry e : a.cells()) {
            RunFolders.assertSame(local.resolve(e.name()), dist.resolve(e.name()));
            assertThat(Files.readAllBytes(SweepManifest.specFile(dist, e.name()))).isEqualTo(Files.readAllBytes(SweepManifest.specFile(local, e.name())));
        }
        // nothing but what the local engine writes: no checksum or temporary files
        List<String> names = RunFolders.files(dist).stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).noneMatch(n -> n.endsWith(".crc") || n.endsWith(".tmp"));
        assertThat(RunFolders.files(dist).stream().map(dist::relativize).map(Path::toString).filter(n -> !n.startsWith("cells/")).toList())
                .isEqualTo(RunFolders.files(local).stream().map(local::relativize).map(Path::toString).filter(n -> !n.startsWith("cells/")).toList());

        // re-submission: every cell skipped; then with one folder gone, only that cell runs
        long before = Files.getLastModifiedTime(dist.resolve("lr=0.1/metrics.csv")).toMillis();
        Result again = spark("sweep", f.toString(), "--out", uri, "--quiet");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("3 done (0 run now, 3 skipped as done)");
        assertThat(Files.getLastModifiedTime(dist.resolve("lr=0.1/metrics.csv")).toMillis()).isEqualTo(before);

        dev.basin.sweep.Sweep.deleteTree(dist.resolve("lr=0.2"));
        Result third = spark("sweep", f.toString(), "--out", dist.toString(), "--quiet");
        assertThat(third.code()).as(third.err()).isZero();
        assertThat(third.out()).contains("3 done (1 run now, 2 skipped as done)");
        assertThat(SweepManifest.read(dist).cells()).extracting(SweepManifest.Entry::attempts).containsExactly(1, 1, 2);
        RunFolders.assertSame(local.resolve("lr=0.2"), dist.resolve("lr=0.2"));
        assertThat(Files.getLastModifiedTime(dist.resolve("lr=0.1/metrics.csv")).toMillis()).isEqualTo(before);

        // a file that changes a cell is refused as locally, naming the sweep folder
        Files.writeString(tmp.resolve("base2.yaml"), BASE.replace("batch: 50", "batch: 25"));
        Path changed = tmp.resolve("changed.yaml");
        Files.writeString(changed, "sweep_version: 1\nbase: base2.yaml\ngrid: {optimizer.lr: [0.05, 0.1, 0.2]}\n");
        Result refused = spark("sweep", changed.toString(), "--out", uri, "--quiet");
        assertThat(refused.code()).as(refused.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("cell lr=0.05's spec differs from the one run in " + uri.replaceAll("/$", "")).doesNotContain("basin-sweep-");
        assertThat(SweepManifest.read(dist).cells()).extracting(SweepManifest.Entry::attempts).containsExactly(1, 1, 2);
    }

    @Test
    void badSweepFilesAreOneLineExit2BeforeSparkStarts() throws IOException {
        Path f = sweep("grid: {optimizer.lrr: [0.1]}\n");
        Path out = tmp.resolve("bad");
        Result r = spark("sweep", f.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("axis optimizer.lrr").contains("sweep.yaml");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(out).doesNotExist();
        Result noOut = spark("sweep", f.toString());
        assertThat(noOut.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noOut.err()).contains("--out");
    }
}
