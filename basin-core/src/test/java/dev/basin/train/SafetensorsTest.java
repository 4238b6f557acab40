package dev.basin.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basin.data.Batch;
import dev.basin.data.DataException;
import dev.basin.data.DenseDataset;
import dev.basin.data.Synthetic;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.nn.SoftmaxCrossEntropy;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.optim.Adam;
import dev.basin.optim.Optimizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void layoutFollowsTheSpecification() throws IOException {
        Map<String, Safetensors.Tensor> t = new LinkedHashMap<>();
        t.put("0.weight", new Safetensors.Tensor(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        t.put("2.weight", new Safetensors.Tensor(new int[] {1, 2}, new float[] {-1.5f, 7}));
        Path f = dir.resolve("a.safetensors");
        Safetensors.write(f, t, Map.of("iteration", "5"));
        byte[] b = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n % 8).isZero();
        assertThat(b.length).isEqualTo(8 + n + 4 * 8);
        JsonNode h = new ObjectMapper().readTree(new String(b, 8, (int) n, StandardCharsets.UTF_8));
        assertThat(h.path("__metadata__").path("iteration").asText()).isEqualTo("5");
        assertThat(h.path("0.weight").path("dtype").asText()).isEqualTo("F32");
        assertThat(h.path("0.weight").path("shape").toString()).isEqualTo("[2,3]");
        assertThat(h.path("0.weight").path("data_offsets").toString()).isEqualTo("[0,24]");
        assertThat(h.path("2.weight").path("data_offsets").toString()).isEqualTo("[24,32]");
        float first2 = ByteBuffer.wrap(b, (int) (8 + n + 24), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertThat(first2).isEqualTo(-1.5f);
        Safetensors.Contents c = Safetensors.read(f);
        assertThat(c.tensors().get("2.weight").data()).containsExactly(-1.5f, 7f);
        assertThat(c.metadata()).containsEntry("iteration", "5");
        Path cut = Files.write(dir.resolve("cut.safetensors"), java.util.Arrays.copyOf(b, b.length - 4));
        assertThatThrownBy(() -> Safetensors.read(cut)).isInstanceOf(DataException.class).hasMessageContaining("truncated or corrupt");
    }

    @Test
    void sameContentsGiveIdenticalBytesWhateverTheMetadataMapOrder() throws IOException {
        Map<String, Safetensors.Tensor> t = new LinkedHashMap<>();
        t.put("0.weight", new Safetensors.Tensor(new int[] {2, 2}, new float[] {1, -2, 3.5f, 0}));
        t.put("optimizer.exp_avg.0.weight", new Safetensors.Tensor(new int[] {2, 2}, new float[] {0.25f, 0, 0, -1}));
        String[][] pairs = {{"format", Checkpoint.FORMAT}, {"iteration", "30"}, {"optimizer", "adam"}, {"optimizer_step", "30"},
            {"seed", "3"}, {"model", "mlp 4-2 relu"}, {"basin_version", "test"}, {"a", "first"}, {"z", "last"}};
        Map<String, String> forward = new LinkedHashMap<>();
        for (String[] p : pairs) {
            forward.put(p[0], p[1]);
        }
        Map<String, String> backward = new LinkedHashMap<>();
        for (int i = pairs.length - 1; i >= 0; i--) {
            backward.put(pairs[i][0], pairs[i][1]);
        }
        Map<String, String> hashed = new java.util.HashMap<>(backward);
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        Path c = dir.resolve("c.safetensors");
        Safetensors.write(a, t, forward);
        Safetensors.write(b, t, backward);
        Safetensors.write(c, t, hashed);
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        assertThat(Files.readAllBytes(c)).isEqualTo(Files.readAllBytes(a));
        Safetensors.Contents back = Safetensors.read(a);
        assertThat(back.metadata()).isEqualTo(forward);
        assertThat(new java.util.ArrayList<>(back.metadata().keySet())).isSorted();
        assertThat(back.tensors().keySet()).containsExactly("0.weight", "optimizer.exp_avg.0.weight");
    }

    @Test
    void checkpointRestoresModelAndAdamStateSoResumingIsExact() throws IOException {
        Network net = Models.mlp(8, 3, 16, 4, true, OpenBlasGemm.INSTANCE);
        DenseDataset d = Synthetic.gaussianMixture("g", 40, 8, 4, 2, 1, 3, 0);
        Batch[] batches = new Batch[20];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = Batch.forDataset(d, 10);
            batches[i].fillRange(d, (i % 4) * 10, 10);
        }
        FloatVec a = net.newParameters();
        net.initialize(a, 5);
        FloatVec b = a.copy();
        Optimizer oa = new Adam.Config().create(net.parameterCount());
        train(net, a, oa, batches, 0, 20);

        Optimizer ob = new Adam.Config().create(net.parameterCount());
        train(net, b, ob, batches, 0, 10);
        Path f = dir.resolve("ck.safetensors");
        Checkpoint.save(f, net, b, ob, 10, Map.of("note", "x"));
        Checkpoint.Loaded ck = Checkpoint.load(f, net);
        assertThat(ck.iteration()).isEqualTo(10);
        assertThat(ck.optimizerStep()).isEqualTo(10);
        assertThat(ck.metadata()).containsEntry("format", Checkpoint.FORMAT).containsEntry("optimizer", "adam").containsEntry("note", "x");
        assertThat(ck.theta().contentEquals(b)).isTrue();
        Optimizer oc = new Adam.Config().create(net.parameterCount());
        Checkpoint.restore(ck, oc);
        FloatVec c = ck.theta();
        train(net, c, oc, batches, 10, 20);
        assertThat(c.contentEquals(a)).as("resumed run equals the uninterrupted one bit for bit").isTrue();

        Network other = Models.mlp(8, 3, 17, 4, true, OpenBlasGemm.INSTANCE);
        assertThatThrownBy(() -> Checkpoint.load(f, other)).isInstanceOf(DataException.class).hasMessageContaining("has shape [16, 8]");
    }

    @Test
    void aTruncatedCheckpointIsAOneLineDataErrorNamingTheFile() throws IOException {
        Network net = Models.mlp(8, 3, 16, 2, true, OpenBlasGemm.INSTANCE);
        FloatVec theta = net.newParameters();
        net.initialize(theta, 1);
        Path f = dir.resolve("ck.safetensors");
        Checkpoint.save(f, net, theta, new Adam.Config().create(net.parameterCount()), 3, Map.of());
        byte[] b = Files.readAllBytes(f);
        for (int cut : new int[] {1, 4, b.length / 2}) {
            Path t = Files.write(dir.resolve("cut" + cut + ".safetensors"), java.util.Arrays.copyOf(b, b.length - cut));
            assertThatThrownBy(() -> Checkpoint.load(t, net)).isInstanceOf(DataException.class)
                    .hasMessageContaining(t.toString()).hasMessageContaining("truncated")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        Path longer = Files.write(dir.resolve("long.safetensors"), java.util.Arrays.copyOf(b, b.length + 4));
        assertThatThrownBy(() -> Checkpoint.load(longer, net)).isInstanceOf(DataException.class).hasMessageContaining(longer.toString());
    }

    @Test
    void aFailedCheckpointSaveLeavesThePreviousOneLoadableAndNoPartialFile() throws IOException {
        Network net = Models.mlp(8, 3, 16, 2, true, OpenBlasGemm.INSTANCE);
        FloatVec theta = net.newParameters();
        net.initialize(theta, 1);
        Optimizer opt = new Adam.Config().create(net.parameterCount());
        Path cks = Files.createDirectories(dir.resolve("checkpoints"));
        Path first = cks.resolve("iter-0000001.safetensors");
        Checkpoint.save(first, net, theta, opt, 1, Map.of());
        byte[] before = Files.readAllBytes(first);
        // The next save cannot be moved into place (its name is taken by a non-empty folder).
        Path second = Files.createDirectories(cks.resolve("iter-0000002.safetensors"));
        Files.writeString(second.resolve("x"), "x");
        assertThatThrownBy(() -> Checkpoint.save(second, net, theta, opt, 2, Map.of()))
                .isInstanceOf(dev.basin.data.AtomicFiles.WriteException.class).hasMessageContaining(second.toString());
        // Nor can a save over the first one that fails midway change it.
        assertThatThrownBy(() -> dev.basin.data.AtomicFiles.write(first, out -> {
            out.write(new byte[100]);
            throw new IOException("No space left on device");
        })).isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
        assertThat(Files.readAllBytes(first)).isEqualTo(before);
        assertThat(Checkpoint.load(first, net).iteration()).isEqualTo(1);
        try (var s = Files.list(cks)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("iter-0000001.safetensors", "iter-0000002.safetensors");
        }
    }

    private static void train(Network net, FloatVec theta, Optimizer o, Batch[] batches, int from, int to) {
        FloatVec g = net.newParameters();
        Network.Workspace ws = net.workspace(10);
        for (int i = from; i < to; i++) {
            net.lossAndGradient(theta, batches[i], SoftmaxCrossEntropy.INSTANCE, g, ws);
            o.step(theta, g, 0.01);
        }
    }
}
