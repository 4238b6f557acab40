package dev.basin.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.spec.SweepSpec;
import dev.basin.spec.TrainSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine with an in-process runner that writes one file per cell: skipping, refusing, extending, failing, resuming. */
class SweepEngineTest {
    @TempDir
    Path tmp;

    /** Writes the cell's lr into dir/out.txt; fails for lr 0.3; counts runs and resumes. */
    static final class Fake implements Sweep.CellRunner {
        final ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> resumed = new ConcurrentLinkedQueue<>();
        final AtomicInteger concurrent = new AtomicInteger();
        volatile int maxConcurrent;

        @Override
        public void run(SweepPlan.Cell cell, Path spec, Path dir, int threads) throws Exception {
            int now = concurrent.incrementAndGet();
            maxConcurrent = Math.max(maxConcurrent, now);
            try {
                Thread.sleep(30);
                ran.add(cell.name());
                double lr = ((TrainSpec) cell.spec()).optimizer().lr();
                assertThat(Files.readString(spec)).isEqualTo(cell.json());
                if (lr == 0.3) {
                    throw new IOException("exit 3: loss diverged at iteration 7");
                }
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("out.txt"), lr + " " + threads);
            } finally {
                concurrent.decrementAndGet();
            }
        }

        @Override
        public void resume(SweepPlan.Cell cell, Path spec, Path dir, int threads) throws Exception {
            resumed.add(cell.name());
            Sweep.CellRunner.super.resume(cell, spec, dir, threads);
        }
    }

    static List<SweepPlan.Cell> cells(String lrs) {
        return SweepPlan.cells(SweepSpec.parse(SweepPlanTest.BASE + "grid: {optimizer.lr: " + lrs + ", training.seed: [1, 2]}\n", "s.yaml", null));
    }

    static Sweep.Options opts(int parallel, boolean extend, boolean failFast) {
        return new Sweep.Options(parallel, 1, extend, failFast);
    }

    @Test
    void rerunSkipsDoneCellsRetriesFailedOnesAndRecordsErrors() throws IOException {
        Path out = tmp.resolve("sw");
        Fake f = new Fake();
        Sweep.Outcome r = Sweep.run("s.yaml", cells("[0.1, 0.3, 0.2]"), out, opts(2, false, false), f, new Sweep.Listener() { });
        assertThat(r.ran()).isEqualTo(6);
        assertThat(r.failed()).isEqualTo(2);
        assertThat(f.maxConcurrent).isLessThanOrEqualTo(2);
        SweepManifest m = SweepManifest.read(out);
        assertThat(m.cells()).extracting(SweepManifest.Entry::name).containsExactly("lr=0.1_seed=1", "lr=0.1_seed=2", "lr=0.3_seed=1",
                "lr=0.3_seed=2", "lr=0.2_seed=1", "lr=0.2_seed=2");
        SweepManifest.Entry bad = m.cells().get(2);
        assertThat(bad.status()).isEqualTo(SweepManifest.Status.FAILED);
        assertThat(bad.error()).isEqualTo("exit 3: loss diverged at iteration 7");
        assertThat(m.cells().get(4).status()).isEqualTo(SweepManifest.Status.DONE);
        assertThat(m.cells().get(4).seconds()).isPositive();
        assertThat(Files.readString(out.resolve("lr=0.2_seed=2/out.txt"))).isEqualTo("0.2 1");
        List<SweepManifest.Row> rows = SweepManifest.Row.TABLE.read(out.resolve(SweepManifest.CSV));
        assertThat(rows).hasSize(6);
        assertThat(rows.get(2).error()).isEqualTo("exit 3: loss diverged at iteration 7");

        Fake g = new Fake();
        Sweep.Outcome again = Sweep.run("s.yaml", cells("[0.1, 0.3, 0.2]"), out, opts(1, false, false), g, new Sweep.Listener() { });
        assertThat(again.skipped()).isEqualTo(4);
        assertThat(g.ran).containsExactlyInAnyOrder("lr=0.3_seed=1", "lr=0.3_seed=2");
        assertThat(SweepManifest.read(out).cells().get(2).attempts()).isEqualTo(2);
    }

    @Test
    void failFastStartsNoCellAfterAFailure() throws IOException {
        Fake f = new Fake();
        Sweep.Outcome r = Sweep.run("s.yaml", cells("[0.3, 0.1, 0.2]"), tmp.resolve("ff"), opts(1, false, true), f, new Sweep.Listener() { });
        assertThat(r.stopped()).isTrue();
        assertThat(f.ran).containsExactly("lr=0.3_seed=1");
        assertThat(SweepManifest.read(tmp.resolve("ff")).cells()).extracting(SweepManifest.Entry::status).containsExactly(SweepManifest.Status.FAILED,
                SweepManifest.Status.PENDING, SweepManifest.Status.PENDING, SweepManifest.Status.PENDING, SweepManifest.Status.PENDING,
                SweepManifest.Status.PENDING);
    }

    @Test
    void aChangedFileIsRefusedAndExtendRunsOnlyNewCells() throws IOException {
        Path out = tmp.resolve("ch");
        Sweep.run("s.yaml", cells("[0.1]"), out, opts(1, false, false), new Fake(), new Sweep.Listener() { });
        byte[] manifest = Files.readAllBytes(out.resolve(SweepManifest.FILE));
        // a changed value of an existing cell: refused even with --extend, nothing written
        List<SweepPlan.Cell> changed = SweepPlan.cells(SweepSpec.parse(SweepPlanTest.BASE.replace("iterations: 10", "iterations: 11")
                + "grid: {optimizer.lr: [0.1], training.seed: [1, 2]}\n", "s.yaml", null));
        for (boolean extend : new boolean[] {false, true}) {
            assertThatThrownBy(() -> Sweep.run("s.yaml", changed, out, opts(1, extend, false), new Fake(), new Sweep.Listener() { }))
                    .hasMessageContaining("cell lr=0.1_seed=1's spec differs").hasMessageContaining("new --out");
        }
        assertThatThrownBy(() -> Sweep.run("s.yaml", cells("[0.2]"), out, opts(1, true, false), new Fake(), new Sweep.Listener() { }))
                .hasMessageContaining("no longer makes");
        assertThatThrownBy(() -> Sweep.run("s.yaml", cells("[0.1, 0.2]"), out, opts(1, false, false), new Fake(), new Sweep.Listener() { }))
                .hasMessageContaining("adds 2 cell(s)").hasMessageContaining("--extend");
        assertThat(Files.readAllBytes(out.resolve(SweepManifest.FILE))).isEqualTo(manifest);
        assertThat(out.resolve("lr=0.2_seed=1")).doesNotExist();
        Fake f = new Fake();
        Sweep.Outcome r = Sweep.run("s.yaml", cells("[0.1, 0.2]"), out, opts(1, true, false), f, new Sweep.Listener() { });
        assertThat(f.ran).containsExactly("lr=0.2_seed=1", "lr=0.2_seed=2");
        assertThat(r.skipped()).isEqualTo(2);
    }

    @Test
    void aFolderWithOtherFilesIsRefused() throws IOException {
        Files.createDirectories(tmp.resolve("x"));
        Files.writeString(tmp.resolve("x/notes.txt"), "mine");
        assertThatThrownBy(() -> Sweep.run("s.yaml", cells("[0.1]"), tmp.resolve("x"), opts(1, false, false), new Fake(), new Sweep.Listener() { }))
                .hasMessageContaining("holds files but no manifest.json");
        assertThat(tmp.resolve("x/cells")).doesNotExist();
    }

    @Test
    void anInterruptedCellIsResumedAndADoneCellWhoseFolderWentMissingRunsAgain() throws IOException {
        Path out = tmp.resolve("in");
        List<SweepPlan.Cell> cs = cells("[0.1]");
        Sweep.prepare("s.yaml", cs, out, false);
        // as a SIGKILL leaves it: the state says running, the run folder is partly written
        SweepPlan.Cell c = cs.get(0);
        dev.basin.train.Json.write(SweepManifest.stateFile(out, c.name()), new SweepManifest.Entry(c.name(), c.arm(), c.axes(), c.hash(),
                SweepManifest.Status.RUNNING, 1, null, "2026-01-01T00:00:00Z", null));
        Files.createDirectories(out.resolve(c.name()));
        Files.writeString(out.resolve(c.name()).resolve("partial.csv"), "x");
        Fake f = new Fake();
        Sweep.run("s.yaml", cs, out, opts(1, false, false), f, new Sweep.Listener() { });
        assertThat(f.resumed).containsExactly(c.name());
        assertThat(out.resolve(c.name()).resolve("partial.csv")).doesNotExist();
        assertThat(SweepManifest.read(out).cells()).allMatch(e -> e.status() == SweepManifest.Status.DONE);
        Sweep.deleteTree(out.resolve(cs.get(1).name()));
        Fake g = new Fake();
        Sweep.run("s.yaml", cs, out, opts(1, false, false), g, new Sweep.Listener() { });
        assertThat(g.ran).containsExactly(cs.get(1).name());
        assertThat(g.resumed).isEmpty();
    }
}
