package dev.basin.cli;

import static dev.basin.cli.CliTest.basin;
import static dev.basin.cli.CliTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.data.FaultInjection;
import dev.basin.train.Resume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills real {@code basin} processes — SIGKILL at random moments, and deterministic deaths ({@link FaultInjection}) during a
 * training step, inside a checkpoint write, inside an α evaluation and between the arms of a reproduction — then resumes
 * them and requires the uninterrupted run's folder: every table (time columns aside), every checkpoint byte for byte.
 * The longer soak is {@code scripts/resume-soak.sh}.
 */
class ResumeKillTest {
    @TempDir
    Path tmp;

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** A small train run with both probes, on {@code threads} BLAS threads. */
    private static List<String> train(String optimizer, int threads, Path out) {
        return List.of("train", "--dataset", "synthetic", "--optimizer", optimizer, "--iterations", "60", "--eval-every", "10",
                "--checkpoint-every", "8", "--depth", "3", "--width", "32", "--batch", "128", "--train-eval-samples", "500",
                "--alpha-every", "15", "--alpha-batches", "4", "--sharpness-every", "20", "--sharpness-samples", "100",
                "--threads", Integer.toString(threads), "--quiet", "--out", out.toString());
    }

    private static Process start(List<String> args, String fault, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-cp", System.getProperty("java.class.path")));
        if (fault != null) {
            cmd.add("-D" + FaultInjection.PROPERTY + "=" + fault);
        }
        cmd.add("dev.basin.cli.Main");
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** One kill: how the process ended and what the folder held afterwards. */
    private record Kill(String how, int exit, Resume.Status left) {
    }

    @Test
    void killedTrainRunsResumeToTheUninterruptedRunBitForBit() throws Exception {
        SplittableRandom rng = new SplittableRandom(2024);
        List<Kill> kills = new ArrayList<>();
        String[] points = {"step", "checkpoint-write", "alpha"};
        for (String opt : List.of("sgd", "sgdm", "adam")) {
            for (int threads : new int[] {1, 2}) {
                Path ref = tmp.resolve(opt + "-" + threads + "-ref");
                ok(train(opt, threads, ref).toArray(String[]::new));
                double trainSeconds = dev.basin.train.RunSummary.read(ref.resolve("summary.json")).trainSeconds();
                for (int k = 0; k < 4; k++) {
                    Path run = tmp.resolve(opt + "-" + threads + "-" + k);
                    Path log = tmp.resolve(opt + "-" + threads + "-" + k + ".log");
                    String how;
                    Process p;
                    if (k < 2) {
                        // Deterministic: a step, a checkpoint write or an α evaluation, at a random occurrence.
                        String point = points[rng.nextInt(points.length)];
                        int n = switch (point) {
                            case "step" -> 1 + rng.nextInt(59);
                            case "checkpoint-write" -> 1 + rng.nextInt(7);
                            default -> 1 + rng.nextInt(8);
                        };
                        how = point + ":" + n;
                        p = start(train(opt, threads, run), how, log);
                        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(how).isTrue();
                    } else {
                        // SIGKILL at a random moment of the training: once the child has written config.json, after a
                        // random share (0-120%) of the time the uninterrupted run trained.
                        p = start(train(opt, threads, run), null, log);
                        long deadline = System.nanoTime() + 120_000_000_000L;
                        while (!Files.exists(run.resolve("config.json")) && p.isAlive() && System.nanoTime() < deadline) {
                            Thread.sleep(5);
                        }
                        long ms = (long) (rng.nextDouble(1.2) * 1000 * trainSeconds);
                        how = "SIGKILL " + ms + " ms after config.json";
                        if (!p.waitFor(ms, TimeUnit.MILLISECONDS)) {
                            p.destroyForcibly();
                        }
                        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    }
                    Resume.Status left = Resume.status(run);
                    kills.add(new Kill(opt + " " + threads + "t " + how, p.exitValue(), left));
                    if (left == Resume.Status.UNFINISHED) {
                        CliTest.Result r = basin("train", "--resume", run.toString(), "--quiet");
                        assertThat(r.code()).as(how + ": " + r.err() + Files.readString(log)).isZero();
                    } else if (left == Resume.Status.EMPTY) {
                        // Killed before config.json: nothing was started, so the run starts again into the same folder.
                        ok(train(opt, threads, run).toArray(String[]::new));
                    }
                    RunFolders.assertSame(ref, run);
                }
            }
        }
        long interrupted = kills.stream().filter(k -> k.exit() != 0 && k.left() == Resume.Status.UNFINISHED).count();
        System.out.println("kill-and-resume: " + kills.size() + " kills, " + interrupted + " left an unfinished run; " + kills);
        assertThat(kills).hasSize(24);
        // Every deterministic death lands mid-run; most timed ones should too.
        assertThat(interrupted).isGreaterThanOrEqualTo(16);
    }

    @Test
    void aKilledReproductionResumesToTheSameSummaryAndClaims() throws Exception {
        List<String> args = List.of("reproduce", "zhou2020", "--dataset", "synthetic", "--iterations", "30", "--depth", "2", "--width", "16",
                "--alpha-batches", "4", "--seeds", "2", "--threads", "1", "--quiet");
        Path ref = tmp.resolve("ref");
        List<String> a = new ArrayList<>(args);
        a.addAll(List.of("--out", ref.toString()));
        ok(a.toArray(String[]::new));
        // Die after the second arm's training of seed 1 (before its analysis); resume, and die again in seed 2's first
        // arm (the 40th step the resumed process takes); then let `basin run --out` finish it.
        Path run = tmp.resolve("run");
        List<String> b = new ArrayList<>(args);
        b.addAll(List.of("--out", run.toString()));
        Path log = tmp.resolve("repro.log");
        Process first = start(b, "arm:2", log);
        assertThat(first.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(Files.readString(log)).isEqualTo(137);
        Process second = start(List.of("reproduce", "zhou2020", "--resume", run.toString(), "--quiet"), "step:40", log);
        assertThat(second.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(Files.readString(log)).isEqualTo(137);
        assertThat(run.resolve("seed-1/zhou2020-seed.json")).exists();
        assertThat(run.resolve("claims.csv")).doesNotExist();
        assertThat(Resume.status(run.resolve("seed-2/sgd"))).isEqualTo(Resume.Status.UNFINISHED);
        ok("run", run.resolve("config.json").toString(), "--out", run.toString(), "--quiet");
        for (String f : List.of("claims.csv", "claims.md", "seed-1/summary.csv", "seed-2/summary.csv", "seed-1/escape-sharpest.csv",
                "seed-2/escape-sharpest.csv")) {
            assertThat(RunFolders.withoutTimeColumns(run.resolve(f))).as(f).isEqualTo(RunFolders.withoutTimeColumns(ref.resolve(f)));
        }
        RunFolders.assertSame(ref.resolve("seed-2/adam"), run.resolve("seed-2/adam"));
    }

    @Test
    void runOfTheSameSpecIntoAnUnfinishedFolderResumesItAndADifferentSpecIsRefused() throws Exception {
        Path ref = tmp.resolve("ref");
        ok(train("adam", 1, ref).toArray(String[]::new));
        Path run = tmp.resolve("run");
        Process p = start(train("adam", 1, run), "step:33", tmp.resolve("log"));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Path spec = tmp.resolve("spec.yaml");
        Files.writeString(spec, basin(with(train("adam", 1, run), "--dump-spec")).out());
        CliTest.Result other = basin("run", spec.toString(), "--set", "optimizer.lr=0.01", "--out", run.toString(), "--quiet");
        assertThat(other.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err().strip()).doesNotContain("\n").contains("holds a different run").contains("optimizer.lr");
        ok("run", spec.toString(), "--out", run.toString(), "--quiet");
        RunFolders.assertSame(ref, run);
        CliTest.Result again = basin("train", "--resume", run.toString());
        assertThat(again.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("is complete");
    }

    @Test
    void aDivergedRunIsRefusedUnlessContinuedFromItsLastGoodCheckpointWithOtherSettings() throws Exception {
        Path run = tmp.resolve("div");
        // The rate jumps a thousandfold after step 20, so the run diverges soon after its checkpoint at 20.
        CliTest.Result d = basin("train", "--dataset", "synthetic", "--optimizer", "sgd", "--lr", "0.05", "--schedule", "multistep",
                "--milestones", "20", "--lr-gamma", "1000", "--iterations", "60", "--eval-every", "5", "--checkpoint-every", "10", "--depth", "3",
                "--width", "32", "--threads", "1", "--quiet", "--out", run.toString());
        assertThat(d.code()).as(d.err()).isEqualTo(ExitCodes.DIVERGED);
        assertThat(d.err().strip()).doesNotContain("\n").contains("diverged at iteration").contains("--after-divergence");
        CliTest.Result refused = basin("train", "--resume", run.toString());
        assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err().strip()).doesNotContain("\n").contains("diverged at iteration").contains("--after-divergence");
        CliTest.Result batch = basin("train", "--resume", run.toString(), "--after-divergence", "--set", "training.batch=50");
        assertThat(batch.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(batch.err()).contains("cannot change training.batch");
        CliTest.Result noFlag = basin("train", "--resume", run.toString(), "--set", "schedule.gamma=1");
        assertThat(noFlag.code()).isEqualTo(ExitCodes.USAGE);
        long divergedAt = dev.basin.train.RunSummary.read(run.resolve("summary.json")).divergedAtIteration();
        ok("train", "--resume", run.toString(), "--after-divergence", "--set", "schedule.gamma=1", "--quiet");
        assertThat(dev.basin.train.RunSummary.read(run.resolve("summary.json")).status()).isEqualTo("completed");
        assertThat(run.resolve("metrics.diverged-" + divergedAt + ".csv")).exists();
        assertThat(run.resolve("config.diverged-" + divergedAt + ".json")).exists();
        assertThat(Files.readString(run.resolve("config.json"))).contains("\"gamma\" : 1.0");
        assertThat(Files.readString(run.resolve("config.diverged-" + divergedAt + ".json"))).contains("\"gamma\" : 1000.0");
        assertThat(Files.readAllLines(run.resolve("metrics.csv")).get(Files.readAllLines(run.resolve("metrics.csv")).size() - 1)).startsWith("60,");
    }

    private static String[] with(List<String> args, String... extra) {
        List<String> a = new ArrayList<>(args);
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }
}
