package dev.basin.cli;

import dev.basin.data.ImageZips;
import static dev.basin.cli.CliTest.basin;
import static dev.basin.cli.CliTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.data.DataLocations;
import dev.basin.experiment.Simsekli2019Fig1;
import dev.basin.experiment.Zhou2020;
import dev.basin.spec.ModelSpec;
import dev.basin.spec.RunRecord;
import dev.basin.spec.Simsekli2019Fig1Spec;
import dev.basin.spec.Specs;
import dev.basin.spec.TrainSpec;
import dev.basin.spec.Zhou2020Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --dataset imagefolder} on the command line (a small zip made here), its one-line errors, the CIFAR-10 preset of
 * {@code reproduce zhou2020}, and {@code reproduce simsekli2019-fig1} against {@code basin run} of its config.json.
 */
class ImageFolderCliTest {
    @TempDir
    static Path dir;
    static Path zip;
    static String oldCache;

    @BeforeAll
    static void setUp() throws IOException {
        oldCache = System.getProperty(DataLocations.CACHE_PROPERTY);
        System.setProperty(DataLocations.CACHE_PROPERTY, dir.resolve("cache").toString());
        zip = ImageZips.write(dir.resolve("tiny.zip"), ImageZips.zip(ImageZips.standard(40, 10, 6, 6)));
    }

    @AfterAll
    static void restore() {
        if (oldCache == null) {
            System.clearProperty(DataLocations.CACHE_PROPERTY);
        } else {
            System.setProperty(DataLocations.CACHE_PROPERTY, oldCache);
        }
    }

    @Test
    void trainRecordsTheArchiveTheOrderSeedAndTheNormalisation() throws IOException {
        Path out = dir.resolve("train");
        ok("train", "--dataset", "imagefolder", "--data-dir", zip.toString(), "--depth", "2", "--width", "8", "--iterations", "3", "--batch", "10",
                "--quiet", "--out", out.toString());
        TrainSpec s = (TrainSpec) Specs.readRun(out.resolve("config.json")).spec();
        assertThat(s.data().dataset()).isEqualTo("imagefolder");
        assertThat(s.data().orderSeed()).isZero();
        assertThat(s.data().mean()).hasSize(3);
        assertThat(s.data().std()).hasSize(3).allMatch(v -> v > 0);
        assertThat(s.data().files()).singleElement().satisfies(f -> {
            assertThat(f.role()).isEqualTo("archive");
            assertThat(f.sha256()).hasSize(64);
        });
        // The decoded data went to the cache.
        try (var l = Files.list(dir.resolve("cache"))) {
            assertThat(l.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("imagefolder-" + s.data().files().get(0).sha256()));
        }
    }

    @Test
    void hostileArchiveIsOneLineAndExitFour() throws IOException {
        Map<String, byte[]> m = ImageZips.standard(2, 1, 4, 4);
        m.put("../escape.png", ImageZips.encode(ImageZips.rgb(1, 4, 4), "png"));
        Path bad = ImageZips.write(dir.resolve("slip.zip"), ImageZips.zip(m));
        CliTest.Result r = basin("train", "--dataset", "imagefolder", "--data-dir", bad.toString(), "--iterations", "1", "--quiet", "--out",
                dir.resolve("never").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.DATA);
        assertThat(r.err().strip()).doesNotContain("\n").contains("slip.zip").contains("../escape.png").doesNotContain("Exception");
        assertThat(dir.resolve("never")).doesNotExist();
        CliTest.Result none = basin("train", "--dataset", "imagefolder", "--iterations", "1", "--quiet");
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("dir").contains("imagefolder");
    }

    @Test
    void zhou2020OnImagefolderTakesTheCifarPreset() throws IOException {
        CliTest.Result dump = ok("reproduce", "zhou2020", "--dataset", "imagefolder", "--data-dir", zip.toString(), "--dump-spec");
        Zhou2020Spec s = (Zhou2020Spec) Specs.read(write("z.yaml", dump.out()), List.of()).spec();
        assertThat(s.preset()).isEqualTo("cifar10");
        assertThat(s.depth()).isEqualTo(7);
        assertThat(s.interpolationT1()).isEqualTo(150);
        assertThat(s.interpolationT2()).isEqualTo(1000);
        Zhou2020Spec mnist = (Zhou2020Spec) Specs.read(write("m.yaml", ok("reproduce", "zhou2020", "--dataset", "mnist", "--iterations", "4000",
                "--dump-spec").out()), List.of()).spec();
        assertThat(mnist.preset()).isEqualTo("mnist");
        assertThat(mnist.depth()).isEqualTo(9);
        assertThat(mnist.interpolationT1()).isEqualTo(2000);
        assertThat(mnist.interpolationT2()).isEqualTo(4000);
        CliTest.Result bad = basin("reproduce", "zhou2020", "--preset", "imagenet", "--dump-spec");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("preset");
    }

    @Test
    void fig1CommandAndBasinRunOfItsConfigGiveTheSameTable() throws IOException {
        // The default model is the paper's AlexNet (ch 64); a tiny one (ch 4) on 32×32 images keeps the test fast.
        Simsekli2019Fig1Spec dumped = (Simsekli2019Fig1Spec) Specs.read(write("fig1.yaml", ok("reproduce", "simsekli2019-fig1", "--dump-spec").out()),
                List.of()).spec();
        assertThat(dumped.model()).isEqualTo(new ModelSpec(ModelSpec.ALEXNET, null, 64, true, "relu"));
        Simsekli2019Fig1Spec mlp = (Simsekli2019Fig1Spec) Specs.read(write("fig1-mlp.yaml", ok("reproduce", "simsekli2019-fig1", "--depth", "7",
                "--dump-spec").out()), List.of()).spec();
        assertThat(mlp.model()).isEqualTo(new ModelSpec(ModelSpec.MLP, 7, 512, false, "relu"));
        Path zip32 = ImageZips.write(dir.resolve("tiny32.zip"), ImageZips.zip(ImageZips.standard(40, 4, 32, 32)));
        String[] args = {"reproduce", "simsekli2019-fig1", "--dataset", "imagefolder", "--data-dir", zip32.toString(), "--width", "4",
                "--iterations", "6", "--batch", "10", "--arms", "sgd=0.05", "--alpha-batches", "12", "--fit-samples", "500", "--coordinates", "50", "--bins", "21",
                "--threads", "1", "--quiet"};
        Path a = dir.resolve("fig1-a");
        CliTest.Result r = ok(concat(args, "--out", a.toString()));
        assertThat(r.out()).contains("sgd (lr 0.05)").contains("stable");
        List<Simsekli2019Fig1.Row> rows = Simsekli2019Fig1.Row.TABLE.read(a.resolve(Simsekli2019Fig1.Row.FILE));
        assertThat(rows).extracting(Simsekli2019Fig1.Row::optimizer).containsExactly("sgd");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.iteration()).isEqualTo(6);
            assertThat(row.minibatches()).isEqualTo(12);
            assertThat(row.stableAlpha()).isBetween(0.2, 2.0);
            assertThat(row.gaussianSd()).isPositive();
        });
        assertThat(a.resolve("fig1-sgd.png")).exists();
        assertThat(a.resolve("fig1-sgd.svg")).exists();
        RunRecord rec = Specs.readRun(a.resolve("config.json"));
        assertThat(rec.spec()).isInstanceOf(Simsekli2019Fig1Spec.class);
        assertThat(((Simsekli2019Fig1Spec) rec.spec()).model()).isEqualTo(new ModelSpec(ModelSpec.ALEXNET, null, 4, true, "relu"));
        Path b = dir.resolve("fig1-b");
        ok("run", a.resolve("config.json").toString(), "--quiet", "--out", b.toString());
        assertThat(Files.readString(b.resolve(Simsekli2019Fig1.Row.FILE))).isEqualTo(Files.readString(a.resolve(Simsekli2019Fig1.Row.FILE)));
        CliTest.Result again = basin(concat(args, "--out", a.toString()));
        assertThat(again.code()).isNotZero();
        assertThat(again.err()).doesNotContain("Exception");
    }

    @Test
    void zhou2020TakesTheModelFromItsSpec() throws IOException {
        // Without a model key the spec is the paper's MLP of depth × width, and no model key is written.
        assertThat(ok("reproduce", "zhou2020", "--dump-spec").out()).doesNotContain("model");
        Path zip16 = ImageZips.write(dir.resolve("tiny16.zip"), ImageZips.zip(ImageZips.standard(40, 4, 16, 16)));
        Path spec = write("zhou-lenet.yaml", """
                protocol: zhou2020
                data: {dataset: imagefolder, dir: "%s"}
                model: {family: lenet}
                batch: 10
                iterations: 10
                alpha_schedule: "10"
                alpha_batches: 8
                eval_every: 10
                train_eval_samples: 60
                early_window: 10
                escape_continuations: 2
                arms: [{name: adam, lr: 0.001}]
                """.formatted(zip16.toString().replace("\\", "/")));
        Path out = dir.resolve("zhou-lenet");
        ok("run", spec.toString(), "--threads", "1", "--quiet", "--out", out.toString());
        Zhou2020Spec rec = Specs.readRun(out.resolve("config.json")).spec(Zhou2020Spec.class, "config.json");
        assertThat(rec.model()).isEqualTo(new ModelSpec(ModelSpec.LENET, null, null, true, "relu"));
        assertThat(rec.depth()).isNull();
        TrainSpec t = Specs.readRun(out.resolve("adam").resolve("config.json")).spec(TrainSpec.class, "adam");
        assertThat(t.model().family()).isEqualTo(ModelSpec.LENET);
        assertThat(Zhou2020.SummaryRow.TABLE.read(out.resolve("summary.csv"))).hasSize(1);
        assertThat(Files.readString(out.resolve("claims.csv"))).isNotBlank();
        // Claim (iv)'s escape ran from the LeNet's final checkpoint.
        assertThat(Files.readString(out.resolve("claims.json"))).containsPattern("\"escape_?from\"\\s*:\\s*\\[\\s*\"adam\"");
        // depth beside a model is one line, exit 2.
        CliTest.Result both = basin("reproduce", "zhou2020", "--model", "lenet", "--depth", "3", "--dump-spec");
        assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err().strip()).doesNotContain("\n").contains("depth");
        CliTest.Result flag = ok("reproduce", "zhou2020", "--model", "alexnet", "--width", "8", "--dump-spec");
        assertThat(flag.out()).contains("family: alexnet").contains("width: 8");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
