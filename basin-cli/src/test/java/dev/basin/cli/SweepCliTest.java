package dev.basin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.sweep.SweepManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code basin sweep} end to end: cells in child JVMs, bad files, and SIGKILL at random moments. */
class SweepCliTest {
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

    Path sweep(String body) throws IOException {
        Files.writeString(tmp.resolve("base.yaml"), BASE);
        Path f = tmp.resolve("sweep.yaml");
        Files.writeString(f, "sweep_version: 1\nbase: base.yaml\n" + body);
        return f;
    }

    record Result(int code, String out, String err) {
    }

    static Result basin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void badSweepFilesExit2WithOneLineAndWriteNothing() throws IOException {
        for (String[] c : new String[][] {{"grid: {optimizer.lrr: [0.1]}", "axis optimizer.lrr"}, {"grid: {optimizer.lr: []}", "no values"},
                {"grid: {training.batch: [50, 1.5]}", "axis training.batch = 1.5"}, {"zip: {optimizer.lr: [0.1], training.seed: [1, 2]}", "zip axis training.seed"},
                {"cells: [{name: a}, {name: a}]", "two cells are named 'a'"}}) {
            Path f = sweep(c[0]);
            Path out = tmp.resolve("bad");
            Result r = basin("sweep", f.toString(), "--out", out.toString());
            assertThat(r.code()).as(c[0]).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(c[0]).contains(c[1]).contains("sweep.yaml");
            assertThat(r.err().strip().lines().count()).as(c[0]).isEqualTo(1);
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void cellsRunAsBasinRunDoesAndARerunSkipsThem() throws IOException {
        Path f = sweep("grid: {optimizer.lr: [0.05, 0.1]}\ncells: [{name: bad, set: {optimizer.lr: 1.0e+6}}]\n");
        Path out = tmp.resolve("s");
        Result r = basin("sweep", f.toString(), "--out", out.toString(), "--parallel", "2", "--threads", "1", "--quiet");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.CELLS_FAILED);
        assertThat(r.out()).contains("3 cells, 2 done").contains("1 failed");
        SweepManifest m = SweepManifest.read(out);
        assertThat(m.cells().get(2).error()).startsWith("exit 3: ");
        // the cell's folder is the one 'basin run' of its spec gives
        Result one = basin("run", out.resolve("cells/lr=0.1.spec.json").toString(), "--out", tmp.resolve("one").toString(), "--threads", "1", "--quiet");
        assertThat(one.code()).isZero();
        RunFolders.assertSame(tmp.resolve("one"), out.resolve("lr=0.1"));
        long before = Files.getLastModifiedTime(out.resolve("lr=0.1/metrics.csv")).toMillis();
        Result again = basin("sweep", f.toString(), "--out", out.toString(), "--threads", "1", "--quiet");
        assertThat(again.out()).contains("2 skipped as done");
        assertThat(Files.getLastModifiedTime(out.resolve("lr=0.1/metrics.csv")).toMillis()).isEqualTo(before);
    }

    @Test
    void sigkillAtRandomMomentsThenRerunGivesTheUninterruptedCells() throws Exception {
        Path f = sweep("grid: {optimizer.lr: [0.05, 0.1, 0.2]}\n");
        Path ref = tmp.resolve("ref");
        assertThat(basin("sweep", f.toString(), "--out", ref.toString(), "--threads", "1", "--quiet").code()).isZero();
        Path out = tmp.resolve("killed");
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(12L);
        int kills = 0;
        for (int attempt = 0; attempt < 12; attempt++) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    ProcessCellRunner.classPath(), Main.class.getName(), "sweep", f.toString(), "--out", out.toString(), "--threads", "1", "--quiet"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log-" + attempt).toFile()).start();
            // kill points spread over the sweep: before the first cell, inside cells, between them
            long wait = kills < 4 ? 300 + rng.nextLong(2500) : 0;
            if (wait > 0 && !p.waitFor(wait, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();  // SIGKILL on Unix
                p.waitFor();
                kills++;
                Thread.sleep(100);
                continue;
            }
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            if (p.exitValue() == 0) {
                break;
            }
        }
        assertThat(kills).isGreaterThanOrEqualTo(3);
        SweepManifest m = SweepManifest.read(out);
        assertThat(m.cells()).allMatch(e -> e.status() == SweepManifest.Status.DONE);
        for (SweepManifest.Entry e : m.cells()) {
            RunFolders.assertSame(ref.resolve(e.name()), out.resolve(e.name()));
        }
    }
}
