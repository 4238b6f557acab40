package dev.basin.train;

import dev.basin.data.DataException;
import dev.basin.nn.Network;
import dev.basin.nn.ParamTensor;
import dev.basin.numeric.FloatVec;
import dev.basin.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint in safetensors format. The model's tensors carry exactly the names and shapes
 * of the PyTorch nn.Sequential the network mirrors ("0.weight" [out, in]), so
 * {@code model.load_state_dict({k: v for k, v in load_file(p).items() if not k.startswith("optimizer.")})}
 * loads them. Optimizer state is stored beside them as "optimizer.{buffer}.{tensor}" (e.g.
 * "optimizer.exp_avg.0.weight"), and the metadata holds the iteration, the optimizer's name and step
 * counter, and the format tag {@link #FORMAT}.
 *
 * <p>The file holds nothing but the state and the caller's metadata (no clock, no randomness), tensors in
 * a fixed order (the model's, then each optimizer buffer's in the optimizer's order) and metadata sorted by
 * {@link Safetensors#write}, so the same run state always gives the same bytes.
 */
public final class Checkpoint {
    public static final String FORMAT = "basin-checkpoint/1";
    public static final String OPTIMIZER_PREFIX = "optimizer.";

    private Checkpoint() {
    }

    /** A loaded checkpoint: θ, optimizer buffers (flat, θ's layout), and metadata. */
    public record Loaded(FloatVec theta, Map<String, FloatVec> optimizerBuffers, long iteration, long optimizerStep,
                         Map<String, String> metadata) {
    }

    public static void save(Path file, Network net, FloatVec theta, Optimizer opt, long iteration,
                            Map<String, String> extraMetadata) throws IOException {
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        for (ParamTensor t : net.tensors()) {
            tensors.put(t.name(), new Safetensors.Tensor(t.shape(), theta.slice(t.offset(), t.length()).toArray()));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("iteration", Long.toString(iteration));
        if (opt != null) {
            for (Map.Entry<String, FloatVec> b : opt.state().buffers().entrySet()) {
                for (ParamTensor t : net.tensors()) {
                    tensors.put(OPTIMIZER_PREFIX + b.getKey() + "." + t.name(),
                            new Safetensors.Tensor(t.shape(), b.getValue().slice(t.offset(), t.length()).toArray()));
                }
            }
            meta.put("optimizer", opt.config().name());
            meta.put("optimizer_step", Long.toString(opt.state().step()));
        }
        meta.putAll(extraMetadata);
        Safetensors.write(file, tensors, meta);
    }

    /** Loads a checkpoint for {@code net}, checking that every tensor is present with the right shape. */
    public static Loaded load(Path file, Network net) {
        Safetensors.Contents c = Safetensors.read(file);
        FloatVec theta = net.newParameters();
        for (ParamTensor t : net.tensors()) {
            Safetensors.Tensor x = c.tensors().get(t.name());
            if (x == null) {
                throw new DataException(file + " has no tensor '" + t.name() + "'; it was saved from another model (it has "
                        + c.tensors().keySet().stream().filter(k -> !k.startsWith(OPTIMIZER_PREFIX)).toList() + ")");
            }
            if (!Arrays.equals(x.shape(), t.shape())) {
                throw new DataException(file + ": tensor '" + t.name() + "' has shape " + Arrays.toString(x.shape())
                        + ", the model expects " + Arrays.toString(t.shape()) + "; it was saved from another model");
            }
            theta.copyFrom(t.offset(), x.data(), 0, t.length());
        }
        Map<String, FloatVec> buffers = new LinkedHashMap<>();
        for (Map.Entry<String, Safetensors.Tensor> e : c.tensors().entrySet()) {
            if (!e.getKey().startsWith(OPTIMIZER_PREFIX)) {
                continue;
            }
            String rest = e.getKey().substring(OPTIMIZER_PREFIX.length());
            for (ParamTensor t : net.tensors()) {
                if (rest.endsWith("." + t.name())) {
                    if (!Arrays.equals(e.getValue().shape(), t.shape())) {
                        throw new DataException(file + ": tensor '" + e.getKey() + "' has shape " + Arrays.toString(e.getValue().shape())
                                + ", the model's '" + t.name() + "' is " + Arrays.toString(t.shape()) + "; the checkpoint is corrupt");
                    }
                    String buf = rest.substring(0, rest.length() - t.name().length() - 1);
                    buffers.computeIfAbsent(buf, k -> net.newParameters()).copyFrom(t.offset(), e.getValue().data(), 0, t.length());
                }
            }
        }
        Map<String, String> meta = c.metadata();
        return new Loaded(theta, buffers, parseLong(meta.get("iteration")), parseLong(meta.get("optimizer_step")), meta);
    }

    /** Copies loaded buffers into an optimizer's state and sets its step counter. */
    public static void restore(Loaded ck, Optimizer opt) {
        for (Map.Entry<String, FloatVec> b : opt.state().buffers().entrySet()) {
            FloatVec saved = ck.optimizerBuffers().get(b.getKey());
            if (saved == null) {
                throw new DataException("checkpoint has no optimizer buffer '" + b.getKey() + "' for " + opt.config().name());
            }
            b.getValue().copyFrom(saved);
        }
        opt.state().setStep(Math.max(0, ck.optimizerStep()));
    }

    private static long parseLong(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
