package dev.basin.cli;

import static dev.basin.cli.CliTest.basin;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The convolutional models end to end on the embedded 1×28×28 images: training with the α probe per tensor and
 * the sharpness probe, then every measurement that reopens a run (hessian, interpolate, landscape, escape) on
 * the model its config.json names; and bad model options get one line and exit 2.
 */
class ConvModelCliTest {
    @TempDir
    Path dir;

    @Test
    void lenetTrainsAndEveryMeasurementRunsOnIt() throws IOException {
        Path run = dir.resolve("lenet");
        CliTest.Result r = basin("train", "--model", "lenet", "--iterations", "6", "--batch", "20", "--eval-every", "6", "--train-eval-samples",
                "100", "--checkpoint-every", "6", "--checkpoint-at-start", "--alpha-every", "at:6", "--alpha-batches", "3", "--alpha-per-layer",
                "--sharpness-every", "at:6", "--sharpness-samples", "40", "--out", run.toString(), "--quiet", "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        String config = Files.readString(run.resolve("config.json"));
        assertThat(config).contains("\"family\" : \"lenet\"");
        String header = Files.readAllLines(run.resolve("alpha.csv")).get(0);
        assertThat(header).contains("alpha_0.weight", "alpha_3.bias", "alpha_11.weight");
        assertThat(Files.readString(run.resolve("checkpoints").resolve("iter-0000006.safetensors"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("\"0.weight\":{\"dtype\":\"F32\",\"shape\":[6,1,5,5]");

        CliTest.Result h = basin("hessian", run.toString(), "--samples", "40", "--top", "2", "--trace", "--trace-matvecs", "6", "--out",
                dir.resolve("h").toString(), "--threads", "1");
        assertThat(h.code()).as(h.err()).isZero();
        CliTest.Result i = basin("interpolate", run.resolve("checkpoints").resolve("iter-0000000.safetensors").toString(), run.toString(),
                "--points", "3", "--samples", "40", "--out", dir.resolve("i").toString(), "--threads", "1");
        assertThat(i.code()).as(i.err()).isZero();
        CliTest.Result l = basin("landscape", run.toString(), "--points", "3", "--samples", "40", "--perturbations", "2", "--out",
                dir.resolve("l").toString(), "--threads", "1");
        assertThat(l.code()).as(l.err()).isZero();
        CliTest.Result e = basin("escape", run.toString(), "--optimizers", "sgd", "--continuations", "2", "--cap", "4", "--check-every", "2",
                "--samples", "40", "--parallel", "1", "--out", dir.resolve("e").toString());
        assertThat(e.code()).as(e.err()).isZero();
    }

    @Test
    void alexnetTrainsOnImagesAndBadModelOptionsGetOneLine() throws IOException {
        Path run = dir.resolve("alex");
        CliTest.Result r = basin("train", "--model", "alexnet", "--width", "4", "--iterations", "2", "--batch", "10", "--eval-every", "2",
                "--train-eval-samples", "20", "--alpha-every", "at:2", "--alpha-batches", "2", "--alpha-per-layer", "--out", run.toString(), "--quiet",
                "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(run.resolve("config.json"))).contains("\"family\" : \"alexnet\"", "\"width\" : 4");
        assertThat(Files.readAllLines(run.resolve("alpha.csv")).get(0)).contains("alpha_features.0.weight", "alpha_classifier.6.bias");

        CliTest.Result depth = basin("train", "--model", "alexnet", "--depth", "3", "--dump-spec");
        assertThat(depth.code()).isEqualTo(2);
        assertThat(depth.err().strip()).doesNotContain("\n").contains("model: depth:", "fixed depth");
        CliTest.Result flat = basin("train", "--model", "lenet", "--dataset", "synthetic", "--iterations", "1", "--out", dir.resolve("x").toString(),
                "--quiet");
        assertThat(flat.code()).isEqualTo(2);
        assertThat(flat.err().strip()).doesNotContain("\n").contains("needs image data");
        assertThat(dir.resolve("x")).doesNotExist();
        CliTest.Result unknown = basin("train", "--model", "resnet", "--dump-spec");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown model 'resnet'", "alexnet", "lenet");
    }
}
