package dev.basin.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.basin.curvature.SharpnessProbe;
import dev.basin.data.AtomicFiles;
import dev.basin.data.Batch;
import dev.basin.data.BatchSampler;
import dev.basin.data.DataException;
import dev.basin.data.DataSets;
import dev.basin.data.Dataset;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.nn.SoftmaxCrossEntropy;
import dev.basin.noise.AlphaProbe;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.optim.LrSchedule;
import dev.basin.optim.OptimizerState;
import dev.basin.optim.Optimizers;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming a run from a checkpoint gives the uninterrupted run, bit for bit; what it relies on, piece by piece. */
class ResumeTest {
    @TempDir
    Path dir;

    /** An interruption: thrown from the listener after a chosen step, as if the process had died there. */
    static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static final DataSets.Loaded DATA = DataSets.synthetic(3);

    private static TrainSettings settings(int threads) {
        // 45 steps of batch 256 over the synthetic set (10,000 samples: 40 batches an epoch, the last one of 16): the
        // second epoch starts between two checkpoints.
        return new TrainSettings(256, 45, 10, 200, BatchSampler.Order.SHUFFLE, 5, threads, 7, false, 500);
    }

    private static List<Probe> probes() {
        return List.of(new AlphaProbe(IterationSchedule.parse("15"), "both", 4, true),
                new SharpnessProbe(IterationSchedule.parse("20"), 100, 2, 0, 1e-3, 100, 5));
    }

    private static Trainer trainer(Network net, String opt, int threads, TrainListener l) {
        return new Trainer(net, SoftmaxCrossEntropy.INSTANCE, Optimizers.byName(opt), LrSchedule.constant(opt.equals("adam") ? 1e-3 : 0.05),
                DATA.train(), DATA.test(), settings(threads), probes(), l);
    }

    private static Network net() {
        return Models.mlp(DataSets.SYNTHETIC_DIM, 3, 32, 10, false, OpenBlasGemm.INSTANCE);
    }

    private static void write(Path out, String opt, int threads, long dieAfter) throws IOException {
        try (RunDirectory d = RunDirectory.create(out)) {
            Files.writeString(d.config(), "{}");
            trainer(net(), opt, threads, new TrainListener() {
                @Override
                public void onStep(long iteration, double loss) {
                    if (iteration == dieAfter) {
                        throw new Interrupted();
                    }
                }
            }).run(d, Map.of());
        } catch (Interrupted e) {
            // the run folder stays as the dead process left it
        }
    }

    private static TrainResult resume(Path out, String opt, int threads, List<String> notes) throws IOException {
        Network net = net();
        try (RunDirectory d = RunDirectory.reopen(out)) {
            Resume.Point from = Resume.find(d, net, settings(threads).iterations(), notes::add);
            return trainer(net, opt, threads, new TrainListener() { }).run(d, Map.of(), from);
        }
    }

    @Test
    void interruptedRunsResumeBitIdenticallyForEachOptimizerAndThreadCount() throws IOException {
        SplittableRandom rng = new SplittableRandom(11);
        for (String opt : List.of("sgd", "sgdm", "adam")) {
            for (int threads : new int[] {1, 2}) {
                Path ref = dir.resolve(opt + threads + "-ref");
                write(ref, opt, threads, -1);
                for (int kill = 0; kill < 1; kill++) {
                    long at = 1 + rng.nextInt(44);
                    Path cut = dir.resolve(opt + threads + "-" + at + "-" + kill);
                    write(cut, opt, threads, at);
                    assertThat(Resume.status(cut)).isEqualTo(Resume.Status.UNFINISHED);
                    TrainResult r = resume(cut, opt, threads, new ArrayList<>());
                    assertThat(r.status()).isEqualTo("completed");
                    assertSameRun(ref, cut, opt + " " + threads + " threads, interrupted after step " + at);
                }
            }
        }
    }

    @Test
    void aRunInterruptedBeforeItsFirstCheckpointStartsAgain() throws IOException {
        Path ref = dir.resolve("ref");
        write(ref, "adam", 1, -1);
        Path cut = dir.resolve("cut");
        write(cut, "adam", 1, 3);
        try (RunDirectory d = RunDirectory.reopen(cut)) {
            assertThat(Resume.find(d, net(), 45, s -> { })).isEqualTo(Resume.Point.START);
        }
        resume(cut, "adam", 1, new ArrayList<>());
        assertSameRun(ref, cut, "resumed from the start");
    }

    @Test
    void aDamagedNewestCheckpointIsSkippedWithANote() throws IOException {
        Path ref = dir.resolve("ref");
        write(ref, "sgdm", 1, -1);
        Path cut = dir.resolve("cut");
        write(cut, "sgdm", 1, 30);
        Path newest = cut.resolve("checkpoints/iter-0000028.safetensors");
        byte[] b = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(b, b.length / 2));
        List<String> notes = new ArrayList<>();
        try (RunDirectory d = RunDirectory.reopen(cut)) {
            assertThat(Resume.find(d, net(), 45, notes::add).iteration()).isEqualTo(21);
        }
        assertThat(notes).singleElement().asString().contains("iter-0000028.safetensors").contains("damaged");
        resume(cut, "sgdm", 1, new ArrayList<>());
        assertSameRun(ref, cut, "resumed past a damaged checkpoint");
    }

    @Test
    void leftoverTemporaryFilesOfAKilledWriteAreRemovedOnResume() throws IOException {
        Path cut = dir.resolve("cut");
        write(cut, "sgd", 1, 9);
        Path part = cut.resolve("checkpoints/.iter-0000014.safetensors12345.part");
        Files.write(part, new byte[100]);
        resume(cut, "sgd", 1, new ArrayList<>());
        assertThat(part).doesNotExist();
    }

    static void assertSameRun(Path a, Path b, String what) throws IOException {
        for (String f : List.of("metrics.csv", "alpha.csv", "sharpness.csv")) {
            assertThat(withoutTime(b.resolve(f))).as(what + ": " + f).isEqualTo(withoutTime(a.resolve(f)));
        }
        List<String> names = checkpointNames(a);
        assertThat(checkpointNames(b)).as(what + ": checkpoints").isEqualTo(names);
        for (String n : names) {
            assertThat(Files.readAllBytes(b.resolve("checkpoints").resolve(n))).as(what + ": " + n).isEqualTo(Files.readAllBytes(a.resolve("checkpoints").resolve(n)));
        }
        RunSummary sa = RunSummary.read(a.resolve("summary.json"));
        RunSummary sb = RunSummary.read(b.resolve("summary.json"));
        assertThat(sb.iterationsCompleted()).isEqualTo(sa.iterationsCompleted());
        assertThat(sb.last().testLoss()).isEqualTo(sa.last().testLoss());
        assertThat(sb.finalCheckpoint()).isEqualTo(sa.finalCheckpoint());
    }

    private static List<String> checkpointNames(Path run) throws IOException {
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A table's lines without the columns of wall-clock seconds. */
    static List<String> withoutTime(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] head = lines.get(0).split(",", -1);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] c = line.split(",", -1);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < c.length; i++) {
                if (!head[i].endsWith("_s") && !head[i].endsWith("seconds")) {
                    sb.append(c[i]).append(',');
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void skippingBatchesLandsWhereDrawingThemWould() {
        SplittableRandom rng = new SplittableRandom(3);
        Dataset d = DATA.train();
        for (int trial = 0; trial < 40; trial++) {
            int batch = 1 + rng.nextInt(250);
            BatchSampler.Order order = rng.nextBoolean() ? BatchSampler.Order.SHUFFLE : BatchSampler.Order.FIXED;
            long k = rng.nextInt(40);
            BatchSampler drawn = new BatchSampler(d, batch, order, 17);
            BatchSampler skipped = new BatchSampler(d, batch, order, 17);
            Batch b = Batch.forDataset(d, batch);
            for (long i = 0; i < k; i++) {
                drawn.next(b);
            }
            skipped.skip(k);
            assertThat(skipped.epoch()).isEqualTo(drawn.epoch());
            assertThat(skipped.cursor()).isEqualTo(drawn.cursor());
            Batch c = Batch.forDataset(d, batch);
            for (int i = 0; i < 3; i++) {
                drawn.next(b);
                skipped.next(c);
                assertThat(c.labels()).isEqualTo(b.labels());
                assertThat(c.features().contentEquals(b.features())).isTrue();
            }
        }
    }

    @Test
    void truncationKeepsTheRowsUpToTheCheckpointAndDropsAHalfWrittenLine() throws IOException {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "iteration,x\n0,a\n5,b\n10,c\n15,d\n20,e");
        Resume.truncate(f, 10);
        assertThat(Files.readString(f)).isEqualTo("iteration,x\n0,a\n5,b\n10,c\n");
        Files.writeString(f, "iteration,x\n0,a\n5,b\n");
        Resume.truncate(f, 100);
        assertThat(Files.readString(f)).isEqualTo("iteration,x\n0,a\n5,b\n");
        Files.writeString(f, "iteration,x\n0,a\nfive,b\n7,c\n");
        assertThatThrownBy(() -> Resume.truncate(f, 10)).isInstanceOf(DataException.class).hasMessageContaining("line 3").hasMessageContaining("t.csv");
        Files.writeString(f, "step,x\n0,a\n");
        assertThatThrownBy(() -> Resume.truncate(f, 10)).isInstanceOf(DataException.class).hasMessageContaining("not 'iteration'");
        Resume.truncate(dir.resolve("absent.csv"), 3);
        assertThat(dir.resolve("absent.csv")).doesNotExist();
    }

    @Test
    void nonFiniteValuesAreFoundWhereverTheyAre() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            for (int at : new int[] {0, 17, 4095, 4096, 9999}) {
                FloatVec v = FloatVec.zeros(10_000);
                v.fill(1.5f);
                v.set(at, bad);
                assertThat(v.allFinite()).as(bad + " at " + at).isFalse();
            }
        }
        FloatVec edge = FloatVec.of(Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -0f, 0f, Float.MIN_NORMAL);
        assertThat(edge.allFinite()).isTrue();
        OptimizerState st = Optimizers.byName("adam").create(3).state();
        assertThat(st.nonFiniteBuffer()).isNull();
        st.buffer("exp_avg_sq").set(2, Float.POSITIVE_INFINITY);
        assertThat(st.nonFiniteBuffer()).isEqualTo("exp_avg_sq");
    }

    @Test
    void aDivergingRunStopsAtTheStepWithTheReason() throws IOException {
        Trainer t = new Trainer(net(), SoftmaxCrossEntropy.INSTANCE, Optimizers.byName("sgd"), LrSchedule.constant(1e6), DATA.train(), DATA.test(),
                settings(1), List.of(), new TrainListener() { });
        TrainResult r;
        try (RunDirectory d = RunDirectory.create(dir.resolve("div"))) {
            r = t.run(d, Map.of());
        }
        assertThat(r.diverged()).isTrue();
        assertThat(r.divergedAt()).isBetween(1L, 45L);
        assertThat(r.divergence()).containsAnyOf("loss", "parameter");
        assertThat(RunSummary.read(dir.resolve("div/summary.json")).divergence()).isEqualTo(r.divergence());
        assertThat(Resume.status(dir.resolve("div"))).isEqualTo(Resume.Status.EMPTY); // no config.json: not a run this test resumes
    }

    @Test
    void aFullDiskLeavesThePreviousCheckpointLoadableAndNamesTheFile() throws IOException {
        Network net = net();
        FloatVec theta = net.newParameters();
        net.initialize(theta, 1);
        long oneCheckpoint;
        Path probe = dir.resolve("size.safetensors");
        Checkpoint.save(probe, net, theta, null, 0, Map.of());
        oneCheckpoint = Files.size(probe);
        // Room for one checkpoint and a little more, not for a second one beside it.
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setMaxSize(oneCheckpoint * 3 / 2).setBlockSize(4096).build())) {
            Path run = fs.getPath("/run");
            Files.createDirectories(run);
            Path first = run.resolve("iter-0000010.safetensors");
            Checkpoint.save(first, net, theta, null, 10, Map.of());
            Path second = run.resolve("iter-0000020.safetensors");
            assertThatThrownBy(() -> Checkpoint.save(second, net, theta, null, 20, Map.of()))
                    .isInstanceOf(AtomicFiles.WriteException.class)
                    .hasMessageContaining("iter-0000020.safetensors");
            assertThat(second).doesNotExist();
            try (Stream<Path> s = Files.list(run)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("iter-0000010.safetensors");
            }
            Checkpoint.Loaded back = Checkpoint.load(first, net);
            assertThat(back.theta().contentEquals(theta)).isTrue();
            assertThat(back.iteration()).isEqualTo(10);
        }
    }

    @Test
    void metadataRoundTripsTheLossAccumulatorExactly() {
        BatchSampler s = new BatchSampler(DATA.train(), 1000, BatchSampler.Order.SHUFFLE, 1);
        s.skip(13);
        double sum = 0.1 + 0.2 + 1e-17;
        Map<String, String> m = Resume.metadata(sum, 3, s);
        assertThat(Double.parseDouble(m.get(Resume.LOSS_SUM))).isEqualTo(sum);
        assertThat(m.get(Resume.SAMPLER_EPOCH)).isEqualTo("1");
        assertThat(m.get(Resume.SAMPLER_CURSOR)).isEqualTo("3000");
    }
}
