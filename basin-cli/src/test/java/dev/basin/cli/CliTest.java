package dev.basin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, one-line errors, and nothing left half-written. */
class CliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result basin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Writes {@code yaml} to {@code spec}, runs it into {@code out}, and requires a usage error: one line naming
     * what is wrong ({@code contains}), exit 2, and nothing written.
     */
    static void assertBadSpec(Path spec, String yaml, Path out, String... contains) throws IOException {
        Files.writeString(spec, yaml);
        Result r = basin("run", spec.toString(), "--out", out.toString(), "--threads", "1");
        assertThat(r.code()).as(yaml + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip().lines().count()).as("one line: " + r.err()).isEqualTo(1);
        assertThat(r.err()).contains(contains).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out).doesNotExist();
    }

    /** {@code args} followed by {@code more}. */
    static String[] with(String[] args, String... more) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /**
     * Trains the tiny run the spec tests measure into {@code out}: a 2-layer net of width 8, 20 iterations on the
     * synthetic data, checkpoints every 10, one thread, with {@code extra} options.
     */
    static Path tinyRun(Path out, String... extra) {
        ok(with(new String[] {"train", "--dataset", "synthetic", "--iterations", "20", "--depth", "2", "--width", "8", "--checkpoint-every", "10",
            "--threads", "1", "--quiet", "--out", out.toString()}, extra));
        return out;
    }

    /** Runs the command line and requires exit 0. */
    static Result ok(String... args) {
        Result r = basin(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    private String[] train(Path runDir, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--out", runDir.toString(), "--quiet"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private void assertOneLineError(Result r, int code, String contains, Path runDir) {
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        assertThat(r.err().strip().lines().count()).as("one line: " + r.err()).isEqualTo(1);
        assertThat(r.err()).contains(contains).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(runDir).doesNotExist();
    }

    @Test
    void badOptionsFailWithOneLineAndWriteNothing() {
        Path run = dir.resolve("run");
        assertOneLineError(basin(train(run, "--dataset", "imagenet")), ExitCodes.USAGE, "unknown data set 'imagenet'", run);
        assertOneLineError(basin(train(run, "--optimizer", "lion")), ExitCodes.USAGE, "unknown optimizer 'lion'", run);
        assertOneLineError(basin(train(run, "--lr", "-0.1")), ExitCodes.USAGE, "optimizer: lr must be a finite number > 0, got -0.1", run);
        assertOneLineError(basin(train(run, "--lr", "NaN")), ExitCodes.USAGE, "got NaN", run);
        assertOneLineError(basin(train(run, "--batch", "0")), ExitCodes.USAGE, "training: batch must be >= 1, got 0", run);
        assertOneLineError(basin(train(run, "--depth", "0")), ExitCodes.USAGE, "depth", run);
        assertOneLineError(basin(train(run, "--momentum", "0.9")), ExitCodes.USAGE, "optimizer: momentum does not apply to optimizer 'sgd' (only to sgdm)", run);
        assertOneLineError(basin(train(run, "--iterations", "ten")), ExitCodes.USAGE, "Invalid value for option '--iterations'", run);
        assertOneLineError(basin(train(run, "--frobnicate")), ExitCodes.USAGE, "Unknown option: '--frobnicate'", run);
    }

    @Test
    void missingTruncatedAndCorruptDataAreDataErrors() throws IOException {
        Path run = dir.resolve("run");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Result r = basin(train(run, "--dataset", "mnist", "--data-dir", empty.toString()));
        assertOneLineError(r, ExitCodes.DATA, "basin download --dataset mnist", run);

        // A truncated official file: found, then rejected.
        Path data = Files.createDirectories(dir.resolve("data/fashion-mnist"));
        byte[] header = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3};
        Files.write(data.resolve("train-images-idx3-ubyte"), header);
        r = basin(train(run, "--dataset", "fashion", "--data-dir", dir.resolve("data").toString()));
        assertOneLineError(r, ExitCodes.DATA, "is truncated", run);

        // Official name, wrong bytes: the checksum gate stops it.
        byte[] full = new byte[16 + 2 * 784];
        System.arraycopy(header, 0, full, 0, 16);
        Files.write(data.resolve("train-images-idx3-ubyte"), full);
        r = basin(train(run, "--dataset", "fashion", "--data-dir", dir.resolve("data").toString()));
        assertOneLineError(r, ExitCodes.DATA, "checksum mismatch", run);
    }

    @Test
    void divergenceHasItsOwnExitCodeAndKeepsMetrics() {
        Path run = dir.resolve("run");
        Result r = basin(train(run, "--dataset", "synthetic", "--lr", "1e5", "--depth", "4", "--iterations", "200", "--threads", "1"));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.DIVERGED);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("diverged at iteration").contains("lower --lr");
        assertThat(run.resolve("metrics.csv")).exists();
        assertThat(run.resolve("summary.json")).content().contains("diverged");
    }

    @Test
    void trainsAndRefusesToOverwriteARunFolder() throws IOException {
        Path run = dir.resolve("run");
        Result r = basin(train(run, "--dataset", "synthetic", "--iterations", "100", "--eval-every", "50", "--threads", "1",
                "--optimizer", "sgdm", "--schedule", "multistep"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("done: 100 iterations");
        try (Stream<Path> s = Files.list(run)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("config.json", "metrics.csv", "summary.json", "checkpoints");
        }
        String config = Files.readString(run.resolve("config.json"));
        assertThat(config).contains("\"basin_version\"").contains("\"name\" : \"sgdm\"").contains("\"momentum\" : 0.9")
                .contains("\"kind\" : \"multistep\"").contains("\"milestones\" : [ 33, 66 ]").contains("\"seed\" : 1").contains("\"train_eval_samples\"");
        assertThat(dev.basin.spec.Specs.toJson(dev.basin.spec.Specs.readRun(run.resolve("config.json")))).as("config.json round-trips").isEqualTo(config);
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(4);
        byte[] before = Files.readAllBytes(run.resolve("metrics.csv"));
        Result again = basin(train(run, "--dataset", "synthetic", "--iterations", "10"));
        assertThat(again.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("already holds files; choose another --out");
        assertThat(Files.readAllBytes(run.resolve("metrics.csv"))).isEqualTo(before);
    }

    @Test
    void alphaOptionsAreCheckedBeforeAnythingIsWritten() {
        Path run = dir.resolve("run");
        assertOneLineError(basin(train(run, "--dataset", "synthetic", "--alpha-every", "50:x")), ExitCodes.USAGE,
                "cannot read iteration schedule '50:x'", run);
        assertOneLineError(basin(train(run, "--dataset", "synthetic", "--alpha-every", "100", "--alpha-sets", "validation")),
                ExitCodes.USAGE, "unknown noise evaluation set 'validation'", run);
        assertOneLineError(basin(train(run, "--dataset", "synthetic", "--alpha-every", "100", "--batch", "20000")),
                ExitCodes.USAGE, "batch 20000 is larger than the training set (10000 samples)", run);
        assertOneLineError(basin(train(run, "--dataset", "synthetic", "--alpha-every", "100", "--alpha-batches", "-1")),
                ExitCodes.USAGE, "alpha: batches must be >= 0, got -1", run);
    }

    @Test
    void trainsWithAlphaProbesAndEstimatesFiles() throws IOException {
        Path run = dir.resolve("run");
        Result r = basin(train(run, "--dataset", "synthetic", "--iterations", "40", "--eval-every", "20", "--threads", "1",
                "--optimizer", "adam", "--alpha-every", "at:0,40", "--alpha-sets", "test", "--alpha-batches", "10"));
        assertThat(r.code()).as(r.err()).isZero();
        List<String> rows = Files.readAllLines(run.resolve("alpha.csv"));
        assertThat(rows).hasSize(1 + 2 * 3);
        assertThat(rows.get(1)).startsWith("0,test,raw,");
        assertThat(Files.readString(run.resolve("config.json"))).contains("\"alpha\"").contains("\"schedule\" : \"at:0,40\"");

        StringBuilder sb = new StringBuilder();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) {
            // Cauchy (α = 1) by inversion.
            sb.append(Math.tan(Math.PI * (rng.nextDouble() - 0.5))).append('\n');
        }
        Path sample = Files.writeString(dir.resolve("cauchy.txt"), sb.toString());
        Result t = basin("tail-index", sample.toString(), "--estimator", "all");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("N = 10000, K1 = 100, K2 = 100").contains("mohammadi  alpha = ").contains("hill").contains("order");
        String line = t.out().lines().filter(l -> l.startsWith("mohammadi")).findFirst().orElseThrow();
        double alpha = Double.parseDouble(line.replaceAll(".*alpha = ([0-9.]+) .*", "$1"));
        double se = Double.parseDouble(line.replaceAll(".*\\+/- ([0-9.]+).*", "$1"));
        assertThat(Math.abs(alpha - 1.0)).isLessThan(4 * se);
        Result j = basin("tail-index", sample.toString(), "--json");
        assertThat(j.out()).contains("\"k1\" : 100").contains("\"estimator\" : \"mohammadi\"");
        Result prime = basin("tail-index", Files.writeString(dir.resolve("p.txt"), "1\n2\n3\n4\n5\n6\n7\n").toString(), "--blocks", "reference");
        assertThat(prime.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(prime.err()).contains("would divide by log 1 = 0; use --blocks robust");
        Result missing = basin("tail-index", dir.resolve("nope.npy").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.DATA);
        assertThat(missing.err().strip()).isEqualTo("tail-index: file not found: " + dir.resolve("nope.npy"));
    }

    @Test
    void reproduceChecksItsArguments() {
        Path out = dir.resolve("z");
        Result r = basin("reproduce", "zhou2021", "--out", out.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("unknown experiment 'zhou2021'; choose zhou2020");
        r = basin("reproduce", "zhou2020", "--scale", "medium", "--out", out.toString());
        assertThat(r.err()).contains("unknown --scale 'medium'");
        r = basin("reproduce", "zhou2020", "--dataset", "mnist", "--data-dir", dir.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.DATA);
        assertThat(out).doesNotExist();
    }

    @Test
    void reproducesOnSyntheticDataAndCompares() throws IOException {
        Path out = dir.resolve("z");
        // A 2×64 net: the whole protocol (training, α, curvature, escape, interpolation, claims) in seconds; the CI's main
        // job runs it on the default 5×512 net.
        Result r = basin("reproduce", "zhou2020", "--dataset", "synthetic", "--iterations", "40", "--alpha-batches", "4", "--threads", "1",
                "--depth", "2", "--width", "64", "--quiet", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("| sgd | 0.05 |").contains("| sgdm | 0.05 |").contains("| adam | 0.001 |");
        for (String f : List.of("alpha.png", "alpha.svg", "accuracy.png", "accuracy.svg", "alpha-adam-smoothing.png", "summary.csv",
                "summary.md", "config.json", "sgd/alpha.csv", "adam/metrics.csv")) {
            assertThat(out.resolve(f)).as(f).exists();
        }
        Path cmp = dir.resolve("cmp");
        Result c = basin("compare", "a=" + out.resolve("sgd"), out.resolve("adam").toString(), "--out", cmp.toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(cmp.resolve("alpha.png")).exists();
        Result bad = basin("compare", dir.resolve("nothing").toString(), "--out", cmp.toString());
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("is not a Basin run folder");
    }

    @Test
    void sdeSampleWritesDrawsTheTailIndexCommandRecognises() {
        Path f = dir.resolve("s.npy");
        Result r = basin("sde", "sample", "--alpha", "1.5", "--n", "250000", "--seed", "4", "--out", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Result t = basin("tail-index", f.toString(), "--json");
        double alpha = Double.parseDouble(t.out().replaceAll("(?s).*\"alpha\" : ([0-9.]+).*", "$1"));
        double se = Double.parseDouble(t.out().replaceAll("(?s).*\"stderr\" : ([0-9.]+).*", "$1"));
        assertThat(Math.abs(alpha - 1.5)).isLessThan(4 * se);
        Result bad = basin("sde", "sample", "--alpha", "0", "--n", "5", "--out", dir.resolve("b.txt").toString());
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("alpha must be in (0, 2], got 0.0");
        assertThat(dir.resolve("b.txt")).doesNotExist();
    }

    @Test
    void sdeEscapePrintsMeasuredBesidePredicted() {
        Path out = dir.resolve("esc");
        Result r = basin("sde", "escape", "--landscape", "quadratic", "--alpha", "1.5", "--trajectories", "300", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("quadratic").contains("predicted");
        assertThat(out.resolve("escape.csv")).exists();
        assertThat(out.resolve("escape.png")).exists();
        Result adam = basin("sde", "escape", "--landscape", "quadratic", "--dynamics", "adam", "--h", "0.05", "--alpha", "1.5",
                "--trajectories", "50");
        assertThat(adam.code()).as(adam.err()).isZero();
        assertThat(adam.out()).contains("dynamics adam");
        Result sgdm = basin("sde", "escape", "--landscape", "quadratic", "--dynamics", "sgdm", "--h", "0.05", "--alpha", "1.5", "--trajectories", "50");
        assertThat(sgdm.out()).as("no prediction for momentum").contains("NaN");
        Result dyn = basin("sde", "escape", "--dynamics", "lion");
        assertThat(dyn.err()).contains("unknown dynamics 'lion'");
        Result bad = basin("sde", "escape", "--alpha", "2.5");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("alpha values must be in (0, 2]");
        Result land = basin("sde", "escape", "--landscape", "rastrigin");
        assertThat(land.err()).contains("unknown landscape 'rastrigin'");
    }

    @Test
    void sdeFactorsReportsBothFactorsIdenticallyOnOneAndTwoThreads() {
        Path out = dir.resolve("fac");
        String[] args = {"sde", "factors", "--curvatures", "1,16", "--noise-scale", "0.1", "--alphas", "1.2,1.5", "--trajectories", "100",
            "--cap-iterations", "2000", "--out", out.toString(), "--threads", "1"};
        Result one = basin(args);
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(one.out()).contains("Factor 2 alone").contains("ADAM SDE (eq. 5)").contains("predicted");
        assertThat(out.resolve("factors.csv")).exists();
        assertThat(out.resolve("factors.json")).exists();
        assertThat(out.resolve("factor1.png")).exists();
        args[args.length - 1] = "2";
        assertThat(basin(args).out()).isEqualTo(one.out());
        Result bad = basin("sde", "factors", "--curvatures", "1,-2");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("not positive definite");
    }

    @Test
    void sdeEscapeOnLandscapesWithPanels() {
        Path out = dir.resolve("zhu");
        Result zhu = basin("sde", "escape", "--landscape", "zhu", "--dynamics", "sgd", "--h", "0.005", "--alpha", "1.5", "--trajectories", "60",
                "--cap-steps", "500", "--paths", "5", "--out", out.toString());
        assertThat(zhu.code()).as(zhu.err()).isZero();
        assertThat(zhu.out()).contains("reaching the flat basin");
        assertThat(out.resolve("paths.png")).exists();
        assertThat(out.resolve("survival.png")).exists();
        Result well = basin("sde", "escape", "--landscape", "double-well", "--sigma", "0.5", "--epsilon", "0.3", "--alpha", "1.5", "--trajectories", "50");
        assertThat(well.code()).as(well.err()).isZero();
        assertThat(well.out()).contains("crossing the barrier");
        Path eta = dir.resolve("eta");
        Result sweep = basin("sde", "escape", "--dynamics", "sgd", "--h", "0.02,0.01", "--alpha", "1.5", "--trajectories", "200", "--out", eta.toString());
        assertThat(sweep.code()).as(sweep.err()).isZero();
        assertThat(sweep.out()).contains("log-log slope").contains("alpha 1.50: slope -1.");
        assertThat(eta.resolve("escape-eta.png")).exists();
        Result notPd = basin("sde", "escape", "--landscape", "quadratic", "--hessian", "1,2;2,1");
        assertThat(notPd.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(notPd.err()).contains("the Hessian is not positive definite (smallest eigenvalue -1");
        Result outside = basin("sde", "escape", "--landscape", "zhu", "--start", "-1,-1");
        assertThat(outside.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(outside.err()).contains("is already outside the basin");
        Result radius = basin("sde", "escape", "--landscape", "zhu", "--radius", "0");
        assertThat(radius.err()).contains("radius must be positive");
    }

    @Test
    void curvatureCommandsAndTheSharpnessProbe() throws IOException {
        Path run = dir.resolve("small");
        Result t = basin(train(run, "--depth", "2", "--width", "16", "--iterations", "40", "--checkpoint-every", "20", "--checkpoint-at-start",
                "--sharpness-every", "20", "--sharpness-samples", "200", "--sharpness-trace", "12", "--alpha-every", "40", "--alpha-batches", "20",
                "--alpha-sets", "train"));
        assertThat(t.code()).as(t.err()).isZero();
        List<String> sharp = Files.readAllLines(run.resolve("sharpness.csv"));
        assertThat(sharp).hasSize(4);
        assertThat(sharp.get(0)).startsWith("iteration,samples,lambda_1");
        assertThat(Double.parseDouble(sharp.get(3).split(",")[2])).isPositive();
        assertThat(run.resolve("sharpness.png")).exists();

        Path hdir = dir.resolve("h");
        Result h = basin("hessian", run.toString(), "--top", "3", "--bottom", "1", "--trace", "--trace-matvecs", "12", "--density", "--probes", "2",
                "--steps", "10", "--samples", "100", "--escape-sets", "--out", hdir.toString(), "--seed", "4");
        assertThat(h.code()).as(h.err()).isZero();
        assertThat(h.out()).contains("top 3 eigenvalues").contains("bottom 1").contains("trace (Hutch++").contains("axis-measure rate");
        for (String f : List.of("hessian.json", "eigenvalues.csv", "spectrum.png", "spectrum.csv", "escape-sets.json")) {
            assertThat(hdir.resolve(f)).exists();
        }
        // Same seed, same eigenvalues.
        Result again = basin("hessian", run.toString(), "--top", "3", "--samples", "100", "--out", dir.resolve("h2").toString(), "--seed", "4");
        assertThat(Files.readAllLines(dir.resolve("h2").resolve("eigenvalues.csv")).subList(0, 4))
                .isEqualTo(Files.readAllLines(hdir.resolve("eigenvalues.csv")).subList(0, 4));
        // The λmax the probe recorded at iteration 40 over 200 samples is the command's over the same samples.
        Result probeCheck = basin("hessian", run.toString(), "--top", "1", "--samples", "200", "--out", dir.resolve("h3").toString());
        double cmd = Double.parseDouble(Files.readAllLines(dir.resolve("h3").resolve("eigenvalues.csv")).get(1).split(",")[2]);
        assertThat(cmd).isCloseTo(Double.parseDouble(sharp.get(3).split(",")[2]), org.assertj.core.data.Offset.offset(2e-3 * Math.abs(cmd)));

        Result interp = basin("interpolate", run.resolve("checkpoints").resolve("iter-0000000.safetensors").toString(), run.toString(), "--points", "5",
                "--samples", "100", "--out", dir.resolve("i").toString());
        assertThat(interp.code()).as(interp.err()).isZero();
        assertThat(interp.out()).contains("barrier");
        assertThat(dir.resolve("i").resolve("interpolation.png")).exists();
        Result land = basin("landscape", run.toString(), "--dims", "2", "--points", "5", "--samples", "100", "--sigma", "0.01", "--perturbations", "4",
                "--out", dir.resolve("l").toString());
        assertThat(land.code()).as(land.err()).isZero();
        assertThat(land.out()).contains("flatness");
        assertThat(dir.resolve("l").resolve("landscape.png")).exists();

        // Bad input: one line, non-zero exit.
        Path other = dir.resolve("other");
        assertThat(basin(train(other, "--depth", "2", "--width", "8", "--iterations", "1")).code()).isZero();
        Path foreign = run.resolve("checkpoints").resolve("foreign.safetensors");
        Files.copy(other.resolve("checkpoints").resolve("iter-0000001.safetensors"), foreign);
        Result mismatch = basin("hessian", foreign.toString(), "--top", "1", "--samples", "10");
        assertThat(mismatch.code()).isEqualTo(ExitCodes.DATA);
        assertThat(mismatch.err()).contains("the model expects").doesNotContain("Exception");
        Files.delete(foreign);
        Result tooMany = basin("hessian", run.toString(), "--top", "20000", "--samples", "10");
        assertThat(tooMany.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooMany.err()).contains("asked for 20000 eigenvalues of a model with");
        Result empty = basin("hessian", run.toString(), "--samples", "0");
        assertThat(empty.err()).contains("the sample is empty");
        Result mixed = basin("interpolate", run.toString(), other.toString());
        assertThat(mixed.err()).contains("different models");
        Result noRun = basin("hessian", dir.resolve("nowhere").toString());
        assertThat(noRun.code()).isEqualTo(ExitCodes.DATA);
        assertThat(noRun.err()).contains("does not exist");
    }

    @Test
    void escapeAndJumpsEndToEndWithBadInput() throws IOException {
        Path run = dir.resolve("min");
        assertThat(basin(train(run, "--depth", "2", "--width", "16", "--iterations", "60", "--checkpoint-every", "20")).code()).isZero();
        Path out = dir.resolve("esc");
        Result e = basin("escape", run.toString(), "--continuations", "3", "--cap", "60", "--radius", "3", "--loss-rise", "0.05", "--barrier", "0.02",
                "--barrier-every", "20", "--warmup", "5", "--samples", "200", "--predict", "--alpha", "1.4", "--top", "2", "--end-sharpness", "--out", out.toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("radius").contains("loss_rise").contains("barrier").contains("ratio").contains("prediction at theta*");
        // Two rates per optimizer (customary and the run's 0.1): sgd 0.1 is both, so three arms of three continuations.
        assertThat(Files.readAllLines(out.resolve("escape.csv"))).hasSize(1 + 3 * 3);
        for (String f : List.of("escape-summary.csv", "escape.json", "survival-radius.png", "survival-loss_rise.png", "survival-barrier.png")) {
            assertThat(out.resolve(f)).exists();
        }
        Result j = basin("jumps", run.toString(), "--samples", "100", "--points", "5");
        assertThat(j.code()).as(j.err()).isZero();
        assertThat(j.out()).contains("segments");
        assertThat(Files.readAllLines(run.resolve("jumps.csv"))).hasSize(3);

        // θ* trained on the spot to a stated criterion, then escaped from.
        Path trained = dir.resolve("trained");
        Result t = basin("escape", run.toString(), "--train-until", "accuracy=0.5", "--train-lr", "0.1", "--continuations", "2", "--cap", "20",
                "--optimizers", "sgd", "--rates", "customary", "--samples", "200", "--warmup", "2", "--out", trained.toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("to accuracy >= 0.5");
        assertThat(trained.resolve("theta-star.safetensors")).exists();
        Result never = basin("escape", run.toString(), "--train-until", "loss=0.0001", "--train-max-iterations", "20", "--samples", "100");
        assertThat(never.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(never.err()).contains("did not reach loss <= 0.0001 within 20 iterations");
        assertThat(basin("escape", run.toString(), "--train-until", "loss=-1").err()).contains("is impossible");

        Result badR = basin("escape", run.toString(), "--radius", "0");
        assertThat(badR.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badR.err()).contains("radius must be > 0, got 0.0");
        Result badOpt = basin("escape", run.toString(), "--optimizers", "sgd,lion");
        assertThat(badOpt.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badOpt.err()).contains("unknown optimizer 'lion'");
        Path other = dir.resolve("other");
        assertThat(basin(train(other, "--depth", "2", "--width", "8", "--iterations", "1")).code()).isZero();
        Path foreign = run.resolve("checkpoints").resolve("foreign.safetensors");
        Files.copy(other.resolve("checkpoints").resolve("iter-0000001.safetensors"), foreign);
        Result mismatch = basin("escape", foreign.toString());
        assertThat(mismatch.code()).isEqualTo(ExitCodes.DATA);
        assertThat(mismatch.err()).contains("the model expects");
    }

    @Test
    void helpAndVersion() {
        Result r = basin("train", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--optimizer").contains("default: sgd").contains("--batch").contains("default: 100");
        assertThat(basin("--version").out()).startsWith("basin ");
    }
}
