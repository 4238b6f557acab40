package dev.basin.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.data.DataSets;
import dev.basin.nn.Network;
import dev.basin.nn.ParamTensor;
import java.util.Locale;

/**
 * The parts of a run's config.json that let later commands rebuild its model and reload its data (basin
 * hessian, interpolate, landscape, escape): written the same way by every command that trains.
 */
public final class RunConfig {
    private RunConfig() {
    }

    /** "data": the data set's name, sizes, shape, and every file read with its SHA-256. */
    public static void putData(ObjectNode c, String datasetName, DataSets.Loaded loaded) {
        ObjectNode d = c.putObject("data");
        d.put("dataset", datasetName);
        d.put("train", loaded.train().name());
        d.put("train_samples", loaded.train().size());
        d.put("test", loaded.test().name());
        d.put("test_samples", loaded.test().size());
        d.put("features", loaded.train().featureSize());
        d.put("classes", loaded.train().classes());
        d.set("files", Json.MAPPER.valueToTree(loaded.files()));
    }

    /** "model": an MLP's family, sizes, PyTorch listing and tensor layout. */
    public static void putModel(ObjectNode c, Network net, int depth, int width, boolean bias, String activation) {
        ObjectNode m = c.putObject("model");
        m.put("family", "mlp");
        m.put("depth", depth);
        m.put("width", width);
        m.put("bias", bias);
        m.put("activation", activation.toLowerCase(Locale.ROOT));
        m.put("parameters", net.parameterCount());
        m.put("pytorch", net.describe());
        m.put("init", "PyTorch nn.Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in))");
        ArrayNode ts = m.putArray("tensors");
        for (ParamTensor t : net.tensors()) {
            ObjectNode o = ts.addObject();
            o.put("name", t.name());
            o.set("shape", Json.MAPPER.valueToTree(t.shape()));
            o.put("offset", t.offset());
        }
    }
}
