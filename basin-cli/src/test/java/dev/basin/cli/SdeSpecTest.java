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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code basin sde escape} and {@code basin sde factors} as specs: the command, its --dump-spec run by
 * {@code basin run}, and a run's config.json give the same tables; bad spec files are one-line errors naming
 * the key; the examples run.
 */
class SdeSpecTest {
    @TempDir
    Path dir;

    private static Path examples() {
        Path p = Path.of("examples");
        return Files.isDirectory(p) ? p : Path.of("..", "examples");
    }

    /** Runs the command into A, its --dump-spec with basin run into B, and A's config.json into C; returns A. */
    private Path commandDumpAndRunAgree(String name, List<String> command, List<String> tables) throws IOException {
        Path a = dir.resolve(name + "-a");
        Path b = dir.resolve(name + "-b");
        Path c = dir.resolve(name + "-c");
        CliTest.Result ra = basin(with(command, "--out", a.toString()));
        assertThat(ra.code()).as(ra.err()).isZero();
        CliTest.Result dump = basin(with(command, "--dump-spec"));
        assertThat(dump.code()).as(dump.err()).isZero();
        Path spec = dir.resolve(name + ".yaml");
        Files.writeString(spec, dump.out());
        CliTest.Result rb = basin("run", spec.toString(), "--out", b.toString());
        assertThat(rb.code()).as(rb.err()).isZero();
        CliTest.Result rc = basin("run", a.resolve("config.json").toString(), "--out", c.toString());
        assertThat(rc.code()).as(rc.err()).isZero();
        assertThat(rb.out().replace(b.toString(), "OUT")).as("the report").isEqualTo(ra.out().replace(a.toString(), "OUT"));
        for (String t : tables) {
            assertThat(a.resolve(t)).exists();
            assertThat(Files.readAllBytes(b.resolve(t))).as(t + " from basin run of --dump-spec").isEqualTo(Files.readAllBytes(a.resolve(t)));
            assertThat(Files.readAllBytes(c.resolve(t))).as(t + " from basin run of config.json").isEqualTo(Files.readAllBytes(a.resolve(t)));
        }
        assertThat(names(b)).isEqualTo(names(a));
        String config = Files.readString(a.resolve("config.json"));
        assertThat(Specs.toJson(Specs.readRun(a.resolve("config.json")))).as("config.json read and written again").isEqualTo(config);
        assertThat(Specs.toYaml(Specs.readRun(a.resolve("config.json")).spec())).as("config.json holds the resolved spec").isEqualTo(dump.out());
        return a;
    }

    private static String[] with(List<String> command, String... extra) {
        List<String> l = new ArrayList<>(command);
        l.addAll(Arrays.asList(extra));
        return l.toArray(String[]::new);
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void escapeOnAFullHessianWithTheAdamSde() throws IOException {
        Path a = commandDumpAndRunAgree("quad", List.of("sde", "escape", "--landscape", "quadratic", "--hessian", "2,1;1,8", "--sigma", "0.5,1",
                "--dynamics", "adam-sde", "--epsilon", "0.3", "--alpha", "1.3,1.7", "--trajectories", "40", "--cap-steps", "20000", "--threads", "2"), List.of("escape.csv"));
        assertThat(Files.readString(a.resolve("config.json"))).contains("\"hessian\" : [ [ 2.0, 1.0 ], [ 1.0, 8.0 ] ]");
        assertThat(a.resolve("escape.png")).exists();
    }

    @Test
    void escapeOnTheZhuToyWithTwoStepsAndPaths() throws IOException {
        Path a = commandDumpAndRunAgree("zhu", List.of("sde", "escape", "--landscape", "zhu", "--dynamics", "sgd", "--h", "0.01,0.005", "--alpha", "1.5",
                "--trajectories", "30", "--cap-steps", "400", "--paths", "3", "--radius", "1.5", "--threads", "1"), List.of("escape.csv"));
        assertThat(a.resolve("paths.png")).exists();
        assertThat(a.resolve("escape-eta.png")).exists();
        assertThat(Files.readAllLines(a.resolve("escape.csv"))).hasSize(3);
    }

    @Test
    void factorsAgreeThroughTheSpec() throws IOException {
        Path a = commandDumpAndRunAgree("fac", List.of("sde", "factors", "--curvatures", "1,16", "--noise-scale", "0.1", "--alphas", "1.5",
                "--trajectories", "30", "--cap-iterations", "500", "--threads", "2"), List.of("factors.csv", "factors.json"));
        assertThat(a.resolve("factor1.png")).exists();
    }

    private void badSpec(String name, String yaml, String... contains) throws IOException {
        CliTest.assertBadSpec(dir.resolve(name + ".yaml"), yaml, dir.resolve(name + "-out"), contains);
    }

    @Test
    void badSpecFilesAreOneLineErrorsNamingTheKey() throws IOException {
        String escape = "spec_version: 1\nprotocol: sde-escape\nlandscape: quadratic\ntrajectories: 20\n";
        badSpec("unknown", escape + "trajectorys: 5\n", "trajectorys", "unknown key");
        badSpec("type", escape + "cap_steps: many\n", "cap_steps", "expected a whole number");
        badSpec("list", escape + "alpha: [1.5, fast]\n", "alpha[1]", "expected a number");
        badSpec("range", escape + "height: -1\n", "height must be a finite number > 0, got -1.0");
        badSpec("alpha", escape + "alpha: [2.5]\n", "alpha values must be in (0, 2]");
        badSpec("applies", escape + "tilt: 0.5\n", "tilt does not apply to landscape 'quadratic'; it is for double-well");
        badSpec("epsilon", escape + "dynamics: adam\nepsilon: 0.1\n", "epsilon does not apply to dynamics 'adam'");
        badSpec("square", escape + "curvatures: null\nhessian: [[1, 0], [0]]\n", "hessian must be square: row 2 has 1 entries for 2 rows");
        badSpec("both", escape + "hessian: [[1, 0], [0, 1]]\ncurvatures: [1, 2]\n", "give curvatures (a diagonal Hessian) or hessian, not both");
        badSpec("start", "protocol: sde-escape\nlandscape: zhu\nstart: [-1, -1]\n", "is already outside the basin");
        String factors = "spec_version: 1\nprotocol: sde-factors\ntrajectories: 20\n";
        badSpec("f-unknown", factors + "noise: 0.1\n", "noise", "unknown key");
        badSpec("f-type", factors + "substeps: 2.5\n", "substeps", "expected a whole number");
        badSpec("f-range", factors + "alpha: 2\n", "alpha must be in (0, 2), got 2.0");
        badSpec("f-curv", factors + "curvatures: [1, 0]\n", "curvatures: the Hessian is not positive definite (curvature 0.0)");
    }

    @Test
    void theExamplesRun() throws IOException {
        for (String[] e : new String[][] {{"sde-escape.yaml", "escape.csv"}, {"sde-factors.yaml", "factors.csv"}}) {
            Path out = dir.resolve(e[0]);
            CliTest.Result r = basin("run", examples().resolve(e[0]).toString(), "--out", out.toString(), "--threads", "2");
            assertThat(r.code()).as(e[0] + ": " + r.err()).isZero();
            assertThat(out.resolve(e[1])).exists();
            assertThat(out.resolve("config.json")).exists();
        }
    }

    @Test
    void withoutAnOutputFolderNothingIsWritten() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        List<String> before = names(cwd);
        CliTest.Result r = basin("sde", "escape", "--alpha", "1.5", "--trajectories", "20", "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("interval F = x^2/2 on (-1.0, 1.0)").doesNotContain("wrote");
        assertThat(names(cwd)).isEqualTo(before);
    }
}
