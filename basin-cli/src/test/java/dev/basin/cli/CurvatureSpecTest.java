package dev.basin.cli;

import static dev.basin.cli.CliTest.basin;
import static dev.basin.cli.CliTest.with;
import static dev.basin.cli.CliTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.spec.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code basin hessian}, {@code interpolate} and {@code landscape} as specs: the command and {@code basin run} of
 * its {@code --dump-spec} write the same tables; the spec records round-trip; bad specs get one line naming the
 * key and write nothing; the example specs run.
 */
class CurvatureSpecTest {
    @TempDir
    static Path shared;
    static Path run;

    @TempDir
    Path dir;

    /** A tiny run: 20 iterations on the synthetic data, checkpoints at 0, 10 and 20, α at the end. */
    @BeforeAll
    static void train() {
        run = CliTest.tinyRun(shared.resolve("run"), "--checkpoint-at-start", "--alpha-every", "at:20", "--alpha-sets", "train",
                "--alpha-batches", "4");
    }

    /** Runs the command into A, its --dump-spec through basin run into B; returns A and B. */
    private Path[] commandAndRun(String name, String... args) throws IOException {
        Path a = dir.resolve(name + "-a");
        Path b = dir.resolve(name + "-b");
        ok(with(args, "--threads", "1", "--out", a.toString()));
        CliTest.Result dump = ok(with(args, "--dump-spec"));
        assertThat(a).isDirectory();
        Path spec = dir.resolve(name + ".yaml");
        Files.writeString(spec, dump.out());
        assertThat(dump.out()).startsWith("spec_version: 1\nprotocol: " + args[0] + "\n");
        ok("run", spec.toString(), "--threads", "1", "--out", b.toString());
        return new Path[] {a, b};
    }

    private static List<String> files(Path folder, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }

    private static void assertSameTables(Path a, Path b, String... expected) throws IOException {
        assertThat(files(a, ".csv")).containsExactlyInAnyOrder(expected);
        assertThat(files(b, ".csv")).isEqualTo(files(a, ".csv"));
        for (String f : files(a, ".csv")) {
            assertThat(Files.readString(b.resolve(f))).as(f + " of the command and of basin run").isEqualTo(Files.readString(a.resolve(f)));
        }
    }

    private static void assertRoundTrips(Path record) throws IOException {
        String text = Files.readString(record);
        assertThat(Specs.toJson(Specs.readRun(record))).as(record + " read and written again").isEqualTo(text);
        assertThat(text).contains("\"provenance\"").contains("\"threads\" : 1");
    }

    @Test
    void hessianCommandAndBasinRunAgree() throws IOException {
        Path[] ab = commandAndRun("hessian", "hessian", run.toString(), "--top", "3", "--bottom", "1", "--trace", "--trace-matvecs", "12", "--density",
                "--probes", "2", "--steps", "6", "--samples", "60", "--escape-sets", "--seed", "4", "--operator", "ggn");
        assertSameTables(ab[0], ab[1], "eigenvalues.csv", "spectrum.csv");
        assertThat(Files.readString(ab[1].resolve("escape-sets.json"))).isEqualTo(Files.readString(ab[0].resolve("escape-sets.json")))
                .contains("\"alpha_source\" : \"last raw train alpha in alpha.csv\"");
        assertThat(Files.readString(ab[0].resolve("hessian.json"))).contains("\"operator\" : \"ggn\"").contains("\"sample_seed\" : null");
        assertRoundTrips(ab[0].resolve("config.json"));
        assertRoundTrips(ab[1].resolve("config.json"));
        // The folder's own config.json runs it again.
        Path c = dir.resolve("hessian-c");
        ok("run", ab[0].resolve("config.json").toString(), "--out", c.toString());
        assertSameTables(ab[0], c, "eigenvalues.csv", "spectrum.csv");
    }

    @Test
    void hessianWritesToRunHessianIterationByDefaultAndNeverOverARunsConfig() throws IOException {
        String before = Files.readString(run.resolve("config.json"));
        CliTest.Result r = ok("hessian", run.toString(), "--top", "1", "--samples", "20", "--iteration", "10", "--threads", "1");
        assertThat(r.out()).contains("hessian at iteration 10").contains("top 1 eigenvalues");
        assertThat(run.resolve("hessian-0000010").resolve("eigenvalues.csv")).exists();
        assertThat(run.resolve("hessian-0000010").resolve("config.json")).exists();
        CliTest.Result clobber = basin("hessian", run.toString(), "--top", "1", "--samples", "20", "--out", run.toString());
        assertThat(clobber.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(clobber.err()).contains("records a 'train' run and would be overwritten");
        assertThat(Files.readString(run.resolve("config.json"))).isEqualTo(before);
        assertThat(run.resolve("eigenvalues.csv")).doesNotExist();
    }

    @Test
    void interpolateCommandAndBasinRunAgree() throws IOException {
        Path first = run.resolve("checkpoints").resolve("iter-0000000.safetensors");
        Path[] ab = commandAndRun("interpolate", "interpolate", first.toString(), run.toString(), "--points", "5", "--samples", "50", "--from", "-0.25");
        assertSameTables(ab[0], ab[1], "interpolation.csv");
        assertThat(Files.readAllLines(ab[0].resolve("interpolation.csv"))).hasSize(6).first().isEqualTo("beta,train_loss,train_accuracy,test_loss,test_accuracy");
        assertRoundTrips(ab[0].resolve("interpolation-config.json"));
        assertRoundTrips(ab[1].resolve("interpolation-config.json"));
    }

    @Test
    void landscapeCommandAndBasinRunAgreeInOneAndTwoDimensions() throws IOException {
        Path[] ab = commandAndRun("landscape2", "landscape", run.toString(), "--dims", "2", "--points", "3", "--samples", "50", "--sigma", "0.01",
                "--perturbations", "3", "--normalization", "layer");
        assertSameTables(ab[0], ab[1], "landscape.csv");
        assertThat(Files.readAllLines(ab[0].resolve("landscape.csv"))).hasSize(10).first().isEqualTo("alpha,beta,loss,accuracy");
        assertRoundTrips(ab[0].resolve("landscape-config.json"));
        Path[] one = commandAndRun("landscape1", "landscape", run.toString(), "--points", "5", "--samples", "50", "--iteration", "10");
        assertSameTables(one[0], one[1], "landscape.csv");
        assertThat(Files.readAllLines(one[0].resolve("landscape.csv"))).hasSize(6).first().isEqualTo("alpha,loss,accuracy");
        assertRoundTrips(one[1].resolve("landscape-config.json"));
    }

    @Test
    void landscapeAndInterpolateByDefaultWriteBesideTheRunsOwnConfig() throws IOException {
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy.resolve("checkpoints"));
        Files.copy(run.resolve("config.json"), copy.resolve("config.json"));
        for (String ck : List.of("iter-0000000.safetensors", "iter-0000020.safetensors")) {
            Files.copy(run.resolve("checkpoints").resolve(ck), copy.resolve("checkpoints").resolve(ck));
        }
        String before = Files.readString(copy.resolve("config.json"));
        ok("landscape", copy.toString(), "--points", "3", "--samples", "20", "--threads", "1");
        ok("interpolate", copy.resolve("checkpoints").resolve("iter-0000000.safetensors").toString(), copy.toString(), "--points", "3", "--samples", "20",
                "--threads", "1");
        assertThat(Files.readString(copy.resolve("config.json"))).isEqualTo(before);
        assertThat(files(copy, ".csv")).containsExactlyInAnyOrder("landscape.csv", "interpolation.csv");
        assertThat(files(copy, "-config.json")).containsExactlyInAnyOrder("landscape-config.json", "interpolation-config.json");
        // Each record runs again into the same folder.
        ok("run", copy.resolve("landscape-config.json").toString());
        assertThat(Files.readString(copy.resolve("config.json"))).isEqualTo(before);
    }

    /** A spec with one bad key: exit 2, one line on stderr that names the key path, nothing written. */
    private void assertBadSpec(String protocol, String body, String contains) throws IOException {
        CliTest.assertBadSpec(dir.resolve("bad.yaml"), "spec_version: 1\nprotocol: " + protocol + "\n" + body, dir.resolve("never"), contains);
    }

    @Test
    void badSpecsNameTheKeyAndWriteNothing() throws IOException {
        String h = "run: " + run + "\nsamples: 20\n";
        assertBadSpec("hessian", h + "topp: 3\n", "topp: unknown key");
        assertBadSpec("hessian", h + "top: three\n", "top: expected a whole number");
        assertBadSpec("hessian", h + "top: -1\n", "top must be >= 0, got -1");
        assertBadSpec("hessian", h + "operator: lanczos\n", "operator");
        assertBadSpec("hessian", h + "escape_sets:\n  alpha: 2.5\n", "escape_sets: alpha must be in (0, 2], got 2.5");
        assertBadSpec("hessian", h + "escape_sets:\n  heigth: 0.1\n", "escape_sets.heigth: unknown key");
        assertBadSpec("hessian", h + "top: 20000\n", "asked for 20000 eigenvalues of a model with");
        assertBadSpec("hessian", "samples: 20\n", "run must be given");
        String i = "a: " + run + "\nb: " + run + "\n";
        assertBadSpec("interpolate", i + "pionts: 3\n", "pionts: unknown key");
        assertBadSpec("interpolate", i + "points: [3]\n", "points: expected a whole number");
        assertBadSpec("interpolate", i + "points: 1\n", "points must be >= 2, got 1");
        assertBadSpec("interpolate", i + "from: 2\n", "to must be > from");
        String l = "run: " + run + "\n";
        assertBadSpec("landscape", l + "dim: 2\n", "dim: unknown key");
        assertBadSpec("landscape", l + "sigma: small\n", "sigma: expected a number");
        assertBadSpec("landscape", l + "dims: 3\n", "dims must be 1 or 2, got 3");
        assertBadSpec("landscape", l + "normalization: diagonal\n", "normalization");
        assertBadSpec("landscape", l + "samples: 0\n", "the sample is empty");
    }

    private static Path example(String name) {
        Path p = Path.of("..", "examples", name);
        assertThat(p).as("run from the basin-cli module folder").exists();
        return p;
    }

    @Test
    void theExampleSpecsRun() throws IOException {
        Path h = dir.resolve("ex-hessian");
        CliTest.Result hr = ok("run", example("hessian.yaml").toString(), "--set", "run=" + run, "--out", h.toString(), "--threads", "1");
        assertThat(hr.out()).contains("top 3 eigenvalues").contains("bottom 1").contains("trace (Hutch++").contains("axis-measure rate");
        for (String f : List.of("config.json", "hessian.json", "eigenvalues.csv", "spectrum.csv", "spectrum.png", "escape-sets.json")) {
            assertThat(h.resolve(f)).exists();
        }
        Path i = dir.resolve("ex-interpolate");
        CliTest.Result ir = ok("run", example("interpolate.yaml").toString(), "--set", "a=" + run.resolve("checkpoints").resolve("iter-0000000.safetensors"),
                "--set", "b=" + run, "--out", i.toString(), "--threads", "1");
        assertThat(ir.out()).contains("barrier");
        assertThat(i.resolve("interpolation.csv")).exists();
        assertThat(i.resolve("interpolation.png")).exists();
        Path l = dir.resolve("ex-landscape");
        CliTest.Result lr = ok("run", example("landscape.yaml").toString(), "--set", "run=" + run, "--out", l.toString(), "--threads", "1");
        assertThat(lr.out()).contains("2-D filter-normalised slice").contains("flatness");
        assertThat(Files.readAllLines(l.resolve("landscape.csv"))).hasSize(50);
        assertThat(l.resolve("landscape.png")).exists();
    }
}
